"""Demo organisations of one province (Khánh Hòa) after the 2025 reorganisation, with history.

Sources: docs/domain.md, "The 2025 reorganisation" (the Ban Tuyên giáo and Ban Dân vận merged
on 01/03/2025 in most provinces; the sở merged under Nghị định 45/2025/NĐ-CP from 01/03/2025),
and the usual Khối Khoa giáo.
Dates marked [to check] in docs/domain.md are used as given there; each province edits its own list.
Everything is keyed by `code`, so running it twice changes nothing.
"""

import datetime

from django.contrib.auth.models import Group

from organizations.aliases import seed_aliases
from organizations.models import (
    Field,
    KhoiMembership,
    Organization,
    OrganizationAlias,
    OrganizationChange,
    Role,
    User,
)

D = datetime.date
MERGER_DAY = D(2025, 3, 1)  # Nghị định 45/2025/NĐ-CP: the new sở operate from 01/03/2025
OLD_KHOI_FROM = D(2021, 1, 1)

P, B, S, A = (
    Organization.Kind.PARTY_COMMITTEE,
    Organization.Kind.PARTY_BOARD,
    Organization.Kind.DEPARTMENT,
    Organization.Kind.ASSOCIATION,
)
CENTRAL, PROVINCE = Organization.Level.CENTRAL, Organization.Level.PROVINCE

