"""Report PDF: time and peak memory of the Ban's progress report at about 10 and 100 pages.

The report's length grows with its appendix (one row per task of the period), so the benchmark
fills one year (2019, which nothing else uses) with tasks of 20 units, measures how many pages a
small and a larger report take, and sizes the two runs from that line. Each render runs the way the
worker runs it (reports.services.report_render: claim, WeasyPrint into a temporary file, fsync,
rename) in a new process (spawned, not forked: a forked child reuses the memory the benchmarks
before it freed, and its growth hides the render's), with Django and WeasyPrint loaded first.
Printed: pages, seconds, peak growth of resident memory, MB per page, and the ratio of the two
times (goals ≤ 12× and ≤ 8 MB per page).
"""

import datetime
import multiprocessing
import os
import random

from benchmarks._measure import PeakMemory

PERIOD = "2019-Y"
TARGETS = [int(n) for n in os.environ.get("BENCH_REPORT_PAGES", "10,100").split(",")]
UNITS = 20
STATUSES = ("on_time", "late", "open", "overdue")


def _setup():
    from directives.models import Directive
    from organizations.models import Field, Organization

    ban, _ = Organization.objects.get_or_create(
        code="bench-ban",
        defaults={
            "name": "Ban Tuyên giáo và Dân vận Tỉnh ủy (bench)",
            "symbol": "BTGDVTU",
            "kind": "party_board",
            "level": "province",
        },
    )
    # The report's issuer is the province's party board (reports.content.issuer_for); another
    # benchmark may have created this row without a level.
    if ban.level != "province":
        ban.level = "province"
        ban.save(update_fields=["level"])
    body, _ = Organization.objects.get_or_create(
        code="bench-btgtw",
        defaults={"name": "Ban Tuyên giáo Trung ương (bench)", "symbol": "BTGTW", "kind": "party_board"},
    )
    units = [
        Organization.objects.get_or_create(
            code=f"bench-so-{n:02d}", defaults={"name": f"Sở thử nghiệm {n:02d}", "kind": "department"}
        )[0]
        for n in range(UNITS)
    ]
    directive = Directive.objects.filter(issuing_body=body, sequence=899).first()
    if directive is None:
        directive = Directive.objects.create(
            sequence=899,
            type_abbreviation="HD",
            issuer_symbol="BTGTW",
            doc_type="huong_dan",
            issuing_body=body,
            issued_on=datetime.date(2018, 6, 1),
            title="Hướng dẫn công tác khoa giáo năm 2019",
        )
    return ban, units, list(Field.objects.all()), directive


def _tasks():
    from assignments.models import Task

    return Task.objects.filter(lead__code__startswith="bench-so-", due_on__year=2019)


def _fill(count, units, fields, directive):
    """Exactly `count` tasks due in 2019, in every status."""
    from assignments.models import Task

    existing = _tasks()
    existing._raw_delete(existing.db)
    rng = random.Random(2019)  # noqa: S311 (test data, not secrets)
    batch = []
    for n in range(count):
        due = datetime.date(2019, 1, 1) + datetime.timedelta(days=n * 364 // max(count, 1))
        status = STATUSES[n % len(STATUSES)]
        completed = {
            "on_time": due - datetime.timedelta(days=rng.randrange(10)),
            "late": due + datetime.timedelta(days=1 + rng.randrange(20)),
        }.get(status)
        batch.append(
            Task(
                title=f"Tuyên truyền, phổ biến Nghị quyết số 57-NQ/TW tại cơ sở, đợt {n + 1}",
                search_text=f"tuyen truyen pho bien nghi quyet so 57-nq/tw tai co so dot {n + 1}",
                lead=units[n % len(units)],
                field=fields[n % len(fields)] if fields else None,
                directive=directive,
                assigned_on=due - datetime.timedelta(days=60),
                due_on=due,
                completed_on=completed,
            )
        )
    Task.objects.bulk_create(batch, batch_size=5000)


def _render_in_child(report_id, max_rows, pipe):
    import django

    django.setup()
    import weasyprint  # noqa: F401 (loaded before measuring, as in a worker that has rendered before)
    from django.conf import settings

    from reports.services import report_render

    settings.REPORTS_MAX_APPENDIX_ROWS = max_rows
    with PeakMemory() as memory:
        import time

        started = time.perf_counter()
        report = report_render(report_id=report_id, heartbeat=False)
        seconds = time.perf_counter() - started
    pipe.send(
        {
            "seconds": seconds,
            "memory": memory.grown_mb,
            "pages": report.pages if report else None,
            "error": "" if report else "not rendered",
        }
    )
    pipe.close()


def _render():
    """One Ban report of PERIOD, rendered in a new process; returns its figures."""
    from django.core.files.storage import default_storage

    from organizations.access import SYSTEM
    from reports.models import Report
    from reports.services import report_request

    Report.objects.filter(period=PERIOD, number="bench").delete()
    report, _ = report_request(
        by=SYSTEM,
        kind=Report.Kind.BAN,
        period=PERIOD,
        number="bench",
        as_of=datetime.date(2020, 1, 15),
        enqueue=False,
    )
    receive, send = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.get_context("spawn").Process(
        target=_render_in_child, args=(report.pk, 1_000_000, send)
    )
    child.start()
    result = receive.recv()
    child.join()
    report.refresh_from_db()
    if report.file:
        default_storage.delete(report.file.name)
    report.delete()
    if result["error"]:
        raise RuntimeError(f"the report did not render: {report.last_error or result['error']}")
    return result


def run(out):
    _ban, units, fields, directive = _setup()
    out.line(f"the Ban's report for {PERIOD}; pages grow with the appendix (one row per task of the year)")
    try:
        # Two probes give pages = fixed + tasks / per_page; the measured runs are sized from it.
        probes = {}
        for count in (200, 1000):
            _fill(count, units, fields, directive)
            probes[count] = _render()["pages"]
        per_task = (probes[1000] - probes[200]) / 800
        fixed = probes[200] - 200 * per_task
        out.line(f"probe: 200 tasks → {probes[200]} pages, 1,000 tasks → {probes[1000]} pages")
        out.line(f"{'target':>7} {'tasks':>7} {'pages':>6} {'time':>9} {'peak memory':>12} {'per page':>10}")
        results = []
        for target in TARGETS:
            count = max(1, round((target - fixed) / per_task))
            _fill(count, units, fields, directive)
            result = _render()
            results.append(result)
            out.line(
                f"{target:>7} {count:>7,} {result['pages']:>6} {result['seconds']:>7.1f} s "
                f"{result['memory']:>9.0f} MB {result['memory'] / result['pages']:>7.2f} MB"
            )
        if len(results) > 1:
            first, last = results[0], results[-1]
            ratio = last["seconds"] / first["seconds"]
            out.line(
                f"ratio {last['pages']}/{first['pages']} pages: time ×{ratio:.1f} "
                f"(goal ≤ 12), {last['memory'] / last['pages']:.2f} MB per page (goal ≤ 8)"
            )
    finally:
        tasks = _tasks()
        tasks._raw_delete(tasks.db)
