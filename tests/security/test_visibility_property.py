"""Acceptance 1 (second half), docs/operations.md G2: a property-based leak test.

Hypothesis generates units, their liaison officers, tasks (lead and cooperating units, due dates,
completion, attachments, programme items), programmes with partners and items, and then
re-assignments, changes of cooperating units, cancellations and reopenings made through the
services. An oracle kept in plain Python (not the ORM) says what each liaison may see; every data
path is then checked against it: the task list, search, the CSV export, the home page's bucket
figures and list, each task's page, each attachment download, the programme list and each
programme's page (with the tasks it shows), and the notices the reminder ladder made for each
liaison and unit head (issue 14). Nothing outside `visible_to` may appear anywhere.

The read-only API is held to the same oracle, twice per liaison: with the liaison's own session
and with an API key scoped to the liaison's unit. Every list (with and without the task filters
and updated_since), every task's and programme's record, and the dashboard figures for each year
and each unit give exactly what the oracle says, and never a hidden task's title.

Examples per run: 25 by default (about 40 s); set KHOAGIAO_PROPERTY_EXAMPLES (e.g. 1000) for a long run.
"""

import csv
import datetime
import io
import os
import re
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assignments.models import Task, TaskUpdate
from assignments.services import task_cancel, task_reopen, task_update
from tests.agreements.factories import AgreementFactory, AgreementItemFactory
from tests.api.factories import api_key, bearer
from tests.assignments.factories import TaskAttachmentFactory, TaskFactory
from tests.factories import OrganizationFactory, UserFactory

EXAMPLES = int(os.environ.get("KHOAGIAO_PROPERTY_EXAMPLES", "25"))
MAX_TASKS = 7

unit = st.integers(min_value=0, max_value=3)
units = st.frozensets(unit, max_size=3)
task_spec = st.fixed_dictionaries(
    {
        "lead": unit,
        "cooperating": units,
        "due": st.integers(min_value=-20, max_value=20),
        "done": st.sampled_from([None, -1, 0, 1]),  # completed that many days from the due date
        "cancelled": st.booleans(),
        "file": st.booleans(),
        "item": st.one_of(st.none(), st.integers(min_value=0, max_value=3)),
    }
)
operation = st.one_of(
    st.tuples(st.just("reassign"), st.integers(0, MAX_TASKS - 1), unit),
    st.tuples(st.just("cooperate"), st.integers(0, MAX_TASKS - 1), units),
    st.tuples(st.just("cancel"), st.integers(0, MAX_TASKS - 1), st.none()),
    st.tuples(st.just("reopen"), st.integers(0, MAX_TASKS - 1), st.none()),
)
programme = st.fixed_dictionaries(
    {
        "partners": st.frozensets(unit, min_size=1, max_size=2),
        "items": st.lists(st.tuples(unit, units), min_size=1, max_size=2),
    }
)


@dataclass
class Expected:
    """The oracle's view of one task."""

    lead: int
    cooperating: set
    due: datetime.date
    completed: datetime.date | None
    cancelled: bool
    item: tuple | None = None
    obj: object = None
    files: list = field(default_factory=list)

    def bucket(self, today):
        if self.cancelled:
            return "cancelled"
        if self.completed:
            return "done_on_time" if self.completed <= self.due else "done_late"
        return "open" if self.due >= today else "overdue"

    def seen_by(self, k):
        return self.lead == k or k in self.cooperating


TASK_ID = re.compile(r'data-task-id="(\d+)"')
AGREEMENT_ID = re.compile(r'data-agreement-id="(\d+)"')
COUNT = re.compile(r'data-count="(\w+)">(\d+)<')
SOURCE_OPTION = re.compile(r'<option value="directive:(\d+)"')


def ids(pattern, response):
    return {int(pk) for pk in pattern.findall(response.content.decode())}


class Rollback(Exception):
    pass


