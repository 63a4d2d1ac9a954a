"""The import's COPY path (directives/imports/copy_writer.py, PostgreSQL) writes exactly what the
ORM path writes: the same file imported both ways leaves the same directives (derived number,
NFC texts, folded search text, province, references), field links, history records and their
fields. Ids and times differ between two imports and are left out."""

import unicodedata

import pytest
from django.apps import apps

from directives.imports import copy_writer
from directives.models import Directive
from directives.services import directive_import_apply
from tests.directives.factories import central_body
from tests.directives.sheets import xlsx

pytestmark = pytest.mark.django_db

HEADERS = [
    "Số hiệu", "Ngày ban hành", "Cơ quan ban hành", "Khóa", "Loại văn bản", "Trích yếu", "Tóm tắt",
    "Người ký", "Ngày hiệu lực", "Lĩnh vực", "Văn bản thực hiện", "Trạng thái", "Thay thế bởi", "Độ mật",
]  # fmt: skip
NFD_TITLE = unicodedata.normalize("NFD", "  Công tác khoa giáo năm 2024 ")
NFD_SIGNER = unicodedata.normalize("NFD", "Lại Xuân Môn")
ROWS = [
    ["45-NQ/TW", "24/11/2023", "bch-tw", "XIII", "Nghị quyết", "Về đội ngũ trí thức", "Tóm tắt",
     "Tô Lâm", "01/12/2023", "khoa_hoc_cong_nghe; y_te", "", "Đã được thay thế", "46-NQ/TW", ""],
    ["46-NQ/TW", "25/11/2023", "bch-tw", "XIII", "Nghị quyết", "Thay thế", "", "", "", "", "", "", "", ""],
    ["128-HD/BTGTW", "22/12/2023", "btgtw", "13", "Hướng dẫn",
     NFD_TITLE, "", NFD_SIGNER,
     "", "Giáo dục và đào tạo", "45-NQ/TW", "", "", ""],
    ["7-KH/BTGTW", "02/01/2024", "btgtw", "", "Kế hoạch", "", "", "", "", "", "", "", "", "Mật"],
]  # fmt: skip


def written():
    """Every row the import wrote, keyed by number, with references as numbers, not ids."""
    number = dict(Directive.objects.values_list("pk", "number"))
    skip = {"id", "created_at", "updated_at", "implements_id", "replaced_by_id"}
    directives = {
        d["number"]: {
            **{k: v for k, v in d.items() if k not in skip},
            "implements": number.get(d["implements_id"]),
            "replaced_by": number.get(d["replaced_by_id"]),
        }
        for d in Directive.objects.values()
    }
    links = sorted(
        (number[d], f) for d, f in Directive.fields.through.objects.values_list("directive_id", "field_id")
    )
    history = sorted(
        (
            r["number"],
            r["history_type"],
            r["history_user_id"],
            r["history_change_reason"],
            number.get(r["implements_id"]),
            number.get(r["replaced_by_id"]),
            tuple(
                (k, r[k])
                for k in sorted(r)
                if k not in skip | {"history_id", "history_date", "implements_id", "replaced_by_id"}
            ),
        )
        for r in Directive.history.values()
    )
    history_fields = apps.get_model("directives", "HistoricalDirective_fields")
    seen = sorted(
        (number[directive_id], field_id)
        for directive_id, field_id in history_fields.objects.values_list("directive_id", "field_id")
    )
    return directives, links, history, seen


def clear():
    Directive.objects.all().delete()
    apps.get_model("directives", "HistoricalDirective_fields").objects.all().delete()
    Directive.history.all().delete()


def test_the_copy_path_writes_what_the_orm_path_writes(khoa_giao_fields, admin_user, tmp_path, monkeypatch):
    central_body()
    central_body("bch-tw", "Ban Chấp hành Trung ương Đảng", "TW", "party_committee")
    path = xlsx(tmp_path / "van-ban.xlsx", headers=HEADERS, rows=ROWS)
    assert copy_writer.available()  # the suite runs on PostgreSQL

    plan, log = directive_import_apply(path=path, file_name=path.name, by=admin_user)
    assert log is not None, plan.error_messages
    assert log.created_count == 4
    by_copy = written()
    clear()

    monkeypatch.setattr(copy_writer, "available", lambda: False)
    _plan, log = directive_import_apply(path=path, file_name=path.name, by=admin_user)
    assert log.created_count == 4
    by_orm = written()

    assert by_copy == by_orm
    directives = by_copy[0]
    assert directives["128-HD/BTGTW"]["title"] == "Công tác khoa giáo năm 2024"
    assert (
        directives["128-HD/BTGTW"]["search_text"] == "128-hd/btgtw cong tac khoa giao nam 2024 lai xuan mon"
    )
    assert directives["128-HD/BTGTW"]["implements"] == "45-NQ/TW"
    assert directives["45-NQ/TW"]["replaced_by"] == "46-NQ/TW"
    assert len(by_copy[1]) == 3
    assert by_copy[3] == by_copy[1]
    assert len(by_copy[2]) == 4
