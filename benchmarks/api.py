"""The API's task list: cursor pages and updated_since pulls (BENCH_API_LIST_SIZE, BENCH_API_SINCE_SIZES).

1. 100,000 tasks listed by cursor with a whole-Ban key, 100 a page: the first page, a page in the
   middle and the last page (reached with the cursor of the row before it, as a client walking
   every page would), median of 5 after a warm-up. Goal: the last page costs at most 1.5× the
   first. Also the time to walk every page.
2. One updated_since pull of 1,000 changed tasks (every page of it, 100 a page) among 10,000 tasks,
   then among 1,000,000. Goal: the second at most 1.5× the first.

The tasks are removed afterwards so that the other benchmarks start from the same database.
"""

import datetime
import os
import random
import statistics
import time

LIST_SIZE = int(os.environ.get("BENCH_API_LIST_SIZE", "100000"))
SINCE_SIZES = [int(n) for n in os.environ.get("BENCH_API_SINCE_SIZES", "10000,1000000").split(",")]
CHANGED, PAGE, UNITS, RUNS = 1000, 100, 20, 5
PREFIX = "bench-api-"


def _setup():
    from django.conf import settings

    from api.models import ApiKey, token_hash
    from api.services import new_token
    from directives.models import Directive
    from organizations.models import Organization

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # The benchmark measures the API, not its throttle.
    from api.throttling import ClientRateThrottle

    ClientRateThrottle.THROTTLE_RATES = {"api": "1000000/min"}
    body, _ = Organization.objects.get_or_create(
        code=f"{PREFIX}btgtw", defaults={"name": "Ban Tuyên giáo Trung ương (bench)", "kind": "party_board"}
    )
    units = [
        Organization.objects.get_or_create(
            code=f"{PREFIX}so-{n:02d}", defaults={"name": f"Sở thử nghiệm {n:02d}", "kind": "department"}
        )[0]
        for n in range(UNITS)
    ]
    directive = Directive.objects.filter(issuing_body=body, sequence=991).first() or Directive.objects.create(
        sequence=991,
        type_abbreviation="HD",
        issuer_symbol="BTGTW",
        doc_type="huong_dan",
        issuing_body=body,
        issued_on=datetime.date(2021, 1, 1),
        title="Hướng dẫn công tác khoa giáo (bench API)",
    )
    ApiKey.objects.filter(name=f"{PREFIX}key").delete()
    token = new_token()
    ApiKey.objects.create(
        name=f"{PREFIX}key",
        prefix=token[:12],
        key_hash=token_hash(token),
        expires_on=datetime.date.today() + datetime.timedelta(days=1),
    )
    return units, directive, token


def _add_tasks(count, start, units, directive, rng, today):
    from assignments.models import Task

    first = datetime.date(2022, 1, 1)
    span = (datetime.date(today.year, 12, 31) - first).days
    batch = []
    for n in range(start, start + count):
        due = first + datetime.timedelta(days=int((n - start) / max(count, 1) * span))
        done = (
            due - datetime.timedelta(days=rng.randrange(20)) if due < today and rng.random() < 0.8 else None
        )
        batch.append(
            Task(
                title=f"Nhiệm vụ tuyên truyền số {n}",
                search_text=f"nhiem vu tuyen truyen so {n}",
                lead=units[n % UNITS],
                directive=directive,
                assigned_on=due - datetime.timedelta(days=90),
                due_on=due,
                completed_on=done,
                progress=100 if done else rng.randrange(0, 95, 5),
            )
        )
        if len(batch) == 10_000:
            Task.objects.bulk_create(batch)
            batch = []
    Task.objects.bulk_create(batch)


def _median(function, runs=RUNS):
    function()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def _analyze():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE assignments_task")


def run(out):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from api.pagination import ChangeCursorPagination
    from assignments.models import Task

    today = timezone.localdate()
    rng = random.Random(5)  # noqa: S311 (test data, not secrets)
    units, directive, token = _setup()
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    ours = Task.objects.filter(lead__code__startswith=PREFIX)
    url = reverse("api:task-list")

    def clean():
        links = Task.cooperating.through.objects.filter(task__in=ours)
        links._raw_delete(links.db)
        ours._raw_delete(ours.db)

    def fetch(address):
        response = client.get(address)
        assert response.status_code == 200, (address, response.status_code, response.content[:200])
        return response.json()

    def cursor_at(position):
        """The cursor a client holds after reading `position` rows (the API's own encoding)."""
        row = ours.order_by("updated_at", "id").values_list("updated_at", "id")[position - 1]
        return ChangeCursorPagination.encode(*row)

    clean()
    try:
        # 1. cursor pages over LIST_SIZE tasks
        _add_tasks(LIST_SIZE, 0, units, directive, rng, today)
        _analyze()
        pages = {
            "first": f"{url}?page_size={PAGE}",
            "middle": f"{url}?page_size={PAGE}&cursor={cursor_at(LIST_SIZE // 2)}",
            "last": f"{url}?page_size={PAGE}&cursor={cursor_at(LIST_SIZE - PAGE)}",
        }
        out.line(f"{LIST_SIZE:,} tasks, {PAGE} a page, whole-Ban key (median of {RUNS})")
        times = {}
        for name, address in pages.items():
            times[name] = _median(lambda address=address: fetch(address))
            with CaptureQueriesContext(connection) as queries:
                rows = len(fetch(address)["results"])
            out.line(f"  {name:>6} page: {times[name] * 1000:7.1f} ms, {len(queries)} queries, {rows} rows")
        ratio = times["last"] / times["first"]
        out.line(f"  last/first: {ratio:.2f} (goal ≤ 1.5) {'OK' if ratio <= 1.5 else 'OVER'}")
        started, address, walked = time.perf_counter(), pages["first"], 0
        while address:
            body = fetch(address)
            walked += len(body["results"])
            address = body["next"]
        seconds = time.perf_counter() - started
        out.line(
            f"  every page: {walked:,} rows in {seconds:.1f} s "
            f"({seconds / (walked / PAGE) * 1000:.1f} ms a page)"
        )
        clean()

        # 2. one updated_since pull of CHANGED tasks among each size
        out.line(f"updated_since: {CHANGED:,} changed tasks pulled {PAGE} a page (median of 3 pulls)")
        created, pulls = 0, {}
        for size in SINCE_SIZES:
            _add_tasks(size - created, created, units, directive, rng, today)
            created = size
            _analyze()
            time.sleep(0.01)
            since = timezone.localtime()
            ids = rng.sample(list(ours.values_list("id", flat=True)), CHANGED)
            Task.objects.filter(pk__in=ids).update(progress=50)
            first = f"{url}?page_size={PAGE}&updated_since={since.isoformat().replace('+', '%2B')}"

            def pull(first=first):
                rows, address = 0, first
                while address:
                    body = fetch(address)
                    rows += len(body["results"])
                    address = body["next"]
                assert rows == CHANGED, rows
                return rows

            pulls[size] = _median(pull, runs=3)
            out.line(
                f"  among {size:>9,}: {pulls[size] * 1000:7.1f} ms for the pull ({CHANGED // PAGE} pages)"
            )
        if len(SINCE_SIZES) > 1:
            big, small = SINCE_SIZES[-1], SINCE_SIZES[0]
            ratio = pulls[big] / pulls[small]
            out.line(f"  {big:,}/{small:,}: {ratio:.2f} (goal ≤ 1.5) {'OK' if ratio <= 1.5 else 'OVER'}")
    finally:
        clean()
