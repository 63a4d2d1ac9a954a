"""Every meetings URL in the role × unit matrix. Objects belong to unit B (world.org_b), so a
liaison of unit A must get 404 everywhere; leaders read, and POST only to approve or reopen."""

from tests.meetings.factories import (
    ConclusionFactory,
    MeetingAttachmentFactory,
    MeetingFactory,
    approved_meeting,
)
from tests.security.matrix import Case, everyone, expect


def _b_meeting(w):
    return {"pk": MeetingFactory(invited=[w.org_b]).pk}


def _b_report(w):
    return {"pk": MeetingFactory(invited=[w.org_b]).pk, "org_pk": w.org_b.pk}


def _b_approved_notice(w):
    return {"pk": approved_meeting(invited=[w.org_b]).pk}


def _b_attachment(w):
    return {
        "pk": (a := MeetingAttachmentFactory(meeting=MeetingFactory(invited=[w.org_b]))).meeting_id,
        "attachment_pk": a.pk,
    }


def _b_locked_attachment(w):
    meeting = approved_meeting(invited=[w.org_b])
    return {"pk": meeting.pk, "attachment_pk": MeetingAttachmentFactory(meeting=meeting).pk}


def _b_draft(w):
    meeting = MeetingFactory(invited=[w.org_b])
    ConclusionFactory(meeting=meeting)
    return {"pk": meeting.pk}


NOT_ALLOWED = expect(admin=405, staff=405, leader=405, liaison_a=404, liaison_b=405)

CASES = [
    Case("meetings:list", get=everyone(200), post=everyone(405)),
    Case(
        "meetings:create",
        get=expect(admin=200, staff=200, leader=403, liaison_a=403, liaison_b=403),
        post=expect(admin=200, staff=200, leader=403, liaison_a=403, liaison_b=403),
        note="an empty POST re-renders the form with its errors",
    ),
    Case(
        "meetings:detail",
        build=_b_meeting,
        get=expect(admin=200, staff=200, leader=200, liaison_a=404, liaison_b=200),
        post=NOT_ALLOWED,
    ),
    Case(
        "meetings:edit",
        build=_b_meeting,
        get=expect(admin=200, staff=200, leader=403, liaison_a=404, liaison_b=403),
        post=expect(admin=200, staff=200, leader=403, liaison_a=404, liaison_b=403),
    ),
    Case(
        "meetings:report",
        build=_b_report,
        get=expect(admin=200, staff=200, leader=200, liaison_a=404, liaison_b=200),
        post=expect(admin=302, staff=302, leader=403, liaison_a=404, liaison_b=302),
        note="an empty POST saves an empty draft of unit B's report",
    ),
    Case(
        "meetings:outcome",
        build=_b_draft,
        get=expect(admin=200, staff=200, leader=403, liaison_a=404, liaison_b=403),
        post=expect(admin=200, staff=200, leader=403, liaison_a=404, liaison_b=403),
    ),
    Case(
        "meetings:approve",
        build=_b_meeting,
        get=NOT_ALLOWED,
        post=expect(admin=403, staff=403, leader=302, liaison_a=404, liaison_b=403),
        note="the leader is sent back with a message: nothing recorded yet to approve",
    ),
    Case(
        "meetings:reopen",
        build=_b_meeting,
        get=NOT_ALLOWED,
        post=expect(admin=302, staff=302, leader=302, liaison_a=404, liaison_b=403),
        note="not approved, so there is nothing to reopen: back with a message",
    ),
    Case(
        "meetings:notice_pdf",
        build=_b_approved_notice,
        get=expect(admin=200, staff=200, leader=200, liaison_a=404, liaison_b=200),
        post=NOT_ALLOWED,
    ),
    Case(
        "meetings:notice_docx",
        build=_b_approved_notice,
        get=expect(admin=200, staff=200, leader=200, liaison_a=404, liaison_b=403),
        post=NOT_ALLOWED,
    ),
    Case(
        "meetings:attachment_add",
        build=_b_meeting,
        get=NOT_ALLOWED,
        post=expect(admin=302, staff=302, leader=403, liaison_a=404, liaison_b=403),
        note="no file: back to the meeting with a message",
    ),
    Case(
        "meetings:attachment",
        build=_b_attachment,
        get=expect(admin=200, staff=200, leader=200, liaison_a=404, liaison_b=200),
        post=NOT_ALLOWED,
    ),
    Case(
        "meetings:attachment_delete",
        build=_b_locked_attachment,
        get=NOT_ALLOWED,
        post=expect(admin=302, staff=302, leader=403, liaison_a=404, liaison_b=403),
        note="the meeting is approved, so editors are sent back and nothing is deleted",
    ),
]
