"""Demo tasks for the current Khánh Hòa units, in every bucket, from directives and from the 2022–2025
coordination programme's items (meeting-sourced tasks come from demo.meetings).

Dates are counted from the day the demo is seeded, so the buckets are right whenever it runs: a
task "due in 20 days" is open, one "due 10 days ago" overdue. Each task is keyed by (title, lead
unit); a task that exists is left alone, so seeding twice changes nothing. Everything goes through
assignments.services, as a user would: reports received earlier are recorded by the Ban's staff
on the lead unit's behalf; today's reports are posted by the units' own liaison officers.
"""

import datetime

from django.utils import timezone

from agreements.models import AgreementItem
from assignments.models import Task
from assignments.services import task_cancel, task_create, task_report_progress
from directives.models import Directive
from organizations.models import Field, Organization, User

from .agreements import TITLE as PROGRAMME_TITLE

BAN = "btgdvtu-khanh-hoa"
STAFF = "chuyenvien"
LIAISONS = {"so-gddt": "lienlac.gddt", "so-yte": "lienlac.yte"}

# Each task: title, lead, cooperating, source ("directive", number) or ("item", order) — a directive
# that the directives demo has not seeded falls back to the item named third —, field code,
# assigned (days from today), due (days from today), reports [(days from today, % or "done", text)],
# then "cancel" with a reason, or None.
TASKS = [
    (
        "Tham mưu kế hoạch thực hiện Nghị quyết 71-NQ/TW về đột phá phát triển giáo dục và đào tạo",
        "so-gddt",
        ["so-noivu", BAN],
        ("directive", "71-NQ/TW", 6),
        "giao_duc_dao_tao",
        -60,
        20,
        [(-40, 30, "Đã xây dựng dự thảo kế hoạch, gửi xin ý kiến các phòng chuyên môn."), (0, 60, None)],
        None,
    ),
    (
        "Báo cáo kết quả tuyển sinh lớp 10 và phân luồng học sinh sau trung học cơ sở",
        "so-gddt",
        [],
        ("item", None, 6),
        "giao_duc_dao_tao",
        -45,
        -10,
        [(-25, 40, "Đã tổng hợp số liệu tuyển sinh của 3/5 cụm trường; còn chờ số liệu các trường tư thục.")],
        None,
    ),
    (
        "Tuyên truyền Chương trình giáo dục phổ thông 2018 và sách giáo khoa mới trên trang thông tin "
        "điện tử",
        "so-gddt",
        [BAN],
        ("directive", "128-HD/BTGTW", 1),
        "giao_duc_dao_tao",
        -90,
        -30,
        [
            (-70, 50, "Đã đăng 12 tin, bài về đổi mới chương trình, sách giáo khoa."),
            (-35, "done", "Hoàn thành loạt bài tuyên truyền; báo cáo kết quả kèm theo."),
        ],
        None,
    ),
    (
        "Tuyên truyền chuyển đổi số trong giáo dục và đào tạo",
        "so-gddt",
        ["so-khcn"],
        ("item", None, 5),
        "giao_duc_dao_tao",
        -20,
        5,
        [(-8, 20, "Đã có kế hoạch tuyên truyền; đang biên tập nội dung.")],
        None,
    ),
    (
        "Tham mưu sơ kết thực hiện Nghị quyết 57-NQ/TW về phát triển khoa học, công nghệ, đổi mới sáng tạo "
        "và chuyển đổi số",
        "so-khcn",
        ["lhh-khkt", "so-gddt"],
        ("directive", "57-NQ/TW", 5),
        "khoa_hoc_cong_nghe",
        -50,
        12,
        [
            (-30, 40, "Đã gửi đề cương báo cáo sơ kết đến các đơn vị phối hợp."),
            (-5, 70, "Đã nhận báo cáo của 6/8 đơn vị."),
        ],
        None,
    ),
    (
        "Tuyên truyền Chỉ thị 25-CT/TW về củng cố, nâng cao chất lượng hoạt động của y tế cơ sở",
        "so-yte",
        [],
        ("directive", "25-CT/TW", 4),
        "y_te",
        -80,
        -20,
        [
            (-50, 50, "Đã phối hợp Báo Khánh Hòa mở chuyên mục y tế cơ sở."),
            (-5, "done", "Hoàn thành; chậm do chờ số liệu trạm y tế xã."),
        ],
        None,
    ),
    (
        "Xây dựng kế hoạch thực hiện Nghị quyết 72-NQ/TW về bảo vệ, chăm sóc và nâng cao sức khỏe Nhân dân",
        "so-yte",
        ["so-vhttdl", "so-noivu"],
        ("directive", "72-NQ/TW", 4),
        "y_te",
        -30,
        45,
        [(0, 20, None)],
        None,
    ),
    (
        "Báo cáo dư luận xã hội về khám, chữa bệnh bảo hiểm y tế và cung ứng thuốc",
        "so-yte",
        [BAN],
        ("item", None, 2),
        "y_te",
        -40,
        -3,
        [],
        None,
    ),
    (
        "Báo cáo công tác bảo vệ, chăm sóc trẻ em có hoàn cảnh đặc biệt (nhiệm vụ chuyển từ Sở Lao động - "
        "Thương binh và Xã hội)",
        "so-yte",
        ["so-noivu"],
        ("item", None, 3),
        "tre_em",
        -120,
        -60,
        [(-62, "done", "Đã gửi báo cáo số liệu trẻ em có hoàn cảnh đặc biệt năm học vừa qua.")],
        None,
    ),
    (
        "Tổ chức tọa đàm phát huy vai trò đội ngũ trí thức theo Nghị quyết 45-NQ/TW",
        "lhh-khkt",
        ["so-khcn"],
        ("directive", "45-NQ/TW", 5),
        "khoa_hoc_cong_nghe",
        -15,
        60,
        [],
        None,
    ),
    (
        "Phát động phong trào khuyến học, khuyến tài, xây dựng xã hội học tập",
        "hoi-khuyen-hoc",
        ["so-gddt"],
        ("directive", "11-CT/TW", 1),
        "giao_duc_dao_tao",
        -100,
        -45,
        [(-50, "done", "Đã phát động tại 100% xã, phường.")],
        None,
    ),
    (
        "Tuyên truyền phòng, chống bạo lực gia đình nhân Tháng hành động",
        "so-vhttdl",
        [],
        ("item", None, 7),
        "gia_dinh",
        -25,
        10,
        [],
        "Gộp vào kế hoạch truyền thông chung về gia đình của Sở.",
    ),
    (
        "Định hướng thông tin về quản lý tài nguyên, bảo vệ môi trường sau sắp xếp các sở",
        "so-nnmt",
        [BAN],
        ("item", None, 8),
        None,
        -10,
        30,
        [],
        None,
    ),
    (
        "Cung cấp số liệu an sinh xã hội cho báo cáo giao ban khoa giáo",
        "so-noivu",
        [],
        ("item", None, 2),
        "an_sinh_xa_hoi",
        -30,
        -7,
        [],
        None,
    ),
]


