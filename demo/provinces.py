"""Provinces other than the home one, for trying the national view (`seed_demo --provinces N`),
and Lai Châu, whose giao ban of 12/10/2023 is one of the source texts (source 001): it belongs to
a Lai Châu province, which seed_demo always makes.

Each province gets its Tỉnh ủy (Thành ủy), its Ban, three units, a staff member, a leader and a
liaison (user names prefixed by the province, "laichau.chuyenvien"), a giao ban meeting and the
tasks of its conclusion. Organisation codes are prefixed by the province's ("lai-chau.so-gddt"):
on SQLite (`make run`) a code is unique in the whole installation. Keyed by code, user name and
(organiser, period): running the seed again changes nothing.
"""

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone

from khoagiao.periods import M9, Period
from khoagiao.scoping import in_province
from meetings import services
from meetings.models import Finding
from organizations.models import Organization, Province, Role, User

from .giao_ban import D, at, complete_tasks, existing, record

# Provinces and centrally run cities after Nghị quyết 202/2025/QH15 (34 in all); the first is the
# one of the source text, the others are added in this order by --provinces.
PROVINCES = [
    ("lai-chau", "Lai Châu", Province.Kind.PROVINCE),
    ("ha-noi", "Hà Nội", Province.Kind.CITY),
    ("lam-dong", "Lâm Đồng", Province.Kind.PROVINCE),
    ("nghe-an", "Nghệ An", Province.Kind.PROVINCE),
    ("hai-phong", "Hải Phòng", Province.Kind.CITY),
    ("gia-lai", "Gia Lai", Province.Kind.PROVINCE),
    ("da-nang", "Đà Nẵng", Province.Kind.CITY),
    ("thanh-hoa", "Thanh Hóa", Province.Kind.PROVINCE),
    ("ho-chi-minh", "Hồ Chí Minh", Province.Kind.CITY),
    ("can-tho", "Cần Thơ", Province.Kind.CITY),
]
UNITS = [
    ("so-gddt", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT"),
    ("so-yte", "Sở Y tế", "Sở Y tế"),
    ("so-khcn", "Sở Khoa học và Công nghệ", "Sở KH&CN"),
]
STAFF = [
    ("chuyenvien", "Minh", "Nguyễn Văn", Role.STAFF, "btgtu", "Chuyên viên"),
    ("lanhdao", "Hùng", "Trần Quốc", Role.LEADER, "btgtu", "Phó Trưởng ban"),
    ("lienlac", "Lan", "Lê Thị", Role.LIAISON, "so-gddt", "Chuyên viên Văn phòng Sở"),
]
TASKS = [
    ("Tuyên truyền Nghị quyết 71-NQ/TW về đột phá phát triển giáo dục và đào tạo", "so-gddt", 60),
    ("Tổ chức tiêm chủng mở rộng và kiểm tra an toàn thực phẩm", "so-yte", 45),
    ("Triển khai Nghị quyết 57-NQ/TW về khoa học, công nghệ và chuyển đổi số", "so-khcn", -10),
]


def seed(count=1, password="", stdout=None):
    """Lai Châu always; `count` provinces in all besides the home one (at most len(PROVINCES))."""
    made = []
    for code, name, kind in PROVINCES[: max(count, 1)]:
        province = Province.objects.filter(code=code).first() or Province.objects.create(
            code=code, name=name, kind=kind
        )
        with in_province(province):
            logins = _people(province, password)
            if code == "lai-chau":
                _lai_chau_2023(logins["chuyenvien"], logins["lanhdao"], _org(province, "btgtu"))
            else:
                _giao_ban(province, logins["chuyenvien"], logins["lanhdao"])
        made.append(province)
    if stdout:
        stdout.write(f"Other provinces: {', '.join(p.name for p in made)}")
    return made


def _org(province, code):
    return Organization.objects.get(code=f"{province.code}.{code}")


def _upsert_org(province, code, **values):
    org = Organization.objects.filter(code=f"{province.code}.{code}").first()
    return org or Organization.objects.create(code=f"{province.code}.{code}", **values)


def _people(province, password):
    committee_name = province.committee
    committee = _upsert_org(
        province,
        "tu",
        name=committee_name,
        short_name=committee_name,
        symbol="TU",
        kind=Organization.Kind.PARTY_COMMITTEE,
        level=Organization.Level.PROVINCE,
        heading=committee_name,
        place_name=province.name,
    )
    ban_name = f"Ban Tuyên giáo {committee_name}"
    _upsert_org(
        province,
        "btgtu",
        name=ban_name,
        short_name=ban_name,
        symbol="BTGTU",
        kind=Organization.Kind.PARTY_BOARD,
        level=Organization.Level.PROVINCE,
        heading="Ban Tuyên giáo",
        place_name=province.name,
        parent=committee,
    )
    for code, name, short in UNITS:
        _upsert_org(
            province,
            code,
            name=f"{name} {'thành phố' if province.kind == Province.Kind.CITY else 'tỉnh'} {province.name}",
            short_name=short,
            level=Organization.Level.PROVINCE,
            place_name=province.name,
        )
    prefix = province.code.replace("-", "")
    users = {}
    for name, first, last, role, org_code, position in STAFF:
        username = f"{prefix}.{name}"
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "organization": _org(province, org_code),
                "position": position,
                "email": f"{username}@khoagiao.example",
                "province": province,
            },
        )
        if created:
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=role.value)])
        users[name] = user
    return users


