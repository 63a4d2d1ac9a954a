"""Who sees which meeting, report and file: querysets, not views, decide (G2 for meetings)."""

import datetime

import pytest
from django.utils import timezone

from meetings.models import Meeting, MeetingAttachment, MeetingReport
from tests.factories import OrganizationFactory
from tests.meetings.factories import MeetingAttachmentFactory, MeetingFactory, MeetingReportFactory

pytestmark = pytest.mark.django_db


def test_a_liaison_sees_only_the_meetings_its_unit_was_invited_to(personas, org_a, org_b):
    both = MeetingFactory(invited=[org_a, org_b])
    only_b = MeetingFactory(invited=[org_b])
    nobody = MeetingFactory()
    assert set(Meeting.objects.visible_to(personas["liaison_a"])) == {both}
    assert set(Meeting.objects.visible_to(personas["liaison_b"])) == {both, only_b}
    for role in ("staff", "leader", "admin"):
        assert set(Meeting.objects.visible_to(personas[role])) == {both, only_b, nobody}


def test_a_liaison_never_sees_another_units_report_even_at_a_shared_meeting(personas, org_a, org_b):
    meeting = MeetingFactory(invited=[org_a, org_b])
    report_a = MeetingReportFactory(meeting=meeting, organization=org_a)
    report_b = MeetingReportFactory(meeting=meeting, organization=org_b)
    assert list(MeetingReport.objects.visible_to(personas["liaison_a"])) == [report_a]
    assert list(MeetingReport.objects.visible_to(personas["liaison_b"])) == [report_b]
    assert set(MeetingReport.objects.visible_to(personas["leader"])) == {report_a, report_b}


def test_a_report_file_follows_its_report_and_a_meeting_file_follows_the_meeting(personas, org_a, org_b):
    meeting = MeetingFactory(invited=[org_a, org_b])
    minutes = MeetingAttachmentFactory(meeting=meeting)
    file_b = MeetingAttachmentFactory(
        meeting=meeting, report=MeetingReportFactory(meeting=meeting, organization=org_b)
    )
    assert set(MeetingAttachment.objects.visible_to(personas["liaison_a"])) == {minutes}
    assert set(MeetingAttachment.objects.visible_to(personas["liaison_b"])) == {minutes, file_b}
    assert set(MeetingAttachment.objects.visible_to(personas["staff"])) == {minutes, file_b}


def test_report_counts_follow_dhis2_reporting_rate_and_timeliness(org_a, org_b):
    org_c, outsider = OrganizationFactory(), OrganizationFactory()
    meeting = MeetingFactory(invited=[org_a, org_b, org_c], report_due_on=datetime.date(2026, 6, 15))
    at = lambda day: timezone.make_aware(datetime.datetime(2026, 6, day, 23, 30))  # noqa: E731
    MeetingReportFactory(meeting=meeting, organization=org_a, submitted_at=at(15))  # on the last day: on time
    MeetingReportFactory(meeting=meeting, organization=org_b, submitted_at=at(16))  # late
    MeetingReportFactory(meeting=meeting, organization=org_c, submitted_at=None)  # draft only
    MeetingReportFactory(meeting=meeting, organization=outsider, submitted_at=at(1))  # not invited
    counted = Meeting.objects.with_report_counts().get(pk=meeting.pk)
    assert (counted.invited_count, counted.submitted_count, counted.on_time_count) == (3, 2, 1)


def test_timeliness_is_judged_on_the_local_date_of_submission(org_a):
    meeting = MeetingFactory(invited=[org_a], report_due_on=datetime.date(2026, 6, 15))
    # 23:30 on 15/06 in Hà Nội is 16:30 UTC: still on time.
    report = MeetingReportFactory(
        meeting=meeting,
        organization=org_a,
        submitted_at=timezone.make_aware(datetime.datetime(2026, 6, 15, 23, 30)),
    )
    assert not report.is_late
    assert Meeting.objects.with_report_counts().get(pk=meeting.pk).on_time_count == 1
