"""Reading an uploaded .xlsx, .xls, .ods or .csv into rows of cells, refusing hostile or broken files.

- Workbooks are read by python-calamine (Rust: 15x faster than openpyxl on a 50,000-row file, and
  it reads old .xls and LibreOffice .ods too), but never on a raw upload in this process (issue 16;
  docs/operations.md): calamine aborts the whole process on a small file whose cells lie far apart.
  So, first, the cheap checks: the size; for .xlsx and .ods a real zip of bounded expanded size
  and no DTD or entity in any XML part; for .xlsx also the sheet's raw XML scanned for the rows
  that hold a value, the cells' extent and the formula cells, before any cell is parsed. Then
  calamine runs in a child process (sheet_child.py) under a memory and CPU limit: a file that gets
  past the checks and still blows up kills only that child, and is refused.
- Formula cells of an .xlsx are refused (cells.Formula), never replaced by a cached value: the
  scan finds them, since calamine gives only the cached value. .xls and .ods files keep the
  value that Excel or LibreOffice computed when saving (calamine cannot tell a formula there).
- .csv: UTF-8 with or without a byte-order mark (or UTF-16 with one, as Excel's "Unicode Text"
  writes it); the delimiter is "," or ";" (Excel with
  Vietnamese regional settings writes ";") or a tab, whichever the header line uses.
"""

import csv
import datetime
import html
import io
import logging
import pickle
import re
import subprocess
import sys
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from . import cells
from .columns import REQUIRED, match_header

logger = logging.getLogger(__name__)
FORMATS = ("xlsx", "xls", "ods", "csv")
WORKBOOKS = ("xlsx", "xls", "ods")
CHILD = Path(__file__).with_name("sheet_child.py")
# The extent a directive list can have: its columns (the template has 14) with room for notes,
# and its rows with room for titles and blank lines. A cell beyond is refused before calamine
# would allocate the rectangle up to it.
MAX_COLUMNS = 100
BLANK_ROWS_MARGIN = 1000
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (BIFF8 in an OLE2 compound file)
HEADER_SEARCH_ROWS = 20
PROGRESS_EVERY = 500
MAX_ZIP_MEMBERS = 2000
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
PROLOG_LIMIT = 64 * 1024  # a prolog longer than this is not an office program's


def _forbidden_message():
    return _("The file contains XML that is not allowed (a DTD or entities) and was refused.")


class FileRejected(ValueError):
    """The whole file is refused; the message says why in Vietnamese."""


@dataclass
class Table:
    header_line: int = 0
    headers: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # (line number, [cell values]) of non-blank rows


def file_format(name):
    """ "xlsx", "xls", "ods" or "csv" from the file name, or FileRejected with what to do instead."""
    ext = Path(str(name)).suffix.lower().lstrip(".")
    if ext in FORMATS:
        return ext
    if ext in ("xlsm", "xlsb"):
        raise FileRejected(
            _("Files of type .%(ext)s cannot be read: open the file and save it as .xlsx (Excel workbook).")
            % {"ext": ext}
        )
    raise FileRejected(_("Only .xlsx, .xls, .ods and .csv files can be imported."))


def damaged(fmt):
    if fmt == "xlsx":
        return FileRejected(_("The file is damaged or is not an .xlsx workbook."))
    return FileRejected(_("The file is damaged or is not a .%(ext)s spreadsheet.") % {"ext": fmt})


def check_size(size):
    limit = settings.DIRECTIVE_IMPORT_MAX_BYTES
    if size == 0:
        raise FileRejected(_("The file is empty."))
    if size > limit:
        raise FileRejected(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(size / 1048576, 1), "limit": round(limit / 1048576, 1)}
        )


