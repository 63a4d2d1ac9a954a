"""A meeting's history of changes, as staff read it on the meeting's page: who changed what, and
why a conclusion was reopened, across the meeting, its outcome and the units' reports."""

import pytest

from meetings import services
from meetings.history import timeline
from meetings.models import Meeting
from tests.meetings.factories import MeetingFactory
from tests.meetings.test_services import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(org_a, org_b, ban):
    return MeetingFactory(organizer=ban, invited=[org_a, org_b])


def test_the_history_tells_who_changed_the_outcome_and_why_it_was_reopened(
    meeting, staff_user, leader_user, org_a, org_b
):
    for user, first, last in ((staff_user, "Lan", "Nguyễn Thị"), (leader_user, "Hùng", "Trần Văn")):
        user.first_name, user.last_name = first, last
        user.save(update_fields=["first_name", "last_name"])
    record(meeting, staff_user, org_a, org_b, text="Kết luận lần thứ nhất.")
    services.conclusion_approve(meeting=meeting, by=leader_user)
    services.meeting_reopen(meeting=meeting, by=staff_user, reason="Bổ sung nhiệm vụ phòng, chống đuối nước")

    entries = timeline(Meeting.objects.get(pk=meeting.pk), include_reports=True)
    assert entries == sorted(entries, key=lambda e: e.when, reverse=True)
    subjects = {entry.subject for entry in entries}
    assert "Nhiệm vụ trọng tâm kỳ tới: Tuyên truyền Nghị quyết 71-NQ/TW" in subjects

    def changes(entry):
        return [(c.label, c.old, c.new) for c in entry.changes]

    reopened = [entry for entry in entries if entry.reason]
    assert {entry.subject for entry in reopened} == {"Hội nghị", "Kết luận"}
    assert {entry.reason for entry in reopened} == {"Bổ sung nhiệm vụ phòng, chống đuối nước"}
    conclusion = next(entry for entry in reopened if entry.subject == "Kết luận")
    assert changes(conclusion) == [("Trạng thái", "Đã phê duyệt", "Dự thảo")]
    assert conclusion.who.startswith(staff_user.get_full_name())

    approval = next(e for e in entries if e.subject == "Kết luận" and e.action == "changed" and not e.reason)
    assert ("Trạng thái", "Dự thảo", "Đã phê duyệt") in changes(approval)
    assert ("Người phê duyệt", "—", leader_user.get_full_name()) in changes(approval)
    assert approval.who.startswith(leader_user.get_full_name())


def test_the_meeting_page_shows_the_history_to_staff_with_long_texts_folded(
    login, meeting, staff_user, liaison_a
):
    agenda = "Khai mạc.\n" + "Các đơn vị báo cáo kết quả thực hiện nhiệm vụ. " * 6
    edited = Meeting.objects.get(pk=meeting.pk)
    edited.agenda = agenda
    edited.title = "Hội nghị giao ban khoa giáo quý IV"
    edited.save()

    body = login(staff_user).get(meeting.get_absolute_url()).content.decode()
    assert "Lịch sử thay đổi" in body
    assert "Hội nghị giao ban khoa giáo quý IV" in body
    assert '<details><summary><span class="audit-field">Chương trình' in body
    assert "Các đơn vị báo cáo kết quả thực hiện nhiệm vụ." in body

    assert "Lịch sử thay đổi" not in login(liaison_a).get(meeting.get_absolute_url()).content.decode()
