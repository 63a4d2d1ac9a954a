"""Demo giao ban meetings: the one of the source texts (demo.source_meetings) and the current ones.

- The meeting of the last ended period, approved, with open tasks for the demo units; and the
  meeting of the current period in progress (some units have reported, some not).

Meetings are keyed by (organiser, period, kind): running the seed twice changes nothing. Every
change goes through meetings.services, as it would from the pages.
"""

import datetime

from django.utils import timezone

from khoagiao.periods import H1, M9, Q1, YEAR, Period
from meetings import services
from meetings.models import Finding
from organizations.models import Organization, User

from .giao_ban import KHANH_HOA_RECIPIENTS, at, existing, full_name, record, unit
from .source_meetings import khanh_hoa_2022

D = datetime.date
MEETING_DAY = {Q1: (3, 28), H1: (6, 25), M9: (9, 28), YEAR: (12, 10)}
PREVIOUS = {Q1: (-1, YEAR), H1: (0, Q1), M9: (0, H1), YEAR: (0, M9)}
# What the units reported to the last period's giao ban (printed in the Ban's report for it).
UNIT_RESULTS = {
    "so-gddt": (
        "Quán triệt Nghị quyết 71-NQ/TW về đột phá phát triển giáo dục và đào tạo đến cán bộ quản lý, giáo "
        "viên; triển khai chuyển đổi số trong quản lý trường học; bảo đảm an toàn trường học."
    ),
    "so-yte": (
        "Tuyên truyền Nghị quyết 72-NQ/TW về bảo vệ, chăm sóc và nâng cao sức khỏe Nhân dân; duy trì tiêm "
        "chủng mở rộng; kiểm tra an toàn thực phẩm tại các bếp ăn tập thể."
    ),
    "so-khcn": (
        "Tham mưu triển khai Nghị quyết 57-NQ/TW; hỗ trợ doanh nghiệp đổi mới công nghệ, phát triển hệ sinh "
        "thái khởi nghiệp đổi mới sáng tạo của tỉnh."
    ),
    "lhh-khkt": (
        "Tổ chức tọa đàm phát huy vai trò đội ngũ trí thức theo Nghị quyết 45-NQ/TW; tư vấn, phản biện và "
        "giám định xã hội đối với các đề án của tỉnh."
    ),
}


def _current_periods(today):
    """(the last ended main period, the current one) for the demo's two recent meetings."""
    kind = {1: Q1, 2: Q1, 3: Q1, 4: H1, 5: H1, 6: H1, 7: M9, 8: M9, 9: M9}.get(today.month, YEAR)
    offset, previous_kind = PREVIOUS[kind]
    return Period(today.year + offset, previous_kind), Period(today.year, kind)


def _meeting_day(period):
    month, day = MEETING_DAY[period.kind]
    return D(period.year, month, day)


def _recent(staff, leader, ban, period):
    if existing(ban, period):
        return None
    day = _meeting_day(period)
    meeting = services.meeting_create(
        by=staff,
        period=period,
        starts_at=at(day, 8, 0),
        place="Hội trường Ban Tuyên giáo và Dân vận Tỉnh ủy",
        organizer=ban,
        chair_name=full_name(leader),
        chair_position="Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy",
        report_due_on=day - datetime.timedelta(days=10),
        invited=list(Organization.objects.khoi_members(day)),
        agenda=(
            f"1. Báo cáo kết quả công tác khoa giáo {period.name}.\n"
            "2. Các đơn vị trong Khối Khoa giáo báo cáo, thảo luận.\n3. Kết luận của lãnh đạo Ban."
        ),
    )
    for code, offset in (("so-gddt", 12), ("so-yte", 11), ("so-khcn", 9), ("lhh-khkt", 7)):
        if meeting.invited.filter(code=code).exists():
            services.meeting_report_save(
                meeting=meeting,
                organization=unit(code),
                by=staff,
                results=UNIT_RESULTS[code],
                limitations="Nguồn lực cho công tác tuyên truyền còn hạn chế.",
                submit=True,
                at=at(day - datetime.timedelta(days=offset), 15),
            )
    end = day + datetime.timedelta(days=90)
    meeting = record(
        meeting,
        staff,
        conclusion={
            "issued_on": day + datetime.timedelta(days=3),
            "text": "Đề nghị các đơn vị trong Khối Khoa giáo tập trung thực hiện tốt các nhiệm vụ sau.",
            "signing_authority": "K/T Trưởng ban",
            "signer_position": "Phó Trưởng ban",
            "signer_name": full_name(leader),
            "recipients": KHANH_HOA_RECIPIENTS,
        },
        findings=[
            (
                Finding.Kind.RESULT,
                "so-gddt",
                "giao_duc_dao_tao",
                "Triển khai Nghị quyết 71-NQ/TW về đột phá phát triển giáo dục và đào tạo.",
            ),
            (
                Finding.Kind.RESULT,
                "so-yte",
                "y_te",
                "Tuyên truyền Nghị quyết 72-NQ/TW về bảo vệ, chăm sóc và nâng cao sức khỏe Nhân dân.",
            ),
            (Finding.Kind.LIMITATION, None, None, "Một số đơn vị gửi báo cáo chậm so với thời hạn."),
        ],
        tasks=[
            (
                "Xây dựng kế hoạch tuyên truyền Nghị quyết 71-NQ/TW trong ngành giáo dục.",
                "so-gddt",
                ["so-noivu"],
                end,
                "giao_duc_dao_tao",
            ),
            ("Tổ chức tuyên truyền Nghị quyết 72-NQ/TW tại các cơ sở y tế.", "so-yte", [], end, "y_te"),
            (
                "Báo cáo kết quả thực hiện Nghị quyết 57-NQ/TW về khoa học, công nghệ, đổi mới sáng tạo "
                "và chuyển đổi số.",
                "so-khcn",
                ["so-gddt"],
                end + datetime.timedelta(days=30),
                "khoa_hoc_cong_nghe",
            ),
        ],
    )
    return services.conclusion_approve(
        meeting=meeting, by=leader, at=at(day + datetime.timedelta(days=3), 10)
    )


