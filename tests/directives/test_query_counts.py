"""Acceptance 5: the list and the detail page run a number of queries that does not grow with the
number of directives, milestones, implementing documents, tasks, files or history records."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.assignments.factories import TaskFactory
from tests.directives.factories import (
    DirectiveAttachmentFactory,
    DirectiveFactory,
    ReviewMilestoneFactory,
    central_body,
)

pytestmark = pytest.mark.django_db
LIST_CEILING = 14
DETAIL_CEILING = 22


def _directives(count, fields, start=0):
    body = central_body()
    return [
        DirectiveFactory(
            sequence=start + n + 1,
            issuing_body=body,
            term=13,
            issued_on=datetime.date(2020 + n % 6, 1 + n % 12, 1 + n % 28),
            fields=[fields["y_te"], fields["tre_em"]],
        )
        for n in range(count)
    ]


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["staff_user", "liaison_a"])
def test_the_list_runs_the_same_queries_for_3_and_for_60_directives(
    request, login, khoa_giao_fields, org_a, django_assert_max_num_queries, role
):
    user = request.getfixturevalue(role)
    client = login(user)
    for directive in _directives(3, khoa_giao_fields):
        TaskFactory(directive=directive, lead=org_a)
    urls = ["/van-ban/?q=huong+dan", f"/van-ban/?q=huong+dan&field={khoa_giao_fields['y_te'].pk}&year=2021"]
    small = [_count(client, url) for url in urls]
    for directive in _directives(57, khoa_giao_fields, start=100):
        TaskFactory(directive=directive, lead=org_a)
    for url, ceiling in zip(urls, small, strict=True):
        with django_assert_max_num_queries(min(ceiling, LIST_CEILING)):
            response = client.get(url + "&page=2")
        assert len(response.context["directives"]) > 0
    assert response.context["page_obj"].paginator.count > 5


def _enrich(directive, n, staff_user, org_b, fields):
    for i in range(n):
        ReviewMilestoneFactory(
            directive=directive, due_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=30 * i)
        )
        DirectiveFactory(
            sequence=5000 + directive.pk * 100 + i,
            type_abbreviation="KH",
            issuer_symbol="BTGTW",
            doc_type="ke_hoach",
            issuing_body=directive.issuing_body,
            implements=directive,
        )
        TaskFactory(directive=directive, lead=org_b)
        DirectiveAttachmentFactory(directive=directive, uploaded_by=staff_user)
        directive.title = f"Trích yếu lần {i}"
        directive.save()
        directive.fields.set([fields["y_te"]] if i % 2 else [fields["tre_em"], fields["dan_so"]])


@pytest.mark.parametrize("role", ["leader_user", "liaison_b"])
def test_the_detail_page_runs_the_same_queries_for_a_bare_and_a_busy_directive(
    request, login, staff_user, org_b, khoa_giao_fields, django_assert_max_num_queries, role
):
    bare, busy = _directives(2, khoa_giao_fields)
    TaskFactory(directive=bare, lead=org_b)
    _enrich(busy, 12, staff_user, org_b, khoa_giao_fields)
    client = login(request.getfixturevalue(role))
    small = _count(client, f"/van-ban/{bare.pk}/")
    with django_assert_max_num_queries(min(small, DETAIL_CEILING)):
        response = client.get(f"/van-ban/{busy.pk}/")
    assert len(response.context["milestones"]) == 12
    assert len(response.context["tasks"]) == 12
    if role == "leader_user":
        assert len(response.context["implementing"]) == 12
        assert len(response.context["history"]) > 20
