"""Demo tasks due in every quarter from 2024 to the current one, so that each period a visitor can
pick on the dashboard or ask a report for (quý, 6 tháng, 9 tháng, năm) has figures.

Counted from the day the demo is seeded, so that it stays right in later years: the quarters that
have ended have their tasks done (most on time, some late; a recent one may still be overdue), the
current quarter's are under way. Each unit's recurring quarterly report, and one task of the
season (Ngày Thầy thuốc, Ngày Khoa học và Công nghệ, the new school year, Tuần lễ học tập suốt
đời). A task's lead is the unit in charge on its due date: the Sở Lao động - Thương binh và Xã hội
until the 2025 reorganisation, the Sở Y tế after it (children's affairs moved there). Sources are
the 2024 khoa giáo guidance (128-HD/BTGTW) for 2024, then the resolution of the field in force
when the task was assigned.

Keyed by (title, lead unit), the title naming its period: seeding twice changes nothing. Every
write goes through assignments.services; reports received are recorded by the Ban's staff.
"""

import datetime

from django.utils import timezone

from assignments.models import Task
from assignments.services import task_create, task_report_progress
from directives.models import Directive
from khoagiao.periods import Period
from organizations.models import Field, Organization, User

from .organizations import MERGER_DAY

FIRST_YEAR = 2024
GUIDANCE_2024 = "128-HD/BTGTW"
STAFF = "chuyenvien"
DAYS = datetime.timedelta

# title ({period} is its name: "quý II năm 2024"), lead (before, from the reorganisation day),
# cooperating, field, source directives (the first one issued by the assignment day is used),
# due (month of the quarter 0–2, day).
QUARTERLY = [
    (
        "Báo cáo kết quả công tác giáo dục và đào tạo {period}",
        ("so-gddt", "so-gddt"),
        ["hoi-khuyen-hoc"],
        "giao_duc_dao_tao",
        ["71-NQ/TW", "29-NQ/TW"],
        (2, 20),
    ),
    (
        "Báo cáo kết quả công tác y tế, dân số {period}",
        ("so-yte", "so-yte"),
        [],
        "y_te",
        ["72-NQ/TW", "25-CT/TW"],
        (2, 25),
    ),
    (
        "Báo cáo kết quả phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số {period}",
        ("so-khcn", "so-khcn"),
        ["lhh-khkt"],
        "khoa_hoc_cong_nghe",
        ["57-NQ/TW", "45-NQ/TW"],
        (1, 28),
    ),
    (
        "Báo cáo công tác bảo vệ, chăm sóc và giáo dục trẻ em {period}",
        ("so-ldtbxh", "so-yte"),
        ["so-gddt"],
        "tre_em",
        ["20-CT/TW"],
        (2, 10),
    ),
]

# One task of the season per quarter: title ({year}), lead, field, source directives, (month, day).
SEASONAL = {
    1: (
        "Tuyên truyền kỷ niệm Ngày Thầy thuốc Việt Nam (27/2) năm {year}",
        "so-yte",
        "y_te",
        ["72-NQ/TW", "25-CT/TW"],
        (2, 27),
    ),
    2: (
        "Tổ chức các hoạt động hưởng ứng Ngày Khoa học và Công nghệ Việt Nam (18/5) năm {year}",
        "so-khcn",
        "khoa_hoc_cong_nghe",
        ["57-NQ/TW", "45-NQ/TW"],
        (5, 18),
    ),
    3: (
        "Tuyên truyền khai giảng năm học {year} – {next_year}",
        "so-gddt",
        "giao_duc_dao_tao",
        ["71-NQ/TW", "29-NQ/TW"],
        (9, 5),
    ),
    4: (
        "Tổ chức Tuần lễ hưởng ứng học tập suốt đời năm {year}",
        "hoi-khuyen-hoc",
        "giao_duc_dao_tao",
        ["11-CT/TW"],
        (10, 15),
    ),
}

DONE_TEXT = "Đã hoàn thành; gửi báo cáo kết quả kèm theo."
PROGRESS_TEXT = "Đang triển khai theo kế hoạch; đã tổng hợp số liệu của phần lớn các đơn vị trực thuộc."


def quarters(today):
    """Every quarter from the first of FIRST_YEAR to the one holding `today`."""
    found = []
    for year in range(FIRST_YEAR, today.year + 1):
        for number in range(1, 5):
            period = Period(year, f"Q{number}")
            if period.start <= today:
                found.append(period)
    return found


def _specs(period):
    """(title, lead code, cooperating codes, field, source numbers, due) of the quarter's tasks."""
    number = int(period.kind[1])
    specs = []
    for title, (before, after), cooperating, field, sources, (month, day) in QUARTERLY:
        due = datetime.date(period.year, period.start.month + month, day)
        lead = before if due < MERGER_DAY else after
        specs.append((title.format(period=period.name), lead, cooperating, field, sources, due))
    title, lead, field, sources, (month, day) = SEASONAL[number]
    title = title.format(year=period.year, next_year=period.year + 1)
    specs.append((title, lead, [], field, sources, datetime.date(period.year, month, day)))
    return specs


def _source(numbers, period, assigned):
    """The directive a task comes from: the 2024 guidance in 2024, else the first of `numbers`
    issued by the day it is assigned."""
    numbers = [GUIDANCE_2024] if period.year == FIRST_YEAR else numbers
    for number in numbers:
        directive = (
            Directive.objects.filter(number=number, issued_on__lte=assigned).order_by("-issued_on").first()
        )
        if directive is not None:
            return directive
    return None


def _outcome(index, due, today):
    """What became of a task: ("done", day), ("progress", day, %) or None (nothing reported yet).
    Most are done a few days early; every seventh is late; every sixth due in the last half year
    is still overdue."""
    if due >= today:
        return None
    if index % 6 == 5 and (today - due).days <= 180:
        return ("progress", min(today, due - DAYS(7)), 60)
    if index % 7 == 3:
        return ("done", due + DAYS(12)) if due + DAYS(12) <= today else ("progress", due - DAYS(7), 70)
    return ("done", due - DAYS(2 + index % 4))


def _report(task, staff, outcome):
    if outcome[0] == "done":
        task_report_progress(task=task, by=staff, text=DONE_TEXT, marks_done=True, reported_on=outcome[1])
    else:
        _kind, day, progress = outcome
        task_report_progress(task=task, by=staff, text=PROGRESS_TEXT, progress=progress, reported_on=day)


def seed(stdout=None):
    today = timezone.localdate()
    staff = User.objects.get(username=STAFF)
    fields = {field.code: field for field in Field.objects.all()}
    orgs = {org.code: org for org in Organization.objects.all()}
    created = 0
    index = 0
    for period in quarters(today):
        for title, lead, cooperating, field, sources, due in _specs(period):
            index += 1
            if Task.objects.filter(title=title, lead=orgs[lead]).exists():
                continue
            assigned = period.start - DAYS(10)
            directive = _source(sources, period, assigned)
            if directive is not None:
                assigned = max(assigned, directive.issued_on)
            task = task_create(
                by=staff,
                title=title,
                lead=orgs[lead],
                cooperating=[orgs[code] for code in cooperating],
                due_on=due,
                assigned_on=assigned,
                field=fields.get(field),
                directive=directive,
            )
            created += 1
            outcome = _outcome(index, due, today)
            if outcome is None and (today - assigned).days >= 20:
                outcome = ("progress", today - DAYS(5), 40)
            if outcome is not None:
                _report(task, staff, outcome)
    if stdout:
        stdout.write(f"Tasks of every quarter since {FIRST_YEAR}: {created} created")
