"""The demo's giao ban meetings taken from the source texts.

- Khánh Hòa, quý I năm 2022 (01/04/2022), chaired by Lê Hữu Thọ (source 004): the findings and
  the conclusion's tasks are taken from the news text; the lead units and deadlines of the tasks
  are not in the text and were chosen to fit the subjects (the Sở named in the text, end of a
  quarter or of the year).
- Lai Châu, 9 tháng năm 2023 (12/10/2023), chaired by Lê Đức Dục (source 001): results,
  limitations and the tasks for the last quarter from the text; Lai Châu's sở are not modelled,
  so its tasks are led by its Ban Tuyên giáo.

Keyed by (organiser, period, kind): running the seed twice changes nothing.
"""

from khoagiao.periods import M9, Q1, Period
from meetings import services
from meetings.models import Finding
from organizations.models import Organization

from .giao_ban import KHANH_HOA_RECIPIENTS, D, at, complete_tasks, existing, record, unit


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


def khanh_hoa_2022(staff, leader):
    organizer = unit("btgtu-khanh-hoa")
    period = Period(2022, Q1)
    if existing(organizer, period):
        return None
    day = D(2022, 4, 1)
    invited = list(Organization.objects.khoi_members(day))
    meeting = services.meeting_create(
        by=staff,
        title="Hội nghị giao ban công tác khoa giáo quý I năm 2022",
        period=period,
        starts_at=at(day, 14, 0),
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
        services.report_save(
            meeting=meeting,
            organization=unit(code),
            by=staff,
            results=results,
            submit=True,
            at=at(day_sent, 16),
        )
    R = Finding.Kind.RESULT
    meeting = record(
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
    meeting = services.conclusion_approve(meeting=meeting, by=leader, at=at(D(2022, 4, 5), 10))
    complete_tasks(meeting, D(2022, 12, 20))
    return meeting


def lai_chau_2023(staff, leader):
    organizer = _lai_chau()
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
    meeting = services.conclusion_approve(meeting=meeting, by=leader, at=at(D(2023, 10, 16), 9))
    complete_tasks(meeting, D(2023, 12, 28))
    return meeting
