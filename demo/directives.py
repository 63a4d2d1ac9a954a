"""Demo register: the real directives of docs/domain.md and of the source texts, with their dates,
issuers, terms, links and review milestones. Keyed by number + issuing body + issue date, so that
running it again changes nothing (and writes no history)."""

import datetime

from directives import services
from directives.models import Directive, ReviewMilestone
from directives.numbering import parse_number
from organizations.models import Field, Organization, User

D = datetime.date
ALL_FIELDS = [
    "giao_duc_dao_tao",
    "khoa_hoc_cong_nghe",
    "y_te",
    "dan_so",
    "the_duc_the_thao",
    "gia_dinh",
    "tre_em",
    "an_sinh_xa_hoi",
    "phong_chong_te_nan_xa_hoi",
]

# number, issuing body code, term, issued on, doc type, title, signer, fields, summary
DIRECTIVES = [
    (
        "27-NQ/TW",
        "bch-tw",
        10,
        D(2008, 8, 6),
        "nghi_quyet",
        "Về xây dựng đội ngũ trí thức trong thời kỳ đẩy mạnh công nghiệp hóa, hiện đại hóa đất nước",
        "",
        ["khoa_hoc_cong_nghe", "giao_duc_dao_tao"],
        "",
    ),
    (
        "11-CT/TW",
        "bct",
        10,
        D(2007, 4, 13),
        "chi_thi",
        "Về tăng cường sự lãnh đạo của Đảng đối với công tác khuyến học, khuyến tài, xây dựng xã hội học tập",
        "",
        ["giao_duc_dao_tao"],
        "",
    ),
    (
        "221-QĐ/TW",
        "bbt",
        10,
        D(2009, 4, 27),
        "quyet_dinh",
        "Ban hành Quy chế phối hợp giữa ban tuyên giáo với cơ quan nhà nước cùng cấp",
        "",
        [],
        "",
    ),
    (
        "20-NQ/TW",
        "bch-tw",
        11,
        D(2012, 11, 1),
        "nghi_quyet",
        "Về phát triển khoa học và công nghệ phục vụ sự nghiệp công nghiệp hóa, hiện đại hóa trong điều kiện "
        "kinh tế thị trường định hướng xã hội chủ nghĩa và hội nhập quốc tế",
        "",
        ["khoa_hoc_cong_nghe"],
        "",
    ),
    (
        "20-CT/TW",
        "bct",
        11,
        D(2012, 11, 5),
        "chi_thi",
        "Về tăng cường sự lãnh đạo của Đảng đối với công tác chăm sóc, giáo dục và bảo vệ trẻ em "
        "trong tình hình mới",
        "",
        ["tre_em", "gia_dinh"],
        "",
    ),
    (
        "29-NQ/TW",
        "bch-tw",
        11,
        D(2013, 11, 4),
        "nghi_quyet",
        "Về đổi mới căn bản, toàn diện giáo dục và đào tạo, đáp ứng yêu cầu công nghiệp hóa, hiện đại hóa "
        "trong điều kiện kinh tế thị trường định hướng xã hội chủ nghĩa và hội nhập quốc tế",
        "",
        ["giao_duc_dao_tao"],
        "",
    ),
    (
        "66-QĐ/TW",
        "bbt",
        12,
        D(2017, 2, 6),
        "quy_dinh",
        "Về thể loại, thẩm quyền ban hành và thể thức văn bản của Đảng",
        "Đinh Thế Huynh",
        [],
        "",
    ),
    (
        "20-NQ/TW",
        "bch-tw",
        12,
        D(2017, 10, 25),
        "nghi_quyet",
        "Về tăng cường công tác bảo vệ, chăm sóc và nâng cao sức khỏe nhân dân trong tình hình mới",
        "",
        ["y_te", "dan_so"],
        "",
    ),
    (
        "36-HD/VPTW",
        "vptw",
        12,
        D(2018, 4, 3),
        "huong_dan",
        "Thể thức và kỹ thuật trình bày văn bản của Đảng",
        "",
        [],
        "",
    ),
    (
        "238-QĐ/TW",
        "bbt",
        12,
        D(2020, 9, 30),
        "quyet_dinh",
        "Ban hành Quy chế phối hợp giữa ban tuyên giáo các cấp với cơ quan nhà nước cùng cấp trong việc "
        "thực thi pháp luật, triển khai kế hoạch phát triển kinh tế - xã hội, giải quyết các vấn đề nổi cộm, "
        "Nhân dân quan tâm",
        "",
        ALL_FIELDS,
        "Bốn nội dung phối hợp thường xuyên và hai nội dung phối hợp giải quyết các vấn đề nổi cộm; ký kết "
        "chương trình, kế hoạch phối hợp. Thay thế Quyết định 221-QĐ/TW.",
    ),
    (
        "31-HD/BTGTW",
        "btgtw",
        13,
        D(2021, 11, 24),
        "huong_dan",
        "Công tác khoa giáo năm 2022",
        "",
        ALL_FIELDS[:7],
        "Giúp các tỉnh ủy, thành ủy, ban cán sự đảng, đảng đoàn, đảng ủy trực thuộc Trung ương xác định các "
        "nhiệm vụ trọng tâm công tác khoa giáo năm 2022; thực hiện chương trình phối hợp theo Quyết định "
        "238-QĐ/TW.",
    ),
    (
        "09-NQ/TW",
        "bct",
        13,
        D(2022, 1, 28),
        "nghi_quyet",
        "Về xây dựng, phát triển tỉnh Khánh Hòa đến năm 2030, tầm nhìn đến năm 2045",
        "",
        [],
        "",
    ),
    (
        "25-CT/TW",
        "bbt",
        13,
        D(2023, 10, 25),
        "chi_thi",
        "Về tiếp tục củng cố, hoàn thiện, nâng cao chất lượng hoạt động của y tế cơ sở trong tình hình mới",
        "",
        ["y_te"],
        "",
    ),
    (
        "45-NQ/TW",
        "bch-tw",
        13,
        D(2023, 11, 24),
        "nghi_quyet",
        "Về tiếp tục xây dựng và phát huy vai trò của đội ngũ trí thức đáp ứng yêu cầu phát triển đất nước "
        "nhanh và bền vững trong giai đoạn mới",
        "",
        ["khoa_hoc_cong_nghe", "giao_duc_dao_tao"],
        "",
    ),
    (
        "20-KH/TW",
        "bct",
        13,
        D(2023, 11, 28),
        "ke_hoach",
        "Thực hiện Nghị quyết Hội nghị lần thứ tám Ban Chấp hành Trung ương Đảng khóa XIII về tiếp tục xây "
        "dựng và phát huy vai trò của đội ngũ trí thức đáp ứng yêu cầu phát triển đất nước nhanh và bền "
        "vững trong giai đoạn mới",
        "",
        ["khoa_hoc_cong_nghe", "giao_duc_dao_tao"],
        "",
    ),
    (
        "128-HD/BTGTW",
        "btgtw",
        13,
        D(2023, 12, 22),
        "huong_dan",
        "Công tác khoa giáo năm 2024",
        "Vũ Thanh Mai",
        ALL_FIELDS,
        "Hướng dẫn thực hiện một số nhiệm vụ trọng tâm về công tác khoa giáo năm 2024: tham mưu tổ chức thực "
        "hiện các nghị quyết, chỉ thị, kết luận của Đảng (45-NQ/TW, 20-KH/TW, 25-CT/TW, 29-NQ/TW); kiểm tra, "
        "giám sát; sơ kết, tổng kết; chương trình phối hợp theo Quyết định 238-QĐ/TW; hội nghị, hội thảo, "
        "tập huấn.",
    ),
    (
        "57-NQ/TW",
        "bct",
        13,
        D(2024, 12, 22),
        "nghi_quyet",
        "Về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
        "",
        ["khoa_hoc_cong_nghe"],
        "",
    ),
    (
        "05-TB/BCĐTW",
        "bcdtw-khcn",
        13,
        D(2025, 7, 4),
        "thong_bao",
        "Kết luận của Tổng Bí thư tại Hội nghị sơ kết 6 tháng đầu năm 2025 thực hiện Nghị quyết 57-NQ/TW",
        "",
        ["khoa_hoc_cong_nghe"],
        "",
    ),
    (
        "71-NQ/TW",
        "bct",
        13,
        D(2025, 8, 22),
        "nghi_quyet",
        "Về đột phá phát triển giáo dục và đào tạo",
        "",
        ["giao_duc_dao_tao"],
        "",
    ),
    (
        "72-NQ/TW",
        "bct",
        13,
        D(2025, 9, 9),
        "nghi_quyet",
        "Về một số giải pháp đột phá, tăng cường bảo vệ, chăm sóc và nâng cao sức khỏe Nhân dân",
        "",
        ["y_te", "dan_so"],
        "",
    ),
    (
        "399-QĐ/TW",
        "bbt",
        13,
        D(2026, 1, 9),
        "quy_dinh",
        "Về thể loại, thẩm quyền ban hành và thể thức văn bản của Đảng",
        "Trần Cẩm Tú",
        [],
        "",
    ),
]

