"""The other names of the central bodies, as provincial lists write their issuers (issue 19,
item 11). Seeded by a data migration for the organisations that exist then, and by seed_demo;
admins edit them on the organisation's admin page. Keyed by the organisations' codes."""

from khoagiao.text import fold, nfc

CENTRAL_ALIASES = {
    "bch-tw": [
        "Ban Chấp hành Trung ương",
        "BCH TW",
        "BCHTW",
        "BCH Trung ương",
        "Trung ương",
        "Trung ương Đảng",
        "TW",
    ],
    "bbt": ["BBT", "Ban Bí thư", "Ban Bí thư Trung ương", "Ban Bí thư TW"],
    "bct": ["BCT", "Bộ Chính trị Trung ương"],
    "vptw": ["Văn phòng Trung ương", "Văn phòng TW"],
    # The Ban Tuyên giáo and the Ban Dân vận merged on 03/02/2025: lists keep the older names.
    "btgdvtw": [
        "Ban Tuyên giáo Trung ương",
        "Ban Tuyên giáo TW",
        "Ban TGTW",
        "BTGTW",
        "Ban Dân vận Trung ương",
        "Ban Dân vận TW",
        "Ban Tuyên giáo và Dân vận TW",
        "Ban TGDV TW",
        "BTGDVTW",
    ],
    "btgtw": ["Ban TGTW", "Ban Tuyên giáo TW", "BTGTW"],
    "bdvtw": ["Ban DVTW", "Ban Dân vận TW", "BDVTW"],
}


def seed_aliases(organization_model, alias_model):
    """Add the aliases above to the organisations that exist; safe to run again. Takes the models
    as arguments so that a migration can pass its historical ones."""
    created = 0
    for code, names in CENTRAL_ALIASES.items():
        org = organization_model.objects.filter(code=code).first()
        if org is None:
            continue
        own = {fold(org.name), fold(org.short_name)}
        have = set(alias_model.objects.filter(organization=org).values_list("folded", flat=True))
        for name in names:
            key = fold(name)
            if key in own or key in have:
                continue
            alias_model.objects.create(organization=org, name=nfc(name), folded=key)
            have.add(key)
            created += 1
    return created
