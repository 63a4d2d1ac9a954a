#!/usr/bin/env python
"""`make load`: the load test of issue 16 (acceptance 1). A benchmark, not a test.

On the database and Redis that scripts/services.py gives it: migrates, seeds the demo data and
LOAD_TASKS more tasks, starts the portal as docker-compose.yml runs it (gunicorn 2 workers × 4
threads through scripts/portal.sh web; a worker for the default and signing queues and a
worker-heavy at nice 10 for the heavy one), then runs locust headless on loopback
(benchmarks/locustfile.py: LOAD_USERS signed-in staff browsing the page mix without pause) twice:
idle for LOAD_SECONDS, then busy, while the Ban's report over LOAD_REPORT_TASKS tasks renders and a
LOAD_IMPORT_ROWS-row directive import is read and written in the worker. The busy run lasts as long
as that work does (at least LOAD_SECONDS, at most LOAD_BUSY_MAX_SECONDS): the heavy worker yields
the cores to the pages, so a fixed window would measure the pages while part of the work still
waits its turn. Prints the p95 and the requests/s of both runs and their ratios (goal: busy p95 ≤
1.25 × idle p95, 0 errors), and when each piece of work ended. Appends to var/bench/load.txt.
"""

import contextlib
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khoagiao.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "load-only-secret-key-not-for-production-00000000000000")
os.environ.setdefault("DJANGO_HTTPS", "false")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("DJANGO_STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")
os.environ.setdefault("PORTAL_DEMO", "true")
os.environ.setdefault("DEMO_PASSWORD", secrets.token_urlsafe(12))
os.environ.setdefault("SIGNING_MODE", "demo")

# LOAD_IDLE_ONLY: the idle run alone (scripts/load_baseline.py runs an older commit's pages so).
IDLE_ONLY = os.environ.get("LOAD_IDLE_ONLY", "") not in ("", "0", "false")
LABEL = os.environ.get("LOAD_LABEL", "load test")
SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
BUSY_MAX_SECONDS = int(os.environ.get("LOAD_BUSY_MAX_SECONDS", "600"))
USERS = int(os.environ.get("LOAD_USERS", "20"))
TASKS = int(os.environ.get("LOAD_TASKS", "100000"))
REPORT_TASKS = int(os.environ.get("LOAD_REPORT_TASKS", "5000"))
IMPORT_ROWS = int(os.environ.get("LOAD_IMPORT_ROWS", "20000"))
USERNAME = "chuyenvien"  # the demo's staff member (demo/organizations.py)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seed(out):
    import random

    from django.core.management import call_command
    from django.utils import timezone

    from assignments.models import Task
    from benchmarks import dashboard, report_pdf

    call_command("seed_demo", verbosity=0)
    have = Task.objects.count()
    if have < TASKS:
        units, fields, directives, _staff, _liaison = dashboard._setup()
        dashboard._add_tasks(
            TASKS - have,
            units,
            fields,
            directives,
            have,
            random.Random(16),  # noqa: S311 (test data)
            timezone.localdate(),
        )
    # The report's appendix lists the tasks of its year (2019, which nothing else uses).
    _ban, report_units, report_fields, report_directive = report_pdf._setup()
    report_pdf._fill(REPORT_TASKS, report_units, report_fields, report_directive)
    from django.db import connection

    with connection.cursor() as cursor:
        # What autovacuum does to the tables that have grown, before the idle run rather than
        # during it (every table: on a freshly seeded database autovacuum would otherwise visit them
        # during the runs). Without statistics the task list's first page took 678 ms instead of 68.
        cursor.execute("VACUUM ANALYZE")
    out(f"seeded: {Task.objects.count():,} tasks, {REPORT_TASKS:,} of them in the report's year")


def targets():
    from assignments.models import Task
    from meetings.models import Meeting
    from organizations.models import User

    staff = User.objects.get(username=USERNAME)
    tasks = list(Task.objects.visible_to(staff).order_by("?").values_list("pk", flat=True)[:200])
    meetings = list(Meeting.objects.visible_to(staff).values_list("pk", flat=True)[:50])
    if not tasks or not meetings:
        raise SystemExit("the seeded data has no task or meeting that the staff member sees")
    return {"task": tasks, "meeting": meetings, "query": ["chuyen doi so", "128-HD", "khoa giao", "tri thuc"]}


