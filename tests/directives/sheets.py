"""Spreadsheets for the import tests, made the way users make them: openpyxl workbooks (real
date cells, numbers, formulas) and CSV text with or without a byte-order mark."""

import csv
import io

import openpyxl

HEADERS = ["Số hiệu", "Ngày ban hành", "Cơ quan ban hành", "Khóa", "Loại văn bản", "Trích yếu", "Lĩnh vực"]
ROWS = [
    [
        "128-HD/BTGTW",
        "22/12/2023",
        "btgtw",
        "XIII",
        "Hướng dẫn",
        "Công tác khoa giáo năm 2024",
        "Giáo dục và đào tạo; y_te",
    ],
    [
        "45-NQ/TW",
        "24/11/2023",
        "bch-tw",
        "XIII",
        "Nghị quyết",
        "Về tiếp tục xây dựng đội ngũ trí thức",
        "khoa_hoc_cong_nghe",
    ],
    ["238-QĐ/TW", "30/09/2020", "Ban Bí thư Trung ương Đảng", "XII", "Quyết định", "Quy chế phối hợp", ""],
]


def xlsx(path, headers=HEADERS, rows=ROWS, title_rows=()):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in title_rows:
        sheet.append(row)
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def csv_file(path, headers=HEADERS, rows=ROWS, bom=True, delimiter=",", encoding="utf-8"):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    data = out.getvalue().encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path
