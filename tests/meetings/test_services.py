"""The rules of meetings.services, whatever the entry point: approval locks, reopening keeps the
history, tasks reach the units only on approval, stale forms are refused."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from assignments.models import Task
from khoagiao.locking import Conflict
from khoagiao.periods import Period
from meetings import services
from meetings.models import Conclusion, ConclusionVersion, Finding, Meeting, MeetingReport, TaskItem
from tests.meetings.factories import PDF_BYTES, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(org_a, org_b, ban):
    return MeetingFactory(organizer=ban, invited=[org_a, org_b])


def record(
    meeting, staff, org_a, org_b, *, text="Đề nghị các đơn vị thực hiện tốt các nhiệm vụ sau.", tasks=None
):
    tasks = tasks or [
        {
            "title": "Tuyên truyền Nghị quyết 71-NQ/TW",
            "lead": org_a,
            "cooperating": [org_b],
            "due_on": datetime.date(2026, 12, 31),
        },
        {
            "title": "Tuyên truyền Nghị quyết 72-NQ/TW",
            "lead": org_b,
            "cooperating": [],
            "due_on": datetime.date(2026, 10, 31),
        },
    ]
    return services.meeting_outcome_save(
        meeting=meeting,
        by=staff,
        version=Meeting.objects.get(pk=meeting.pk).version,
        conclusion={"text": text, "number": "12-TB/BTGDVTU", "signer_name": "Trần Văn Hùng"},
        findings=[
            {"kind": Finding.Kind.RESULT, "text": "Hoàn thành kế hoạch tuyên truyền.", "organization": org_a}
        ],
        task_items=tasks,
        proposals=[
            {
                "content": "Bổ sung kinh phí tuyên truyền.",
                "from_organization": org_b,
                "forwarded_to": "Ủy ban nhân dân tỉnh",
                "response": "",
            }
        ],
    )


def test_a_blank_title_becomes_the_usual_one_for_the_period(staff_user, ban):
    meeting = services.meeting_create(
        by=staff_user,
        period=Period(2026, "9M"),
        organizer=ban,
        starts_at=MeetingFactory.build().starts_at,
        title="",
    )
    assert meeting.title == "Hội nghị giao ban công tác khoa giáo 9 tháng đầu năm 2026"


def test_submitting_records_the_first_submission_and_a_late_one_is_marked(meeting, org_a, liaison_a):
    late = datetime.datetime(2026, 6, 20, 9, tzinfo=datetime.UTC)
    draft = services.meeting_report_save(
        meeting=meeting, organization=org_a, by=liaison_a, results="Bản nháp", submit=False
    )
    assert draft.submitted_at is None
    report = services.meeting_report_save(
        meeting=meeting, organization=org_a, by=liaison_a, results="Kết quả", submit=True, at=late
    )
    assert report.submitted_at == late
    assert report.submitted_by == liaison_a
    assert report.is_late
    again = services.meeting_report_save(
        meeting=meeting, organization=org_a, by=liaison_a, results="Sửa lại", submit=True
    )
    assert again.submitted_at == late, "an edit after submitting keeps the time it was first submitted"
    assert MeetingReport.objects.get(pk=report.pk).results == "Sửa lại"


def test_only_an_invited_unit_can_report(meeting, staff_user):
    from tests.factories import OrganizationFactory

    with pytest.raises(ValidationError):
        services.meeting_report_save(
            meeting=meeting, organization=OrganizationFactory(), by=staff_user, results="x"
        )


def test_recording_the_outcome_saves_every_part_and_marks_the_meeting_held(meeting, staff_user, org_a, org_b):
    record(meeting, staff_user, org_a, org_b)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert meeting.conclusion.number == "12-TB/BTGDVTU"
    assert [t.title for t in meeting.task_items.all()] == [
        "Tuyên truyền Nghị quyết 71-NQ/TW",
        "Tuyên truyền Nghị quyết 72-NQ/TW",
    ]
    assert list(meeting.task_items.first().cooperating.all()) == [org_b]
    assert meeting.findings.count() == 1
    assert meeting.proposals.count() == 1
    assert not Task.objects.filter(meeting=meeting).exists(), "tasks wait for the leader's approval"


def test_saving_the_same_outcome_again_writes_no_history(meeting, staff_user, org_a, org_b):
    record(meeting, staff_user, org_a, org_b)
    counts = [m.history.count() for m in (Conclusion, Finding, TaskItem)]
    rows = [
        {
            "id": t.pk,
            "title": t.title,
            "lead": t.lead,
            "cooperating": list(t.cooperating.all()),
            "due_on": t.due_on,
            "field": None,
        }
        for t in meeting.task_items.all()
    ]
    services.meeting_outcome_save(
        meeting=meeting,
        by=staff_user,
        version=Meeting.objects.get(pk=meeting.pk).version,
        conclusion={
            "text": "Đề nghị các đơn vị thực hiện tốt các nhiệm vụ sau.",
            "number": "12-TB/BTGDVTU",
            "signer_name": "Trần Văn Hùng",
        },
        task_items=rows,
    )
    assert [m.history.count() for m in (Conclusion, Finding, TaskItem)] == counts


def test_a_form_saved_from_an_older_version_is_refused(meeting, staff_user, org_a, org_b):
    old_version = meeting.version
    record(meeting, staff_user, org_a, org_b)
    with pytest.raises(Conflict):
        services.meeting_outcome_save(
            meeting=meeting, by=staff_user, version=old_version, conclusion={"text": "Ghi đè"}
        )
    assert Conclusion.objects.get(meeting=meeting).text != "Ghi đè"


def test_a_row_of_another_meeting_cannot_be_edited_through_this_one(meeting, staff_user, org_a, org_b):
    other = MeetingFactory(invited=[org_a])
    record(other, staff_user, org_a, org_b)
    foreign = other.findings.get()
    with pytest.raises(ValidationError):
        services.meeting_outcome_save(
            meeting=meeting,
            by=staff_user,
            version=meeting.version,
            conclusion={},
            findings=[
                {
                    "id": foreign.pk,
                    "kind": "result",
                    "text": "chiếm quyền",
                    "field": None,
                    "organization": None,
                }
            ],
        )
    assert Finding.objects.get(pk=foreign.pk).text == "Hoàn thành kế hoạch tuyên truyền."


def test_only_a_leader_approves_and_only_a_recorded_outcome(meeting, staff_user, leader_user, org_a, org_b):
    with pytest.raises(ValidationError):
        services.conclusion_approve(meeting=meeting, by=leader_user)
    record(meeting, staff_user, org_a, org_b)
    with pytest.raises(PermissionDenied):
        services.conclusion_approve(meeting=meeting, by=staff_user)
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.HELD


def test_approval_turns_each_task_row_into_a_task_for_its_units(
    meeting, staff_user, leader_user, liaison_a, liaison_b, org_a, org_b
):
    record(meeting, staff_user, org_a, org_b)
    services.conclusion_approve(meeting=meeting, by=leader_user)
    tasks = Task.objects.filter(meeting=meeting).order_by("due_on")
    assert [(t.title, t.lead, t.due_on) for t in tasks] == [
        ("Tuyên truyền Nghị quyết 72-NQ/TW", org_b, datetime.date(2026, 10, 31)),
        ("Tuyên truyền Nghị quyết 71-NQ/TW", org_a, datetime.date(2026, 12, 31)),
    ]
    assert list(tasks[1].cooperating.all()) == [org_b]
    assert all(item.task_id for item in TaskItem.objects.filter(meeting=meeting))
    # unit A leads one task; unit B leads one and cooperates on the other
    assert Task.objects.visible_to(liaison_a).filter(meeting=meeting).count() == 1
    assert Task.objects.visible_to(liaison_b).filter(meeting=meeting).count() == 2
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONCLUDED
    assert meeting.conclusion.is_approved
    version = ConclusionVersion.objects.get(meeting=meeting)
    assert version.number == 1
    assert version.snapshot["header"]["number"] == "Số 12-TB/BTGDVTU"


def test_an_approved_meeting_refuses_every_change(meeting, staff_user, leader_user, liaison_a, org_a, org_b):
    record(meeting, staff_user, org_a, org_b)
    services.conclusion_approve(meeting=meeting, by=leader_user)
    fresh = Meeting.objects.get(pk=meeting.pk)
    upload = SimpleUploadedFile("bien-ban.pdf", PDF_BYTES, content_type="application/pdf")
    attempts = [
        lambda: services.meeting_outcome_save(
            meeting=fresh, by=staff_user, version=fresh.version, conclusion={"text": "x"}
        ),
        lambda: services.meeting_report_save(
            meeting=fresh, organization=org_a, by=liaison_a, results="x", submit=True
        ),
        lambda: services.meeting_update(
            meeting=fresh, by=staff_user, version=fresh.version, place="Nơi khác"
        ),
        lambda: services.meeting_attach(meeting=fresh, by=staff_user, files=[upload]),
        lambda: services.conclusion_approve(meeting=fresh, by=leader_user),
    ]
    for attempt in attempts:
        with pytest.raises(services.MeetingLocked):
            attempt()
    assert Meeting.objects.get(pk=meeting.pk).version == fresh.version
    assert ConclusionVersion.objects.filter(meeting=meeting).count() == 1


def test_reopening_needs_a_reason_and_an_approved_meeting(meeting, staff_user, leader_user, org_a, org_b):
    with pytest.raises(ValidationError):
        services.meeting_reopen(meeting=meeting, by=staff_user, reason="Sửa số")
    record(meeting, staff_user, org_a, org_b)
    services.conclusion_approve(meeting=meeting, by=leader_user)
    with pytest.raises(ValidationError):
        services.meeting_reopen(meeting=meeting, by=staff_user, reason="   ")
    assert Meeting.objects.get(pk=meeting.pk).is_locked


def test_reopened_then_edited_meeting_keeps_the_history_of_its_conclusion(
    meeting, staff_user, leader_user, org_a, org_b
):
    record(meeting, staff_user, org_a, org_b, text="Kết luận lần thứ nhất.")
    services.conclusion_approve(meeting=meeting, by=leader_user)
    services.meeting_reopen(meeting=meeting, by=staff_user, reason="Bổ sung nhiệm vụ phòng, chống đuối nước")
    reopened = Meeting.objects.get(pk=meeting.pk)
    assert not reopened.is_locked
    assert reopened.conclusion.status == Conclusion.Status.DRAFT
    services.meeting_outcome_save(
        meeting=reopened,
        by=staff_user,
        version=reopened.version,
        conclusion={"text": "Kết luận đã sửa."},
        task_items=[
            {
                "title": "Phòng, chống đuối nước trẻ em",
                "lead": org_b,
                "cooperating": [org_a],
                "due_on": datetime.date(2026, 8, 31),
            }
        ],
    )
    services.conclusion_approve(meeting=reopened, by=leader_user)

    first, second = ConclusionVersion.objects.filter(meeting=meeting).order_by("number")
    assert first.snapshot["direction"] == "Kết luận lần thứ nhất."
    assert first.reopen_reason == "Bổ sung nhiệm vụ phòng, chống đuối nước"
    assert first.reopened_by == staff_user
    assert second.snapshot["direction"] == "Kết luận đã sửa."
    assert not second.reopened_at
    assert len(second.snapshot["tasks"]) == 3
    texts = list(Conclusion.history.filter(meeting_id=meeting.pk).values_list("text", flat=True))
    assert "Kết luận lần thứ nhất." in texts
    assert "Kết luận đã sửa." in texts
    assert Conclusion.history.filter(
        meeting_id=meeting.pk, history_change_reason="Bổ sung nhiệm vụ phòng, chống đuối nước"
    ).exists()
    # the two tasks of the first approval were not created twice; the new row became the third
    assert Task.objects.filter(meeting=meeting).count() == 3


def test_a_row_that_became_a_task_is_frozen(meeting, staff_user, leader_user, org_a, org_b):
    record(meeting, staff_user, org_a, org_b)
    services.conclusion_approve(meeting=meeting, by=leader_user)
    services.meeting_reopen(meeting=meeting, by=leader_user, reason="Sửa số thông báo")
    item = TaskItem.objects.filter(meeting=meeting).first()
    fresh = Meeting.objects.get(pk=meeting.pk)
    services.meeting_outcome_save(
        meeting=fresh,
        by=staff_user,
        version=fresh.version,
        conclusion={},
        task_items=[
            {"id": item.pk, "delete": True},
            {"id": item.pk, "title": "đổi", "lead": org_b, "due_on": item.due_on},
        ],
    )
    assert TaskItem.objects.get(pk=item.pk).title == item.title
