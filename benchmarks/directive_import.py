"""Directive import: the portal's import path against a tuned django-import-export resource.

Both import the same generated directives (BENCH_DIRECTIVE_ROWS, default 50,000) from the same
.xlsx (the portal's Vietnamese headers) into an empty register of the same database, in the same
run: the portal through its two worker jobs, the yardstick through benchmarks/_directive_resource.py
(bulk, `skip_diff`, cached lookups, the many-to-many and the history written in bulk). Timed:
reading the file, validating and writing, history included. After each path the register is
counted (directives, their fields, history records, the fields of each record) and one directive
read back whole: the two paths must have written the same thing.

Printed: seconds, rows/s, SQL queries (goal: at most rows/1000 + 20 for the portal), the ratio
(goal: the portal at least 3x the tuned resource) and memory: the peak resident memory of the
import, this process and the child that reads the workbook together (psutil, sampled every 10 ms),
against the goal of 10 x the file's size + 250 MB. django-import-export's default ModelResource
(row by row: a quarter of an hour at 5,000 rows) runs only with BENCH_DIRECTIVE_DEFAULT=1.
"""

import datetime
import gc
import os
import tempfile
import time
from pathlib import Path

from benchmarks._measure import PeakMemory, QueryCounter

ROWS = int(os.environ.get("BENCH_DIRECTIVE_ROWS", "50000"))
PROFILE = os.environ.get("BENCH_DIRECTIVE_PROFILE", "") == "1"
WITH_DEFAULT = os.environ.get("BENCH_DIRECTIVE_DEFAULT", "") == "1"
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
MB = 1048576


def measure(label, function, rows=None):
    from django.db import connection

    gc.collect()
    counter = QueryCounter()
    with PeakMemory(children=True) as memory, connection.execute_wrapper(counter):
        started = time.perf_counter()
        result = function()
        seconds = time.perf_counter() - started
    return {
        "label": label,
        "rows": ROWS if rows is None else rows,
        "seconds": seconds,
        "queries": counter.count,
        "memory": memory.grown_mb,
        "peak": memory.peak_mb,
        "child": memory.child_peak_mb,
        "result": result,
    }


def total(label, parts, result=None):
    """Steps run one after the other: times and queries add up, memory peaks at the largest step."""
    return {
        "label": label,
        "rows": parts[0]["rows"],
        "seconds": sum(p["seconds"] for p in parts),
        "queries": sum(p["queries"] for p in parts),
        "memory": max(p["memory"] for p in parts),
        "peak": max(p["peak"] for p in parts),
        "child": max(p["child"] for p in parts),
        "result": result,
    }


def records(fields, count=None):
    """The same directives for both paths, as plain values."""
    field_ids = [f.pk for f in fields]
    for n in range(ROWS if count is None else count):
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


def register_counts():
    """What an import writes, counted: both paths must write the same."""
    from django.apps import apps

    from directives.models import Directive

    return {
        "directives": Directive.objects.count(),
        "field links": Directive.fields.through.objects.count(),
        "history records": Directive.history.count(),
        "fields of history records": apps.get_model(
            "directives", "HistoricalDirective_fields"
        ).objects.count(),
    }


def sample(number, body_code):
    """One directive read back whole, with its fields and its history (ids and times left out)."""
    from django.forms.models import model_to_dict

    from directives.models import Directive

    directive = Directive.objects.get(number=number, issuing_body__code=body_code)
    values = model_to_dict(directive, exclude=["id", "fields"])
    values.update(
        search_text=directive.search_text,
        fields=sorted(directive.fields.values_list("pk", flat=True)),
        history=[
            (
                record.history_type,
                record.history_user_id,
                sorted(record.fields.values_list("field_id", flat=True)),
            )
            for record in directive.history.all()
        ],
    )
    return values


def _print(out, entry):
    out.line(
        f"  {entry['label']:<50} {entry['seconds']:7.1f} s {entry['rows'] / entry['seconds']:9,.0f} rows/s "
        f"{entry['queries']:>8,} queries  peak RSS {entry['peak']:5.0f} MB (+{entry['memory']:.0f} MB)"
    )


def start(path, user):
    from django.core.files import File

    from directives.services import directive_import_start

    with path.open("rb") as handle:
        return directive_import_start(by=user, upload=File(handle, name=path.name))


def profiled(out, function, *args):
    """`function(*args)`, under cProfile with BENCH_DIRECTIVE_PROFILE=1 (where the time goes)."""
    if not PROFILE:
        return function(*args)
    import cProfile
    import io
    import pstats

    profile = cProfile.Profile()
    result = profile.runcall(function, *args)
    text = io.StringIO()
    pstats.Stats(profile, stream=text).sort_stats("cumulative").print_stats(30)
    for line in text.getvalue().splitlines():
        out.line(f"    {line}")
    return result


