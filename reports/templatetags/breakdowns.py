"""The body of a breakdown table (templates/reports/includes/breakdown.html), written in Python.

A national view has some 150 rows of nine cells (34 provinces, the fields, every province under
each central directive): as a template loop, resolving a dozen variables and tags per cell, they
took a third of the page's time and grew with the rows (benchmarks/national.py). The markup is the
loop's, cell for cell; every text is escaped (conditional_escape, as the template's autoescape)
and numbers are written as the template writes them (localize).
"""

from django import template
from django.conf import settings
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from khoagiao.numbers import percent
from reports.dashboard import COLUMNS

register = template.Library()

ZERO = '<td class="text-end num"><span class="text-body-tertiary">0</span></td>'


@register.simple_tag
def breakdown_rows(rows, plain=False, limit=None):
    """Each row (reports.dashboard.Row): its name, a cell per column of COLUMNS, each figure a
    link to its task list unless `plain`, and the completion rate; rows after the first `limit`
    are marked "breakdown-extra" (hidden until "Show all rows")."""
    # A whole number as the template writes it: localize() groups its digits only under
    # USE_THOUSAND_SEPARATOR (which the portal leaves off) and is otherwise str(), at ten times
    # the cost (it looks up the language's formats for every number).
    figure = localize if settings.USE_THOUSAND_SEPARATOR else str
    parts = []
    for number, row in enumerate(rows, start=1):
        extra = "breakdown-extra" if limit and number > limit else ""
        name = conditional_escape(row.label)
        if row.title:
            name = f'<span title="{conditional_escape(row.title)}">{name}</span>'
        parts.append(
            f'<tr class="{extra}" data-row="{conditional_escape(figure(row.key or "none"))}">'
            f'<th scope="row" class="fw-normal">{name}</th>'
        )
        for key, _filter in COLUMNS:
            value = row.counts.value(key)
            if not value:
                parts.append(ZERO)
            elif plain:
                parts.append(f'<td class="text-end num">{figure(value)}</td>')
            else:
                parts.append(
                    f'<td class="text-end num"><a href="{conditional_escape(row.url(key))}" '
                    f'data-figure="{key}">{figure(value)}</a></td>'
                )
        rate = row.counts.completion_rate
        parts.append(f'<td class="text-end num">{"—" if rate is None else percent(rate)}</td></tr>')
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)
