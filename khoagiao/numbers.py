"""Percentages as the portal writes them, on pages, in charts, in PDFs and in e-mails.

One convention everywhere: the number, a non-breaking space, the sign ("19 %", the Vietnamese
convention; the space never lets the sign wrap onto the next line). Shares are rounded half up
(12.5 → 13), never to the even number as Python's round() does, so that a figure printed by
two templates or a template and a chart is the same figure. Templates use the `percent` filter
of {% load formatting %}, which calls `percent` below.
"""

NBSP = "\u00a0"


def percent_of(part, whole):
    """100 × part / whole rounded half up to a whole number; None when `whole` is 0."""
    if not whole:
        return None
    return (200 * part + whole) // (2 * whole)


def percent(value):
    """ "19 %" (with a non-breaking space) for 19; "" for None or anything that is not a number."""
    if value is None or value == "":
        return ""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return ""
    return f"{number}{NBSP}%"
