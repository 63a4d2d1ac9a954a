"""Search at size (issue #16, acceptance 2): one task among N found by a word without diacritics,
and one directive among M by its number, through the list pages as staff.

Sizes: BENCH_SEARCH_TASKS (default 1000,1000000) and BENCH_SEARCH_DIRECTIVES (default
1000,100000). Rows are inserted with one INSERT ... SELECT generate_series each (the tally triggers
run as for any insert), timed as the median of 5 page loads after a warm-up, and removed
afterwards. Printed: time and queries per size, and the ratio of the largest to the smallest.
"""

import os

from benchmarks._measure import median_time

TASK_SIZES = [int(n) for n in os.environ.get("BENCH_SEARCH_TASKS", "1000,1000000").split(",")]
DIRECTIVE_SIZES = [int(n) for n in os.environ.get("BENCH_SEARCH_DIRECTIVES", "1000,100000").split(",")]
PREFIX = "bench-tl-"  # the task list bench's units and users, removed the same way


def _grow_tasks(target, units, directive):
    """Tasks numbered 0..target-1 (only the missing ones are added); task 777 is the one sought."""
    from django.db import connection

    from assignments.models import Task

    have = Task.objects.filter(lead__in=units).count()
    if have >= target:
        return
    unit_ids = [u.pk for u in units]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO assignments_task (title, description, directive_id, lead_id, assigned_on, due_on,
                progress, search_text, created_at, updated_at, version)
            SELECT 'Nhiệm vụ tuyên truyền số ' || n || CASE WHEN n = 777 THEN ' về chuyển đổi số' ELSE '' END,
                   '', %s, (%s::bigint[])[1 + n %% %s], DATE '2026-01-01', DATE '2026-01-01' + (n %% 700),
                   0,
                   'nhiem vu tuyen truyen so ' || n || CASE WHEN n = 777 THEN ' ve chuyen doi so' ELSE '' END,
                   now(), now(), 1
            FROM generate_series(%s, %s) AS n
            """,
            [directive.pk, unit_ids, len(unit_ids), have, target - 1],
        )
        cursor.execute("ANALYZE assignments_task")


def _grow_directives(target, body):
    from django.db import connection

    from directives.models import Directive

    have = Directive.objects.filter(issuing_body=body).count()
    if have >= target:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO directives_directive (sequence, type_abbreviation, issuer_symbol, number, doc_type,
                issuing_body_id, term, issued_on, signer, title, summary, status, classification,
                search_text, created_at, updated_at, version)
            SELECT 10000 + n, 'HD', 'BTGTW', (10000 + n) || '-HD/BTGTW', 'huong_dan', %s, NULL,
                   DATE '2000-01-01' + (n %% 9000), '', 'Hướng dẫn thử số ' || n, '', 'in_force', 'none',
                   (10000 + n) || '-hd/btgtw huong dan thu so ' || n, now(), now(), 1
            FROM generate_series(%s, %s) AS n
            """,
            [body.pk, have, target - 1],
        )
        cursor.execute("ANALYZE directives_directive")


def run(out):
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from assignments.models import Task
    from benchmarks._measure import QueryCounter
    from benchmarks.task_list import _setup
    from directives.models import Directive

    units, directive, staff, _liaison = _setup()
    body = directive.issuing_body
    client = Client()
    client.force_login(staff)
    ours = Task.objects.filter(lead__in=units)
    theirs = Directive.objects.filter(issuing_body=body).exclude(pk=directive.pk)

    def clean():
        ours._raw_delete(ours.db)
        theirs._raw_delete(theirs.db)

    def measure(label, sizes, grow, url, expect):
        times = {}
        for size in sizes:
            grow(size)
            counter = QueryCounter()
            with connection.execute_wrapper(counter):
                response = client.get(url)
            assert response.status_code == 200, response.status_code
            assert expect in response.content.decode(), f"{label}: the sought row is not on the page"
            times[size] = median_time(lambda: client.get(url))
            out.line(f"  {label} among {size:>9,}: {times[size] * 1000:8.1f} ms, {counter.count} queries")
        first, last = min(sizes), max(sizes)
        out.line(f"  {label}: {last:,} / {first:,} = {times[last] / times[first]:.2f}x (goal <= 3x)")

    out.line("Search (one row among many, words without diacritics; PostgreSQL pg_trgm index)")
    clean()
    try:
        measure(
            "task search 'chuyen doi so'",
            TASK_SIZES,
            lambda size: _grow_tasks(size, units, directive),
            reverse("assignments:list") + "?q=chuyen+doi+so",
            "chuyển đổi số",
        )
        sought = 10000 + 777
        measure(
            f"directive search '{sought}-HD/BTGTW'",
            DIRECTIVE_SIZES,
            lambda size: _grow_directives(size, body),
            reverse("directives:list") + f"?q={sought}-HD/BTGTW",
            "Hướng dẫn thử số 777",
        )
    finally:
        clean()
