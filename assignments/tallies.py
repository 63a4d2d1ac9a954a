"""Checking the task tallies against the tasks, and rebuilding them.

The triggers of migrations 0005 (TaskTally, by unit and month) and 0013 (YearTally, by province
and year) keep the tallies; these count the same from the tasks with the ORM, independently of
the triggers' SQL, for `manage.py recount_tasks` and for the tests."""

from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce, ExtractYear, TruncMonth
from django.utils import timezone

from .models import Bucket, Task, TaskTally, YearTally, bucket_conditions

TALLIED = (Bucket.DONE_ON_TIME.value, Bucket.DONE_LATE.value, Bucket.CANCELLED.value)

# Each tally's key: its columns, and the same computed from a task.
KEYS = {
    TaskTally: {
        "lead_pk": F("lead_id"),
        "field_pk": Coalesce("field_id", 0),
        "directive_pk": Coalesce("directive_id", 0),
        "month": TruncMonth("due_on"),
    },
    YearTally: {
        "province_id": F("province_id"),
        "field_pk": Coalesce("field_id", 0),
        "directive_pk": Coalesce("directive_id", 0),
        "year": ExtractYear("due_on"),
    },
}


def counted_from_tasks(model=TaskTally):
    """{key: (done on time, done late, cancelled)} of `model`'s keys, counted from the tasks."""
    # The three tallied buckets do not depend on the day; any day will do.
    conditions = bucket_conditions(timezone.localdate())
    # Named k0, k1, ...: an expression may not take the name of a task's field (province_id).
    names = {f"k{n}": expression for n, expression in enumerate(KEYS[model].values())}
    rows = (
        Task.objects.filter(Q(completed_on__isnull=False) | Q(cancelled_on__isnull=False))
        .order_by()
        .values(**names)
        .annotate(**{name: Count("id", filter=conditions[name]) for name in TALLIED})
    )
    return {tuple(row[k] for k in names): tuple(row[name] for name in TALLIED) for row in rows}


def kept(model=TaskTally):
    """{key: (done on time, done late, cancelled)} as `model`'s tallies hold them (zeros left out)."""
    width = len(KEYS[model])
    rows = model.objects.values_list(*KEYS[model], *TALLIED)
    return {row[:width]: row[width:] for row in rows if any(row[width:])}


def differences():
    """[(tally, key, kept, counted)] wherever a tally and the tasks disagree; [] when they agree.
    `tally`: the model's name."""
    zero = (0,) * len(TALLIED)
    found = []
    for model in KEYS:
        have, want = kept(model), counted_from_tasks(model)
        found += sorted(
            (model.__name__, key, have.get(key, zero), want.get(key, zero))
            for key in have.keys() | want.keys()
            if have.get(key, zero) != want.get(key, zero)
        )
    return found


@transaction.atomic
def recount():
    """Rebuild every tally from the tasks. Tasks can be read meanwhile, not written, so that no
    trigger adds to a tally between the count and the write. Returns the number of tallies."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {Task._meta.db_table} IN SHARE MODE")
    made = 0
    for model, key in KEYS.items():
        model.objects.all().delete()
        tallies = [
            model(**dict(zip(key, values, strict=True)), **dict(zip(TALLIED, counts, strict=True)))
            for values, counts in counted_from_tasks(model).items()
        ]
        model.objects.bulk_create(tallies, batch_size=5000)
        made += len(tallies)
    return made
