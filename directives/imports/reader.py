"""Reading an uploaded .xlsx or .csv into rows of cells, refusing hostile or broken files.

- .xlsx: checked as a zip first (a truncated file, a zip bomb, something that is not a workbook),
  then streamed with openpyxl in read-only mode. openpyxl parses with defusedxml when it is
  installed (pyproject.toml), so entity expansion (billion laughs) and external entities are
  refused. The file is opened with data_only=False so that formula cells can be recognised and
  refused (cells.Formula), never silently replaced by a cached value.
- .csv: UTF-8 with or without a byte-order mark (or UTF-16 with one, as Excel's "Unicode Text"
  writes it); the delimiter is "," or ";" (Excel with
  Vietnamese regional settings writes ";") or a tab, whichever the header line uses.
"""

import csv
import io
import logging
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from . import cells
from .columns import REQUIRED, match_header

logger = logging.getLogger(__name__)
FORMATS = ("xlsx", "csv")
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
    """ "xlsx" or "csv" from the file name, or FileRejected with what to do instead."""
    ext = Path(str(name)).suffix.lower().lstrip(".")
    if ext in FORMATS:
        return ext
    if ext in ("xls", "xlsm", "xlsb", "ods"):
        raise FileRejected(
            _("Files of type .%(ext)s cannot be read: open the file and save it as .xlsx (Excel workbook).")
            % {"ext": ext}
        )
    raise FileRejected(_("Only .xlsx and .csv files can be imported."))


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
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise FileRejected(_("The file is damaged or is not an .xlsx workbook.")) from exc
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names:
        raise FileRejected(_("The file is damaged or is not an .xlsx workbook."))
    expanded = sum(member.file_size for member in members)
    if len(members) > MAX_ZIP_MEMBERS or expanded > settings.DIRECTIVE_IMPORT_MAX_UNZIPPED_BYTES:
        raise FileRejected(
            _("The file expands to more than %(mb)s MB and was refused.")
            % {"mb": settings.DIRECTIVE_IMPORT_MAX_UNZIPPED_BYTES // 1048576}
        )
    _check_prologs(path, members)


_ROOT_START = re.compile(rb"<[A-Za-z_]")


def _check_prologs(path, members):
    """No XML part of the workbook may declare a DTD or entities. An office program never writes
    one; openpyxl's defusedxml refuses entities only once it reaches them, and a bare DTD it lets
    through. The prolog ends where the root element starts, so only that much is read."""
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
                raise FileRejected(_("The file is damaged or is not an .xlsx workbook.")) from exc
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
    if fmt == "xlsx":
        # Counted on the raw XML before any cell is parsed: a file over the limit is refused in a
        # fraction of the time reading it would take (issue 19, item 13).
        total = count_xlsx_rows(path, stop_after=max_rows + HEADER_SEARCH_ROWS + 1)
        if total > max_rows + HEADER_SEARCH_ROWS:  # even if the first rows were titles
            raise _too_many(max_rows)
    rows = _xlsx_rows(path) if fmt == "xlsx" else _csv_rows(path)
    table = Table()
    titles = 0  # rows with a value above the header
    try:
        for line, values in rows:
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
        # A truncated member, malformed XML, forbidden entities: never a server error.
        logger.warning("directive import: unreadable file", exc_info=True)
        if _forbidden_xml(exc):
            raise FileRejected(_forbidden_message()) from exc
        raise FileRejected(_("The file is damaged or is not an .xlsx workbook.")) from exc
    if not table.headers:
        other = _sheet_with_header(path) if fmt == "xlsx" else None
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
_VALUE = re.compile(rb"<(?:\w+:)?(?:v|is|f)[\s>]")


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


def count_xlsx_rows(path, stop_after):
    """How many rows of the first sheet hold a value (header included), counted on the raw XML
    without parsing a cell, and no further than `stop_after`. 0 when it cannot be told (the
    reader then finds out)."""
    try:
        part = first_sheet_part(path)
        if part is None:
            return 0
        count, tail = 0, b""
        with zipfile.ZipFile(path) as archive, archive.open(part) as handle:
            while count <= stop_after:
                chunk = handle.read(1 << 20)
                if not chunk:
                    break
                pieces = _ROW_END.split(tail + chunk)
                tail = pieces.pop()
                count += sum(1 for piece in pieces if _VALUE.search(piece))
        return count
    except Exception:
        logger.info("directive import: rows not counted before reading", exc_info=True)
        return 0


def _sheet_with_header(path):
    """The name of a sheet after the first whose first rows hold the header, or None."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:
        return None
    try:
        for sheet in workbook.worksheets[1:]:
            for line, row in enumerate(sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True), 1):
                if line > HEADER_SEARCH_ROWS:
                    break
                if _looks_like_header(list(row)):
                    return sheet.title
    except Exception:
        return None
    finally:
        workbook.close()
    return None


def _forbidden_xml(exc):
    """Whether defusedxml refused the file, however deeply the reader wrapped its error (openpyxl
    raises a ValueError of its own "from" defusedxml's): the whole __cause__/__context__ chain."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if type(exc).__module__.startswith("defusedxml"):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _looks_like_header(values):
    return sum(1 for value in values if isinstance(value, str) and match_header(value)) >= 2


def _xlsx_rows(path):
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        sheet = workbook.worksheets[0]
        # Some programs write wrong sheet dimensions; read what is really there.
        sheet.reset_dimensions()
        for line, row in enumerate(sheet.iter_rows(), start=1):
            yield (
                line,
                [
                    cells.Formula(cell.value) if getattr(cell, "data_type", None) == "f" else cell.value
                    for cell in row
                ],
            )
    finally:
        workbook.close()


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