# code, name, short name, symbol, kind, level, valid from, valid to, place name
ORGANIZATIONS = [
    ("bch-tw", "Ban Chấp hành Trung ương Đảng", "BCH TW", "TW", P, CENTRAL, None, None, "Hà Nội"),
    ("bct", "Bộ Chính trị", "Bộ Chính trị", "TW", P, CENTRAL, None, None, "Hà Nội"),
    ("bbt", "Ban Bí thư Trung ương Đảng", "Ban Bí thư", "TW", P, CENTRAL, None, None, "Hà Nội"),
    ("vptw", "Văn phòng Trung ương Đảng", "VPTW", "VPTW", B, CENTRAL, None, None, "Hà Nội"),
    (
        "btgtw",
        "Ban Tuyên giáo Trung ương",
        "Ban Tuyên giáo TW",
        "BTGTW",
        B,
        CENTRAL,
        None,
        D(2025, 2, 2),
        "Hà Nội",
    ),
    ("bdvtw", "Ban Dân vận Trung ương", "Ban Dân vận TW", "BDVTW", B, CENTRAL, None, D(2025, 2, 2), "Hà Nội"),
    (
        "btgdvtw",
        "Ban Tuyên giáo và Dân vận Trung ương",
        "Ban TG&DV TW",
        "BTGDVTW",
        B,
        CENTRAL,
        D(2025, 2, 3),
        None,
        "Hà Nội",
    ),
    (
        "bcdtw-khcn",
        "Ban Chỉ đạo Trung ương về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
        "BCĐ TW về KHCN, ĐMST và CĐS",
        "BCĐTW",
        P,
        CENTRAL,
        D(2024, 12, 1),
        None,
        "Hà Nội",
    ),
    ("tu-khanh-hoa", "Tỉnh ủy Khánh Hòa", "Tỉnh ủy", "TU", P, PROVINCE, None, None, "Khánh Hòa"),
    (
        "btgtu-khanh-hoa",
        "Ban Tuyên giáo Tỉnh ủy Khánh Hòa",
        "Ban Tuyên giáo Tỉnh ủy",
        "BTGTU",
        B,
        PROVINCE,
        None,
        D(2025, 2, 28),
        "Nha Trang",
    ),
    (
        "bdvtu-khanh-hoa",
        "Ban Dân vận Tỉnh ủy Khánh Hòa",
        "Ban Dân vận Tỉnh ủy",
        "BDVTU",
        B,
        PROVINCE,
        None,
        D(2025, 2, 28),
        "Nha Trang",
    ),
    (
        "btgdvtu-khanh-hoa",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Khánh Hòa",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy",
        "BTGDVTU",
        B,
        PROVINCE,
        MERGER_DAY,
        None,
        "Khánh Hòa",
    ),
    # A partner of the 2022–2025 coordination programme; the provincial ban cán sự đảng ended in the
    # 2025 reorganisation (the province's own date is not checked: its reorganisation day is used).
    (
        "bcsd-ubnd-khanh-hoa",
        "Ban Cán sự đảng Ủy ban nhân dân tỉnh Khánh Hòa",
        "Ban Cán sự đảng UBND tỉnh",
        "",
        P,
        PROVINCE,
        None,
        D(2025, 2, 28),
        "",
    ),
    # Sở and member organisations of the Khối Khoa giáo today
    ("so-gddt", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT", "", S, PROVINCE, None, None, ""),
    ("so-khcn", "Sở Khoa học và Công nghệ", "Sở KH&CN", "", S, PROVINCE, None, None, ""),
    ("so-yte", "Sở Y tế", "Sở Y tế", "", S, PROVINCE, None, None, ""),
    ("so-noivu", "Sở Nội vụ", "Sở Nội vụ", "", S, PROVINCE, None, None, ""),
    ("so-vhttdl", "Sở Văn hóa, Thể thao và Du lịch", "Sở VHTT&DL", "", S, PROVINCE, MERGER_DAY, None, ""),
    ("so-nnmt", "Sở Nông nghiệp và Môi trường", "Sở NN&MT", "", S, PROVINCE, MERGER_DAY, None, ""),
    (
        "lhh-khkt",
        "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh",
        "Liên hiệp hội KH&KT",
        "",
        A,
        PROVINCE,
        None,
        None,
        "",
    ),
    ("hoi-khuyen-hoc", "Hội Khuyến học tỉnh", "Hội Khuyến học", "", A, PROVINCE, None, None, ""),
    # Historical sở, merged on 01/03/2025
    (
        "so-ldtbxh",
        "Sở Lao động - Thương binh và Xã hội",
        "Sở LĐTB&XH",
        "",
        S,
        PROVINCE,
        None,
        D(2025, 2, 28),
        "",
    ),
    ("so-tttt", "Sở Thông tin và Truyền thông", "Sở TT&TT", "", S, PROVINCE, None, D(2025, 2, 28), ""),
    ("so-tnmt", "Sở Tài nguyên và Môi trường", "Sở TN&MT", "", S, PROVINCE, None, D(2025, 2, 28), ""),
    (
        "so-nnptnt",
        "Sở Nông nghiệp và Phát triển nông thôn",
        "Sở NN&PTNT",
        "",
        S,
        PROVINCE,
        None,
        D(2025, 2, 28),
        "",
    ),
    ("so-vhtt", "Sở Văn hóa và Thể thao", "Sở VH&TT", "", S, PROVINCE, None, D(2025, 2, 28), ""),
    ("so-dulich", "Sở Du lịch", "Sở Du lịch", "", S, PROVINCE, None, D(2025, 2, 28), ""),
]

# The names printed in document header blocks (docs/domain.md, "The layout of a document":
# "BAN CHẤP HÀNH TRUNG ƯƠNG / BAN TUYÊN GIÁO").
HEADINGS = {
    "bch-tw": "Ban Chấp hành Trung ương",
    "btgtw": "Ban Tuyên giáo",
    "btgdvtw": "Ban Tuyên giáo và Dân vận",
    "tu-khanh-hoa": "Tỉnh ủy Khánh Hòa",
    "btgtu-khanh-hoa": "Ban Tuyên giáo",
    "bdvtu-khanh-hoa": "Ban Dân vận",
    "btgdvtu-khanh-hoa": "Ban Tuyên giáo và Dân vận",
}

# kind, effective on, legal basis, predecessors, successors
CHANGES = [
    (
        OrganizationChange.Kind.MERGE,
        D(2025, 2, 3),
        "Quyết định của Bộ Chính trị công bố ngày 03/02/2025",
        ["btgtw", "bdvtw"],
        ["btgdvtw"],
    ),
    (
        OrganizationChange.Kind.MERGE,
        MERGER_DAY,
        "Quyết định của Ban Thường vụ Tỉnh ủy về hợp nhất Ban Tuyên giáo và Ban Dân vận Tỉnh ủy",
        ["btgtu-khanh-hoa", "bdvtu-khanh-hoa"],
        ["btgdvtu-khanh-hoa"],
    ),
    (
        OrganizationChange.Kind.DISSOLVE,
        MERGER_DAY,
        "Tổng kết Nghị quyết 18-NQ/TW: kết thúc hoạt động các ban cán sự đảng cấp tỉnh, thành lập Đảng bộ "
        "Ủy ban nhân dân tỉnh (ngày của tỉnh chưa đối chiếu với quyết định gốc)",
        ["bcsd-ubnd-khanh-hoa"],
        [],
    ),
    (OrganizationChange.Kind.ABSORB, MERGER_DAY, "Nghị định 45/2025/NĐ-CP", ["so-tttt"], ["so-khcn"]),
    (OrganizationChange.Kind.ABSORB, MERGER_DAY, "Nghị định 45/2025/NĐ-CP", ["so-ldtbxh"], ["so-noivu"]),
    (
        OrganizationChange.Kind.TRANSFER,
        MERGER_DAY,
        "Nghị định 45/2025/NĐ-CP: bảo trợ xã hội, trẻ em, phòng, chống tệ nạn xã hội sang Sở Y tế; "
        "giáo dục nghề nghiệp sang Sở Giáo dục và Đào tạo",
        ["so-ldtbxh"],
        ["so-yte", "so-gddt"],
    ),
    (
        OrganizationChange.Kind.MERGE,
        MERGER_DAY,
        "Nghị định 45/2025/NĐ-CP",
        ["so-tnmt", "so-nnptnt"],
        ["so-nnmt"],
    ),
    (
        OrganizationChange.Kind.MERGE,
        MERGER_DAY,
        "Nghị định 45/2025/NĐ-CP",
        ["so-vhtt", "so-dulich"],
        ["so-vhttdl"],
    ),
]

# code -> (member from, member until, field codes)
KHOI = {
    "so-gddt": (OLD_KHOI_FROM, None, ["giao_duc_dao_tao"]),
    "so-khcn": (OLD_KHOI_FROM, None, ["khoa_hoc_cong_nghe"]),
    "so-yte": (OLD_KHOI_FROM, None, ["y_te", "dan_so", "tre_em", "phong_chong_te_nan_xa_hoi"]),
    "so-noivu": (MERGER_DAY, None, ["an_sinh_xa_hoi"]),
    "so-vhttdl": (MERGER_DAY, None, ["the_duc_the_thao", "gia_dinh"]),
    "so-nnmt": (MERGER_DAY, None, []),
    "lhh-khkt": (OLD_KHOI_FROM, None, ["khoa_hoc_cong_nghe"]),
    "hoi-khuyen-hoc": (OLD_KHOI_FROM, None, ["giao_duc_dao_tao"]),
    "so-ldtbxh": (OLD_KHOI_FROM, D(2025, 2, 28), ["tre_em", "an_sinh_xa_hoi", "phong_chong_te_nan_xa_hoi"]),
    "so-tttt": (OLD_KHOI_FROM, D(2025, 2, 28), []),
    "so-tnmt": (OLD_KHOI_FROM, D(2025, 2, 28), []),
    "so-vhtt": (OLD_KHOI_FROM, D(2025, 2, 28), ["the_duc_the_thao", "gia_dinh"]),
}

BAN_CODE = "btgdvtu-khanh-hoa"

# username, first name, last name, role, organisation code, position
USERS = [
    ("quantri", "Quản trị", "Hệ thống", Role.ADMIN, BAN_CODE, "Cán bộ công nghệ thông tin"),
    (
        "chuyenvien",
        "Lan",
        "Nguyễn Thị",
        Role.STAFF,
        BAN_CODE,
        "Chuyên viên Phòng Khoa giáo, Văn hóa - Văn nghệ",
    ),
    ("lanhdao", "Hùng", "Trần Văn", Role.LEADER, BAN_CODE, "Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy"),
    ("lienlac.gddt", "Minh", "Lê Quang", Role.LIAISON, "so-gddt", "Chuyên viên Văn phòng Sở"),
    ("lienlac.yte", "Hoa", "Phạm Thị", Role.LIAISON, "so-yte", "Chuyên viên Văn phòng Sở"),
    # The head of lienlac.gddt's sở: its pages are a liaison's, plus asking for the unit's liaisons
    # to be named or withdrawn ("Đầu mối liên lạc của đơn vị"), and the escalated reminders.
    ("lanhdao.gddt", "Thu", "Võ Thị", Role.UNIT_HEAD, "so-gddt", "Phó Giám đốc Sở"),
    # The central Ban's reader: every province's pages and the national view (Toàn quốc), no writes.
    (
        "trunguong",
        "Nam",
        "Đỗ Hoài",
        Role.CENTRAL,
        "btgdvtw",
        "Chuyên viên Vụ Khoa giáo, Ban Tuyên giáo và Dân vận Trung ương",
    ),
]


def _upsert(model, lookup, values):
    """update_or_create that saves only what differs: a second seed_demo leaves no audit rows."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
    return obj


def seed(password, stdout=None):
    orgs = {}
    for code, name, short, symbol, kind, level, start, end, place in ORGANIZATIONS:
        org = _upsert(
            Organization,
            {"code": code},
            {
                "name": name,
                "short_name": short,
                "symbol": symbol,
                "kind": kind,
                "level": level,
                "valid_from": start,
                "valid_to": end,
                "place_name": place,
            },
        )
        orgs[code] = org
    for code, heading in HEADINGS.items():
        Organization.objects.filter(pk=orgs[code].pk).exclude(heading=heading).update(heading=heading)
    for code in ("btgtu-khanh-hoa", "bdvtu-khanh-hoa", "btgdvtu-khanh-hoa", "bcsd-ubnd-khanh-hoa"):
        Organization.objects.filter(pk=orgs[code].pk).update(parent=orgs["tu-khanh-hoa"])
    for code in ("btgtw", "bdvtw", "btgdvtw", "vptw", "bct", "bbt"):
        Organization.objects.filter(pk=orgs[code].pk).update(parent=orgs["bch-tw"])
    # The migration seeded none: the demo's organisations did not exist yet.
    seed_aliases(Organization, OrganizationAlias)

    for kind, day, basis, before, after in CHANGES:
        change = OrganizationChange.objects.filter(
            kind=kind, effective_on=day, predecessors=orgs[before[0]]
        ).first() or OrganizationChange.objects.create(kind=kind, effective_on=day, legal_basis=basis)
        change.predecessors.set([orgs[c] for c in before])
        change.successors.set([orgs[c] for c in after])

    fields = {f.code: f for f in Field.objects.all()}
    for code, (start, end, field_codes) in KHOI.items():
        membership = _upsert(
            KhoiMembership, {"organization": orgs[code], "valid_from": start}, {"valid_to": end}
        )
        membership.fields.set([fields[c] for c in field_codes])

    logins = []
    for username, first, last, role, org_code, position in USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "organization": orgs[org_code],
                "position": position,
                "email": f"{username}@khoagiao.example",
                # the central Ban's people belong to no province
                "province": orgs[org_code].province,
            },
        )
        if created:
            user.set_password(password)
            user.is_staff = role == Role.ADMIN
            user.save()
        user.groups.set([Group.objects.get(name=role.value)])
        logins.append((username, role, orgs[org_code]))
    return logins


def ban():
    """The Ban that runs this portal."""
    return Organization.objects.get(code=BAN_CODE)
