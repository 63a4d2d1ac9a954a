"""Fixtures of the conclusion notice's tests: the province's Ban and an approved giao ban with
one row of every kind (a finding of each kind, a task, a proposal)."""

import datetime

import pytest

from meetings import services
from meetings.models import Finding
from tests.factories import OrganizationFactory
from tests.meetings.factories import MeetingFactory

HOSTILE_IMG = '<img src="file:///etc/passwd">'
HOSTILE_LINK = '<link rel="stylesheet" href="http://169.254.169.254/latest/meta-data/">'


@pytest.fixture
def province_ban(ban):
    ban.parent = OrganizationFactory(
        code="tu-test", name="Tỉnh ủy Khánh Hòa", kind="party_committee", heading="Tỉnh ủy Khánh Hòa"
    )
    ban.save()
    return ban


@pytest.fixture
def concluded(province_ban, staff_user, leader_user, org_a, org_b):
    meeting = MeetingFactory(
        organizer=province_ban,
        invited=[org_a, org_b],
        title="Hội nghị giao ban công tác khoa giáo 6 tháng đầu năm 2026",
        place="Hội trường Tỉnh ủy",
        starts_at=datetime.datetime(2026, 6, 25, 1, 0, tzinfo=datetime.UTC),
    )
    services.meeting_outcome_save(
        meeting=meeting,
        by=staff_user,
        version=meeting.version,
        attended=[org_a, org_b],
        conclusion={
            "number": "12-TB/BTGDVTU",
            "issued_on": datetime.date(2026, 6, 30),
            "speaker_title": "Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy",
            "text": "Đề nghị các đơn vị trong Khối Khoa giáo tập trung thực hiện tốt các nhiệm vụ sau.",
            "signing_authority": "K/T Trưởng ban",
            "signer_position": "Phó Trưởng ban",
            "signer_name": "Trần Văn Hùng",
            "recipients": "Thường trực Tỉnh ủy (b/c)\nCác đơn vị trong Khối Khoa giáo\nLưu VP",
        },
        findings=[
            {
                "kind": Finding.Kind.RESULT,
                "organization": org_a,
                "field": None,
                "text": f"Hoàn thành tập huấn cho 1.200 giáo viên {HOSTILE_IMG}",
            },
            {
                "kind": Finding.Kind.LIMITATION,
                "organization": None,
                "field": None,
                "text": f"Tuyên truyền ở vùng sâu, vùng xa còn hạn chế {HOSTILE_LINK}",
            },
            {
                "kind": Finding.Kind.CAUSE,
                "organization": None,
                "field": None,
                "text": "Kinh phí còn hạn hẹp.",
            },
        ],
        task_items=[
            {
                "title": "Tuyên truyền Nghị quyết 71-NQ/TW về giáo dục",
                "lead": org_a,
                "cooperating": [org_b],
                "due_on": datetime.date(2026, 12, 31),
            },
        ],
        proposals=[
            {
                "content": "Đề nghị bổ sung kinh phí tuyên truyền.",
                "from_organization": org_b,
                "forwarded_to": "Ủy ban nhân dân tỉnh",
                "response": "Đã chuyển Sở Tài chính xem xét.",
            },
        ],
    )
    return services.conclusion_approve(meeting=meeting, by=leader_user)
