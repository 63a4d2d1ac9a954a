"""The task tallies behind the dashboard follow every way tasks are written (database triggers),
and `manage.py recount_tasks` finds and repairs a tally that does not."""

import datetime
import io
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assignments import tallies
from assignments.models import Task, TaskTally, YearTally
from tests.assignments.factories import TaskFactory
from tests.directives.factories import DirectiveFactory
from tests.factories import OrganizationFactory
from tests.meetings.factories import MeetingFactory

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DAY = datetime.date(2026, 3, 10)


def tally_of(lead, field, directive, month):
    row = TaskTally.objects.get(
        lead_pk=lead.pk,
        field_pk=field.pk if field else 0,
        directive_pk=directive.pk if directive else 0,
        month=month,
    )
    return row.done_on_time, row.done_late, row.cancelled


@pytest.mark.django_db
def test_done_and_cancelled_tasks_are_tallied_by_unit_field_directive_and_month(khoa_giao_fields):
    unit, directive = OrganizationFactory(), DirectiveFactory()
    field = next(iter(khoa_giao_fields.values()))
    common = {"lead": unit, "directive": directive, "field": field, "assigned_on": DAY}
    TaskFactory(**common, due_on=DAY, completed_on=DAY)  # on time
    TaskFactory(**common, due_on=DAY, completed_on=DAY + datetime.timedelta(days=1))  # late
    TaskFactory(**common, due_on=datetime.date(2026, 3, 31), cancelled_on=DAY)
    TaskFactory(**common, due_on=DAY)  # open: counted live, never tallied
    assert tally_of(unit, field, directive, datetime.date(2026, 3, 1)) == (1, 1, 1)
    assert TaskTally.objects.count() == 1

    late = Task.objects.get(completed_on=DAY + datetime.timedelta(days=1))
    late.due_on = datetime.date(2026, 4, 2)  # moves to April, and is on time there
    late.save()
    assert tally_of(unit, field, directive, datetime.date(2026, 3, 1)) == (1, 0, 1)
    assert tally_of(unit, field, directive, datetime.date(2026, 4, 1)) == (1, 0, 0)

    late.delete()
    Task.objects.filter(cancelled_on__isnull=False).update(cancelled_on=None)  # reopened: open again
    assert tally_of(unit, field, directive, datetime.date(2026, 3, 1)) == (1, 0, 0)
    assert tally_of(unit, field, directive, datetime.date(2026, 4, 1)) == (0, 0, 0)


@pytest.mark.django_db
def test_a_provinces_tasks_are_tallied_by_field_directive_and_year(khoa_giao_fields, province_scope):
    """The national view's tallies: the tasks of a province, whichever unit leads them, by field,
    directive and the year they are due in."""
    units, directive = [OrganizationFactory(code=f"so-y{n}") for n in range(2)], DirectiveFactory()
    field = next(iter(khoa_giao_fields.values()))
    common = {"directive": directive, "field": field, "assigned_on": DAY}
    TaskFactory(**common, lead=units[0], due_on=DAY, completed_on=DAY)
    new_year = datetime.date(2027, 1, 2)
    TaskFactory(**common, lead=units[1], due_on=datetime.date(2026, 12, 31), completed_on=new_year)
    TaskFactory(**common, lead=units[1], due_on=DAY, cancelled_on=DAY)
    moved = TaskFactory(**common, lead=units[0], due_on=DAY, completed_on=DAY)

    def year_tally(year):
        row = YearTally.objects.get(
            province=province_scope, field_pk=field.pk, directive_pk=directive.pk, year=year
        )
        return row.done_on_time, row.done_late, row.cancelled

    assert year_tally(2026) == (2, 1, 1)
    Task.objects.filter(pk=moved.pk).update(due_on=datetime.date(2027, 1, 5))
    assert year_tally(2026) == (1, 1, 1)
    assert year_tally(2027) == (1, 0, 0)
    assert tallies.differences() == []


@pytest.mark.django_db
def test_a_task_without_field_or_directive_is_tallied_under_zero():
    task = TaskFactory(directive=None, meeting=MeetingFactory(), field=None, due_on=DAY, assigned_on=DAY)
    Task.objects.filter(pk=task.pk).update(completed_on=F("due_on"))
    assert tally_of(task.lead, None, None, datetime.date(2026, 3, 1)) == (1, 0, 0)
    assert tallies.differences() == []


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "create",
                "bulk",
                "complete",
                "late",
                "cancel",
                "reopen",
                "move",
                "relead",
                "unfield",
                "update_all",
                "delete",
                "delete_all_done",
            ]
        ),
        st.integers(0, 50),  # which task / how many days
    ),
    min_size=1,
    max_size=20,
)


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(OPERATIONS)
def test_tallies_match_the_tasks_after_any_writes(khoa_giao_fields, operations):
    Task.objects.all().delete()
    units = [OrganizationFactory(code=f"so-t{n}") for n in range(2)]
    directive = DirectiveFactory()
    fields = list(khoa_giao_fields.values())[:2]

    def new(n, **extra):
        due = DAY + datetime.timedelta(days=10 * n)
        return Task(
            title=f"t{n}",
            lead=units[n % 2],
            field=fields[n % 2],
            directive=directive,
            assigned_on=DAY,
            due_on=due,
            **extra,
        )

    for op, n in operations:
        tasks = list(Task.objects.order_by("pk"))
        task = tasks[n % len(tasks)] if tasks else None
        if op == "create":
            new(n, completed_on=DAY + datetime.timedelta(days=n) if n % 3 else None).save()
        elif op == "bulk":
            Task.objects.bulk_create(
                [
                    new(
                        n + i,
                        cancelled_on=DAY if i % 4 == 0 else None,
                        completed_on=DAY + datetime.timedelta(days=5 * i) if i % 4 else None,
                    )
                    for i in range(5)
                ]
            )
        elif task is None:
            continue
        elif op in ("complete", "late"):
            task.completed_on = task.due_on + datetime.timedelta(days=0 if op == "complete" else n + 1)
            task.save()
        elif op == "cancel":
            task.cancelled_on = DAY
            task.save(update_fields=["cancelled_on"])
        elif op == "reopen":
            Task.objects.filter(pk=task.pk).update(completed_on=None, cancelled_on=None)
        elif op == "move":
            Task.objects.filter(pk=task.pk).update(due_on=F("due_on") + datetime.timedelta(days=n))
        elif op == "relead":
            task.lead = units[(units.index(task.lead) + 1) % 2]
            task.save()
        elif op == "unfield":
            Task.objects.filter(pk=task.pk).update(field=None)
        elif op == "update_all":
            Task.objects.update(progress=n, due_on=F("due_on") + datetime.timedelta(days=31))
        elif op == "delete":
            task.delete()
        elif op == "delete_all_done":
            Task.objects.filter(completed_on__isnull=False)._raw_delete(Task.objects.db)
    assert tallies.differences() == []
    closed = Task.objects.exclude(completed_on__isnull=True, cancelled_on__isnull=True).count()
    for model in (TaskTally, YearTally):
        assert sum(sum(counts) for counts in tallies.kept(model).values()) == closed