def _giao_ban(province, staff, leader):
    """The giao ban of the last ended nine months, with its conclusion's tasks for the units."""
    today = timezone.localdate()
    period = Period(today.year if today >= Period(today.year, M9).end else today.year - 1, M9)
    organizer = _org(province, "btgtu")
    if existing(organizer, period):
        return None
    day = period.end + datetime.timedelta(days=12)
    meeting = services.meeting_create(
        by=staff,
        title=f"Hội nghị giao ban công tác khoa giáo {period.name}",
        period=period,
        starts_at=at(day, 8, 0),
        place=f"Trụ sở {organizer.name}",
        organizer=organizer,
        chair_name=f"{leader.last_name} {leader.first_name}",
        chair_position="Phó Trưởng ban",
        invited=[_org(province, code) for code, _name, _short in UNITS],
    )
    meeting = record(
        meeting,
        staff,
        conclusion={
            "issued_on": day + datetime.timedelta(days=3),
            "speaker_title": "Phó Trưởng ban",
            "text": "Đồng chí Phó Trưởng ban đề nghị các đơn vị tập trung vào một số nhiệm vụ sau.",
            "signer_position": "Phó Trưởng ban",
            "signer_name": f"{leader.last_name} {leader.first_name}",
            "recipients": f"Thường trực {province.committee} (b/c)\nCác đơn vị trong Khối Khoa giáo\nLưu VP",
        },
        findings=[
            (Finding.Kind.RESULT, None, None, "Các đơn vị hoàn thành nhiệm vụ khoa giáo theo kế hoạch.")
        ],
        tasks=[
            (title, f"{province.code}.{lead}", [], today + datetime.timedelta(days=due), None)
            for title, lead, due in TASKS
        ],
    )
    meeting = services.conclusion_approve(
        meeting=meeting, by=leader, at=at(day + datetime.timedelta(days=3), 9)
    )
    return meeting


