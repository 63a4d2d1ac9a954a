"""The spreadsheet columns of the directive register: one list shared by the import, the export
(directives/resources.py) and the downloadable template, so that an exported file imports back
unchanged.

Headers are matched by their folded form (khoagiao.text.fold: no accents, no case, single
spaces), in any order, ignoring a trailing "*", ":" or a note in brackets ("Số hiệu (bắt buộc)").
"""

import re
from dataclasses import dataclass

from khoagiao.text import fold

from ..models import Classification, Directive
from ..numbering import VIETNAMESE_NAME, DocumentType


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    aliases: tuple = ()
    required: bool = False


COLUMNS = (
    Column("number", "Số hiệu", ("so", "so ky hieu", "so va ky hieu", "so hieu van ban"), required=True),
    Column("issued_on", "Ngày ban hành", ("ngay ky", "ngay ban hanh van ban"), required=True),
    Column("issuing_body", "Cơ quan ban hành", ("co quan", "don vi ban hanh", "noi ban hanh"), required=True),
    Column("term", "Khóa", ("nhiem ky",)),
    Column("doc_type", "Loại văn bản", ("loai", "the loai", "the loai van ban")),
    Column("title", "Trích yếu", ("trich yeu noi dung", "ten van ban", "tieu de")),
    Column("summary", "Tóm tắt", ("noi dung tom tat", "tom tat noi dung")),
    Column("signer", "Người ký", ("nguoi ky van ban",)),
    Column("effective_on", "Ngày hiệu lực", ("ngay co hieu luc",)),
    Column("fields", "Lĩnh vực", ("linh vuc khoa giao",)),
    Column("implements", "Văn bản thực hiện", ("thuc hien van ban", "trien khai van ban")),
    Column("status", "Trạng thái", ("tinh trang", "tinh trang hieu luc")),
    Column("replaced_by", "Thay thế bởi", ("duoc thay the boi", "van ban thay the")),
    Column("classification", "Độ mật", ("muc do mat",)),
)
BY_KEY = {column.key: column for column in COLUMNS}
REQUIRED = tuple(column for column in COLUMNS if column.required)

_NOTE = re.compile(r"\(.*?\)|\[.*?\]|[*:]")
_LOOKUP = {}
for _column in COLUMNS:
    for _name in (_column.header, *_column.aliases):
        _LOOKUP[fold(_name)] = _column


def match_header(text):
    """The Column a header cell names, or None."""
    folded = fold(_NOTE.sub(" ", str(text or "")))
    return _LOOKUP.get(folded)


# Values as written in the spreadsheet, whatever the interface language.
STATUS_NAMES = {
    Directive.Status.IN_FORCE: "Còn hiệu lực",
    Directive.Status.REPLACED: "Đã được thay thế",
    Directive.Status.EXPIRED: "Hết hiệu lực",
}
STATUS_ALIASES = {"con hieu luc": Directive.Status.IN_FORCE, "hieu luc": Directive.Status.IN_FORCE}
STATUS_ALIASES |= {"bi thay the": Directive.Status.REPLACED, "da bi thay the": Directive.Status.REPLACED}
STATUS_ALIASES |= {"het hieu luc thi hanh": Directive.Status.EXPIRED}

CLASSIFICATION_NAMES = {
    Classification.NONE: "Không mật",
    Classification.MAT: "Mật",
    Classification.TOI_MAT: "Tối mật",
    Classification.TUYET_MAT: "Tuyệt mật",
}
CLASSIFICATION_ALIASES = {"khong": Classification.NONE, "thuong": Classification.NONE}


def _folded(names, aliases=None):
    table = {fold(name): value for value, name in names.items()}
    table.update({fold(value): value for value in names})
    table.update(aliases or {})
    return table


DOC_TYPES = _folded(VIETNAMESE_NAME)
STATUSES = _folded(STATUS_NAMES, STATUS_ALIASES)
CLASSIFICATIONS = _folded(CLASSIFICATION_NAMES, CLASSIFICATION_ALIASES)

__all__ = [
    "BY_KEY",
    "CLASSIFICATIONS",
    "CLASSIFICATION_NAMES",
    "COLUMNS",
    "DOC_TYPES",
    "REQUIRED",
    "STATUSES",
    "STATUS_NAMES",
    "VIETNAMESE_NAME",
    "Column",
    "DocumentType",
    "match_header",
]
