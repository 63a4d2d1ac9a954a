"""Spreadsheet cells -> values. Each parser returns a value or raises CellError with a Vietnamese
message (without the row and column, which the caller adds).

Cells arrive as openpyxl gives them (str, int, float, datetime, bool, None, or Formula) or, from
a CSV file, as text. Dates are accepted as dd/mm/yyyy text, as real date cells and as Excel serial
numbers (45282 is 22/12/2023).
"""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from khoagiao.spreadsheets import FORMULA_TRIGGERS
from khoagiao.text import nfc

FIRST_YEAR, LAST_YEAR = 1930, 2100  # the Party was founded in 1930
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
_SERIAL = re.compile(r"^\d{1,7}(?:\.\d+)?$")
# Excel serial numbers of 01/01/1930 and 31/12/2100.
_SERIAL_RANGE = (10958, 73415)


class CellError(ValueError):
    pass


@dataclass(frozen=True)
class Formula:
    """A formula cell of an .xlsx file. The import refuses formulas rather than trusting the value
    cached with them (a file written by a program has no cached value, and a cached value can be
    stale); the message asks for the values to be pasted instead."""

    text: str


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def text(value):
    """Cell text as we store it: NFC, trimmed. A leading apostrophe that our exports put in front
    of = + - @ (formula-injection escaping, khoagiao/spreadsheets.py) is removed again."""
    if value is None:
        return ""
    if isinstance(value, Formula):
        raise CellError(
            _("the cell holds a formula (%(formula)s); paste the values instead (Paste Special → Values).")
            % {"formula": value.text[:40]}
        )
    if isinstance(value, bool):
        value = "TRUE" if value else "FALSE"
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, datetime.datetime | datetime.date):
        value = value.strftime("%d/%m/%Y")
    value = str(value)
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_TRIGGERS:
        value = value[1:]
    return nfc(value) or ""


def date(value):
    """A date from a date cell, an Excel serial number or dd/mm/yyyy text; None when blank."""
    if isinstance(value, Formula):
        text(value)
    if is_blank(value):
        return None
    if isinstance(value, datetime.datetime):
        return _in_range(value.date())
    if isinstance(value, datetime.date):
        return _in_range(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial(value)
    raw = text(value)
    if _SERIAL.match(raw):
        return _serial(float(raw))
    candidate = raw.split("T")[0].split(" ")[0]
    for fmt in _DATE_FORMATS:
        try:
            day = datetime.datetime.strptime(candidate, fmt).date()
        except ValueError:
            continue
        return _in_range(day)
    raise CellError(
        _("“%(value)s” is not a date. Write it as dd/mm/yyyy, for example 22/12/2023.") % {"value": raw[:40]}
    )


def _serial(number):
    if not _SERIAL_RANGE[0] <= number <= _SERIAL_RANGE[1]:
        raise CellError(
            _("%(value)s is not a date. Write it as dd/mm/yyyy, for example 22/12/2023.")
            % {"value": f"{number:g}"}
        )
    return from_excel(number).date()


def _in_range(day):
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise CellError(
            _("the year %(year)s is not between %(first)s and %(last)s.")
            % {"year": day.year, "first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return day


# "45-NQ/TW", "20-NQ/TW ngày 25/10/2017", "20-NQ/TW (25/10/2017)", "20-NQ/TW, 25/10/2017"
_REFERENCE = re.compile(
    r"^(?P<number>.+?)(?:\s*[,(]\s*|\s+)(?:ng[àa]y\s+)?(?P<date>\d{1,2}[/.-]\d{1,2}[/.-]\d{4})\)?$",
    re.IGNORECASE,
)


def reference(value):
    """A reference to another directive: its number, and its issue date when the number recurs.
    Returns (number text, date or None), or None when blank."""
    raw = text(value)
    if not raw:
        return None
    match = _REFERENCE.match(raw)
    if match:
        return match["number"].strip(), date(match["date"])
    return raw, None
