"""Demo giao ban meetings: the two of the source texts and the current ones.

- Khánh Hòa, quý I năm 2022 (01/04/2022), chaired by Lê Hữu Thọ (source 004): the findings and
  the conclusion's tasks are taken from the news text; the lead units and deadlines of the tasks
  are not in the text and were chosen to fit the subjects (the Sở named in the text, end of a
  quarter or of the year).
- Lai Châu, 9 tháng năm 2023 (12/10/2023), chaired by Lê Đức Dục (source 001): results,
  limitations and the tasks for the last quarter from the text; Lai Châu's sở are not modelled,
  so its tasks are led by its Ban Tuyên giáo.
- The meeting of the last ended period, approved, with open tasks for the demo units; and the
  meeting of the current period in progress (some units have reported, some not).

Meetings are keyed by (organiser, period, kind): running the seed twice changes nothing. Every
change goes through meetings.services, as it would from the pages.
"""

import datetime

from django.utils import timezone

from khoagiao.periods import H1, M9, Q1, YEAR, Period
from organizations.models import Field, Organization, User

from . import services
from .models import Finding, Meeting

D = datetime.date
MEETING_DAY = {Q1: (3, 28), H1: (6, 25), M9: (9, 28), YEAR: (12, 10)}
PREVIOUS = {Q1: (-1, YEAR), H1: (0, Q1), M9: (0, H1), YEAR: (0, M9)}
KHANH_HOA_RECIPIENTS = "\n".join(
    ["Thường trực Tỉnh ủy (b/c)", "Các đồng chí lãnh đạo Ban", "Các đơn vị trong Khối Khoa giáo", "Lưu VP"]
)


