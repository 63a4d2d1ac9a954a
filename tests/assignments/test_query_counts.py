"""Query ceilings: the task list, task detail, programme detail and a liaison's home page make the
same number of queries with 2 rows as with many (no query per row)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assignments.services import task_cancel, task_report_progress, task_update
from khoagiao.periods import Period
from tests.agreements.factories import AgreementFactory, AgreementItemFactory, AgreementReviewFactory
from tests.assignments.factories import TaskAttachmentFactory, TaskFactory
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
ASSIGNED = datetime.date(2026, 1, 5)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def make_tasks(n, lead, others, **extra):
    tasks = []
    for i in range(n):
        task = TaskFactory(
            lead=lead, cooperating=others[: 1 + i % len(others)], assigned_on=ASSIGNED, **extra
        )
        tasks.append(task)
    return tasks


@pytest.fixture
def units(org_a):
    return [OrganizationFactory(code=f"so-phoi-hop-{i}") for i in range(3)]


def test_task_list(login, staff_user, org_a, units, django_assert_max_num_queries):
    client = login(staff_user)
    make_tasks(2, org_a, units)
    few = count_queries(client, reverse("assignments:list"))
    make_tasks(40, org_a, units)
    with django_assert_max_num_queries(few):
        client.get(reverse("assignments:list"))
    with django_assert_max_num_queries(16):
        client.get(reverse("assignments:list") + f"?unit={org_a.pk}&bucket=open&q=nhiem")


def test_task_export(login, staff_user, org_a, units, django_assert_max_num_queries):
    client = login(staff_user)
    make_tasks(2, org_a, units)
    few = count_queries(client, reverse("assignments:export") + "?format=csv")
    make_tasks(60, org_a, units)
    with django_assert_max_num_queries(few):
        client.get(reverse("assignments:export") + "?format=csv")


def test_task_detail(login, staff_user, liaison_a, org_a, units, private_root, django_assert_max_num_queries):
    task = make_tasks(1, org_a, units)[0]
    client = login(staff_user)
    url = reverse("assignments:detail", args=[task.pk])
    task_report_progress(task=task, by=liaison_a, text="Báo cáo lần đầu", progress=10)
    few = count_queries(client, url)
    for n in range(15):
        task_report_progress(task=task, by=liaison_a, text=f"Báo cáo lần {n + 2}", progress=20 + n)
        TaskAttachmentFactory(task=task, update=task.updates.first())
    task_update(
        task=task,
        by=staff_user,
        version=task.__class__.objects.get(pk=task.pk).version,
        cooperating=units,
    )
    task_cancel(task=task, by=staff_user, reason="Thử")
    with django_assert_max_num_queries(few):
        client.get(url)


def test_agreement_detail(login, staff_user, org_a, units, django_assert_max_num_queries):
    agreement = AgreementFactory(partners=[org_a, *units])
    client = login(staff_user)
    url = reverse("agreements:detail", args=[agreement.pk])
    item = AgreementItemFactory(agreement=agreement, lead=org_a, cooperating=units[:1])
    make_tasks(1, org_a, units, directive=None, agreement_item=item)
    AgreementReviewFactory(agreement=agreement, period=Period(2021, "Y"))
    few = count_queries(client, url)
    for n in range(8):
        item = AgreementItemFactory(agreement=agreement, lead=units[n % 3], cooperating=units)
        make_tasks(3, units[n % 3], [org_a], directive=None, agreement_item=item)
    for year in (2022, 2023, 2024):
        AgreementReviewFactory(agreement=agreement, period=Period(year, "Y"))
    with django_assert_max_num_queries(few):
        client.get(url)


def test_unit_home(login, liaison_a, org_a, units, django_assert_max_num_queries):
    client = login(liaison_a)
    make_tasks(2, org_a, units, due_on=datetime.date(2026, 12, 31))
    few = count_queries(client, "/")
    make_tasks(20, org_a, units, due_on=datetime.date(2026, 12, 31))
    make_tasks(20, units[0], [org_a], due_on=datetime.date(2026, 2, 1))
    with django_assert_max_num_queries(few):
        client.get("/")