# (number, issued on) -> (implements, replaced by): both given as (number, issued on)
LINKS = {
    ("20-KH/TW", D(2023, 11, 28)): (("45-NQ/TW", D(2023, 11, 24)), None),
    ("05-TB/BCĐTW", D(2025, 7, 4)): (("57-NQ/TW", D(2024, 12, 22)), None),
    ("221-QĐ/TW", D(2009, 4, 27)): (None, ("238-QĐ/TW", D(2020, 9, 30))),
    ("27-NQ/TW", D(2008, 8, 6)): (None, ("45-NQ/TW", D(2023, 11, 24))),
    ("66-QĐ/TW", D(2017, 2, 6)): (None, ("399-QĐ/TW", D(2026, 1, 9))),
}

# (number, issued on), kind, title, covers from, covers to, due on, done on, result (number, date), note
MILESTONES = [
    (
        ("45-NQ/TW", D(2023, 11, 24)),
        "so_ket",
        "Sơ kết 5 năm thực hiện Nghị quyết 45-NQ/TW",
        D(2023, 11, 24),
        D(2028, 11, 24),
        D(2028, 11, 30),
        None,
        None,
        "",
    ),
    (
        ("45-NQ/TW", D(2023, 11, 24)),
        "tong_ket",
        "Tổng kết 10 năm thực hiện Nghị quyết 45-NQ/TW",
        D(2023, 11, 24),
        D(2033, 11, 24),
        D(2033, 11, 30),
        None,
        None,
        "",
    ),
    (
        ("57-NQ/TW", D(2024, 12, 22)),
        "so_ket",
        "Sơ kết 6 tháng đầu năm 2025 thực hiện Nghị quyết 57-NQ/TW",
        D(2025, 1, 1),
        D(2025, 6, 30),
        D(2025, 7, 4),
        D(2025, 7, 4),
        ("05-TB/BCĐTW", D(2025, 7, 4)),
        "",
    ),
    (
        ("57-NQ/TW", D(2024, 12, 22)),
        "so_ket",
        "Sơ kết năm 2025 thực hiện Nghị quyết 57-NQ/TW",
        D(2025, 1, 1),
        D(2025, 12, 31),
        D(2025, 12, 31),
        None,
        None,
        "",
    ),
    (
        ("57-NQ/TW", D(2024, 12, 22)),
        "so_ket",
        "Sơ kết năm 2026 thực hiện Nghị quyết 57-NQ/TW",
        D(2026, 1, 1),
        D(2026, 12, 31),
        D(2026, 12, 31),
        None,
        None,
        "",
    ),
    (
        ("20-CT/TW", D(2012, 11, 5)),
        "tong_ket",
        "Tổng kết 10 năm thực hiện Chỉ thị 20-CT/TW",
        D(2012, 11, 5),
        D(2022, 11, 5),
        D(2022, 12, 31),
        None,
        None,
        "Quý I/2022: Ban Tuyên giáo Tỉnh ủy phối hợp Sở Lao động - Thương binh và Xã hội, Sở Nội vụ chuẩn bị "
        "nội dung tổng kết (giao ban khoa giáo quý I năm 2022).",
    ),
]