def _at(day, hour=8, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _name(user):
    return f"{user.last_name} {user.first_name}".strip()


def _orgs(*codes):
    found = {o.code: o for o in Organization.objects.filter(code__in=codes)}
    return [found[c] for c in codes if c in found]


def _org(code):
    return Organization.objects.get(code=code)


def _lai_chau():
    """Lai Châu's Tỉnh ủy and Ban Tuyên giáo (source 001), keyed by code; created once, never
    rewritten (an administrator may have corrected them since)."""
    committee, _created = Organization.objects.get_or_create(
        code="tu-lai-chau",
        defaults={
            "name": "Tỉnh ủy Lai Châu",
            "short_name": "Tỉnh ủy Lai Châu",
            "symbol": "TU",
            "kind": Organization.Kind.PARTY_COMMITTEE,
            "level": Organization.Level.PROVINCE,
            "heading": "Tỉnh ủy Lai Châu",
            "place_name": "Lai Châu",
        },
    )
    ban, _created = Organization.objects.get_or_create(
        code="btgtu-lai-chau",
        defaults={
            "name": "Ban Tuyên giáo Tỉnh ủy Lai Châu",
            "short_name": "Ban Tuyên giáo Tỉnh ủy Lai Châu",
            "symbol": "BTGTU",
            "kind": Organization.Kind.PARTY_BOARD,
            "level": Organization.Level.PROVINCE,
            "heading": "Ban Tuyên giáo",
            "place_name": "Lai Châu",
            "parent": committee,
        },
    )
    return ban


def _existing(organizer, period):
    return Meeting.objects.filter(organizer=organizer, period=period, kind=Meeting.Kind.GIAO_BAN).first()


def _record(meeting, staff, *, conclusion, findings=(), tasks=(), proposals=()):
    fields = {f.code: f for f in Field.objects.all()}
    rows = [
        {
            "kind": kind,
            "text": text,
            "organization": _org(org) if org else None,
            "field": fields.get(field) if field else None,
        }
        for kind, org, field, text in findings
    ]
    task_rows = [
        {
            "title": title,
            "lead": _org(lead),
            "cooperating": _orgs(*coop),
            "due_on": due,
            "field": fields.get(field) if field else None,
        }
        for title, lead, coop, due, field in tasks
    ]
    return services.meeting_outcome_save(
        meeting=meeting,
        by=staff,
        version=meeting.version,
        conclusion=conclusion,
        attended=list(meeting.invited.all()),
        findings=rows,
        task_items=task_rows,
        proposals=proposals,
    )


def _complete_tasks(meeting, on):
    """Past meetings' tasks were carried out; mark them done so the dashboards stay truthful."""
    from assignments.models import Task  # downstream app: imported where it is used

    for task in Task.objects.filter(meeting=meeting, completed_on__isnull=True):
        Task.objects.filter(pk=task.pk).update(completed_on=min(on, task.due_on), progress=100)


def _khanh_hoa_2022(staff, leader):
    organizer = _org("btgtu-khanh-hoa")
    period = Period(2022, Q1)
    if _existing(organizer, period):
        return None
    day = D(2022, 4, 1)
    invited = list(Organization.objects.khoi_members(day))
    meeting = services.meeting_create(
        by=staff,
        title="Hội nghị giao ban công tác khoa giáo quý I năm 2022",
        period=period,
        starts_at=_at(day, 14, 0),
        place="Trụ sở Ban Tuyên giáo Tỉnh ủy",
        organizer=organizer,
        chair_name="Lê Hữu Thọ",
        chair_position="Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng ban Tuyên giáo Tỉnh ủy",
        attendees_note="lãnh đạo Ban Tuyên giáo Tỉnh ủy",
        agenda=(
            "1. Báo cáo kết quả công tác khoa giáo quý I, nhiệm vụ trọng tâm quý II năm 2022.\n"
            "2. Các đơn vị trong Khối Khoa giáo báo cáo, trao đổi, thảo luận.\n"
            "3. Kết luận của đồng chí Trưởng ban Tuyên giáo Tỉnh ủy."
        ),
        report_due_on=D(2022, 3, 25),
        invited=invited,
    )
    reports = [
        (
            "so-yte",
            "Triển khai đồng bộ các biện pháp chăm sóc sức khỏe Nhân dân, phòng, chống dịch COVID-19; "
            "hoàn thành chiến dịch tiêm chủng mùa xuân vắc xin COVID-19 cho người dân từ độ tuổi 12 trở "
            "lên.",
            D(2022, 3, 23),
        ),
        (
            "so-gddt",
            "Nghiêm túc thực hiện công tác phòng, chống dịch COVID-19, bảo đảm an toàn trường học.",
            D(2022, 3, 24),
        ),
        (
            "so-khcn",
            "Tham mưu ban hành Chương trình khoa học và công nghệ phục vụ phát triển kinh tế Biển tỉnh "
            "Khánh Hòa giai đoạn 2021-2025 và Chương trình khoa học và công nghệ phục vụ phát triển nông "
            "thôn miền núi tỉnh Khánh Hòa giai đoạn 2021-2025; tích cực tổ chức các hoạt động khởi "
            "nghiệp, đổi mới sáng tạo.",
            D(2022, 3, 25),
        ),
        (
            "so-vhtt",
            "Tổ chức nhiều hoạt động văn hóa, văn nghệ mừng Đảng, mừng Xuân Nhâm Dần 2022.",
            D(2022, 3, 29),
        ),
        (
            "so-ldtbxh",
            "Tổ chức tốt các hoạt động an sinh xã hội, hỗ trợ người dân bị ảnh hưởng bởi dịch bệnh COVID-19.",
            D(2022, 3, 24),
        ),
    ]
    for code, results, day_sent in reports:
        services.meeting_report_save(
            meeting=meeting,
            organization=_org(code),
            by=staff,
            results=results,
            submit=True,
            at=_at(day_sent, 16),
        )
    R = Finding.Kind.RESULT
    meeting = _record(
        meeting,
        staff,
        conclusion={
            "issued_on": D(2022, 4, 5),
            "speaker_title": "Trưởng ban Tuyên giáo Tỉnh ủy",
            "text": (
                "Đồng chí Trưởng ban ghi nhận, đánh giá cao những kết quả đạt được của các đơn vị trong "
                "Khối, đồng thời đề nghị các đơn vị trong Khối tập trung cao độ, triển khai có hiệu quả "
                "các nhiệm vụ, giải pháp công tác khoa giáo sau đây."
            ),
            "signer_position": "Trưởng ban",
            "signer_name": "Lê Hữu Thọ",
            "recipients": KHANH_HOA_RECIPIENTS,
        },
        findings=[
            (
                R,
                "btgtu-khanh-hoa",
                None,
                "Chủ trì, phối hợp với các sở, ngành liên quan tham mưu Ban Thường vụ Tỉnh ủy ban hành "
                "các văn bản chỉ đạo tổng kết các nghị quyết, chỉ thị của Đảng trên lĩnh vực khoa giáo về "
                "công tác chăm sóc, giáo dục và bảo vệ trẻ em; phát triển khoa học và công nghệ phục vụ "
                "sự nghiệp công nghiệp hóa, hiện đại hóa; ban hành các hướng dẫn công tác khoa giáo, công "
                "tác văn hóa văn nghệ năm 2022.",
            ),
            (
                R,
                "btgtu-khanh-hoa",
                None,
                "Triển khai Quyết định 238-QĐ/TW của Ban Bí thư khóa XII, tổ chức Hội nghị ký kết Chương "
                "trình phối hợp công tác giữa Ban Tuyên giáo Tỉnh ủy với Ban Cán sự đảng UBND tỉnh và các "
                "cơ quan quản lý nhà nước (các sở: Khoa học và Công nghệ, Giáo dục và Đào tạo, Y tế, Văn "
                "hóa và Thể thao, Tài nguyên và Môi trường, Lao động - Thương binh và Xã hội, Thông tin "
                "và Truyền thông) giai đoạn 2022 – 2025.",
            ),
            (R, "so-yte", "y_te", reports[0][1]),
            (R, "so-gddt", "giao_duc_dao_tao", reports[1][1]),
            (R, "so-khcn", "khoa_hoc_cong_nghe", reports[2][1]),
            (R, "so-ldtbxh", None, reports[4][1]),
            (
                R,
                None,
                None,
                "Hoạt động của các cơ quan trong Khối Khoa giáo trong quý I đã góp phần quan trọng phục "
                "hồi và phát triển kinh tế - xã hội trên địa bàn tỉnh: cấp độ dịch đã hạ từ cấp 2 xuống "
                "cấp 1 - bình thường mới; GRDP của tỉnh ước tăng 4,9% so với cùng kỳ năm trước.",
            ),
        ],
        tasks=[
            (
                "Triển khai có hiệu quả các nhiệm vụ, giải pháp công tác khoa giáo nêu trong Nghị quyết "
                "số 09-NQ/TW, ngày 28/01/2022 của Bộ Chính trị về xây dựng, phát triển tỉnh Khánh Hòa đến "
                "năm 2030, tầm nhìn đến năm 2045.",
                "btgtu-khanh-hoa",
                ["so-gddt", "so-khcn", "so-yte", "so-vhtt"],
                D(2022, 12, 31),
                None,
            ),
            (
                "Phối hợp tham mưu tổng kết 10 năm thực hiện Chỉ thị số 20-CT/TW, ngày 05/11/2012 của Bộ "
                "Chính trị về tăng cường sự lãnh đạo của Đảng đối với công tác chăm sóc, giáo dục và bảo "
                "vệ trẻ em trong tình hình mới.",
                "so-ldtbxh",
                ["so-noivu"],
                D(2022, 9, 30),
                "tre_em",
            ),
            (
                "Cụ thể hóa các chương trình, kế hoạch phối hợp công tác giữa Ban Tuyên giáo Tỉnh ủy với "
                "Ban Cán sự đảng UBND tỉnh và các cơ quan quản lý nhà nước trong triển khai Quyết định "
                "238-QĐ/TW.",
                "btgtu-khanh-hoa",
                ["so-khcn", "so-gddt", "so-yte", "so-vhtt", "so-tnmt", "so-ldtbxh", "so-tttt"],
                D(2022, 6, 30),
                None,
            ),
            (
                "Làm tốt công tác tư tưởng, định hướng dư luận về công tác phòng, chống dịch COVID-19.",
                "so-yte",
                ["so-tttt"],
                D(2022, 6, 30),
                "y_te",
            ),
            (
                "Định hướng dư luận về công tác tuyển sinh vào lớp 10 và thi tốt nghiệp THPT quốc gia, "
                "phân luồng học sinh sau THCS, THPT.",
                "so-gddt",
                [],
                D(2022, 7, 31),
                "giao_duc_dao_tao",
            ),
            (
                "Tuyên truyền thúc đẩy thị trường khoa học công nghệ, hệ sinh thái khởi nghiệp sáng tạo "
                "và chuyển đổi số trên địa bàn tỉnh.",
                "so-khcn",
                ["so-tttt"],
                D(2022, 12, 31),
                "khoa_hoc_cong_nghe",
            ),
            (
                "Làm tốt công tác tư tưởng, tạo đồng thuận xã hội về quản lý tài nguyên, môi trường.",
                "so-tnmt",
                [],
                D(2022, 12, 31),
                None,
            ),
        ],
    )
    meeting = services.conclusion_approve(meeting=meeting, by=leader, at=_at(D(2022, 4, 5), 10))
    _complete_tasks(meeting, D(2022, 12, 20))
    return meeting


def _lai_chau_2023(staff, leader):
    organizer = _lai_chau()
    period = Period(2023, M9)
    if _existing(organizer, period):
        return None
    meeting = services.meeting_create(
        by=staff,
        title="Hội nghị giao ban công tác khoa giáo 9 tháng năm 2023",
        period=period,
        starts_at=_at(D(2023, 10, 12), 8, 0),
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
    meeting = _record(
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
                "btgtu-lai-chau",
                [],
                D(2023, 12, 31),
                None,
            ),
            (
                "Rà soát lại các mục tiêu, chỉ tiêu lĩnh vực khoa giáo sau nửa nhiệm kỳ thực hiện Nghị "
                "quyết Đại hội Đảng bộ tỉnh lần thứ XIV.",
                "btgtu-lai-chau",
                [],
                D(2023, 12, 31),
                None,
            ),
            (
                "Chú trọng nắm tình hình tư tưởng trong Nhân dân, dư luận xã hội trong quá trình triển "
                "khai các nhiệm vụ công tác khoa giáo ở cơ sở để tham mưu cấp ủy, chính quyền kịp thời xử "
                "lý những vấn đề phát sinh, tránh trở thành vụ việc phức tạp, điểm nóng ở cơ sở.",
                "btgtu-lai-chau",
                [],
                D(2023, 12, 31),
                None,
            ),
            (
                "Tập trung tuyên truyền các chủ trương, chính sách của Đảng, Nhà nước về khoa giáo, nhất "
                "là Nghị quyết về các chính sách xã hội và Nghị quyết về xây dựng đội ngũ trí thức vừa "
                "được Hội nghị Trung ương 8 (khóa XIII) thông qua.",
                "btgtu-lai-chau",
                [],
                D(2023, 12, 31),
                None,
            ),
        ],
    )
    meeting = services.conclusion_approve(meeting=meeting, by=leader, at=_at(D(2023, 10, 16), 9))
    _complete_tasks(meeting, D(2023, 12, 28))
    return meeting