@pytest.mark.django_db
def test_recount_tasks_reports_a_wrong_tally_and_rebuilds_it():
    for n in range(3):
        TaskFactory(due_on=DAY + datetime.timedelta(days=40 * n), assigned_on=DAY, completed_on=DAY)
    out = io.StringIO()
    call_command("recount_tasks", "--check", stdout=out)
    assert "task tallies match the tasks" in out.getvalue()

    TaskTally.objects.filter(pk=TaskTally.objects.first().pk).update(done_on_time=F("done_on_time") + 7)
    lost, _by_model = YearTally.objects.all().delete()
    out = io.StringIO()
    with pytest.raises(CommandError, match=f"{1 + lost} task tallies differ"):
        call_command("recount_tasks", "--check", stdout=out)
    assert "TaskTally" in out.getvalue()
    assert "YearTally" in out.getvalue()
    assert "kept (" in out.getvalue()

    call_command("recount_tasks", stdout=io.StringIO())
    assert tallies.differences() == []
    assert TaskTally.objects.count() > 0
    assert YearTally.objects.count() > 0


def test_the_sqlite_triggers_of_the_demo_database_keep_the_tallies(tmp_path):
    """`make run` uses SQLite: its own triggers, checked on the demo data and after writes."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "DJANGO_SECRET_KEY": "x",
        "PORTAL_VAR_DIR": str(tmp_path),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)

    def manage(*args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    manage("migrate", "-v0")
    manage("seed_demo")
    version = "from caching.pages import data_version; print(data_version()[1])"
    seeded = int(manage("shell", "-c", version).split()[-1])
    assert seeded > 0  # the page cache's version: SQLite's triggers move it too (caching/triggers.py)
    manage(
        "shell",
        "-c",
        # A shell is in no province's scope: this one changes tasks of every province.
        "from khoagiao.scoping import everywhere; scope = everywhere(); scope.__enter__(); "
        "import datetime; from django.db.models import F; from assignments.models import Task; "
        "t = Task.objects.filter(completed_on__isnull=True).first(); t.completed_on = t.due_on; t.save(); "
        "Task.objects.filter(pk__in=list(Task.objects.values_list('pk', flat=True)[:5]))"
        ".update(due_on=F('due_on') + datetime.timedelta(days=40)); "
        "Task.objects.filter(completed_on__isnull=False).order_by('pk').first().delete()",
    )
    assert int(manage("shell", "-c", version).split()[-1]) > seeded
    out = manage("recount_tasks", "--check")
    assert "task tallies match the tasks" in out
    assert not out.startswith("0 ")


@pytest.mark.postgres
@pytest.mark.django_db
def test_truncating_the_tasks_empties_the_tallies():
    from django.db import connection

    TaskFactory(due_on=DAY, assigned_on=DAY, completed_on=DAY)
    assert TaskTally.objects.exists()
    assert YearTally.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE refuses pending deferred checks
        cursor.execute(f"TRUNCATE {Task._meta.db_table} CASCADE")
    assert not TaskTally.objects.exists()
    assert not YearTally.objects.exists()
    assert tallies.differences() == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_yearly_tallies_of_the_tasks_already_there_are_counted_by_their_migration():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django_scopes.state import state as scope_state

    for n in range(3):
        TaskFactory(due_on=DAY.replace(year=2025 + n), assigned_on=DAY.replace(year=2025), completed_on=DAY)
    TaskFactory(due_on=DAY, assigned_on=DAY, cancelled_on=DAY)

    def migrate(target):
        # As `manage.py migrate` runs: outside any province's scope.
        token = scope_state.set({})
        try:
            executor = MigrationExecutor(connection)
            executor.migrate([target] if target else executor.loader.graph.leaf_nodes())
        finally:
            scope_state.reset(token)

    try:
        migrate(("assignments", "0012_task_province_indexes"))
        # Written with no yearly tally and no trigger to keep one.
        Task.objects.filter(cancelled_on__isnull=False).update(cancelled_on=None, completed_on=DAY)
    finally:
        migrate(None)
    assert sum(sum(counts) for counts in tallies.kept(YearTally).values()) == 4
    assert tallies.differences() == []
