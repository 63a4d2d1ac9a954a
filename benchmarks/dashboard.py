"""Dashboard ("Tổng quan"): page time and query count at 1,000, 100,000 and 1,000,000 tasks.

The same 20 units, 9 fields and 30 directives at every size; tasks due over five years (2022 to
the current year), as a province's history would be: tasks due in the past are mostly done (70 %
on time, 20 % late, 3 % cancelled, 7 % still open), tasks not yet due are open; a fifth have a
cooperating unit. After each size the tables are vacuumed and analysed, as autovacuum would do to a
table that has grown. The task tallies (assignments.TaskTally) are kept by the database's triggers
as the tasks are inserted, as in production. Timed: the whole
page through Django's test client as a staff member (the default view: the current year), the
median of 5 runs after one warm-up; and the same for a liaison (its own unit) and for the data alone
(build_dashboard). Printed: times, queries, and the ratio 1M/1k (goal ≤ 3). The tasks are removed
afterwards so that the other benchmarks start from the same database.
"""

import datetime
import os
import random

from benchmarks._measure import median_time

SIZES = [int(n) for n in os.environ.get("BENCH_DASHBOARD_SIZES", "1000,100000,1000000").split(",")]
UNITS, DIRECTIVES = 20, 30


def _setup():
    from django.conf import settings
    from django.contrib.auth.models import Group

    from directives.models import Directive
    from organizations.models import Field, Organization, User

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    body, _ = Organization.objects.get_or_create(
        code="bench-btgtw",
        defaults={"name": "Ban Tuyên giáo Trung ương (bench)", "symbol": "BTGTW", "kind": "party_board"},
    )
    ban, _ = Organization.objects.get_or_create(
        code="bench-ban",
        defaults={"name": "Ban Tuyên giáo và Dân vận (bench)", "symbol": "BTGDVTU", "kind": "party_board"},
    )
    units = [
        Organization.objects.get_or_create(
            code=f"bench-so-{n:02d}", defaults={"name": f"Sở thử nghiệm {n:02d}", "kind": "department"}
        )[0]
        for n in range(UNITS)
    ]
    directives = []
    for n in range(DIRECTIVES):
        directive = Directive.objects.filter(issuing_body=body, sequence=900 + n).first()
        if directive is None:
            directive = Directive.objects.create(
                sequence=900 + n,
                type_abbreviation="HD",
                issuer_symbol="BTGTW",
                doc_type="huong_dan",
                issuing_body=body,
                issued_on=datetime.date(2021, 1, 1) + datetime.timedelta(days=n),
                title=f"Hướng dẫn công tác khoa giáo số {n}",
            )
        directives.append(directive)
    staff, _ = User.objects.get_or_create(username="bench-staff", defaults={"organization": ban})
    staff.groups.set([Group.objects.get_or_create(name="staff")[0]])
    liaison, _ = User.objects.get_or_create(username="bench-liaison", defaults={"organization": units[0]})
    liaison.groups.set([Group.objects.get_or_create(name="liaison")[0]])
    return units, list(Field.objects.all()), directives, staff, liaison


def _add_tasks(count, units, fields, directives, start, rng, today):
    from assignments.models import Task

    first = datetime.date(2022, 1, 1)
    span = (datetime.date(today.year, 12, 31) - first).days
    # Tasks are assigned over time, so the table is roughly in due-date order (as a real one is):
    # each batch covers the whole span in order, with a month of noise.
    batch = []
    for n in range(start, start + count):
        position = (n - start) / max(count, 1)
        offset = int(position * span) + rng.randrange(-30, 31)
        due = first + datetime.timedelta(days=min(max(offset, 0), span))
        completed = cancelled = None
        if due < today:
            roll = rng.random()
            if roll < 0.70:
                completed = due - datetime.timedelta(days=rng.randrange(20))
            elif roll < 0.90:
                completed = min(today, due + datetime.timedelta(days=1 + rng.randrange(30)))
            elif roll < 0.93:
                cancelled = due
        elif rng.random() < 0.15:
            completed = today
        batch.append(
            Task(
                title=f"Nhiệm vụ tuyên truyền số {n}",
                search_text=f"nhiem vu tuyen truyen so {n}",
                lead=units[n % len(units)],
                field=fields[n % len(fields)],
                directive=directives[n % len(directives)],
                assigned_on=due - datetime.timedelta(days=90),
                due_on=due,
                completed_on=completed,
                cancelled_on=cancelled,
            )
        )
        if len(batch) == 20_000:
            _flush(batch, units, rng)
            batch = []
    _flush(batch, units, rng)