def _current_periods(today):
    """(the last ended main period, the current one) for the demo's two recent meetings."""
    kind = {1: Q1, 2: Q1, 3: Q1, 4: H1, 5: H1, 6: H1, 7: M9, 8: M9, 9: M9}.get(today.month, YEAR)
    offset, previous_kind = PREVIOUS[kind]
    return Period(today.year + offset, previous_kind), Period(today.year, kind)


def _meeting_day(period):
    month, day = MEETING_DAY[period.kind]
    return D(period.year, month, day)


def _recent(staff, leader, ban, period):
    if _existing(ban, period):
        return None
    day = _meeting_day(period)
    meeting = services.meeting_create(
        by=staff,
        period=period,
        starts_at=_at(day, 8, 0),
        place="Hội trường Ban Tuyên giáo và Dân vận Tỉnh ủy",
        organizer=ban,
        chair_name=_name(leader),
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
                organization=_org(code),
                by=staff,
                results=f"Kết quả công tác khoa giáo {period.name} của đơn vị (báo cáo mẫu).",
                limitations="Nguồn lực cho công tác tuyên truyền còn hạn chế.",
                submit=True,
                at=_at(day - datetime.timedelta(days=offset), 15),
            )
    end = day + datetime.timedelta(days=90)
    meeting = _record(
        meeting,
        staff,
        conclusion={
            "issued_on": day + datetime.timedelta(days=3),
            "text": "Đề nghị các đơn vị trong Khối Khoa giáo tập trung thực hiện tốt các nhiệm vụ sau.",
            "signing_authority": "K/T Trưởng ban",
            "signer_position": "Phó Trưởng ban",
            "signer_name": _name(leader),
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
        meeting=meeting, by=leader, at=_at(day + datetime.timedelta(days=3), 10)
    )


def _in_progress(staff, leader, ban, period, today):
    if _existing(ban, period):
        return None
    day = max(_meeting_day(period), today + datetime.timedelta(days=7))
    due = day - datetime.timedelta(days=10)
    meeting = services.meeting_create(
        by=staff,
        period=period,
        starts_at=_at(day, 8, 0),
        place="Hội trường Ban Tuyên giáo và Dân vận Tỉnh ủy",
        organizer=ban,
        chair_name=_name(leader),
        chair_position="Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy",
        report_due_on=due,
        invited=list(Organization.objects.khoi_members(day)),
        agenda=(
            f"1. Báo cáo kết quả công tác khoa giáo {period.name}; nhiệm vụ trọng tâm {period.next_name}.\n"
            "2. Các đơn vị trong Khối Khoa giáo báo cáo, thảo luận.\n3. Kết luận của lãnh đạo Ban."
        ),
    )
    now = timezone.now()
    sent = min(now - datetime.timedelta(hours=2), _at(due - datetime.timedelta(days=1), 15))
    services.meeting_report_save(
        meeting=meeting,
        organization=_org("so-gddt"),
        by=User.objects.filter(username="lienlac.gddt").first() or staff,
        results=f"Sở Giáo dục và Đào tạo: kết quả công tác khoa giáo {period.name} (báo cáo mẫu).",
        proposals="Đề nghị Ban tổ chức tập huấn về chuyển đổi số trong giáo dục.",
        submit=True,
        at=sent,
    )
    services.meeting_report_save(
        meeting=meeting,
        organization=_org("so-khcn"),
        by=staff,
        results="Sở Khoa học và Công nghệ: triển khai Nghị quyết 57-NQ/TW (báo cáo mẫu).",
        submit=True,
        at=sent - datetime.timedelta(days=1),
    )
    services.meeting_report_save(
        meeting=meeting,
        organization=_org("so-yte"),
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
        _khanh_hoa_2022(staff, leader),
        _lai_chau_2023(staff, leader),
        _recent(staff, leader, ban, previous),
        _in_progress(staff, leader, ban, current, today),
    ]
    if stdout is not None:
        created = [m for m in made if m is not None]
        stdout.write(
            f"meetings: {len(created)} demo meeting(s) created, {len(made) - len(created)} already there"
        )
