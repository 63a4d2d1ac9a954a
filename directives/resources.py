"""The register as a spreadsheet, through django-import-export: the resource that the portal's
export view and the admin's export use, and the downloadable import template.

Columns and their Vietnamese headers come from imports/columns.py, so an exported file imports
back unchanged. Every path escapes cells that a spreadsheet would run as a formula
(khoagiao/spreadsheets.py). Imports never go through django-import-export: the admin offers
export only, and the portal's import page uses directives.services (all-or-nothing, bulk).
"""

import io

from django.db.models import Count
from import_export import resources
from import_export.fields import Field
from import_export.formats.base_formats import CSV, XLSX

from khoagiao.spreadsheets import escape_cell, escape_dataset
from organizations.models import Field as KhoaGiaoField
from organizations.models import Organization

from .imports.columns import CLASSIFICATION_NAMES, COLUMNS, STATUS_NAMES, VIETNAMESE_NAME
from .models import Directive
from .numbering import format_term

FORMATS = {"xlsx": XLSX, "csv": CSV}
KEYS = [column.key for column in COLUMNS]


class DirectiveResource(resources.ModelResource):
    number = Field(attribute="number", column_name="Số hiệu")
    issued_on = Field(attribute="issued_on", column_name="Ngày ban hành")
    issuing_body = Field(attribute="issuing_body", column_name="Cơ quan ban hành")
    term = Field(attribute="term", column_name="Khóa")
    doc_type = Field(attribute="doc_type", column_name="Loại văn bản")
    title = Field(attribute="title", column_name="Trích yếu")
    summary = Field(attribute="summary", column_name="Tóm tắt")
    signer = Field(attribute="signer", column_name="Người ký")
    effective_on = Field(attribute="effective_on", column_name="Ngày hiệu lực")
    fields = Field(attribute="fields", column_name="Lĩnh vực")
    implements = Field(attribute="implements", column_name="Văn bản thực hiện")
    status = Field(attribute="status", column_name="Trạng thái")
    replaced_by = Field(attribute="replaced_by", column_name="Thay thế bởi")
    classification = Field(attribute="classification", column_name="Độ mật")

    class Meta:
        model = Directive
        fields = KEYS
        export_order = KEYS

    def get_queryset(self):
        return Directive.objects.all()

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("issuing_body", "implements", "replaced_by").prefetch_related("fields")

    def before_export(self, queryset, **kwargs):
        # Numbers that recur ("20-NQ/TW" of 2012 and 2017) are written with their date.
        self.shared_numbers = set(
            Directive.objects.values("number")
            .annotate(n=Count("id"))
            .filter(n__gt=1)
            .values_list("number", flat=True)
        )

    def _reference(self, directive):
        if directive is None:
            return ""
        if directive.number in getattr(self, "shared_numbers", ()):
            return f"{directive.number} ngày {directive.issued_on:%d/%m/%Y}"
        return directive.number

    def dehydrate_issued_on(self, directive):
        return f"{directive.issued_on:%d/%m/%Y}"

    def dehydrate_effective_on(self, directive):
        return f"{directive.effective_on:%d/%m/%Y}" if directive.effective_on else ""

    def dehydrate_issuing_body(self, directive):
        return directive.issuing_body.name

    def dehydrate_term(self, directive):
        return format_term(directive.term)

    def dehydrate_doc_type(self, directive):
        return VIETNAMESE_NAME.get(directive.doc_type, directive.doc_type)

    def dehydrate_fields(self, directive):
        return "; ".join(item.name for item in directive.fields.all())

    def dehydrate_implements(self, directive):
        return self._reference(directive.implements)

    def dehydrate_replaced_by(self, directive):
        return self._reference(directive.replaced_by)

    def dehydrate_status(self, directive):
        return STATUS_NAMES.get(directive.status, directive.status)

    def dehydrate_classification(self, directive):
        return CLASSIFICATION_NAMES.get(directive.classification, directive.classification)

    def export(self, queryset=None, **kwargs):
        """The dataset with every cell escaped, whoever asks (portal view or admin)."""
        dataset = super().export(queryset, **kwargs)
        for index, row in enumerate(dataset):
            dataset[index] = tuple("" if value is None else value for value in row)
        return escape_dataset(dataset)


def export_file(queryset, fmt):
    """(bytes, content type, extension) of the register in `fmt` ("xlsx" or "csv")."""
    file_format = FORMATS[fmt]()
    data = file_format.export_data(DirectiveResource().export(queryset))
    if fmt == "csv":
        # A byte-order mark, or Excel reads UTF-8 as the local code page and garbles the accents.
        data = "\ufeff" + data
        data = data.encode("utf-8")
    return data, file_format.get_content_type(), file_format.get_extension()


EXAMPLE = {
    "number": "128-HD/BTGTW",
    "issued_on": "22/12/2023",
    "issuing_body": "Ban Tuyên giáo Trung ương",
    "term": "XIII",
    "doc_type": "Hướng dẫn",
    "title": "Công tác khoa giáo năm 2024",
    "summary": "Hướng dẫn thực hiện một số nhiệm vụ trọng tâm về công tác khoa giáo năm 2024.",
    "signer": "Vũ Thanh Mai",
    "effective_on": "22/12/2023",
    "fields": "Giáo dục và đào tạo; Khoa học và công nghệ; Y tế; Dân số; Thể dục thể thao; Gia đình; "
    "Trẻ em; An sinh xã hội; Phòng, chống tệ nạn xã hội",
    "implements": "",
    "status": "Còn hiệu lực",
    "replaced_by": "",
    "classification": "Không mật",
}

