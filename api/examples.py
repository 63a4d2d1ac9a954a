"""Examples shown in the OpenAPI schema (and on the documentation page)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample


def _counts(total, on_time, late, open_, overdue, cancelled, soon):
    active = total - cancelled
    return {
        "total": total,
        "done": on_time + late,
        "done_on_time": on_time,
        "done_late": late,
        "open": open_,
        "overdue": overdue,
        "cancelled": cancelled,
        "due_soon": soon,
        "active": active,
        "completion_rate": round(100 * (on_time + late) / active),
        "on_time_rate": round(100 * on_time / active),
    }


PERIOD = {"code": "2026-H1", "name": "6 tháng đầu năm 2026", "start": "2026-01-01", "end": "2026-06-30"}
UNIT_A = {"id": 12, "code": "so-gddt", "name": "Sở Giáo dục và Đào tạo", "short_name": "Sở GD&ĐT"}
UNIT_B = {"id": 14, "code": "so-yte", "name": "Sở Y tế", "short_name": "Sở Y tế"}
FIELD = {"id": 3, "code": "giao-duc", "name": "Giáo dục và đào tạo"}
DIRECTIVE = {"id": 40, "number": "29-NQ/TW", "issued_on": "2013-11-04", "classification": "none"}
TOTALS = _counts(48, 30, 6, 7, 4, 1, 3)
ROWS = {
    "by_unit": [
        {"unit": UNIT_B, "counts": _counts(20, 11, 3, 2, 3, 1, 1)},
        {"unit": UNIT_A, "counts": _counts(28, 19, 3, 5, 1, 0, 2)},
    ],
    "by_field": [
        {"field": FIELD, "counts": _counts(28, 19, 3, 5, 1, 0, 2)},
        {"field": None, "counts": _counts(20, 11, 3, 2, 3, 1, 1)},
    ],
    "by_directive": [{"directive": DIRECTIVE, "counts": _counts(28, 19, 3, 5, 1, 0, 2)}],
    "by_quarter": [
        {"quarter": 1, "counts": _counts(22, 17, 3, 0, 2, 0, 0)},
        {"quarter": 2, "counts": _counts(26, 13, 3, 7, 2, 1, 3)},
    ],
}

FIGURES = OpenApiExample(
    "figures",
    summary=_("The first six months of 2026"),
    value={
        "period": PERIOD,
        "as_of": "2026-06-20",
        "filters": {"year": 2026, "period": "H1", "field": None, "unit": None, "directive": None},
        "totals": TOTALS,
        "backlog_overdue": 2,
        **ROWS,
        "reporting": {
            "period": PERIOD,
            "meeting": {
                "id": 9,
                "title": "Hội nghị giao ban công tác khoa giáo 6 tháng đầu năm 2026",
                "starts_at": "2026-07-08T08:00:00+07:00",
            },
            "reported": [UNIT_A],
            "missing": [UNIT_B],
        },
    },
)

REPORT_DOCUMENT = OpenApiExample(
    "report",
    summary=_("The Ban's report on the first six months of 2026"),
    value={
        "id": "6f1c2b1e-5a7d-4c1e-9a51-0c1f4f6f2d10",
        "kind": "ban",
        "status": "ready",
        "period": PERIOD,
        "issuing_body": {
            "id": 2,
            "code": "btgdvtu",
            "name": "Ban Tuyên giáo và Dân vận Tỉnh ủy Khánh Hòa",
            "short_name": "Ban Tuyên giáo và Dân vận Tỉnh ủy",
        },
        "number": "15-BC/BTGDVTU",
        "date": "2026-07-05",
        "date_line": "Khánh Hòa, ngày 05 tháng 7 năm 2026",
        "summary": (
            "kết quả công tác khoa giáo 6 tháng đầu năm 2026; nhiệm vụ trọng tâm 6 tháng cuối năm 2026"
        ),
        "indicators": TOTALS,
        "backlog_overdue": 2,
        **ROWS,
        "agreements": [
            {
                "id": 5,
                "number": "03-CTr/BTGDVTU-SGDĐT",
                "title": "Chương trình phối hợp tuyên truyền giáo dục giai đoạn 2026–2030",
                "starts_on": "2026-01-01",
                "ends_on": "2030-12-31",
                "items": 6,
                "partners": [UNIT_A],
                "tasks": _counts(8, 5, 1, 1, 1, 0, 0),
            }
        ],
        "next_period": {
            "name": "6 tháng cuối năm 2026",
            "start": "2026-07-01",
            "end": "2026-12-31",
            "tasks": [
                {
                    "id": 301,
                    "title": "Tổ chức sơ kết 10 năm Nghị quyết 29-NQ/TW",
                    "lead": UNIT_A,
                    "field": FIELD,
                    "due_on": "2026-10-15",
                }
            ],
            "more": False,
            "milestones": [
                {
                    "id": 7,
                    "kind": "so_ket",
                    "directive": DIRECTIVE,
                    "title": "Sơ kết 10 năm",
                    "due_on": "2026-11-30",
                }
            ],
        },
        "proposals": "",
        "signature_block": {
            "authority": "K/T TRƯỞNG BAN",
            "position": "PHÓ TRƯỞNG BAN",
            "name": "Nguyễn Văn A",
        },
        "recipients": ["Thường trực Tỉnh ủy (b/c)", "Lưu Văn phòng Ban"],
    },
)