def build(spec_units, tasks, programmes, staff):
    today = timezone.localdate()
    orgs = [OrganizationFactory(code=f"hyp-{k}", name=f"Đơn vị kiểm thử {k}") for k in range(spec_units)]
    liaisons = [
        UserFactory(username=f"hyp-lien-lac-{k}", role="liaison", organization=orgs[k])
        for k in range(spec_units)
    ]
    agreements = []
    for p, spec in enumerate(programmes):
        agreement = AgreementFactory(
            title=f"Chương trình kiểm thử CT{p}X", partners=[orgs[k % spec_units] for k in spec["partners"]]
        )
        items = [
            AgreementItemFactory(
                agreement=agreement,
                lead=orgs[lead % spec_units],
                cooperating=[orgs[k % spec_units] for k in coop],
            )
            for lead, coop in spec["items"]
        ]
        members = {k % spec_units for k in spec["partners"]}
        for lead, coop in spec["items"]:
            members |= {lead % spec_units} | {k % spec_units for k in coop}
        agreements.append((agreement, items, members))
    all_items = [(a, i) for a, (agreement, items, _m) in enumerate(agreements) for i in range(len(items))]
    expected = []
    for n, spec in enumerate(tasks):
        lead = spec["lead"] % spec_units
        cooperating = {k % spec_units for k in spec["cooperating"]} - {lead}
        due = today + datetime.timedelta(days=spec["due"])
        completed = None if spec["done"] is None else due + datetime.timedelta(days=spec["done"])
        item = all_items[spec["item"] % len(all_items)] if spec["item"] is not None and all_items else None
        obj = TaskFactory(
            title=f"Nhiệm vụ kiểm thử MA{n:02d}X",
            lead=orgs[lead],
            cooperating=[orgs[k] for k in cooperating],
            assigned_on=today - datetime.timedelta(days=40),
            due_on=due,
            completed_on=completed,
            cancelled_on=today if spec["cancelled"] else None,
            agreement_item=agreements[item[0]][1][item[1]] if item else None,
        )
        oracle = Expected(lead, cooperating, due, completed, spec["cancelled"], item, obj)
        if spec["file"]:
            oracle.files.append(TaskAttachmentFactory(task=obj).pk)
        expected.append(oracle)
    return orgs, liaisons, agreements, expected


def apply(operations, orgs, expected, staff):
    for kind, index, arg in operations:
        if not expected:
            return
        oracle = expected[index % len(expected)]
        task = Task.objects.get(pk=oracle.obj.pk)
        if kind == "reassign":
            lead = arg % len(orgs)
            task_update(
                task=task,
                by=staff,
                version=task.version,
                lead=orgs[lead],
                cooperating=[orgs[k] for k in oracle.cooperating],
            )
            oracle.lead, oracle.cooperating = lead, oracle.cooperating - {lead}
        elif kind == "cooperate":
            wanted = {k % len(orgs) for k in arg} - {oracle.lead}
            task_update(task=task, by=staff, version=task.version, cooperating=[orgs[k] for k in wanted])
            oracle.cooperating = wanted
        elif kind == "cancel" and not oracle.cancelled:
            task_cancel(task=task, by=staff, reason="Kiểm thử")
            oracle.cancelled = True
        elif kind == "reopen" and (oracle.cancelled or oracle.completed):
            task_reopen(task=task, by=staff, reason="Kiểm thử")
            oracle.cancelled, oracle.completed = False, None