GUIDE = {
    "number": "Bắt buộc. Số và ký hiệu như in trên văn bản: 128-HD/BTGTW, 238-QĐ/TW, 20-KH/TW.",
    "issued_on": "Bắt buộc. Ngày/tháng/năm (dd/mm/yyyy), ví dụ 22/12/2023; ô kiểu ngày cũng được.",
    "issuing_body": "Bắt buộc. Tên hoặc mã đơn vị (xem trang Danh mục). “TW” không đủ: ghi rõ "
    "Ban Chấp hành Trung ương, Bộ Chính trị hay Ban Bí thư.",
    "term": "Khóa của cấp ủy, số La Mã hoặc số thường: XIII hoặc 13.",
    "doc_type": "Nghị quyết, Quyết định, Quy định, Chỉ thị, Kết luận, Hướng dẫn, Kế hoạch, ... "
    "Bắt buộc với ký hiệu QĐ (dùng cho cả quyết định và quy định).",
    "title": "Trích yếu. Để trống với văn bản Tuyệt mật.",
    "summary": "Tóm tắt nội dung. Để trống với văn bản Mật, Tối mật, Tuyệt mật.",
    "signer": "Họ tên người ký.",
    "effective_on": "dd/mm/yyyy; không trước ngày ban hành.",
    "fields": "Tên hoặc mã lĩnh vực, cách nhau bởi dấu chấm phẩy (;).",
    "implements": "Số hiệu văn bản mà văn bản này thực hiện, ví dụ 45-NQ/TW. Số hiệu trùng nhau: "
    "thêm ngày, ví dụ “20-NQ/TW ngày 25/10/2017”.",
    "status": "Còn hiệu lực, Đã được thay thế hoặc Hết hiệu lực; để trống là Còn hiệu lực.",
    "replaced_by": "Số hiệu văn bản thay thế (khi trạng thái là Đã được thay thế).",
    "classification": "Không mật, Mật, Tối mật hoặc Tuyệt mật; để trống là Không mật.",
}
GENERAL_NOTES = [
    "Mỗi dòng là một văn bản. Thứ tự cột tùy ý; cột không có trong tệp giữ nguyên giá trị đã có.",
    "Văn bản đã có trong sổ (cùng số hiệu, cơ quan ban hành và khóa hoặc ngày ban hành) được cập nhật, "
    "không tạo bản trùng; nhập lại cùng một tệp không thay đổi gì.",
    "Tệp có dù chỉ một dòng lỗi thì không dòng nào được ghi; trang xem trước liệt kê mọi lỗi.",
    "Không dùng công thức trong ô: hãy dán dạng giá trị.",
]


def template_workbook():
    """The import template (.xlsx): headers, the example row 128-HD/BTGTW, a guide and the lists."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = "Văn bản"
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="B3171D")
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header + (" *" if column.required else ""))
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 42 if column.key in ("title", "summary", "fields") else 18
        # Text, so that Excel keeps 05/11/2012 as typed instead of guessing a month-first date.
        sheet.column_dimensions[letter].number_format = "@"
        example = sheet.cell(row=2, column=index, value=escape_cell(EXAMPLE[column.key]))
        example.number_format = "@"
        example.font = Font(italic=True)
    sheet.freeze_panes = "A2"

    guide = book.create_sheet("Hướng dẫn")
    guide.append(["Cột", "Cách ghi"])
    for column in COLUMNS:
        guide.append([column.header, GUIDE[column.key]])
    guide.append([])
    for note in GENERAL_NOTES:
        guide.append(["", note])
    guide.column_dimensions["A"].width = 22
    guide.column_dimensions["B"].width = 110
    for cell in guide[1]:
        cell.font = Font(bold=True)

    lists = book.create_sheet("Danh mục")
    columns = [
        ("Loại văn bản", list(dict.fromkeys(VIETNAMESE_NAME.values()))),
        ("Trạng thái", list(STATUS_NAMES.values())),
        ("Độ mật", list(CLASSIFICATION_NAMES.values())),
        ("Lĩnh vực", [f.name for f in KhoaGiaoField.objects.all()]),
        ("Mã lĩnh vực", [f.code for f in KhoaGiaoField.objects.all()]),
        ("Cơ quan ban hành", [o.name for o in Organization.objects.order_by("level", "name")]),
        ("Mã đơn vị", [o.code for o in Organization.objects.order_by("level", "name")]),
    ]
    for col, (header, values) in enumerate(columns, start=1):
        lists.cell(row=1, column=col, value=header).font = Font(bold=True)
        lists.column_dimensions[get_column_letter(col)].width = 30
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=col, value=escape_cell(value))
    # Drop-down lists in the first sheet for the three closed vocabularies.
    positions = {column.key: get_column_letter(i) for i, column in enumerate(COLUMNS, start=1)}
    for key, list_col, values in (
        ("doc_type", "A", columns[0][1]),
        ("status", "B", columns[1][1]),
        ("classification", "C", columns[2][1]),
    ):
        validation = DataValidation(
            type="list", formula1=f"='Danh mục'!${list_col}$2:${list_col}${len(values) + 1}", allow_blank=True
        )
        validation.add(f"{positions[key]}2:{positions[key]}5000")
        sheet.add_data_validation(validation)

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
