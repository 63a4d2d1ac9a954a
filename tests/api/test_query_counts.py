"""Acceptance 4: a page of the API costs the same number of queries with 2 rows as with 50, and
whatever the page size: every nested row (units, fields, milestones, items, reports, updates,
files) comes from one query per relation, never one per row."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from organizations.models import OrganizationChange
from tests.agreements.factories import AgreementFactory, AgreementItemFactory
from tests.api.factories import bearer
from tests.assignments.factories import TaskAttachmentFactory, TaskFactory, TaskUpdateFactory
from tests.directives.factories import DirectiveFactory, ReviewMilestoneFactory
from tests.factories import OrganizationFactory, UserFactory
from tests.meetings.factories import ConclusionFactory, MeetingFactory, MeetingReportFactory
from tests.reports.factories import ReportFactory

pytestmark = pytest.mark.django_db


def make(name, n, world):
    """n rows of the list `name`, each with its nested rows."""
    a, b, field, poster = world["a"], world["b"], world["field"], world["poster"]
    for i in range(n):
        if name == "task":
            task = TaskFactory(lead=a, cooperating=[b], field=field)
            TaskUpdateFactory(task=task, posted_by=poster)
        elif name == "directive":
            ReviewMilestoneFactory(directive=DirectiveFactory(fields=[field]))
        elif name == "agreement":
            agreement = AgreementFactory(partners=[a, b])
            AgreementItemFactory(agreement=agreement, lead=a, cooperating=[b])
        elif name == "meeting":
            meeting = MeetingFactory(invited=[a, b], organizer=world["ban"])
            MeetingReportFactory(meeting=meeting, organization=a, submitted_at=timezone.now())
            ConclusionFactory(meeting=meeting)
        elif name == "task-update":
            update = TaskUpdateFactory(task=world["task"], posted_by=poster)
            TaskAttachmentFactory(task=world["task"], update=update, uploaded_by=poster)
        elif name == "organization":
            old = OrganizationFactory(code=f"qc-old-{i}", name=f"Đơn vị cũ {i}")
            new = OrganizationFactory(code=f"qc-new-{i}", name=f"Đơn vị mới {i}")
            change = OrganizationChange.objects.create(kind="merge", effective_on=datetime.date(2025, 1, 1))
            change.predecessors.add(old)
            change.successors.add(new)
        elif name == "report":
            ReportFactory(kind="unit", organization=a)


def queries(client, url, token):
    client.get(url, **bearer(token))  # the key's "last used" is written on the first request only
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **bearer(token))
    assert response.status_code == 200, response.content
    return len(captured), len(response.json()["results"])


@pytest.fixture
def world(ban, org_a, org_b, khoa_giao_fields):
    poster = UserFactory(username="poster", role="staff", organization=ban)
    return {
        "ban": ban,
        "a": org_a,
        "b": org_b,
        "field": next(iter(khoa_giao_fields.values())),
        "poster": poster,
        "task": TaskFactory(lead=org_a),
    }


@pytest.mark.parametrize(
    "name", ["task", "directive", "agreement", "meeting", "task-update", "organization", "report"]
)
def test_a_page_costs_the_same_with_2_rows_as_with_50(client, ban_key, world, name):
    url = reverse(f"api:{name}-list") + "?page_size=100"
    make(name, 2, world)
    small, small_rows = queries(client, url, ban_key[1])
    make(name, 48, world)
    large, large_rows = queries(client, url, ban_key[1])
    assert large_rows >= small_rows + 48
    assert large == small, f"{name}: {small} queries for {small_rows} rows, {large} for {large_rows}"


@pytest.mark.parametrize("name", ["task", "meeting"])
def test_a_page_costs_the_same_whatever_its_size_and_position(client, ban_key, world, name):
    make(name, 30, world)
    base = reverse(f"api:{name}-list")
    counts = {queries(client, f"{base}?page_size={size}", ban_key[1])[0] for size in (2, 10, 30)}
    second = client.get(f"{base}?page_size=10", **bearer(ban_key[1])).json()["next"]
    counts.add(queries(client, second, ban_key[1])[0])
    assert len(counts) == 1, counts


def test_a_units_key_pays_no_more_per_row(client, key_a, world):
    url = reverse("api:task-list")
    make("task", 2, world)
    small, _rows = queries(client, url, key_a[1])
    make("task", 30, world)
    large, rows = queries(client, url, key_a[1])
    assert rows >= 32
    assert large == small


def test_the_figures_cost_the_same_at_any_number_of_tasks(client, ban_key, world):
    url = reverse("api:figures")
    make("task", 2, world)
    small, _ = _figures_queries(client, url, ban_key[1])
    make("task", 40, world)
    large, total = _figures_queries(client, url, ban_key[1])
    assert total >= 42
    assert large == small


def _figures_queries(client, url, token):
    client.get(url, **bearer(token))
    with CaptureQueriesContext(connection) as captured:
        body = client.get(url, **bearer(token)).json()
    return len(captured), body["totals"]["total"]