def check_liaison(client, k, user, orgs, agreements, expected, today):
    visible = {e.obj.pk for e in expected if e.seen_by(k)}
    hidden = [e for e in expected if not e.seen_by(k)]
    hidden_tokens = [f"MA{expected.index(e):02d}X" for e in hidden]
    # The oracle and visible_to agree.
    assert set(Task.objects.visible_to(user).values_list("id", flat=True)) == visible
    client.force_login(user)

    listing = client.get(reverse("assignments:list"))
    assert ids(TASK_ID, listing) == visible
    visible_directives = {e.obj.directive_id for e in expected if e.seen_by(k)}
    assert {int(pk) for pk in SOURCE_OPTION.findall(listing.content.decode())} <= visible_directives
    search = client.get(reverse("assignments:list") + "?q=kiem+thu")
    assert ids(TASK_ID, search) == visible
    for body in (listing.content.decode(), search.content.decode()):
        assert not any(token in body for token in hidden_tokens)

    export = client.get(reverse("assignments:export") + "?format=csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))[1:]
    assert {int(row[0]) for row in rows} == visible

    home = client.get("/")
    figures = {bucket: int(n) for bucket, n in COUNT.findall(home.content.decode())}
    wanted = dict.fromkeys(("overdue", "open", "done_late", "done_on_time", "cancelled"), 0)
    for e in expected:
        if e.seen_by(k):
            wanted[e.bucket(today)] += 1
    assert figures == wanted
    open_ones = {e.obj.pk for e in expected if e.seen_by(k) and e.bucket(today) in ("open", "overdue")}
    assert ids(TASK_ID, home) == open_ones
    assert not any(token in home.content.decode() for token in hidden_tokens)

    for e in expected:
        status = client.get(reverse("assignments:detail", args=[e.obj.pk])).status_code
        assert status == (200 if e.seen_by(k) else 404), (k, e)
        for file_pk in e.files:
            status = client.get(reverse("assignments:attachment", args=[file_pk])).status_code
            assert status == (200 if e.seen_by(k) else 404)

    shown = ids(AGREEMENT_ID, client.get(reverse("agreements:list")))
    assert shown == {agreement.pk for agreement, _items, members in agreements if k in members}
    for agreement, _items, members in agreements:
        page = client.get(reverse("agreements:detail", args=[agreement.pk]))
        assert page.status_code == (200 if k in members else 404)
        if k in members:
            assert ids(TASK_ID, page) <= visible
    client.logout()


BUCKETS = ("overdue", "open", "done_late", "done_on_time", "cancelled")


def run_reminders(orgs, today):
    """Issue 14: the reminder ladder and the stale reminder, on today and a fortnight later, with a
    unit head per unit (they are told when a task is overdue)."""
    from notices.ladder import ladder_run, stale_run

    heads = [
        UserFactory(username=f"hyp-lanh-dao-{k}", role="unit_head", organization=org)
        for k, org in enumerate(orgs)
    ]
    for day in (today, today + datetime.timedelta(days=15)):
        ladder_run(today=day)
        stale_run(today=day)
    return heads


def check_notices(client, k, user, expected):
    """A notice is only ever about a task its reader may see; the notices page names no other."""
    from notices.models import Notice

    by_pk = {e.obj.pk: e for e in expected}
    for notice in Notice.objects.filter(recipient=user):
        task_pk = int(notice.path.strip("/").rsplit("/", 1)[-1])
        assert by_pk[task_pk].seen_by(k), (user.username, notice.text)
    client.force_login(user)
    body = client.get(reverse("notices:list")).content.decode()
    client.logout()
    for n, e in enumerate(expected):
        if not e.seen_by(k):
            assert f"MA{n:02d}X" not in body


def check_api(client, k, orgs, agreements, expected, today, headers):
    """The API as unit k sees it, through `headers` (a key) or the client's session (headers {})."""
    visible = {e.obj.pk for e in expected if e.seen_by(k)}
    hidden_tokens = [f"MA{n:02d}X" for n, e in enumerate(expected) if not e.seen_by(k)]
    bodies = []

    def get(url, status=200, **query):
        response = client.get(url, query, **headers)
        assert response.status_code == status, (url, query, response.status_code, response.content[:300])
        bodies.append(response.content.decode())
        return response.json()

    def listed(name, **query):
        rows, body = [], get(reverse(f"api:{name}-list"), page_size=3, **query)
        while True:
            rows += body["results"]
            if not body["next"]:
                return rows
            body = get(body["next"])

    tasks = listed("task")
    assert [row["id"] for row in tasks] == sorted(
        {row["id"] for row in tasks}, key=[r["id"] for r in tasks].index
    )
    assert {row["id"] for row in tasks} == visible
    assert {row["id"] for row in listed("task", q="kiem thu")} == visible
    long_ago = (today - datetime.timedelta(days=3650)).isoformat() + "T00:00:00+07:00"
    assert {row["id"] for row in listed("task", updated_since=long_ago)} == visible
    for bucket in BUCKETS:
        wanted = {e.obj.pk for e in expected if e.seen_by(k) and e.bucket(today) == bucket}
        assert {row["id"] for row in listed("task", bucket=bucket)} == wanted, bucket
    for j, org in enumerate(orgs):
        led = {e.obj.pk for e in expected if e.seen_by(k) and e.lead == j}
        assert {row["id"] for row in listed("task", unit=org.pk, unit_role="lead")} == led
    for e in expected:
        get(reverse("api:task-detail", args=[e.obj.pk]), 200 if e.seen_by(k) else 404)

    updates = TaskUpdate.objects.filter(task_id__in=visible).values_list("id", flat=True)
    assert {row["id"] for row in listed("task-update")} == set(updates)
    assert {row["task"] for row in listed("task-update")} <= visible

    members = {agreement.pk for agreement, _items, m in agreements if k in m}
    assert {row["id"] for row in listed("agreement")} == members
    for agreement, _items, m in agreements:
        get(reverse("api:agreement-detail", args=[agreement.pk]), 200 if k in m else 404)
    assert {row["id"] for row in listed("directive")} <= {
        e.obj.directive_id for e in expected if e.seen_by(k)
    }
    assert listed("report") == []

    for year in {e.due.year for e in expected} | {today.year}:
        figures = get(reverse("api:figures"), year=year)
        wanted = dict.fromkeys(BUCKETS, 0)
        for e in expected:
            if e.seen_by(k) and e.due.year == year:
                wanted[e.bucket(today)] += 1
        assert {bucket: figures["totals"][bucket] for bucket in BUCKETS} == wanted, year
        leads = {orgs[e.lead].pk for e in expected if e.seen_by(k) and e.due.year == year}
        assert {row["unit"]["id"] for row in figures["by_unit"]} == leads
        for j, org in enumerate(orgs):
            led = sum(1 for e in expected if e.seen_by(k) and e.due.year == year and e.lead == j)
            assert get(reverse("api:figures"), year=year, unit=org.pk)["totals"]["total"] == led

    for body in bodies:
        assert not any(token in body for token in hidden_tokens)


@pytest.mark.django_db
# 25 examples, each a province built and toured as every liaison and key: about 2 minutes alone,
# more beside the browser tests; pytest-timeout's default (300 s) cut it mid-example under load,
# which hypothesis then reported as a flaky failure.
@pytest.mark.timeout(900)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(
    spec_units=st.integers(min_value=2, max_value=4),
    tasks=st.lists(task_spec, max_size=MAX_TASKS),
    programmes=st.lists(programme, max_size=2),
    operations=st.lists(operation, max_size=6),
)
def test_no_data_path_shows_a_liaison_anything_outside_visible_to(
    staff_user, private_root, spec_units, tasks, programmes, operations
):
    today = timezone.localdate()
    client = Client()
    try:
        with transaction.atomic():
            orgs, liaisons, agreements, expected = build(spec_units, tasks, programmes, staff_user)
            apply(operations, orgs, expected, staff_user)
            heads = run_reminders(orgs, today)
            for k, user in enumerate(liaisons):
                check_notices(client, k, user, expected)
                check_notices(client, k, heads[k], expected)
                check_liaison(client, k, user, orgs, agreements, expected, today)
                client.force_login(user)
                check_api(client, k, orgs, agreements, expected, today, headers={})
                client.logout()
                _key, token = api_key(name=f"Hệ thống của đơn vị {k}", organization=orgs[k])
                check_api(client, k, orgs, agreements, expected, today, headers=bearer(token))
            raise Rollback
    except Rollback:
        pass
