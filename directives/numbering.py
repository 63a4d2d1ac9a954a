"""Party document numbers: "Số {n}-{LOẠI}/{CƠ QUAN}" (docs/domain.md, "Documents and their numbers").

parse_number("128-HD/BTGTW") -> PartyNumber(128, "HD", "BTGTW"); str() gives it back.
The sequence is printed with at least two digits ("09-QC/TW"). Quyết định and quy định share
"QĐ"; công văn carries "CV" in Party documents.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class DocumentType(models.TextChoices):
    NGHI_QUYET = "nghi_quyet", gettext_lazy("Resolution (nghị quyết)")
    QUYET_DINH = "quyet_dinh", gettext_lazy("Decision (quyết định)")
    QUY_DINH = "quy_dinh", gettext_lazy("Regulation (quy định)")
    CHI_THI = "chi_thi", gettext_lazy("Directive (chỉ thị)")
    KET_LUAN = "ket_luan", gettext_lazy("Conclusion (kết luận)")
    QUY_CHE = "quy_che", gettext_lazy("Rules (quy chế)")
    THONG_TRI = "thong_tri", gettext_lazy("Circular (thông tri)")
    HUONG_DAN = "huong_dan", gettext_lazy("Guidance (hướng dẫn)")
    THONG_BAO = "thong_bao", gettext_lazy("Notice (thông báo)")
    THONG_CAO = "thong_cao", gettext_lazy("Communiqué (thông cáo)")
    TUYEN_BO = "tuyen_bo", gettext_lazy("Declaration (tuyên bố)")
    LOI_KEU_GOI = "loi_keu_goi", gettext_lazy("Appeal (lời kêu gọi)")
    BAO_CAO = "bao_cao", gettext_lazy("Report (báo cáo)")
    KE_HOACH = "ke_hoach", gettext_lazy("Plan (kế hoạch)")
    QUY_HOACH = "quy_hoach", gettext_lazy("Master plan (quy hoạch)")
    CHUONG_TRINH = "chuong_trinh", gettext_lazy("Programme (chương trình)")
    DE_AN = "de_an", gettext_lazy("Scheme (đề án)")
    PHUONG_AN = "phuong_an", gettext_lazy("Option (phương án)")
    DU_AN = "du_an", gettext_lazy("Project (dự án)")
    TO_TRINH = "to_trinh", gettext_lazy("Submission (tờ trình)")
    CONG_VAN = "cong_van", gettext_lazy("Official letter (công văn)")
    BIEN_BAN = "bien_ban", gettext_lazy("Minutes (biên bản)")
    BAN_SAO = "ban_sao", gettext_lazy("Copy (bản sao)")
    GIAY_MOI = "giay_moi", gettext_lazy("Invitation (giấy mời)")
    GIAY_GIOI_THIEU = "giay_gioi_thieu", gettext_lazy("Letter of introduction (giấy giới thiệu)")


# Type -> abbreviation as printed. QĐ is shared by quyết định and quy định.
ABBREVIATION = {
    DocumentType.NGHI_QUYET: "NQ",
    DocumentType.QUYET_DINH: "QĐ",
    DocumentType.QUY_DINH: "QĐ",
    DocumentType.CHI_THI: "CT",
    DocumentType.KET_LUAN: "KL",
    DocumentType.QUY_CHE: "QC",
    DocumentType.THONG_TRI: "TT",
    DocumentType.HUONG_DAN: "HD",
    DocumentType.THONG_BAO: "TB",
    DocumentType.THONG_CAO: "TC",
    DocumentType.TUYEN_BO: "TBo",
    DocumentType.LOI_KEU_GOI: "LKG",
    DocumentType.BAO_CAO: "BC",
    DocumentType.KE_HOACH: "KH",
    DocumentType.QUY_HOACH: "QH",
    DocumentType.CHUONG_TRINH: "CTr",
    DocumentType.DE_AN: "ĐA",
    DocumentType.PHUONG_AN: "PA",
    DocumentType.DU_AN: "DA",
    DocumentType.TO_TRINH: "TTr",
    DocumentType.CONG_VAN: "CV",
    DocumentType.BIEN_BAN: "BB",
    DocumentType.BAN_SAO: "BS",
    DocumentType.GIAY_MOI: "GM",
    DocumentType.GIAY_GIOI_THIEU: "GGT",
}
# The Vietnamese name of each type, as written in spreadsheets and registers (independent of the
# interface language, so that an import reads the same whatever language is active).
VIETNAMESE_NAME = {
    DocumentType.NGHI_QUYET: "Nghị quyết",
    DocumentType.QUYET_DINH: "Quyết định",
    DocumentType.QUY_DINH: "Quy định",
    DocumentType.CHI_THI: "Chỉ thị",
    DocumentType.KET_LUAN: "Kết luận",
    DocumentType.QUY_CHE: "Quy chế",
    DocumentType.THONG_TRI: "Thông tri",
    DocumentType.HUONG_DAN: "Hướng dẫn",
    DocumentType.THONG_BAO: "Thông báo",
    DocumentType.THONG_CAO: "Thông cáo",
    DocumentType.TUYEN_BO: "Tuyên bố",
    DocumentType.LOI_KEU_GOI: "Lời kêu gọi",
    DocumentType.BAO_CAO: "Báo cáo",
    DocumentType.KE_HOACH: "Kế hoạch",
    DocumentType.QUY_HOACH: "Quy hoạch",
    DocumentType.CHUONG_TRINH: "Chương trình",
    DocumentType.DE_AN: "Đề án",
    DocumentType.PHUONG_AN: "Phương án",
    DocumentType.DU_AN: "Dự án",
    DocumentType.TO_TRINH: "Tờ trình",
    DocumentType.CONG_VAN: "Công văn",
    DocumentType.BIEN_BAN: "Biên bản",
    DocumentType.BAN_SAO: "Bản sao",
    DocumentType.GIAY_MOI: "Giấy mời",
    DocumentType.GIAY_GIOI_THIEU: "Giấy giới thiệu",
}
# Abbreviation (upper-cased) -> canonical spelling and the types that use it.
_CANONICAL = {abbr.upper(): abbr for abbr in ABBREVIATION.values()}
TYPES_BY_ABBREVIATION = {}
for _type, _abbr in ABBREVIATION.items():
    TYPES_BY_ABBREVIATION.setdefault(_abbr, []).append(_type)
# Common typing without the stroke, where it cannot be confused with another abbreviation.
_ALIASES = {"QD": "QĐ"}

_NUMBER = re.compile(
    r"^(?:s[ốo]\s*:?\s*)?(?P<seq>\d{1,5})\s*-\s*(?P<abbr>[^\W\d_]{1,4})\s*/\s*(?P<issuer>[^\W\d_][^\W_]{0,14})$",
    re.IGNORECASE,
)
_ISSUER = re.compile(r"^[A-ZĐ][A-ZĐ0-9]{0,14}$")


class InvalidNumber(ValueError):
    """Raised with a Vietnamese message a user can act on."""


@dataclass(frozen=True)
class PartyNumber:
    sequence: int
    abbreviation: str
    issuer: str

    def __str__(self):
        return format_number(self.sequence, self.abbreviation, self.issuer)

    @property
    def types(self):
        return TYPES_BY_ABBREVIATION[self.abbreviation]


def format_number(sequence, abbreviation, issuer):
    return f"{int(sequence):02d}-{abbreviation}/{issuer}"


def parse_number(text):
    """Parse a Party document number, accepting "Số", spaces and lower case; refuse anything else."""
    value = unicodedata.normalize("NFC", str(text or "")).strip()
    if not value:
        raise InvalidNumber(_("Enter the document number, for example 128-HD/BTGTW."))
    match = _NUMBER.match(value)
    if not match:
        raise InvalidNumber(
            _(
                "“%(value)s” is not a Party document number. Write it as number-TYPE/ISSUER, "
                "for example 128-HD/BTGTW or 238-QĐ/TW."
            )
            % {"value": value}
        )
    sequence = int(match["seq"])
    if sequence == 0:
        raise InvalidNumber(_("Document numbers start at 01."))
    key = match["abbr"].upper()
    abbreviation = _CANONICAL.get(_ALIASES.get(key, key))
    if abbreviation is None:
        raise InvalidNumber(
            _(
                "“%(abbr)s” is not a Party document type abbreviation (NQ, QĐ, CT, KL, QC, HD, TB, BC, "
                "KH, CTr, ĐA, CV, ...)."
            )
            % {"abbr": match["abbr"]}
        )
    issuer = match["issuer"].upper()
    if not _ISSUER.match(issuer):
        raise InvalidNumber(
            _("“%(issuer)s” is not an issuer symbol such as TW, TU or BTGTW.") % {"issuer": issuer}
        )
    return PartyNumber(sequence, abbreviation, issuer)


# --- Terms (khóa) -------------------------------------------------------------------------------

_ROMAN = [(50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
_ROMAN_TERM = re.compile(r"^(?:kh[oó]a\s*)?(?P<value>[IVXL]+|\d{1,2})$", re.IGNORECASE)
MAX_TERM = 50


class InvalidTerm(ValueError):
    """Raised with a Vietnamese message a user can act on."""


def format_term(term):
    """13 -> "XIII": terms (khóa) are written in Roman numerals."""
    if not term:
        return ""
    value, out = int(term), []
    for amount, letters in _ROMAN:
        while value >= amount:
            out.append(letters)
            value -= amount
    return "".join(out)


def parse_term(text):
    """ "XIII", "xiii", "khóa XIII", "13" -> 13; "" -> None; anything else is refused."""
    value = unicodedata.normalize("NFC", str(text or "")).strip()
    if not value:
        return None
    match = _ROMAN_TERM.match(value)
    number = None
    if match:
        raw = match["value"].upper()
        if raw.isdigit():
            number = int(raw)
        elif format_term(_roman_value(raw)) == raw:
            number = _roman_value(raw)
    if not number or number > MAX_TERM:
        raise InvalidTerm(
            _(
                "“%(value)s” is not a term (khóa). "
                "Write it in Roman or Arabic numerals, for example XIII or 13."
            )
            % {"value": value}
        )
    return number


def _roman_value(letters):
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for index, letter in enumerate(letters):
        value = values[letter]
        if index + 1 < len(letters) and values[letters[index + 1]] > value:
            total -= value
        else:
            total += value
    return total