def portal_import(out, path, user):
    """As the worker runs it (directives/imports/jobs.py): the upload read once by the parse job
    (calamine in a child process), the rows kept, then planned again and written by the apply job."""
    from directives.imports import jobs
    from directives.services import directive_import_confirm

    upload = measure("portal: upload (directives.services)", lambda: start(path, user))
    parse = measure(
        "portal: parse job (read once, preview stored)",
        lambda: profiled(out, jobs.parse, upload["result"].pk),
    )
    _print(out, parse)
    job = parse["result"]
    assert job.preview["is_valid"], job.preview.get("errors", [])[:5]
    directive_import_confirm(by=user, job=job)
    apply = measure("portal: apply job (kept rows, not the file)", lambda: profiled(out, jobs.apply, job.pk))
    _print(out, apply)
    assert apply["result"].status == "done", apply["result"].last_error
    ours = total("portal import, upload + parse + apply jobs", [upload, parse, apply])
    return ours


def tuned_import(out, path, user):
    from benchmarks._directive_resource import import_dataset, read_dataset

    read = measure("tuned resource: reading (XLSX format, openpyxl)", lambda: read_dataset(path))
    _print(out, read)
    dataset = read["result"]
    write = measure(
        "tuned resource: import_data (bulk, skip_diff)",
        lambda: import_dataset(dataset, user=user, file_name=path.name),
    )
    _print(out, write)
    assert not write["result"].has_errors()
    assert write["result"].totals["new"] == ROWS, write["result"].totals
    return total("django-import-export tuned resource, read + import", [read, write])


def default_import(path):
    """django-import-export's default ModelResource on a file of model field names (opt-in)."""
    from import_export.formats.base_formats import XLSX
    from import_export.resources import modelresource_factory

    from directives.models import Directive

    resource = modelresource_factory(Directive)()
    dataset = XLSX().create_dataset(path.read_bytes())
    result = resource.import_data(dataset, dry_run=False, use_transactions=True, raise_errors=True)
    return result.totals["new"]


def run(out):
    from django.contrib.auth.models import Group
    from django.test.utils import override_settings

    from directives.numbering import format_number
    from directives.services import directive_import_apply, directive_import_preview
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
    if WITH_DEFAULT:
        write_default_file(default_file, rows, orgs)
    middle = rows[ROWS // 2]
    sample_key = (
        format_number(middle["sequence"], middle["abbr"], BODIES[middle["body"]][1]),
        middle["body"],
    )
    del rows  # not part of either import's memory
    size_mb = portal_file.stat().st_size / MB
    out.line(f"{ROWS:,} directives; the .xlsx both paths read: {size_mb:.1f} MB; load {_load()}")

    limits = {"DIRECTIVE_IMPORT_MAX_ROWS": max(ROWS, 50_000), "DIRECTIVE_IMPORT_MAX_BYTES": 64 * MB}
    empty_register()
    with override_settings(DIRECTIVE_IMPORT_MAX_ROWS=ROWS - 1, DIRECTIVE_IMPORT_MAX_BYTES=64 * MB):
        # Issue 19 item 13: a file over the limit used to be read in full (27 s at 60,000 rows).
        refused = measure(
            "refusing the file at a limit of rows - 1 (counted before parsing)",
            lambda: directive_import_preview(path=portal_file, file_name=portal_file.name).file_errors[0],
            rows=ROWS,
        )
        _print(out, refused)
    with override_settings(**limits):
        ours = portal_import(out, portal_file, user)
        _print(out, ours)
        counts_ours, sample_ours = register_counts(), sample(*sample_key)
        again = measure(
            "the same file again (nothing to write)",
            lambda: directive_import_apply(path=portal_file, file_name=portal_file.name, by=user),
        )
    _print(out, again)
    assert again["result"][1].unchanged_count == ROWS
    empty_register()

    theirs = tuned_import(out, portal_file, user)
    _print(out, theirs)
    counts_theirs, sample_theirs = register_counts(), sample(*sample_key)
    empty_register()

    out.line(f"  written, portal:         {counts_ours}")
    out.line(f"  written, tuned resource: {counts_theirs}")
    assert counts_ours == counts_theirs, (counts_ours, counts_theirs)
    assert counts_ours["directives"] == ROWS
    assert counts_ours["field links"] > ROWS
    assert sample_ours == sample_theirs, (sample_ours, sample_theirs)
    out.line(f"  directive {sample_key[0]} read back: the same on both paths")

    ratio = theirs["seconds"] / ours["seconds"]
    out.line(f"  speed ratio portal / tuned resource: {ratio:.1f}x (goal >= 3x)")
    budget = ROWS // 1000 + 20
    out.line(f"  portal queries: {ours['queries']} (goal <= rows/1000 + 20 = {budget})")
    goal = 10 * size_mb + 250
    out.line(
        f"  portal memory: peak RSS {ours['peak']:.0f} MB, this process and the reading child together "
        f"(goal <= 10 x {size_mb:.1f} MB + 250 MB = {goal:.0f} MB); "
        f"the child alone peaked at {ours['child']:.0f} MB"
    )
    if WITH_DEFAULT:
        default = measure("django-import-export default ModelResource", lambda: default_import(default_file))
        _print(out, default)
        empty_register()
        out.line(f"  speed ratio portal / default resource: {default['seconds'] / ours['seconds']:.1f}x")
        default_file.unlink()
    portal_file.unlink()
    workdir.rmdir()


def _load():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"
