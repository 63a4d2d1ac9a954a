"""Directive import: the portal's import path against django-import-export's default ModelResource.

Both import the same generated directives (BENCH_DIRECTIVE_ROWS, default 50,000), each from its
own .xlsx (Vietnamese headers for the portal, model field names for the default resource), into an
empty register of the same database, in the same run. Timed: reading the file, validating and
writing, history included (simple-history records every row on both paths). Printed: rows/s,
the ratio, SQL queries (goal: at most rows/1000 + 20 for the portal) and the peak growth of the
process's resident memory (psutil, sampled every 10 ms).
"""

import datetime
import os
import tempfile
import time
from pathlib import Path

from benchmarks._measure import PeakMemory, QueryCounter

ROWS = int(os.environ.get("BENCH_DIRECTIVE_ROWS", "50000"))
TYPES = [
    ("HD", "huong_dan", "btgtw"),
    ("KH", "ke_hoach", "bct"),
    ("NQ", "nghi_quyet", "bch-tw"),
    ("CT", "chi_thi", "bbt"),
]
BODIES = {
    "btgtw": ("Ban Tuyên giáo Trung ương", "BTGTW"),
    "bct": ("Bộ Chính trị", "TW"),
    "bch-tw": ("Ban Chấp hành Trung ương Đảng", "TW"),
    "bbt": ("Ban Bí thư Trung ương Đảng", "TW"),
}
TITLES = [
    "Về tiếp tục xây dựng và phát huy vai trò của đội ngũ trí thức trong giai đoạn mới",
    "Công tác khoa giáo năm {year}",
    "Về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
    "Về tăng cường công tác bảo vệ, chăm sóc và nâng cao sức khỏe Nhân dân",
]


def measure(label, function):
    import gc

    from django.db import connection

    gc.collect()
    counter = QueryCounter()
    with PeakMemory() as memory, connection.execute_wrapper(counter):
        started = time.perf_counter()
        result = function()
        seconds = time.perf_counter() - started
    return {
        "label": label,
        "seconds": seconds,
        "queries": counter.count,
        "memory": memory.grown_mb,
        "result": result,
    }


def records(fields):
    """The same directives for both paths, as plain values."""
    field_ids = [f.pk for f in fields]
    for n in range(ROWS):
        abbr, doc_type, body = TYPES[n % len(TYPES)]
        day = datetime.date(2016 + n % 10, 1 + n % 12, 1 + n % 28)
        yield {
            "sequence": n // len(TYPES) + 1,
            "abbr": abbr,
            "doc_type": doc_type,
            "body": body,
            "term": 13,
            "issued_on": day,
            "title": TITLES[n % len(TITLES)].format(year=day.year) + f" (số {n + 1})",
            "signer": "Vũ Thanh Mai" if n % 3 == 0 else "",
            "fields": field_ids[n % len(field_ids) : n % len(field_ids) + 1 + n % 2],
        }


def write_portal_file(path, rows, field_names):
    from openpyxl import Workbook

    from directives.numbering import VIETNAMESE_NAME, format_number

    book = Workbook()  # not write-only: like Excel, it records the sheet's size up front
    sheet = book.active
    sheet.title = "Văn bản"
    sheet.append(
        [
            "Số hiệu",
            "Ngày ban hành",
            "Cơ quan ban hành",
            "Khóa",
            "Loại văn bản",
            "Trích yếu",
            "Người ký",
            "Lĩnh vực",
        ]
    )
    for row in rows:
        sheet.append(
            [
                format_number(row["sequence"], row["abbr"], BODIES[row["body"]][1]),
                f"{row['issued_on']:%d/%m/%Y}",
                row["body"],
                "XIII",
                VIETNAMESE_NAME[row["doc_type"]],
                row["title"],
                row["signer"],
                "; ".join(field_names[i] for i in row["fields"]),
            ]
        )
    book.save(path)


def write_default_file(path, rows, orgs):
    from openpyxl import Workbook

    from directives.numbering import format_number

    book = Workbook()
    sheet = book.active
    sheet.title = "Directive"
    columns = [
        "id", "number", "sequence", "type_abbreviation", "issuer_symbol", "doc_type", "issuing_body", "term",
        "issued_on", "title", "signer", "fields", "status", "classification",
    ]  # fmt: skip
    sheet.append(columns)
    for row in rows:
        symbol = BODIES[row["body"]][1]
        sheet.append(
            [
                None,
                format_number(row["sequence"], row["abbr"], symbol),
                row["sequence"],
                row["abbr"],
                symbol,
                row["doc_type"],
                orgs[row["body"]].pk,
                row["term"],
                row["issued_on"],
                row["title"],
                row["signer"],
                ",".join(str(i) for i in row["fields"]),
                "in_force",
                "none",
            ]
        )
    book.save(path)


def empty_register():
    from django.db import connection

    from directives.models import Directive, ImportLog

    tables = [
        Directive._meta.db_table,
        Directive.fields.through._meta.db_table,
        Directive.history.model._meta.db_table,
        "directives_historicaldirective_fields",
        ImportLog._meta.db_table,
    ]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    else:
        Directive.history.model.objects.all().delete()
        Directive.objects.all().delete()
        ImportLog.objects.all().delete()


