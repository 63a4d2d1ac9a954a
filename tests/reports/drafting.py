"""A period with its giao ban, for the drafted report's tests: the giao ban that REVIEWS 6 months of
2026 (held in July, after the period) where both units reported, and a giao ban HELD within the
period that reviews the year before, whose reports must never reach the draft."""

import datetime

from django.utils import timezone

from meetings.models import Conclusion, Meeting, MeetingReport, TaskItem
from organizations.models import KhoiMembership

PERIOD = "2026-H1"


def at(day, hour=8):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def giao_ban_scene(ban, org_a, org_b, fields):
    d = datetime.date
    KhoiMembership.objects.create(organization=org_a, valid_from=d(2020, 1, 1)).fields.set(
        [fields["giao_duc_dao_tao"]]
    )
    KhoiMembership.objects.create(organization=org_b, valid_from=d(2020, 1, 1)).fields.set([fields["y_te"]])
    reviewing = Meeting.objects.create(
        kind=Meeting.Kind.GIAO_BAN,
        title="Hội nghị giao ban công tác khoa giáo 6 tháng đầu năm 2026",
        period=PERIOD,
        status=Meeting.Status.HELD,
        starts_at=at(d(2026, 7, 8)),
        organizer=ban,
    )
    reviewing.invited.set([org_a, org_b])
    MeetingReport.objects.create(
        meeting=reviewing,
        organization=org_a,
        results="Tổ chức kỳ thi tốt nghiệp trung học phổ thông an toàn.",
        limitations="Thiếu giáo viên ở vùng sâu.",
        submitted_at=at(d(2026, 7, 1)),
    )
    MeetingReport.objects.create(
        meeting=reviewing,
        organization=org_b,
        results="Tiêm chủng mở rộng đạt kế hoạch.",
        limitations="Thiếu thuốc ở tuyến xã.",
        submitted_at=at(d(2026, 7, 2)),
    )
    Conclusion.objects.create(
        meeting=reviewing, text="Các đơn vị tập trung thực hiện nhiệm vụ 6 tháng cuối năm."
    )
    TaskItem.objects.create(
        meeting=reviewing,
        title="Tổng kết năm học 2025-2026",
        lead=org_a,
        due_on=d(2026, 8, 31),
        field=fields["giao_duc_dao_tao"],
        order=1,
    )
    held_in = Meeting.objects.create(
        kind=Meeting.Kind.GIAO_BAN,
        title="Hội nghị giao ban công tác khoa giáo năm 2025",
        period="2025-Y",
        status=Meeting.Status.HELD,
        starts_at=at(d(2026, 3, 10)),
        organizer=ban,
    )
    held_in.invited.set([org_a])
    MeetingReport.objects.create(
        meeting=held_in,
        organization=org_a,
        results="Kết quả của năm 2025, không thuộc kỳ này.",
        limitations="Hạn chế của năm 2025.",
        submitted_at=at(d(2026, 3, 1)),
    )
    return {"reviewing": reviewing, "held_in": held_in}