def _flush(batch, units, rng):
    """Save a batch; a fifth of the tasks get the next unit as cooperating unit, so that a
    liaison's tasks are both the ones it leads and the ones it supports."""
    from assignments.models import Task

    through = Task.cooperating.through
    index = {unit.pk: n for n, unit in enumerate(units)}
    links = [
        through(task_id=task.pk, organization_id=units[(index[task.lead_id] + 1) % len(units)].pk)
        for task in Task.objects.bulk_create(batch)
        if rng.random() < 0.2
    ]
    through.objects.bulk_create(links, batch_size=20_000)


def _remove(tasks):
    from assignments.models import Task

    links = Task.cooperating.through.objects.filter(task__in=tasks)
    links._raw_delete(links.db)
    tasks._raw_delete(tasks.db)


def run(out):
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from assignments.models import Task
    from benchmarks._measure import QueryCounter
    from reports.dashboard import Filters, build_dashboard

    today = timezone.localdate()
    rng = random.Random(6)  # noqa: S311 (test data, not secrets)
    units, fields, directives, staff, liaison = _setup()
    staff_client, liaison_client = Client(), Client()
    staff_client.force_login(staff)
    liaison_client.force_login(liaison)
    bench_tasks = Task.objects.filter(lead__code__startswith="bench-so-")
    _remove(bench_tasks)
    out.line(
        f"tasks due 2022–{today.year}, {UNITS} units, 20 % with a cooperating unit; "
        f"the page shows the current year ({today.year})"
    )
    out.line(
        f"{'tasks':>10} {'page (staff)':>13} {'page (liaison)':>15} {'data only':>10} {'queries':>8} "
        f"{'(liaison)':>8}"
    )
    results, liaison_results, created = {}, {}, 0
    try:
        for size in SIZES:
            _add_tasks(size - created, units, fields, directives, created, rng, today)
            created = size
            with connection.cursor() as cursor:
                # What autovacuum does to a table that has grown: statistics and the visibility map.
                cursor.execute("VACUUM ANALYZE assignments_task")
                cursor.execute("VACUUM ANALYZE assignments_task_cooperating")
                cursor.execute("VACUUM ANALYZE assignments_tasktally")

            def page(client=staff_client):
                response = client.get("/")
                assert response.status_code == 200, response.status_code

            staff_page = median_time(page)
            liaison_page = median_time(lambda: liaison_client.get("/bao-cao/tong-quan/"))
            data = median_time(lambda: build_dashboard(staff, Filters(year=today.year), today=today))
            cache.clear()  # the queries of computing the pages, as median_time times them
            with CaptureQueriesContext(connection) as queries:
                page()
            liaison_queries = QueryCounter()
            cache.clear()
            with connection.execute_wrapper(liaison_queries):
                liaison_client.get("/bao-cao/tong-quan/")
            results[size] = staff_page
            liaison_results[size] = liaison_page
            out.line(
                f"{size:>10,} {staff_page * 1000:>10.1f} ms {liaison_page * 1000:>12.1f} ms "
                f"{data * 1000:>7.1f} ms {len(queries.captured_queries):>8} {liaison_queries.count:>8}"
            )
        if len(SIZES) > 1:
            big, small = SIZES[-1], SIZES[0]
            ratio = results[big] / results[small]
            out.line(f"ratio {big:,}/{small:,} (page, staff): {ratio:.1f} (goal ≤ 3)")
            ratio = liaison_results[big] / liaison_results[small]
            out.line(f"ratio {big:,}/{small:,} (page, liaison): {ratio:.1f} (goal ≤ 3)")
    finally:
        _remove(bench_tasks)