def _write(directive, number, body, term, issued, doc_type, title, signer, fields, summary):
    parsed = parse_number(number)
    values = {
        "sequence": parsed.sequence,
        "type_abbreviation": parsed.abbreviation,
        "issuer_symbol": parsed.issuer,
        "doc_type": doc_type,
        "issuing_body": body,
        "term": term,
        "issued_on": issued,
        "effective_on": issued,
        "signer": signer,
        "title": title,
        "summary": summary,
    }
    if directive is None:
        return services.directive_create(by=_staff(), fields=fields, **values)
    return services.directive_update(
        directive=directive, by=_staff(), version=directive.version, fields=fields, **values
    )[0]


def _staff():
    """The demo's staff member keeps the register, as chuyên viên do (organizations.demo)."""
    return User.objects.get(username="chuyenvien")


def seed(stdout=None):
    bodies = {org.code: org for org in Organization.objects.filter(code__in={row[1] for row in DIRECTIVES})}
    fields = {item.code: item for item in Field.objects.all()}
    register = {}
    for number, code, term, issued, doc_type, title, signer, field_codes, summary in DIRECTIVES:
        body = bodies[code]
        existing = Directive.objects.filter(number=number, issuing_body=body, issued_on=issued).first()
        register[(number, issued)] = _write(
            existing,
            number,
            body,
            term,
            issued,
            doc_type,
            title,
            signer,
            [fields[c] for c in field_codes],
            summary,
        )
    for key, (implements, replaced_by) in LINKS.items():
        values = {"implements": register[implements] if implements else None}
        if replaced_by:
            values.update(replaced_by=register[replaced_by], status=Directive.Status.REPLACED)
        services.directive_update(
            directive=register[key], by=_staff(), version=register[key].version, **values
        )
    for key, kind, title, start, end, due, done, result, note in MILESTONES:
        wanted = {
            "title": title,
            "covers_from": start,
            "covers_to": end,
            "done_on": done,
            "result_document": register[result] if result else None,
            "result_note": note,
        }
        milestone, created = ReviewMilestone.objects.get_or_create(
            directive=register[key], kind=kind, due_on=due, defaults=wanted
        )
        if not created and any(getattr(milestone, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(milestone, name, value)
            milestone.save()
    if stdout:
        stdout.write(f"Directives: {len(register)} in the register, {len(MILESTONES)} review milestones.")
    return register
