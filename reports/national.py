"""The national view (issue 13): each province's tasks by status, and how each province carries out
the central directives (57-NQ/TW, 71-NQ/TW, 72-NQ/TW, ...), for the central Ban's officers.

The same status names and order as the dashboard (assignments.models.Bucket); a fixed number of
queries whatever the number of provinces or tasks: one for the provinces, one for the counts by
province, one for the counts by central directive and province."""

from dataclasses import dataclass, field

from django.db.models import Count

from assignments.models import BUCKET_ORDER, Task, bucket_conditions
from directives.models import Directive
from organizations.models import Province


@dataclass
class Row:
    label: str
    counts: dict = field(default_factory=dict)

    @property
    def total(self):
        return sum(self.counts.values())

    @property
    def cells(self):
        return [self.counts.get(bucket.value, 0) for bucket in BUCKET_ORDER]


def _counted(tasks, key, today):
    conditions = bucket_conditions(today)
    return (
        tasks.order_by()
        .values(*key)
        .annotate(**{bucket: Count("id", filter=condition) for bucket, condition in conditions.items()})
    )


def national_figures(viewer, *, today, year):
    """(provinces' rows, [(directive, rows by province)]) for the tasks due in `year` that
    `viewer` sees (the central Ban: every province)."""
    tasks = Task.objects.visible_to(viewer).filter(due_on__year=year)
    provinces = {p.pk: p for p in Province.objects.order_by("name")}
    by_province = {row["province"]: row for row in _counted(tasks, ("province",), today)}
    rows = [
        Row(province.name, {b.value: by_province.get(pk, {}).get(b.value, 0) for b in BUCKET_ORDER})
        for pk, province in provinces.items()
    ]
    central = tasks.filter(directive__province__isnull=True, directive__isnull=False)
    per_directive = {}
    for row in _counted(central, ("directive", "province"), today):
        per_directive.setdefault(row["directive"], {})[row["province"]] = row
    directives = Directive.objects.visible_to(viewer).in_bulk(per_directive.keys())
    table = []
    for pk, counts in sorted(per_directive.items(), key=lambda item: str(directives[item[0]])):
        table.append(
            (
                directives[pk],
                [
                    Row(provinces[p].name, {b.value: counts[p].get(b.value, 0) for b in BUCKET_ORDER})
                    for p in provinces
                    if p in counts
                ],
            )
        )
    return rows, table
