"""The demo's giao ban meeting taken from a source text: Khánh Hòa, quý I năm 2022 (01/04/2022),
chaired by Lê Hữu Thọ (source 004). The findings and the conclusion's tasks are taken from the news
text; the lead units and deadlines of the tasks are not in the text and were chosen to fit the
subjects (the Sở named in the text, end of a quarter or of the year).

Lai Châu's giao ban of source 001 belongs to Lai Châu's province (demo/provinces.py). Keyed by
(organiser, period, kind): running the seed twice changes nothing.
"""

from khoagiao.periods import Q1, Period
from meetings import services
from meetings.models import Finding
from organizations.models import Organization

from .giao_ban import KHANH_HOA_RECIPIENTS, D, at, complete_tasks, existing, record, unit


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
        services.meeting_report_save(
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
