"""Task pages: time and queries at 1,000 and 100,000 tasks (BENCH_TASK_LIST_SIZES to change).

Tasks of 20 units due over five years, most past ones done; a fifth of them have a cooperating
unit. Timed through Django's test client (median of 5 runs after a warm-up): the task list as staff
(default order: overdue and open first) and filtered to one unit's overdue tasks, the CSV export
of one unit's tasks as its liaison, the liaison's home page and one task's page. Printed: times,
queries, and the ratio of the largest to the smallest size. The tasks are removed afterwards.
"""

import datetime
import os
import random

from benchmarks._measure import median_time

SIZES = [int(n) for n in os.environ.get("BENCH_TASK_LIST_SIZES", "1000,100000").split(",")]
UNITS = 20
PREFIX = "bench-tl-"


def _setup():
    from django.conf import settings
    from django.contrib.auth.models import Group

    from directives.models import Directive
    from organizations.models import Organization, User

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    body, _ = Organization.objects.get_or_create(
        code=f"{PREFIX}btgtw", defaults={"name": "Ban Tuyên giáo Trung ương (bench)", "kind": "party_board"}
    )
    units = [
        Organization.objects.get_or_create(
            code=f"{PREFIX}so-{n:02d}", defaults={"name": f"Sở thử nghiệm {n:02d}", "kind": "department"}
        )[0]
        for n in range(UNITS)
    ]
    directive = Directive.objects.filter(issuing_body=body, sequence=990).first() or Directive.objects.create(
        sequence=990,
        type_abbreviation="HD",
        issuer_symbol="BTGTW",
        doc_type="huong_dan",
        issuing_body=body,
        issued_on=datetime.date(2021, 1, 1),
        title="Hướng dẫn công tác khoa giáo (bench)",
    )
    staff, _ = User.objects.get_or_create(username=f"{PREFIX}staff", defaults={"organization": units[0]})
    staff.groups.set([Group.objects.get_or_create(name="staff")[0]])
    liaison, _ = User.objects.get_or_create(username=f"{PREFIX}liaison", defaults={"organization": units[0]})
    liaison.groups.set([Group.objects.get_or_create(name="liaison")[0]])
    return units, directive, staff, liaison


def _add_tasks(count, start, units, directive, rng, today):
    from assignments.models import Task

    first = datetime.date(2022, 1, 1)
    span = (datetime.date(today.year, 12, 31) - first).days
    through = Task.cooperating.through
    batch, links = [], []
    for n in range(start, start + count):
        due = first + datetime.timedelta(days=int((n - start) / max(count, 1) * span))
        completed = cancelled = None
        if due < today:
            roll = rng.random()
            if roll < 0.7:
                completed = due - datetime.timedelta(days=rng.randrange(20))
            elif roll < 0.9:
                completed = min(today, due + datetime.timedelta(days=1 + rng.randrange(30)))
            elif roll < 0.93:
                cancelled = due
        batch.append(
            Task(
                title=f"Nhiệm vụ tuyên truyền số {n}",
                search_text=f"nhiem vu tuyen truyen so {n}",
                lead=units[n % UNITS],
                directive=directive,
                assigned_on=due - datetime.timedelta(days=90),
                due_on=due,
                completed_on=completed,
                cancelled_on=cancelled,
                progress=100 if completed else rng.randrange(0, 95, 5),
            )
        )
        if len(batch) == 10_000:
            links += _flush(Task, batch, units, rng)
            batch = []
    links += _flush(Task, batch, units, rng)
    through.objects.bulk_create(links, batch_size=10_000)


def _flush(Task, batch, units, rng):
    created = Task.objects.bulk_create(batch)
    through = Task.cooperating.through
    return [
        through(task_id=task.pk, organization_id=units[(task.lead_id + 1) % UNITS].pk)
        for task in created
        if rng.random() < 0.2
    ]


def run(out):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from assignments.models import Task

    today = timezone.localdate()
    rng = random.Random(4)  # noqa: S311 (test data, not secrets)
    units, directive, staff, liaison = _setup()
    staff_client, liaison_client = Client(), Client()
    staff_client.force_login(staff)
    liaison_client.force_login(liaison)
    ours = Task.objects.filter(lead__code__startswith=PREFIX)

    def clean():
        links = Task.cooperating.through.objects.filter(task__in=ours)
        links._raw_delete(links.db)
        ours._raw_delete(ours.db)

    clean()
    sample = {}
    pages = {
        "list (staff)": (staff_client, lambda: reverse("assignments:list")),
        "list, 1 unit overdue": (
            staff_client,
            lambda: reverse("assignments:list") + f"?unit={units[0].pk}&bucket=overdue",
        ),
        "export csv (liaison)": (liaison_client, lambda: reverse("assignments:export") + "?format=csv"),
        "home (liaison)": (liaison_client, lambda: "/"),
        "detail": (staff_client, lambda: reverse("assignments:detail", args=[sample["task"]])),
    }
    out.line(f"tasks due 2022–{today.year}, {UNITS} units, 20 % with a cooperating unit")
    out.line(f"{'tasks':>9} " + " ".join(f"{name:>22}" for name in pages))
    results = {}
    created = 0
    try:
        for size in SIZES:
            _add_tasks(size - created, created, units, directive, rng, today)
            created = size
            sample["task"] = ours.order_by("-due_on").values_list("id", flat=True).first()
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE assignments_task")
                cursor.execute("ANALYZE assignments_task_cooperating")
            cells = []
            for name, (client, url) in pages.items():

                def fetch(client=client, url=url):
                    response = client.get(url())
                    assert response.status_code == 200, (url(), response.status_code)

                seconds = median_time(fetch)
                with CaptureQueriesContext(connection) as queries:
                    fetch()
                results[(size, name)] = seconds
                cells.append(f"{seconds * 1000:>10.1f} ms, {len(queries):>3} q")
            out.line(f"{size:>9,} " + " ".join(f"{cell:>22}" for cell in cells))
        if len(SIZES) > 1:
            big, small = SIZES[-1], SIZES[0]
            ratios = ", ".join(
                f"{name} {results[(big, name)] / results[(small, name)]:.1f}" for name in pages
            )
            out.line(f"ratio {big:,}/{small:,}: {ratios}")
    finally:
        clean()