def start(name, *args, env):
    return subprocess.Popen(
        [str(ROOT / "scripts" / "portal.sh"), name, *args],
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop(procs):
    for proc in procs:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def wait_up(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
            if response.status == 200:  # loopback only
                return
        time.sleep(0.5)
    raise SystemExit(f"the portal did not answer on {url}")


def run_locust(host, label, workdir, env, seconds=SECONDS, until=None):
    """One locust run of `seconds`; with `until`, a callable asked every second once `seconds`
    have passed, the run goes on until it answers true (locust's own limit then being
    BUSY_MAX_SECONDS) and ends with SIGTERM, on which locust writes its figures as at its limit."""
    out = workdir / f"{label}.json"
    env = dict(env, LOAD_OUT=str(out))
    command = [
        str(Path(sys.executable).with_name("locust")),
        "-f",
        str(ROOT / "benchmarks" / "locustfile.py"),
        "--headless",
        "-u",
        str(USERS),
        "-r",
        str(USERS),
        "-t",
        f"{BUSY_MAX_SECONDS if until else seconds}s",
        "--host",
        host,
        "--only-summary",
        "--stop-timeout",
        "10",
        "--loglevel",
        "WARNING",
    ]
    proc = subprocess.Popen(command, env=env, cwd=workdir, stdout=subprocess.DEVNULL)
    started = time.monotonic()
    while until is not None and proc.poll() is None:
        if time.monotonic() - started >= seconds and until():
            proc.send_signal(signal.SIGTERM)
            break
        time.sleep(1)
    proc.wait()
    timings = json.loads(out.read_text())
    times = sorted(ms for _name, ms, _at in timings["pages"])
    span = (timings["last"] or 0) - (timings["first"] or 0)
    by_page = {}
    for name, ms, _at in timings["pages"]:
        by_page.setdefault(name, []).append(ms)
    return {
        "requests": len(times),
        "errors": timings["errors"],
        "rps": len(times) / span if span > 0 else 0.0,
        "p50": statistics.median(times) if times else 0.0,
        "p95": p95(times),
        "pages": {name: p95(values) for name, values in by_page.items()},
        "timed": [(at, ms) for _name, ms, at in timings["pages"]],  # when each page ended
    }


def p95(values):
    values = sorted(values)
    return values[int(0.95 * (len(values) - 1))] if values else 0.0


def start_background(workdir):
    """The Ban's report over the seeded year and a directive import, both sent to the worker. The
    import's directives are new numbers of the central bodies (benchmarks/directive_import.py); a
    second `make load` on the same database re-imports them unchanged (a cheaper write)."""
    import datetime

    from django.contrib.auth.models import Group
    from django.core.files import File
    from django.db import transaction

    from benchmarks import directive_import, report_pdf
    from directives.services import directive_import_start
    from organizations.access import SYSTEM
    from organizations.models import Field, Organization, User
    from reports.models import Report
    from reports.services import report_request

    admin, _ = User.objects.get_or_create(username="load-admin")
    admin.groups.set([Group.objects.get_or_create(name="admin")[0]])
    fields = list(Field.objects.order_by("order"))
    directive_import.ROWS = IMPORT_ROWS
    rows = list(directive_import.records(fields))
    path = workdir / "van-ban-tai.xlsx"
    directive_import.write_portal_file(path, rows, {f.pk: f.name for f in fields})
    for code, (name, symbol) in directive_import.BODIES.items():
        Organization.objects.get_or_create(
            code=code, defaults={"name": name, "short_name": name, "symbol": symbol, "kind": "party_board"}
        )
    Report.objects.filter(period=report_pdf.PERIOD, number="load").delete()
    with transaction.atomic():
        report, _ = report_request(
            by=SYSTEM,
            kind=Report.Kind.BAN,
            period=report_pdf.PERIOD,
            number="load",
            as_of=datetime.date(2020, 1, 15),
        )
    with path.open("rb") as handle:
        job = directive_import_start(by=admin, upload=File(handle, name=path.name))
    return report, job, admin


def follow_background(report, job, admin):
    """Confirms the import once its preview is ready (as the admin would); returns the states."""
    from directives.services import directive_import_confirm

    report.refresh_from_db()
    # The import is done when its apply step is; its status is PARSED in between.
    job.refresh_from_db()
    if job.status == job.Status.PARSED and not job.confirmed_at and job.preview.get("is_valid"):
        directive_import_confirm(by=admin, job=job)
        job.refresh_from_db()
    return report.status, job.status


def home_province():
    """This process reads and writes as the home province's people do (every query of a scoped
    model needs a province, khoagiao/scoping.py), like scripts/bench.py. A commit from before the
    provinces (scripts/load_baseline.py) has no scope."""
    try:
        from khoagiao.scoping import in_province
        from organizations.models import Province
    except ImportError:
        return contextlib.nullcontext()
    return in_province(Province.objects.order_by("pk").first())


def report_run(label, figures, out):
    out(
        f"  {label}: {figures['requests']:,} pages, {figures['errors']} errors, "
        f"{figures['rps']:.1f} requests/s, p50 {figures['p50']:.0f} ms, p95 {figures['p95']:.0f} ms"
    )
    out("    p95 by page: " + ", ".join(f"{k} {v:.0f} ms" for k, v in sorted(figures["pages"].items())))


def main():
    import django

    django.setup()
    log_path = Path(os.environ.get("LOAD_LOG") or ROOT / "var" / "bench" / "load.txt")
    log_path.parent.mkdir(parents=True, exist_ok=True)
    lines = []

    def out(text=""):
        print(text, flush=True)
        lines.append(text)

    out(
        f"{LABEL}, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, "
        f"{USERS} users, {SECONDS} s a run"
    )
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    scope = contextlib.ExitStack()
    scope.enter_context(home_province())
    seed(out)
    workdir = Path(tempfile.mkdtemp(prefix="load-"))
    port = free_port()
    host = f"http://127.0.0.1:{port}"
    env = dict(os.environ, PYTHON=sys.executable, PORTAL_BIND=f"127.0.0.1:{port}", CELERY_LOG_LEVEL="warning")
    env.update(
        LOAD_USERNAME=USERNAME, LOAD_PASSWORD=os.environ["DEMO_PASSWORD"], LOAD_TARGETS=json.dumps(targets())
    )
    # The page cache in Redis, shared by gunicorn's workers, as docker-compose.yml has it (database 1
    # of the same server); each process's memory would keep every kept piece twice.
    redis = urllib.parse.urlsplit(os.environ["REDIS_URL"])
    env.setdefault("PORTAL_CACHE_URL", redis._replace(path="/1").geturl())
    procs = [
        start("web", env=env),
        start("worker", "celery,signing", env=env),
        start("worker-heavy", env=env),
    ]
    try:
        wait_up(f"{host}/healthz")
        run_locust(host, "warm-up", workdir, env, seconds=15)  # templates, query plans, connections
        idle = run_locust(host, "idle", workdir, env)
        if IDLE_ONLY:
            report_run("idle", idle, out)
            return
        report, job, admin = start_background(workdir)
        # The busy run starts once the worker has taken the work, and ends when both are done.
        time.sleep(2)
        busy_started = time.time()
        ended = {}  # the report's and the import's end: (state, time.time())

        def work_done():
            states = follow_background(report, job, admin)
            for what, state in zip(("report", "import"), states, strict=True):
                if state in ("ready", "done", "failed") and what not in ended:
                    ended[what] = (state, time.time())
            return len(ended) == 2

        def when(what, otherwise):
            if what not in ended:
                return otherwise
            state, at = ended[what]
            return f"{state} after {at - busy_started:.0f} s"

        busy = run_locust(host, "busy", workdir, env, until=work_done)
        work_done()
        states = follow_background(report, job, admin)
        report.refresh_from_db()
        out(
            f"busy run of {time.time() - busy_started:.0f} s (the work was sent 2 s before it, "
            f"the run lasts until it is done, {BUSY_MAX_SECONDS} s at most): "
            f"report ({report.pages or '?'} pages) {when('report', states[0] + ' at the end')}, "
            f"import ({IMPORT_ROWS:,} rows) {when('import', f'{states[1]} {job.percent} % at the end')}"
        )
        if job.status == job.Status.PARSED and not job.preview.get("is_valid"):
            out(f"  the import's preview was not valid: {job.preview.get('errors', [])[:3]}")
        for label, figures in (("idle", idle), ("busy", busy)):
            report_run(label, figures, out)
        if "report" in ended:
            # The two halves of the busy run: the report renders (the import's file is read
            # meanwhile), then the import writes its rows.
            split = ended["report"][1]
            rendering = p95(ms for at, ms in busy["timed"] if at < split)
            after = p95(ms for at, ms in busy["timed"] if at >= split)
            out(f"    busy p95 while the report rendered: {rendering:.0f} ms; after it: {after:.0f} ms")
        out(
            f"  ratios busy/idle: p95 ×{busy['p95'] / idle['p95']:.2f} (goal ≤ 1.25), "
            f"requests/s ×{busy['rps'] / idle['rps']:.2f}"
        )
    finally:
        stop(procs)
        with log_path.open("a", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n\n")


if __name__ == "__main__":
    main()
