"""The national view (issue 13): every province's tasks side by side, by field, and how each
province carries out the central directives (57-NQ/TW, 71-NQ/TW, 72-NQ/TW, ...), for the central
Ban's officers.

The figures are the dashboard's (reports/counts.py `tallied`: done and cancelled tasks from the
tallies, open ones counted live), grouped by province, field and central directive in the
database: a fixed number of queries, and rows that follow the number of provinces, fields and
central directives rather than of units or tasks (benchmarks/national.py)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from directives.models import Directive
from organizations.models import Field, Province

from .counts import Counts, tallied
from .dashboard import Filters, Row, scoped_tasks


@dataclass
class National:
    year: int
    totals: Counts
    by_province: list  # [Row]: every province, those without tasks included (with zeros)
    by_field: list  # [Row]
    directives: list  # [(Directive, [Row by province])]: the central directives with tasks


def national_figures(viewer, *, today, year):
    """The figures of the tasks due in `year` that `viewer` sees (the central Ban: every province)."""
    filters = Filters(year=year)
    tasks = scoped_tasks(viewer, filters)
    # The central directives are the only ones the view shows (each province's own are many
    # more): the tasks are grouped by province, field and central directive (None for any other)
    # in one pass over the tallies and one over the open tasks.
    central = list(
        Directive.objects.visible_to(viewer).filter(province__isnull=True).select_related("issuing_body")
    )
    keys = ("province", "field", "directive")
    totals, by_province, by_field, by_directive = Counts(), {}, {}, {}
    for key, counts in tallied(filters, tasks, today, keys, directives=[d.pk for d in central]):
        province = key["province"]
        by_province.setdefault(province, Counts()).merge(counts)
        by_field.setdefault(key["field"], Counts()).merge(counts)
        if key["directive"] is not None:
            by_directive.setdefault(key["directive"], {}).setdefault(province, Counts()).merge(counts)
    for counts in by_province.values():
        totals.merge(counts)

    provinces = {p.pk: p for p in Province.objects.order_by("name")}
    params = filters.list_params()
    fields = Field.objects.in_bulk([pk for pk in by_field if pk is not None])
    field_rows = [
        Row(pk, fields[pk].name, by_field[pk], {**params, "field": pk})
        for pk in sorted(fields, key=lambda pk: (fields[pk].order, fields[pk].name))
    ]
    if None in by_field:
        field_rows.append(Row(None, _("No field given"), by_field[None], params))
    return National(
        year=year,
        totals=totals,
        by_province=[
            Row(pk, province.name, by_province.get(pk, Counts())) for pk, province in provinces.items()
        ],
        by_field=field_rows,
        directives=[
            (
                directive,
                [
                    Row(pk, provinces[pk].name, counts)
                    for pk, counts in sorted(
                        by_directive[directive.pk].items(), key=lambda item: provinces[item[0]].name
                    )
                ],
            )
            for directive in sorted(central, key=lambda d: (d.issued_on, d.number))
            if directive.pk in by_directive
        ],
    )
