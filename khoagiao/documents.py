"""Pieces of the Party's document layout (thể thức, 36-HD/VPTW; docs/domain.md, layout)."""

from dataclasses import dataclass, field

from django.utils import timezone

# The blank the văn thư writes the number into: non-breaking spaces, so that HTML (the PDF) does
# not collapse "Số     -BC/…" into "Số -BC/…".
NUMBER_BLANK = "\u00a0" * 5


def official_name(org):
    """A unit as the text of an official document names it: in full ("Sở Giáo dục và Đào tạo"),
    never by the short form with "&" ("Sở GD&ĐT") that screens and tables use for want of space."""
    return org.name


def name_list(names):
    """Units in a sentence: full names may hold commas ("Sở Văn hóa, Thể thao và Du lịch"), so
    they are parted by semicolons."""
    return "; ".join(name for name in names if name)


def date_line(place, day):
    """ "Khánh Hòa, ngày 05 tháng 7 năm 2025": a day below 10 and months 1–2 take a leading zero."""
    day = day or timezone.localdate()
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


@dataclass
class DocumentHeader:
    """What the header block and signature of a document need to know."""

    superior: str  # "TỈNH ỦY KHÁNH HÒA" (the directly superior body), may be blank
    issuer: str  # "BAN TUYÊN GIÁO VÀ DÂN VẬN"
    number: str  # "Số 15-BC/BTGDVTU", or "Số" NUMBER_BLANK "-BC/BTGDVTU" when not yet numbered
    date_line: str
    type_name: str  # "BÁO CÁO", "THÔNG BÁO"
    summary: str  # trích yếu
    classification: str = ""  # "MẬT" ...
    signing_authority: str = ""  # "K/T TRƯỞNG BAN"
    signer_position: str = ""  # "PHÓ TRƯỞNG BAN"
    signer_name: str = ""
    recipients: list = field(default_factory=list)


def header_for(issuer_org, *, number, day, type_name, summary, **extra):
    """Build the header for a document issued by `issuer_org` on `day`."""
    superior = issuer_org.parent.document_heading.upper() if issuer_org.parent_id else ""
    place = issuer_org.place_name or (issuer_org.parent.place_name if issuer_org.parent_id else "")
    # Popped before the call: a numbered document passes its abbreviation too.
    abbreviation = extra.pop("abbreviation", "")
    return DocumentHeader(
        superior=superior,
        issuer=issuer_org.document_heading.upper(),
        number=f"Số {number}" if number else f"Số{NUMBER_BLANK}-{abbreviation}/{issuer_org.symbol}",
        date_line=date_line(place, day),
        type_name=type_name,
        summary=summary,
        **extra,
    )