def _source(kind, number, order, items):
    if kind == "directive":
        directive = Directive.objects.filter(number=number).order_by("-issued_on").first()
        if directive is not None:
            return {"directive": directive}
    return {"agreement_item": items[order]}


def seed(stdout=None):
    today = timezone.localdate()
    days = datetime.timedelta
    staff = User.objects.get(username=STAFF)
    liaisons = {code: User.objects.get(username=name) for code, name in LIAISONS.items()}
    items = {item.order: item for item in AgreementItem.objects.filter(agreement__title=PROGRAMME_TITLE)}
    fields = {field.code: field for field in Field.objects.all()}
    codes = {code for spec in TASKS for code in (spec[1], *spec[2])}
    orgs = {org.code: org for org in Organization.objects.filter(code__in=codes)}
    created = 0
    for title, lead, cooperating, source, field, assigned, due, reports, cancel in TASKS:
        if Task.objects.filter(title=title, lead=orgs[lead]).exists():
            continue
        task = task_create(
            by=staff,
            title=title,
            lead=orgs[lead],
            cooperating=[orgs[code] for code in cooperating],
            due_on=today + days(due),
            assigned_on=today + days(assigned),
            field=fields.get(field),
            **_source(*source, items),
        )
        created += 1
        for offset, progress, text in reports:
            done = progress == "done"
            by = liaisons.get(lead) if offset == 0 and lead in liaisons else staff
            task_report_progress(
                task=task,
                by=by,
                text=text or "Tiếp tục triển khai theo kế hoạch; cập nhật số liệu mới nhất.",
                progress=None if done else progress,
                marks_done=done,
                reported_on=today + days(offset),
            )
        if cancel:
            task_cancel(task=task, by=staff, reason=cancel)
    # A cooperating unit's own report: Sở GD&ĐT on the 57-NQ/TW review led by Sở KH&CN.
    shared = Task.objects.filter(lead__code="so-khcn", cooperating__code="so-gddt").first()
    if created and shared is not None and "so-gddt" in liaisons:
        task_report_progress(
            task=shared,
            by=liaisons["so-gddt"],
            text="Sở Giáo dục và Đào tạo đã gửi báo cáo phần việc về chuyển đổi số trong các trường học.",
        )
    if stdout:
        stdout.write(f"Tasks: {created} created ({Task.objects.count()} in all)")