def _lai_chau_2023(staff, leader, organizer):
    period = Period(2023, M9)
    if existing(organizer, period):
        return None
    meeting = services.meeting_create(
        by=staff,
        title="Hội nghị giao ban công tác khoa giáo 9 tháng năm 2023",
        period=period,
        starts_at=at(D(2023, 10, 12), 8, 0),
        place="Ban Tuyên giáo Tỉnh ủy Lai Châu",
        organizer=organizer,
        chair_name="Lê Đức Dục",
        chair_position="Trưởng Ban Tuyên giáo Tỉnh ủy Lai Châu",
        attendees_note="đại diện các ngành trong khối Khoa giáo, các huyện, thành phố",
        agenda=(
            "Đánh giá công tác khoa giáo 9 tháng năm 2023; triển khai nhiệm vụ trọng tâm 3 tháng cuối năm."
        ),
    )
    R, L = Finding.Kind.RESULT, Finding.Kind.LIMITATION
    meeting = record(
        meeting,
        staff,
        conclusion={
            "issued_on": D(2023, 10, 16),
            "speaker_title": "Trưởng Ban Tuyên giáo Tỉnh ủy",
            "text": (
                "Đồng chí Trưởng Ban đề nghị các ngành trong khối Khoa giáo, các huyện, thành phố tiếp "
                "tục nâng cao hiệu quả phối hợp, tập trung vào một số nhiệm vụ sau."
            ),
            "signer_position": "Trưởng ban",
            "signer_name": "Lê Đức Dục",
            "recipients": (
                "Ban Tuyên giáo Trung ương (b/c)\nThường trực Tỉnh ủy (b/c)\nCác ngành trong khối Khoa giáo\n"
                "Ban Tuyên giáo các huyện ủy, thành ủy\nLưu VP"
            ),
        },
        findings=[
            (
                R,
                None,
                "y_te",
                "Công tác bảo vệ, chăm sóc sức khỏe Nhân dân tiếp tục được quan tâm; kiểm soát tốt dịch "
                "Covid-19.",
            ),
            (
                R,
                None,
                "giao_duc_dao_tao",
                "Giáo dục và đào tạo được chú trọng đổi mới, nâng cao chất lượng dạy và học; tham mưu "
                "tổng kết 10 năm thực hiện Nghị quyết số 29-NQ/TW về giáo dục; tổng kết năm học 2022 - "
                "2023, triển khai nhiệm vụ năm học 2023 - 2024.",
            ),
            (
                R,
                None,
                "the_duc_the_thao",
                "Tổ chức thành công Giải vô địch quốc gia Marathon và cự ly dài Báo Tiền Phong lần thứ 64 "
                "năm 2023.",
            ),
            (
                R,
                None,
                "tre_em",
                "Công tác gia đình, trẻ em được quan tâm, làm tốt việc thăm hỏi, tặng quà các dịp lễ, tết "
                "và bảo đảm chế độ, chính sách cho trẻ em.",
            ),
            (
                L,
                None,
                None,
                "Công tác lãnh đạo, chỉ đạo triển khai nhiệm vụ khoa giáo ở một số lĩnh vực chưa được "
                "quan tâm đúng mức.",
            ),
            (
                L,
                None,
                None,
                "Tuyên truyền, quán triệt, cụ thể hóa và triển khai thực hiện một số chủ trương, nghị "
                "quyết của Đảng về lĩnh vực khoa giáo ở cấp ủy, chính quyền cơ sở có nội dung chưa kịp "
                "thời, thiếu cụ thể.",
            ),
            (
                L,
                None,
                None,
                "Việc nắm tình hình tư tưởng trên các lĩnh vực khoa giáo ở cơ sở có nơi chưa thường "
                "xuyên, nhất là ở vùng sâu, vùng xa.",
            ),
        ],
        tasks=[
            (
                "Tiếp tục thực hiện hiệu quả Quy định về mối quan hệ công tác giữa Ban Tuyên giáo Tỉnh ủy "
                "với các ngành chuyên môn trong lĩnh vực khoa giáo.",
                "lai-chau.btgtu",
                [],
                D(2023, 12, 31),
                None,
            ),
            (
                "Rà soát lại các mục tiêu, chỉ tiêu lĩnh vực khoa giáo sau nửa nhiệm kỳ thực hiện Nghị "
                "quyết Đại hội Đảng bộ tỉnh lần thứ XIV.",
                "lai-chau.btgtu",
                [],
                D(2023, 12, 31),
                None,
            ),
            (
                "Chú trọng nắm tình hình tư tưởng trong Nhân dân, dư luận xã hội trong quá trình triển "
                "khai các nhiệm vụ công tác khoa giáo ở cơ sở để tham mưu cấp ủy, chính quyền kịp thời xử "
                "lý những vấn đề phát sinh, tránh trở thành vụ việc phức tạp, điểm nóng ở cơ sở.",
                "lai-chau.btgtu",
                [],
                D(2023, 12, 31),
                None,
            ),
            (
                "Tập trung tuyên truyền các chủ trương, chính sách của Đảng, Nhà nước về khoa giáo, nhất "
                "là Nghị quyết về các chính sách xã hội và Nghị quyết về xây dựng đội ngũ trí thức vừa "
                "được Hội nghị Trung ương 8 (khóa XIII) thông qua.",
                "lai-chau.btgtu",
                [],
                D(2023, 12, 31),
                None,
            ),
        ],
    )
    meeting = services.conclusion_approve(meeting=meeting, by=leader, at=at(D(2023, 10, 16), 9))
    complete_tasks(meeting, D(2023, 12, 28))
    return meeting
