"""Issue #18: a conclusion notice approved without a typed number takes the next TB number of the
register of outgoing documents, the one the Ban's reports take their BC numbers from; the number
and its date then stay whatever happens to the meeting (reopen, edit, approve again)."""

import datetime

import pytest

from meetings import services
from outgoing.models import Entry
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db
APPROVED = datetime.datetime(2026, 7, 2, 3, 0, tzinfo=datetime.UTC)


def _approved_without_number(ban, staff_user, leader_user, org_a, title):
    meeting = MeetingFactory(organizer=ban, invited=[org_a], title=title)
    services.meeting_outcome_save(
        meeting=meeting, by=staff_user, version=meeting.version, conclusion={"text": "Kết luận của hội nghị."}
    )
    return services.conclusion_approve(meeting=meeting, by=leader_user, at=APPROVED)


def test_notices_take_their_numbers_from_the_register(province_ban, staff_user, leader_user, org_a):
    first = _approved_without_number(province_ban, staff_user, leader_user, org_a, "Giao ban quý II")
    second = _approved_without_number(province_ban, staff_user, leader_user, org_a, "Giao ban chuyên đề")
    assert first.conclusion.number == "1-TB/BTGDVTU"
    assert second.conclusion.number == "2-TB/BTGDVTU"
    assert first.conclusion.issued_on == datetime.date(2026, 7, 2)
    version = first.conclusion_versions.get()
    assert version.snapshot["header"]["number"] == "Số 1-TB/BTGDVTU"
    assert version.issued_document.kind == "notice"  # numbered, so issued
    entry = Entry.objects.get(conclusion=first.conclusion)
    assert (entry.doc_type, entry.year, entry.sequence) == ("TB", 2026, 1)
    assert entry.summary == "Thông báo kết luận Giao ban quý II"

    # Reopened, edited and approved again: the number and its date stay the register's.
    services.meeting_reopen(meeting=first, by=leader_user, reason="Bổ sung kết luận")
    first.refresh_from_db()
    services.meeting_outcome_save(
        meeting=first,
        by=staff_user,
        version=first.version,
        conclusion={
            "text": "Kết luận đã bổ sung.",
            "number": "99-TB/BTGDVTU",
            "issued_on": datetime.date(2026, 8, 1),
        },
    )
    again = services.conclusion_approve(meeting=first, by=leader_user)
    assert again.conclusion.number == "1-TB/BTGDVTU"
    assert again.conclusion.issued_on == datetime.date(2026, 7, 2)
    assert Entry.objects.filter(doc_type="TB").count() == 2


def test_a_typed_number_is_printed_as_typed_and_not_entered(concluded):
    assert concluded.conclusion.number == "12-TB/BTGDVTU"
    assert not Entry.objects.exists()
