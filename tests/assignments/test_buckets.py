"""Acceptance 5: the four government buckets plus cancelled, at the edges of the due date, the same
in SQL (with_bucket, used by lists and counts) and in Python (bucket_on, used on one task)."""

import datetime

import pytest

from assignments.models import Bucket, Task
from tests.assignments.factories import TaskFactory

TODAY = datetime.date(2026, 6, 30)
YESTERDAY = TODAY - datetime.timedelta(days=1)
TOMORROW = TODAY + datetime.timedelta(days=1)
ASSIGNED = datetime.date(2026, 1, 5)

CASES = [
    # (what, due, completed, cancelled, expected)
    ("due today, not done", TODAY, None, None, Bucket.OPEN),
    ("due yesterday, not done", YESTERDAY, None, None, Bucket.OVERDUE),
    ("due tomorrow, not done", TOMORROW, None, None, Bucket.OPEN),
    ("done on the due date", TODAY, TODAY, None, Bucket.DONE_ON_TIME),
    ("done the day before the due date", TODAY, YESTERDAY, None, Bucket.DONE_ON_TIME),
    ("done one day after the due date", YESTERDAY, TODAY, None, Bucket.DONE_LATE),
    ("done late, long ago", datetime.date(2026, 3, 1), datetime.date(2026, 4, 1), None, Bucket.DONE_LATE),
    ("cancelled before the due date", TOMORROW, None, TODAY, Bucket.CANCELLED),
    ("cancelled after the due date", YESTERDAY, None, TODAY, Bucket.CANCELLED),
    ("completed, then cancelled", YESTERDAY, YESTERDAY, TODAY, Bucket.CANCELLED),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("what", "due", "completed", "cancelled", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_bucket_at_the_edges_of_the_due_date(what, due, completed, cancelled, expected):
    task = TaskFactory(assigned_on=ASSIGNED, due_on=due, completed_on=completed, cancelled_on=cancelled)
    assert task.bucket_on(TODAY) == expected
    in_sql = Task.objects.with_bucket(TODAY).get(pk=task.pk)
    assert in_sql.bucket == expected
    assert Task.objects.in_bucket(expected, TODAY).filter(pk=task.pk).exists()


@pytest.mark.django_db
def test_a_task_due_today_turns_overdue_the_next_day_and_stays_late_once_done():
    task = TaskFactory(assigned_on=ASSIGNED, due_on=TODAY)
    assert task.bucket_on(TODAY) == Bucket.OPEN
    assert task.bucket_on(TOMORROW) == Bucket.OVERDUE
    task.completed_on = TOMORROW
    task.save()
    assert (
        Task.objects.with_bucket(TOMORROW + datetime.timedelta(days=30)).get(pk=task.pk).bucket
        == Bucket.DONE_LATE
    )


@pytest.mark.django_db
def test_bucket_counts_cover_every_bucket_in_one_query(django_assert_max_num_queries):
    for _what, due, completed, cancelled, _expected in CASES:
        TaskFactory(assigned_on=ASSIGNED, due_on=due, completed_on=completed, cancelled_on=cancelled)
    with django_assert_max_num_queries(1):
        counts = Task.objects.all().bucket_counts(TODAY)
    expected = {bucket.value: 0 for bucket in Bucket}
    for case in CASES:
        expected[case[4].value] += 1
    assert counts == expected


def test_the_bucket_is_never_a_stored_column():
    names = {f.name for f in Task._meta.get_fields()}
    assert "bucket" not in names
    assert "status" not in names


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("what", "due", "completed", "cancelled", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_the_tally_triggers_state_the_same_rule(what, due, completed, cancelled, expected):
    """The triggers of migration 0005 restate the three day-independent buckets in SQL (a migration
    cannot import the model's rule): each of their conditions holds exactly where bucket_on says."""
    import importlib

    from django.db import connection

    migration = importlib.import_module("assignments.migrations.0005_task_tally")
    tallied = (Bucket.DONE_ON_TIME, Bucket.DONE_LATE, Bucket.CANCELLED)
    assert len(migration.BUCKETS) == len(tallied)
    with connection.cursor() as cursor:
        for bucket, condition in zip(tallied, migration.BUCKETS, strict=True):
            # The condition is the migration's own constant, not input.
            query = f"SELECT coalesce(({condition}), false) FROM (VALUES (%s::date, %s::date, %s::date)) "  # noqa: S608
            cursor.execute(query + "AS t(due_on, completed_on, cancelled_on)", [due, completed, cancelled])
            holds = cursor.fetchone()[0]
            python = Task(due_on=due, completed_on=completed, cancelled_on=cancelled).bucket_on(TODAY)
            assert holds == (python == bucket), (what, bucket)
