"""Checking TaskTally against the tasks, and rebuilding it.

The triggers of migration 0005 keep the tallies; these count the same from the tasks with the ORM,
independently of the triggers' SQL, for `manage.py recount_tasks` and for the tests."""

from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from .models import Bucket, Task, TaskTally, bucket_conditions

KEY = ("lead_pk", "field_pk", "directive_pk", "month")
TALLIED = (Bucket.DONE_ON_TIME.value, Bucket.DONE_LATE.value, Bucket.CANCELLED.value)


def counted_from_tasks():
    """{key: (done on time, done late, cancelled)} counted from the tasks themselves."""
    # The three tallied buckets do not depend on the day; any day will do.
    conditions = bucket_conditions(timezone.localdate())
    rows = (
        Task.objects.filter(Q(completed_on__isnull=False) | Q(cancelled_on__isnull=False))
        .annotate(
            lead_pk=F("lead_id"),
            field_pk=Coalesce("field_id", 0),
            directive_pk=Coalesce("directive_id", 0),
            month=TruncMonth("due_on"),
        )
        .order_by()
        .values(*KEY)
        .annotate(**{name: Count("id", filter=conditions[name]) for name in TALLIED})
    )
    return {tuple(row[k] for k in KEY): tuple(row[name] for name in TALLIED) for row in rows}


def kept():
    """{key: (done on time, done late, cancelled)} as the tallies hold them (zeros left out)."""
    rows = TaskTally.objects.values_list(*KEY, *TALLIED)
    return {row[:4]: row[4:] for row in rows if any(row[4:])}


def differences():
    """[(key, kept, counted)] wherever the tallies and the tasks disagree; [] when they agree."""
    have, want = kept(), counted_from_tasks()
    zero = (0,) * len(TALLIED)
    return sorted(
        (key, have.get(key, zero), want.get(key, zero))
        for key in have.keys() | want.keys()
        if have.get(key, zero) != want.get(key, zero)
    )


@transaction.atomic
def recount():
    """Rebuild every tally from the tasks. Tasks can be read meanwhile, not written, so that no
    trigger adds to a tally between the count and the write. Returns the number of tallies."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {Task._meta.db_table} IN SHARE MODE")
    TaskTally.objects.all().delete()
    tallies = [
        TaskTally(**dict(zip(KEY, key, strict=True)), **dict(zip(TALLIED, counts, strict=True)))
        for key, counts in counted_from_tasks().items()
    ]
    TaskTally.objects.bulk_create(tallies, batch_size=5000)
    return len(tallies)
