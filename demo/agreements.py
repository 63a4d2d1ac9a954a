"""Demo data: Khánh Hòa's 2022–2025 coordination programme under Quy chế 238-QĐ/TW.

Source text 004 (giao ban quý I/2022, 01/04/2022): the Ban Tuyên giáo Tỉnh ủy signed a programme
with the Ban Cán sự đảng UBND tỉnh and seven sở — Khoa học và Công nghệ, Giáo dục và Đào tạo, Y tế,
Văn hóa và Thể thao, Tài nguyên và Môi trường, Lao động - Thương binh và Xã hội, Thông tin và
Truyền thông — for 2022–2025. The signing date and place, the programme's number and its exact
items are not in the sources: the number stays blank, the date unknown, and the items below are a
plausible reading of what the text says was coordinated. The yearly reviews are illustrative.

Keyed by natural keys (organisation codes, the directive's number, the programme's title, item
order, review period), so seeding twice changes nothing.
"""

import datetime

from django.utils import timezone

from agreements.models import AgreementItem, AgreementReview, CoordinationAgreement
from directives.models import Directive
from khoagiao.periods import Period
from organizations.models import Organization

D = datetime.date
BAN_CODE_2022 = "btgtu-khanh-hoa"
BCSD_CODE = "bcsd-ubnd-khanh-hoa"
SO = ["so-khcn", "so-gddt", "so-yte", "so-vhtt", "so-tnmt", "so-ldtbxh", "so-tttt"]

TITLE = (
    "Chương trình phối hợp công tác giữa Ban Tuyên giáo Tỉnh ủy với Ban Cán sự đảng UBND tỉnh và "
    "các cơ quan quản lý nhà nước giai đoạn 2022 – 2025"
)
SUMMARY = (
    "Triển khai Quyết định 238-QĐ/TW của Ban Bí thư khóa XII: tăng cường phối hợp, nâng cao hiệu quả "
    "công tác tư tưởng, tạo sự thống nhất cao về nhận thức, hành động của hệ thống chính trị và Nhân dân "
    "trong thực thi pháp luật, triển khai kế hoạch phát triển kinh tế - xã hội, giải quyết các vấn đề "
    "nổi cộm, Nhân dân quan tâm về các lĩnh vực khoa giáo trên địa bàn tỉnh. Ký kết tại Hội nghị ký kết "
    "trong quý I năm 2022 (ngày ký chưa đối chiếu với văn bản gốc)."
)

# order, content, lead code, cooperating codes, timeline
ITEMS = [
    (
        1,
        "Thông tin, tuyên truyền chủ trương của Đảng, chính sách, pháp luật của Nhà nước về các lĩnh vực "
        "khoa giáo trên Trang thông tin điện tử Ban Tuyên giáo Tỉnh ủy và trang thông tin của các sở",
        BAN_CODE_2022,
        ["so-tttt", "so-khcn", "so-gddt", "so-yte"],
        "Thường xuyên",
    ),
    (
        2,
        "Nắm bắt tình hình tư tưởng, dư luận xã hội; phát hiện, tham mưu định hướng xử lý các vấn đề "
        "nổi cộm, Nhân dân quan tâm trên lĩnh vực khoa giáo",
        BAN_CODE_2022,
        SO,
        "Thường xuyên; báo cáo 6 tháng và năm",
    ),
    (
        3,
        "Chuẩn bị nội dung tổng kết 10 năm thực hiện Chỉ thị 20-CT/TW ngày 05/11/2012 của Bộ Chính trị về "
        "công tác chăm sóc, giáo dục và bảo vệ trẻ em trong tình hình mới",
        "so-ldtbxh",
        [BAN_CODE_2022, "so-noivu"],
        "Năm 2022",
    ),
    (
        4,
        "Tuyên truyền công tác phòng, chống dịch COVID-19, bảo vệ, chăm sóc và nâng cao sức khỏe Nhân dân",
        "so-yte",
        ["so-tttt"],
        "2022 – 2025",
    ),
    (
        5,
        "Thúc đẩy thị trường khoa học và công nghệ, hệ sinh thái khởi nghiệp đổi mới sáng tạo và chuyển đổi "
        "số trên địa bàn tỉnh",
        "so-khcn",
        ["so-tttt"],
        "2022 – 2025",
    ),
    (
        6,
        "Thông tin về công tác tuyển sinh vào lớp 10, thi tốt nghiệp THPT, phân luồng học sinh sau THCS, "
        "THPT",
        "so-gddt",
        [],
        "Hằng năm, trước kỳ thi",
    ),
    (
        7,
        "Tuyên truyền phát triển phong trào thể dục thể thao, xây dựng gia đình no ấm, tiến bộ, hạnh phúc",
        "so-vhtt",
        [],
        "2022 – 2025",
    ),
    (
        8,
        "Định hướng dư luận về quản lý tài nguyên, bảo vệ môi trường trên địa bàn tỉnh",
        "so-tnmt",
        [],
        "2022 – 2025",
    ),
]