def _print(out, entry):
    out.line(
        f"  {entry['label']:<45} {entry['seconds']:8.1f} s  {ROWS / entry['seconds']:10,.0f} rows/s  "
        f"{entry['queries']:>9,} queries  peak memory +{entry['memory']:.0f} MB"
    )


def start(path, user):
    from django.core.files import File

    from directives.services import directive_import_start

    with path.open("rb") as handle:
        return directive_import_start(by=user, upload=File(handle, name=path.name))


def run(out):
    from django.contrib.auth.models import Group
    from django.test.utils import override_settings
    from import_export.formats.base_formats import XLSX
    from import_export.resources import modelresource_factory

    from directives.imports import jobs
    from directives.models import Directive
    from directives.services import directive_import_apply, directive_import_confirm, directive_import_preview
    from organizations.models import Field, Organization, User

    orgs = {}
    for code, (name, symbol) in BODIES.items():
        orgs[code], _ = Organization.objects.get_or_create(
            code=code, defaults={"name": name, "short_name": name, "symbol": symbol, "kind": "party_board"}
        )
    user, _ = User.objects.get_or_create(username="bench-admin")
    user.groups.set([Group.objects.get_or_create(name="admin")[0]])
    fields = list(Field.objects.order_by("order"))
    field_names = {f.pk: f.name for f in fields}
    rows = list(records(fields))
    workdir = Path(tempfile.mkdtemp(prefix="bench-directives-"))
    portal_file, default_file = workdir / "van-ban.xlsx", workdir / "directive-default.xlsx"
    write_portal_file(portal_file, rows, field_names)
    write_default_file(default_file, rows, orgs)
    out.line(
        f"{ROWS:,} directives; portal file {portal_file.stat().st_size / 1048576:.1f} MB, "
        f"default-resource file {default_file.stat().st_size / 1048576:.1f} MB"
    )

    limits = {"DIRECTIVE_IMPORT_MAX_ROWS": max(ROWS, 50_000), "DIRECTIVE_IMPORT_MAX_BYTES": 64 * 1048576}
    empty_register()
    with override_settings(DIRECTIVE_IMPORT_MAX_ROWS=ROWS - 1, DIRECTIVE_IMPORT_MAX_BYTES=64 * 1048576):
        # Issue 19 item 13: a file over the limit used to be read in full (27 s at 60,000 rows).
        refused = measure(
            "refusing the file at a limit of rows - 1 (counted before parsing)",
            lambda: directive_import_preview(path=portal_file, file_name=portal_file.name).file_errors[0],
        )
        _print(out, refused)
    with override_settings(**limits):
        # As the worker runs it (directives/imports/jobs.py): the upload read once by the parse
        # job, the rows kept, then planned again and written by the apply job.
        upload = measure("portal: upload (directives.services)", lambda: start(portal_file, user))
        parse = measure(
            "portal: parse job (read once, preview stored)", lambda: jobs.parse(upload["result"].pk)
        )
        _print(out, parse)
        job = parse["result"]
        assert job.preview["is_valid"], job.preview.get("errors", [])[:5]
        directive_import_confirm(by=user, job=job)
        apply = measure("portal: apply job (kept rows, not the file)", lambda: jobs.apply(job.pk))
        _print(out, apply)
        assert apply["result"].status == "done", apply["result"].last_error
        ours = {
            "label": "portal import, parse + apply jobs",
            "seconds": upload["seconds"] + parse["seconds"] + apply["seconds"],
            "queries": upload["queries"] + parse["queries"] + apply["queries"],
            "memory": max(parse["memory"], apply["memory"]),
            "result": apply["result"].log.created_count,
        }
        assert Directive.objects.count() == ROWS
        _print(out, ours)
        again = measure(
            "the same file again (nothing to write)",
            lambda: (
                directive_import_apply(path=portal_file, file_name=portal_file.name, by=user)[
                    1
                ].unchanged_count
            ),
        )
    _print(out, again)
    history_ours = Directive.history.count()
    empty_register()
    out.line(
        "  (the default resource writes row by row: at 50,000 rows it takes a quarter of an hour or more)"
    )

    def default():
        resource = modelresource_factory(Directive)()
        dataset = XLSX().create_dataset(default_file.read_bytes())
        result = resource.import_data(dataset, dry_run=False, use_transactions=True, raise_errors=True)
        return result.totals["new"]

    theirs = measure("django-import-export default ModelResource", default)
    assert Directive.objects.count() == ROWS
    history_theirs = Directive.history.count()
    empty_register()

    budget = ROWS // 1000 + 20
    _print(out, theirs)
    out.line(f"  history records written: portal {history_ours:,}, default {history_theirs:,}")
    ratio = theirs["seconds"] / ours["seconds"]
    out.line(f"  speed ratio portal / default: {ratio:.1f}x (goal >= 10x)")
    out.line(f"  portal queries: {ours['queries']} (goal <= rows/1000 + 20 = {budget})")
    for path in (portal_file, default_file):
        path.unlink()
    workdir.rmdir()