def _in_progress(staff, leader, ban, period, today):
    if existing(ban, period):
        return None
    day = max(_meeting_day(period), today + datetime.timedelta(days=7))
    due = day - datetime.timedelta(days=10)
    meeting = services.meeting_create(
        by=staff,
        period=period,
        starts_at=at(day, 8, 0),
        place="Hội trường Ban Tuyên giáo và Dân vận Tỉnh ủy",
        organizer=ban,
        chair_name=full_name(leader),
        chair_position="Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy",
        report_due_on=due,
        invited=list(Organization.objects.khoi_members(day)),
        agenda=(
            f"1. Báo cáo kết quả công tác khoa giáo {period.name}; nhiệm vụ trọng tâm {period.next_name}.\n"
            "2. Các đơn vị trong Khối Khoa giáo báo cáo, thảo luận.\n3. Kết luận của lãnh đạo Ban."
        ),
    )
    now = timezone.now()
    sent = min(now - datetime.timedelta(hours=2), at(due - datetime.timedelta(days=1), 15))
    services.meeting_report_save(
        meeting=meeting,
        organization=unit("so-gddt"),
        by=User.objects.filter(username="lienlac.gddt").first() or staff,
        results=(
            "Ban hành kế hoạch thực hiện Nghị quyết 71-NQ/TW trong toàn ngành; tập huấn chuyển đổi số cho "
            "cán bộ quản lý các trường; chuẩn bị kiểm tra cuối học kỳ."
        ),
        proposals="Đề nghị Ban tổ chức tập huấn về chuyển đổi số trong giáo dục.",
        submit=True,
        at=sent,
    )
    services.meeting_report_save(
        meeting=meeting,
        organization=unit("so-khcn"),
        by=staff,
        results=(
            "Tham mưu sơ kết thực hiện Nghị quyết 57-NQ/TW; hướng dẫn doanh nghiệp đăng ký nhiệm vụ đổi mới "
            "công nghệ; cập nhật cơ sở dữ liệu khoa học và công nghệ của tỉnh."
        ),
        submit=True,
        at=sent - datetime.timedelta(days=1),
    )
    services.meeting_report_save(
        meeting=meeting,
        organization=unit("so-yte"),
        by=User.objects.filter(username="lienlac.yte").first() or staff,
        results="Sở Y tế: dự thảo báo cáo, đang hoàn thiện.",
        submit=False,
        at=now - datetime.timedelta(hours=1),
    )
    return meeting


def seed(stdout=None):
    staff = User.objects.get(username="chuyenvien")
    leader = User.objects.get(username="lanhdao")
    ban = Organization.objects.get(code="btgdvtu-khanh-hoa")
    today = timezone.localdate()
    previous, current = _current_periods(today)
    made = [
        khanh_hoa_2022(staff, leader),
        _recent(staff, leader, ban, previous),
        _in_progress(staff, leader, ban, current, today),
    ]
    if stdout is not None:
        created = [m for m in made if m is not None]
        stdout.write(
            f"meetings: {len(created)} demo meeting(s) created, {len(made) - len(created)} already there"
        )