# period, reviewed on, reviewed in, result
REVIEWS = [
    (
        "2022-Y",
        D(2022, 12, 20),
        "Hội nghị giao ban công tác khoa giáo năm 2022",
        "Các bên ban hành kế hoạch thực hiện Chương trình; phối hợp chuẩn bị tổng kết 10 năm Chỉ thị "
        "20-CT/TW; thông tin kịp thời về phòng, chống dịch COVID-19 và kỳ thi tốt nghiệp THPT.",
    ),
    (
        "2023-Y",
        D(2023, 12, 19),
        "Hội nghị giao ban công tác khoa giáo năm 2023",
        "Duy trì trao đổi thông tin hằng quý; một số sở còn chậm gửi báo cáo định kỳ. Thống nhất gửi báo "
        "cáo kết quả phối hợp trước ngày 15/11 hằng năm.",
    ),
    (
        "2024-Y",
        D(2024, 12, 17),
        "Hội nghị giao ban công tác khoa giáo năm 2024",
        "Hoàn thành phần lớn nội dung phối hợp năm 2024; chuẩn bị sắp xếp lại các sở theo Nghị định "
        "45/2025/NĐ-CP, chuyển nhiệm vụ phối hợp sang các đơn vị kế thừa.",
    ),
]


def basis_238():
    """238-QĐ/TW, looked up by number (the directives demo seeds it); created only if missing."""
    found = Directive.objects.filter(number="238-QĐ/TW").order_by("issued_on").first()
    if found:
        return found
    return Directive.objects.create(
        sequence=238,
        type_abbreviation="QĐ",
        issuer_symbol="TW",
        doc_type="quyet_dinh",
        issuing_body=Organization.objects.get(code="bbt"),
        term=12,
        issued_on=D(2020, 9, 30),
        effective_on=D(2020, 9, 30),
        title=(
            "ban hành Quy chế phối hợp giữa ban tuyên giáo các cấp với cơ quan nhà nước cùng cấp trong việc "
            "thực thi pháp luật, triển khai kế hoạch phát triển kinh tế - xã hội, giải quyết các vấn đề nổi "
            "cộm, Nhân dân quan tâm"
        ),
    )


def seed(stdout=None):
    codes = [*SO, BAN_CODE_2022, BCSD_CODE, "so-noivu"]
    orgs = {org.code: org for org in Organization.objects.filter(code__in=codes)}
    basis = basis_238()
    starts, ends = D(2022, 1, 1), D(2025, 12, 31)
    agreement = CoordinationAgreement.objects.filter(title=TITLE).first()
    if agreement is None:
        status = (
            CoordinationAgreement.Status.IN_EFFECT
            if timezone.localdate() <= ends
            else CoordinationAgreement.Status.ENDED
        )
        agreement = CoordinationAgreement.objects.create(
            title=TITLE,
            basis=basis,
            ban=orgs[BAN_CODE_2022],
            starts_on=starts,
            ends_on=ends,
            status=status,
            summary=SUMMARY,
        )
        agreement.partners.set([orgs[BCSD_CODE], *(orgs[code] for code in SO)])
    for order, content, lead, cooperating, timeline in ITEMS:
        item, created = AgreementItem.objects.get_or_create(
            agreement=agreement,
            order=order,
            defaults={"content": content, "lead": orgs[lead], "timeline": timeline},
        )
        if created:
            item.cooperating.set([orgs[code] for code in cooperating if code != lead])
    for period, day, where, result in REVIEWS:
        AgreementReview.objects.get_or_create(
            agreement=agreement,
            period=Period.parse(period),
            defaults={"reviewed_on": day, "reviewed_in": where, "result": result},
        )
    if stdout:
        stdout.write(
            f"Coordination programme: {agreement.items.count()} items, {agreement.reviews.count()} reviews"
        )
    return agreement