def check_container(path, fmt):
    """Cheap checks before parsing: a real zip workbook of bounded size, or text without NULs."""
    path = Path(path)
    check_size(path.stat().st_size)
    if fmt == "csv":
        with path.open("rb") as handle:
            head = handle.read(65536)
        if b"\x00" in head and not head.startswith(_UTF16_BOMS):
            raise FileRejected(_("The file is not a text (CSV) file."))
        return
    if fmt == "xls":
        # An OLE2 compound file; its records are only read by calamine, in the child process.
        with path.open("rb") as handle:
            if handle.read(len(_OLE_MAGIC)) != _OLE_MAGIC:
                raise damaged(fmt)
        return
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise damaged(fmt) from exc
    names = {member.filename for member in members}
    if ("xl/workbook.xml" if fmt == "xlsx" else "content.xml") not in names:
        raise damaged(fmt)
    expanded = sum(member.file_size for member in members)
    if len(members) > MAX_ZIP_MEMBERS or expanded > settings.DIRECTIVE_IMPORT_MAX_UNZIPPED_BYTES:
        raise FileRejected(
            _("The file expands to more than %(mb)s MB and was refused.")
            % {"mb": settings.DIRECTIVE_IMPORT_MAX_UNZIPPED_BYTES // 1048576}
        )
    _check_prologs(path, members, fmt)


_ROOT_START = re.compile(rb"<[A-Za-z_]")


def _check_prologs(path, members, fmt):
    """No XML part of the workbook may declare a DTD or entities. An office program never writes
    one; calamine refuses entities only once it reaches them, and a bare DTD it lets through.
    The prolog ends where the root element starts, so only that much is read."""
    with zipfile.ZipFile(path) as archive:
        for member in members:
            if not member.filename.lower().endswith((".xml", ".rels", ".vml")):
                continue
            head = b""
            try:
                with archive.open(member) as handle:
                    while len(head) < PROLOG_LIMIT:
                        chunk = handle.read(4096)
                        if not chunk:
                            break
                        # NULs removed: an UTF-16 part is searched as if it were ASCII.
                        head += chunk.replace(b"\x00", b"")
                        if _ROOT_START.search(head):
                            break
            except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
                raise damaged(fmt) from exc
            match = _ROOT_START.search(head)
            prolog = head[: match.start()] if match else head
            if b"<!doctype" in prolog.lower() or b"<!entity" in prolog.lower():
                raise FileRejected(_forbidden_message())


def read_table(path, fmt, max_rows=None, progress=None):
    """The header row and the data rows of the first sheet, or FileRejected. `progress(read,
    total)` is told how far the reading is, every PROGRESS_EVERY rows."""
    max_rows = max_rows or settings.DIRECTIVE_IMPORT_MAX_ROWS
    check_container(path, fmt)
    total = max_rows
    formulas = {}
    if fmt == "xlsx":
        # Counted on the raw XML before any cell is parsed: a file over the limit is refused in a
        # fraction of the time reading it would take (issue 19, item 13); and a cell far outside
        # the table is refused before calamine allocates the rectangle up to it (issue 16).
        scan = scan_xlsx(
            path,
            stop_after=max_rows + HEADER_SEARCH_ROWS + 1,
            max_row=max_rows + HEADER_SEARCH_ROWS + BLANK_ROWS_MARGIN,
            max_column=MAX_COLUMNS,
        )
        total = scan.rows
        if total > max_rows + HEADER_SEARCH_ROWS:  # even if the first rows were titles
            raise _too_many(max_rows)
        if total - 1 > max_rows:
            # Over the limit unless rows above the header are titles: the header is found in the
            # raw XML too, so that such a file is refused without calamine reading it all.
            titles = _titles_above_header(path, scan.heads)
            if titles is not None and total - titles - 1 > max_rows:
                raise _too_many(max_rows)
        if scan.outside:
            raise FileRejected(
                _(
                    "The sheet has a value in cell %(cell)s, far outside the table. Delete what lies "
                    "outside the table (or copy the table into a new workbook) and upload the file again."
                )
                % {"cell": scan.outside}
            )
        formulas = scan.formulas
    if fmt == "xlsx":
        rows = _xlsx_rows(path)
    elif fmt in WORKBOOKS:
        rows = _workbook_rows(path, fmt)
    else:
        rows = _csv_rows(path)
    table = Table()
    titles = 0  # rows with a value above the header
    try:
        for line, values in rows:
            if formulas:
                values = _with_formulas(line, values, formulas)
            if progress and line % PROGRESS_EVERY == 0:
                progress(len(table.rows), total)
            if all(cells.is_blank(value) for value in values):
                continue
            if not table.headers:
                if _looks_like_header(values):
                    table.header_line = line
                    table.headers = [
                        cells.text(v) if not isinstance(v, cells.Formula) else "" for v in values
                    ]
                    # The raw count, less the rows above the data: over the limit by a single
                    # row is refused here, before the rows are read.
                    if fmt == "xlsx" and total - titles - 1 > max_rows:
                        raise _too_many(max_rows)
                    continue
                titles += 1
                if line > HEADER_SEARCH_ROWS:
                    break
                continue
            if len(table.rows) >= max_rows:
                # Stops at the first row over the limit: the rest is never read.
                raise _too_many(max_rows)
            table.rows.append((line, values))
    except FileRejected:
        raise
    except Exception as exc:
        # A malformed CSV, a cell calamine gave in a shape we did not expect: never a server error.
        logger.warning("directive import: unreadable file", exc_info=True)
        if _forbidden_xml(exc):
            raise FileRejected(_forbidden_message()) from exc
        raise damaged(fmt) from exc
    if not table.headers:
        other = _sheet_with_header(path, fmt) if fmt in WORKBOOKS else None
        if other:
            raise FileRejected(
                _(
                    "The data must be on the first sheet, but the header row is on the sheet “%(sheet)s”. "
                    "Move that sheet to the front (or delete the sheets before it) and upload the file again."
                )
                % {"sheet": other}
            )
        raise FileRejected(
            _("No header row was found: the first rows must name the columns (%(required)s).")
            % {"required": ", ".join(column.header for column in REQUIRED)}
        )
    if not table.rows:
        raise FileRejected(_("The file has no data rows."))
    if progress:
        progress(len(table.rows), len(table.rows))
    return table


def _too_many(max_rows):
    return FileRejected(
        _("The file has more than %(max)s data rows; split it into several files.")
        % {"max": f"{max_rows:,}".replace(",", ".")}
    )


_ROW_END = re.compile(rb"</(?:\w+:)?row>")
_VALUE = re.compile(rb"<(?:\w+:)?(?:v|is|f)[\s>/]")
_ROW_NUMBER = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"')
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_CELL_REF = re.compile(rb'\br="([A-Za-z]{1,3})(\d{1,7})"')
_HAS_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_FORMULA = re.compile(rb"<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)


@dataclass
class Scan:
    rows: int = 0  # rows holding a value, header included
    outside: str = ""  # the first cell beyond the extent a directive list can have
    formulas: dict = field(default_factory=dict)  # line -> {column index: "=formula"}
    heads: list = field(default_factory=list)  # the raw XML of the first rows that hold a value


def first_sheet_part(path):
    """The zip member of the workbook's first sheet ("xl/worksheets/sheet1.xml"), from the
    workbook's own list of sheets and its relationships (the parts' names are not fixed)."""
    from defusedxml import ElementTree

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    with zipfile.ZipFile(path) as archive:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        sheet = book.find(f"{main}sheets/{main}sheet")
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    if sheet is None:
        return None
    wanted = sheet.get(f"{rel}id")
    for item in rels:
        if item.get("Id") == wanted:
            target = item.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


def _column_index(letters):
    index = 0
    for letter in letters.upper():
        index = index * 26 + letter - 64
    return index


def scan_xlsx(path, stop_after, max_row, max_column):
    """The first sheet's raw XML read once, without parsing a cell: how many rows hold a value (no
    further than `stop_after`), the first cell with a value beyond `max_row` or `max_column`, and
    the formula cells. Rows and cells without an "r" attribute are numbered as calamine numbers
    them, one after the other. An empty scan when the sheet cannot be found (calamine then finds
    out, in its child process)."""
    scan = Scan()
    try:
        part = first_sheet_part(path)
        if part is None:
            return scan
        line, tail = 0, b""
        with zipfile.ZipFile(path) as archive, archive.open(part) as handle:
            while scan.rows <= stop_after and not scan.outside:
                chunk = handle.read(1 << 20)
                if not chunk:
                    break
                pieces = _ROW_END.split(tail + chunk)
                tail = pieces.pop()
                for piece in pieces:
                    number = _ROW_NUMBER.search(piece)
                    line = int(number[1]) if number else line + 1
                    if _scan_row(scan, piece, line, max_row, max_column):
                        scan.rows += 1
                        if len(scan.heads) <= HEADER_SEARCH_ROWS:
                            scan.heads.append(piece)
                    if scan.outside:
                        break
        return scan
    except Exception:
        logger.info("directive import: sheet not scanned before reading", exc_info=True)
        return Scan()


def _scan_row(scan, piece, line, max_row, max_column):
    """Whether the row holds a value; notes its formulas and a cell outside the extent."""
    if not _VALUE.search(piece):
        return False
    # Most rows: within the extent (cells are in column order, so the last reference is the
    # rightmost) and without a formula; only the others are looked at cell by cell. This keeps the
    # scan of a 50,000-row sheet at C speed.
    last = _CELL_REF.match(piece, piece.rfind(b' r="') + 1)
    if (
        line <= max_row
        and last is not None
        and _column_index(last[1]) <= max_column
        and not _HAS_FORMULA.search(piece)
    ):
        return True
    column, has_value = 0, False
    for cell in _CELL.finditer(piece):
        ref = _CELL_REF.search(cell[1])
        column = _column_index(ref[1]) if ref else column + 1
        content = cell[2] or b""
        if not _VALUE.search(content):
            continue  # a formatted empty cell: calamine leaves it out of the sheet's extent
        has_value = True
        if line > max_row or column > max_column:
            scan.outside = ref[0].decode()[3:-1] if ref else f"R{line}C{column}"
            return has_value
        formula = _FORMULA.search(content)
        if formula:
            text = html.unescape((formula[1] or b"").decode("utf-8", "replace"))
            scan.formulas.setdefault(line, {})[column - 1] = f"={text}"
    return has_value


_CELL_TYPE = re.compile(rb'\bt="(\w+)"')
_TEXT = re.compile(rb"<(?:\w+:)?t\b[^>]*>(.*?)</(?:\w+:)?t>", re.S)
_NUMBER = re.compile(rb"<(?:\w+:)?v>\s*(\d+)\s*</")


def _titles_above_header(path, heads):
    """How many of the first rows that hold a value come before the header row, told from the raw
    XML (shared strings read only as far as those rows need), or None when it cannot be told."""
    try:
        rows, wanted = [], set()
        for piece in heads:
            row = []
            for cell in _CELL.finditer(piece):
                kind = _CELL_TYPE.search(cell[1])
                content = cell[2] or b""
                if kind and kind[1] == b"s" and _NUMBER.search(content):
                    row.append(int(_NUMBER.search(content)[1]))
                    wanted.add(row[-1])
                elif kind and kind[1] in (b"inlineStr", b"str"):
                    row.append(html.unescape(b"".join(_TEXT.findall(content)).decode("utf-8", "replace")))
            rows.append(row)
        shared = _shared_strings(path, max(wanted)) if wanted else []
        for index, row in enumerate(rows):
            values = [shared[v] if isinstance(v, int) and v < len(shared) else v for v in row]
            if _looks_like_header([v for v in values if isinstance(v, str)]):
                return index
        return None
    except Exception:
        logger.info("directive import: header not found in the raw XML", exc_info=True)
        return None


def _shared_strings(path, last):
    """The workbook's shared strings 0..last, streamed (defusedxml) and no further."""
    from defusedxml.ElementTree import iterparse

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    strings = []
    with zipfile.ZipFile(path) as archive, archive.open("xl/sharedStrings.xml") as handle:
        for _event, element in iterparse(handle):
            if element.tag == f"{main}si":
                strings.append("".join(t.text or "" for t in element.iter(f"{main}t")))
                element.clear()
                if len(strings) > last:
                    break
    return strings


def _with_formulas(line, values, formulas):
    found = formulas.get(line)
    if not found:
        return values
    values = list(values)
    for column, text in found.items():
        values.extend([None] * (column + 1 - len(values)))
        values[column] = cells.Formula(text)
    return values


def count_xlsx_rows(path, stop_after):
    """How many rows of the first sheet hold a value (header included), no further than
    `stop_after`; 0 when it cannot be told."""
    return scan_xlsx(path, stop_after, max_row=sys.maxsize, max_column=sys.maxsize).rows


def _sheet_with_header(path, fmt):
    """The name of a sheet after the first whose first rows hold the header, or None."""
    try:
        result = _read_in_child(path, fmt, "OTHERS")
    except FileRejected:
        return None
    for name, rows in result["others"]:
        for values in rows[:HEADER_SEARCH_ROWS]:
            if _looks_like_header(values):
                return name
    return None


def _forbidden_xml(exc):
    """Whether defusedxml refused the file, however deeply a reader wrapped its error (openpyxl
    raised a ValueError of its own "from" defusedxml's): the whole __cause__/__context__ chain."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if type(exc).__module__.startswith("defusedxml"):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _looks_like_header(values):
    return sum(1 for value in values if isinstance(value, str) and match_header(value)) >= 2


class _Unpickler(pickle.Unpickler):
    """The child's answer holds lists of plain values and these types only."""

    ALLOWED = {
        ("datetime", "date"),
        ("datetime", "datetime"),
        ("datetime", "time"),
        ("datetime", "timedelta"),
    }

    def find_class(self, module, name):
        if (module, name) not in self.ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not expected from the sheet reader")
        return getattr(datetime, name)


def _read_in_child(path, fmt, mode):
    """Runs sheet_child.py on the file: {"rows": [...]} for FIRST, {"others": [(name, rows)]} for
    OTHERS, or FileRejected when calamine refused the file or the child died or ran out of time."""
    memory, seconds = settings.DIRECTIVE_IMPORT_READER_MEMORY_MB, settings.DIRECTIVE_IMPORT_READER_SECONDS
    command = [sys.executable, "-I", str(CHILD), str(path), mode, str(memory), str(seconds)]
    too_costly = FileRejected(
        _(
            "The file needs more memory or time to read than a list of directives can, and was refused "
            "(for example a cell far outside the table, or content repeated a huge number of times)."
        )
    )
    try:
        done = subprocess.run(command, capture_output=True, timeout=seconds * 2 + 10, check=False)
    except subprocess.TimeoutExpired as exc:
        logger.warning("directive import: the sheet reader ran out of time on %s", path)
        raise too_costly from exc
    if done.returncode != 0:
        logger.warning(
            "directive import: the sheet reader ended with %s: %s", done.returncode, done.stderr[-500:]
        )
        raise too_costly
    result = _Unpickler(io.BytesIO(done.stdout)).load()
    if "error" in result:
        logger.info("directive import: calamine refused the file: %s", result.get("detail"))
        if result["error"] == "forbidden":
            raise FileRejected(_forbidden_message())
        if result["error"] == "too_large":
            raise too_costly
        raise damaged(fmt)
    return result


def _workbook_rows(path, fmt):
    """(line, values) of the first sheet. Values as the import's cells expect them: None for an
    empty cell, whole numbers as int (calamine gives an .xlsx's 13 as 13.0)."""
    rows = _read_in_child(path, fmt, "FIRST")["rows"]
    for line, row in enumerate(rows, start=1):
        yield (
            line,
            [
                None
                if value == ""
                else int(value)
                if isinstance(value, float) and value.is_integer()
                else value
                for value in row
            ],
        )


def _xlsx_rows(path):
    return _workbook_rows(path, "xlsx")


def _csv_rows(path):
    raw = Path(path).read_bytes()
    try:
        # Excel's "Unicode Text" is UTF-16 with a byte-order mark; everything else must be UTF-8.
        text = raw.decode("utf-16") if raw.startswith(_UTF16_BOMS) else raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRejected(
            _("The CSV file is not UTF-8 text. In Excel choose Save As → “CSV UTF-8 (Comma delimited)”.")
        ) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    yield from enumerate(reader, start=1)
