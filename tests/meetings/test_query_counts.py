"""Acceptance 5: the list and the meeting page run a fixed number of queries, whatever the number
of meetings, reports, task rows and tasks (the 2-vs-many comparison of paperless)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import services
from tests.factories import OrganizationFactory
from tests.meetings.factories import (
    ConclusionFactory,
    FindingFactory,
    MeetingAttachmentFactory,
    MeetingFactory,
    MeetingReportFactory,
    ProposalFactory,
    TaskItemFactory,
)

pytestmark = pytest.mark.django_db


def meeting_with(units, n_tasks, leader, extra_units=()):
    invited = [*units, *extra_units]
    meeting = MeetingFactory(invited=invited, attended=invited)
    for org in invited:
        MeetingReportFactory(meeting=meeting, organization=org)
    ConclusionFactory(meeting=meeting)
    for i in range(n_tasks):
        TaskItemFactory(meeting=meeting, lead=invited[i % len(invited)], cooperating=invited[:3])
        FindingFactory(meeting=meeting, organization=invited[i % len(invited)])
        ProposalFactory(meeting=meeting, from_organization=invited[i % len(invited)])
        MeetingAttachmentFactory(meeting=meeting)
    return services.conclusion_approve(meeting=meeting, by=leader)


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["staff_user", "liaison_a"])
def test_the_meeting_page_does_not_grow_with_reports_and_tasks(
    request, login, leader_user, org_a, org_b, django_assert_max_num_queries, role
):
    client = login(request.getfixturevalue(role))
    small = meeting_with([org_a, org_b], 1, leader_user)
    baseline = count(client, small.get_absolute_url())
    many_units = [OrganizationFactory() for _ in range(18)]
    large = meeting_with([org_a, org_b], 15, leader_user, extra_units=many_units)
    with django_assert_max_num_queries(baseline):
        assert client.get(large.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("role", ["staff_user", "liaison_a"])
def test_the_list_does_not_grow_with_meetings_and_reports(
    request, login, org_a, org_b, django_assert_max_num_queries, role
):
    client = login(request.getfixturevalue(role))
    url = reverse("meetings:list")
    MeetingFactory(invited=[org_a, org_b])
    baseline = count(client, url)
    units = [OrganizationFactory() for _ in range(10)]
    for day in range(1, 25):
        meeting = MeetingFactory(
            invited=[org_a, org_b, *units],
            starts_at=datetime.datetime(2025 - day % 3, 6, day, 1, tzinfo=datetime.UTC),
        )
        for org in [org_a, *units]:
            MeetingReportFactory(meeting=meeting, organization=org)
    with django_assert_max_num_queries(baseline):
        response = client.get(url)
    assert len(response.context["page_obj"].object_list) == 25


def test_the_outcome_page_does_not_grow_with_its_rows(
    login, staff_user, org_a, org_b, django_assert_max_num_queries
):
    client = login(staff_user)
    small = MeetingFactory(invited=[org_a, org_b])
    TaskItemFactory(meeting=small, lead=org_a, cooperating=[org_b])
    FindingFactory(meeting=small)
    baseline = count(client, reverse("meetings:outcome", kwargs={"pk": small.pk}))
    large = MeetingFactory(invited=[org_a, org_b])
    for _ in range(20):
        TaskItemFactory(meeting=large, lead=org_a, cooperating=[org_b, org_a])
        FindingFactory(meeting=large, organization=org_b)
        ProposalFactory(meeting=large)
    with django_assert_max_num_queries(baseline):
        client.get(reverse("meetings:outcome", kwargs={"pk": large.pk}))
