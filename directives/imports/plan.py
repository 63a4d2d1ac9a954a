"""Validating an import: every row is parsed, checked and matched against the register before
anything is written (STYLE.md 7). The result, an ImportPlan, is what the preview page shows and
what apply.py writes, in one transaction, only when it holds no error.

Matching: a row is the same directive as a register entry with the same number and issuing body
and, when the row gives a term (khóa), the same term, else the same issue date (DOMAIN.md §1.3:
"20-NQ/TW" exists for 2012 and 2017). A matched row whose values are all equal is "unchanged";
re-importing a file therefore changes nothing. A column missing from the file leaves that value
alone; a column present with a blank cell clears it.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from khoagiao.text import fold
from organizations.models import Field, Organization

from ..models import Classification, Directive, DirectiveAttachment
from ..numbering import InvalidNumber, InvalidTerm, format_term, parse_number, parse_term
from . import cells
from .columns import (
    BY_KEY,
    CLASSIFICATION_NAMES,
    CLASSIFICATIONS,
    DOC_TYPES,
    REQUIRED,
    STATUS_NAMES,
    STATUSES,
    VIETNAMESE_NAME,
    match_header,
)
from .reader import FileRejected, read_table

NEW, UPDATED, UNCHANGED, ERROR = "new", "updated", "unchanged", "error"
# Model fields a row may set (besides the number, which identifies it, and the many-to-many fields).
SCALAR_KEYS = (
    "doc_type",
    "issuing_body",
    "term",
    "issued_on",
    "effective_on",
    "signer",
    "title",
    "summary",
    "status",
    "classification",
)
REFERENCE_KEYS = ("implements", "replaced_by")
SIGNER_MAX = Directive._meta.get_field("signer").max_length


@dataclass
class Row:
    line: int
    status: str = NEW
    errors: list = field(default_factory=list)
    values: dict = field(default_factory=dict)  # key -> parsed value, for the columns the file has
    number: object = None  # PartyNumber
    target: object = None  # the matched Directive
    field_ids: frozenset = None
    refs: dict = field(default_factory=dict)  # key -> Directive or Row or None
    changed: list = field(default_factory=list)  # keys whose value changes
    instance: object = None  # the Directive written by apply.py

    @property
    def number_text(self):
        return str(self.number) if self.number else ""

    @property
    def title(self):
        return self.values.get("title") or (self.target.title if self.target else "")


@dataclass
class ImportPlan:
    file_name: str
    file_format: str
    file_errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    keys: list = field(default_factory=list)  # the columns the file has
    lookups: object = None

    @property
    def is_valid(self):
        return not self.file_errors and not any(row.errors for row in self.rows)

    def count(self, status):
        return sum(1 for row in self.rows if row.status == status)

    @property
    def counts(self):
        return {status: self.count(status) for status in (NEW, UPDATED, UNCHANGED, ERROR)}

    @property
    def error_messages(self):
        return self.file_errors + [message for row in self.rows for message in row.errors]


class Lookups:
    """The register and its reference tables, read once (a fixed number of queries)."""

    def __init__(self):
        self.orgs_by_code = {}
        self.orgs_by_name = defaultdict(list)
        for org in Organization.objects.order_by():
            self.orgs_by_code[org.code.lower()] = org
            for name in {fold(org.name), fold(org.short_name)} - {""}:
                self.orgs_by_name[name].append(org)
        self.orgs = {org.pk: org for org in self.orgs_by_code.values()}
        self.fields = {}
        self.field_names = {}
        for item in Field.objects.order_by():
            self.fields[item.code.lower()] = item
            self.fields[fold(item.name)] = item
            self.field_names[item.pk] = item.name
        self.directives = {}
        self.by_number_body = defaultdict(list)
        for directive in Directive.objects.order_by().iterator(chunk_size=5000):
            self.directives[directive.pk] = directive
            self.by_number_body[(directive.number, directive.issuing_body_id)].append(directive)
        # directive id -> {field id: id of the link row}: the import compares and rewrites these.
        self.links = defaultdict(dict)
        through = Directive.fields.through
        for link_id, directive_id, field_id in through.objects.values_list("id", "directive_id", "field_id"):
            self.links[directive_id][field_id] = link_id
        self.with_files = set(
            DirectiveAttachment.objects.order_by().values_list("directive_id", flat=True).distinct()
        )


def build_plan(path, file_name, fmt, max_rows=None):
    """Read and check the whole file; nothing is written."""
    plan = ImportPlan(file_name=file_name, file_format=fmt)
    try:
        table = read_table(path, fmt, max_rows=max_rows)
    except FileRejected as exc:
        plan.file_errors.append(str(exc))
        return plan
    columns = _map_columns(table.headers, plan)
    if plan.file_errors:
        return plan
    plan.keys = [column.key for _index, column, _header in columns]
    plan.lookups = lookups = Lookups()
    for line, values in table.rows:
        plan.rows.append(_parse_row(line, values, columns, lookups))
    rows = [row for row in plan.rows if not row.errors]
    _match(rows, lookups)
    _check_final_keys(plan.rows, lookups)
    _resolve_references(plan.rows, lookups, columns)
    for row in plan.rows:
        if not row.errors:
            _compare(row, lookups)
        if row.errors:
            row.status = ERROR
    return plan


# --- headers ------------------------------------------------------------------------------------


def _map_columns(headers, plan):
    """[(index, Column, header text as written)] for the recognised headers."""
    columns, seen = [], {}
    for index, header in enumerate(headers):
        if not header:
            continue
        column = match_header(header)
        if column is None:
            plan.warnings.append(
                _("Column “%(column)s” is not recognised and was ignored.") % {"column": header}
            )
            continue
        if column.key in seen:
            plan.file_errors.append(
                _("The column %(column)s appears twice (%(first)s and %(second)s).")
                % {
                    "column": column.header,
                    "first": get_column_letter(seen[column.key] + 1),
                    "second": get_column_letter(index + 1),
                }
            )
            continue
        seen[column.key] = index
        columns.append((index, column, header))
    missing = [column.header for column in REQUIRED if column.key not in seen]
    if missing:
        plan.file_errors.append(
            _("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    return columns


def _cell_error(row, index, header, message):
    row.errors.append(
        _("Row %(row)s, column %(column)s: %(message)s")
        % {"row": row.line, "column": f"{header} ({get_column_letter(index + 1)})", "message": message}
    )


def _row_error(row, message):
    row.errors.append(_("Row %(row)s: %(message)s") % {"row": row.line, "message": message})


# --- one row ------------------------------------------------------------------------------------


def _parse_row(line, values, columns, lookups):
    row = Row(line=line)
    raw = {}
    where = {}
    for index, column, header in columns:
        raw[column.key] = values[index] if index < len(values) else None
        where[column.key] = (index, header)

    def fail(key, message):
        _cell_error(row, *where[key], message)

    parsers = {
        "issued_on": cells.date,
        "effective_on": cells.date,
        "title": cells.text,
        "summary": cells.text,
        "signer": cells.text,
    }
    for key, parse in parsers.items():
        if key in raw:
            try:
                row.values[key] = parse(raw[key])
            except cells.CellError as exc:
                fail(key, str(exc))
    for column in REQUIRED:
        if column.key in raw and cells.is_blank(raw[column.key]):
            fail(column.key, _("this column must not be empty."))
    try:
        if not cells.is_blank(raw["number"]):
            row.number = parse_number(cells.text(raw["number"]))
    except (InvalidNumber, cells.CellError) as exc:
        fail("number", str(exc))
    if "issuing_body" in raw and not cells.is_blank(raw["issuing_body"]):
        _parse_body(row, raw["issuing_body"], lookups, fail)
    if "term" in raw:
        _parse_term(row, raw["term"], fail)
    if "doc_type" in raw or row.number:
        _parse_doc_type(row, raw, fail)
    for key, table, names in (
        ("status", STATUSES, STATUS_NAMES),
        ("classification", CLASSIFICATIONS, CLASSIFICATION_NAMES),
    ):
        if key in raw:
            _parse_choice(row, key, raw[key], table, names, fail)
    if "fields" in raw:
        _parse_fields(row, raw["fields"], lookups, fail)
    for key in REFERENCE_KEYS:
        if key in raw:
            try:
                row.refs[key] = cells.reference(raw[key])
            except cells.CellError as exc:
                row.refs[key] = None
                fail(key, str(exc))
    _check_row_rules(row, where, fail)
    return row


def _parse_body(row, value, lookups, fail):
    try:
        wanted = cells.text(value)
    except cells.CellError as exc:
        fail("issuing_body", str(exc))
        return
    org = lookups.orgs_by_code.get(wanted.lower())
    if org is None:
        candidates = lookups.orgs_by_name.get(fold(wanted), [])
        day = row.values.get("issued_on")
        if len(candidates) > 1 and day:
            # A document points to the organisation as it was on its issue date (DOMAIN.md §3.4).
            candidates = [org for org in candidates if org.is_active_on(day)] or candidates
        if len(candidates) > 1:
            fail(
                "issuing_body",
                _("“%(value)s” names several organisations (%(codes)s); write the code instead.")
                % {"value": wanted, "codes": ", ".join(sorted(org.code for org in candidates))},
            )
            return
        org = candidates[0] if candidates else None
    if org is None:
        fail("issuing_body", _("no organisation has the code or name “%(value)s”.") % {"value": wanted})
        return
    row.values["issuing_body"] = org.pk
    if row.number and org.symbol and org.symbol.upper() != row.number.issuer:
        fail(
            "number",
            _("the issuer symbol %(symbol)s in the number does not match %(body)s (%(expected)s).")
            % {"symbol": row.number.issuer, "body": org.name, "expected": org.symbol},
        )


def _parse_term(row, value, fail):
    try:
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(int(value)) if float(value).is_integer() else str(value)
        row.values["term"] = parse_term(cells.text(value))
    except (InvalidTerm, cells.CellError) as exc:
        fail("term", str(exc))


def _parse_doc_type(row, raw, fail):
    key = "doc_type" if "doc_type" in raw else "number"
    wanted = ""
    if "doc_type" in raw:
        try:
            wanted = cells.text(raw["doc_type"])
        except cells.CellError as exc:
            fail(key, str(exc))
            return
    doc_type = DOC_TYPES.get(fold(wanted)) if wanted else None
    if wanted and doc_type is None:
        fail(
            key,
            _(
                "“%(value)s” is not a document type "
                "(Nghị quyết, Quyết định, Quy định, Chỉ thị, Kết luận, ...)."
            )
            % {"value": wanted},
        )
        return
    if not row.number:
        if doc_type:
            row.values["doc_type"] = doc_type
        return
    allowed = row.number.types
    if doc_type is None:
        if len(allowed) > 1:
            fail(
                key,
                _("%(abbr)s is used by %(types)s: write which one in the column Loại văn bản.")
                % {"abbr": row.number.abbreviation, "types": " / ".join(VIETNAMESE_NAME[t] for t in allowed)},
            )
            return
        doc_type = allowed[0]
    elif doc_type not in allowed:
        fail(
            key,
            _("the type %(type)s does not match the abbreviation %(abbr)s in the number.")
            % {"type": VIETNAMESE_NAME[doc_type], "abbr": row.number.abbreviation},
        )
        return
    row.values["doc_type"] = doc_type


def _parse_choice(row, key, value, table, names, fail):
    try:
        wanted = cells.text(value)
    except cells.CellError as exc:
        fail(key, str(exc))
        return
    if not wanted:
        row.values[key] = next(iter(names))  # the first choice is the default
        return
    choice = table.get(fold(wanted))
    if choice is None:
        fail(
            key,
            _("“%(value)s” is not one of: %(choices)s.")
            % {"value": wanted, "choices": ", ".join(names.values())},
        )
        return
    row.values[key] = choice


def _parse_fields(row, value, lookups, fail):
    try:
        wanted = cells.text(value)
    except cells.CellError as exc:
        fail("fields", str(exc))
        return
    ids, unknown = set(), []
    for part in wanted.split(";"):
        part = part.strip()
        if not part:
            continue
        item = lookups.fields.get(part.lower()) or lookups.fields.get(fold(part))
        if item is None:
            unknown.append(part)
        else:
            ids.add(item.pk)
    if unknown:
        fail(
            "fields",
            _(
                "%(values)s: not a field (lĩnh vực); separate fields with “;” "
                "and use the names in the template."
            )
            % {"values": ", ".join(f"“{part}”" for part in unknown)},
        )
        return
    row.field_ids = frozenset(ids)


def _check_row_rules(row, where, fail):
    values = row.values
    signer = values.get("signer") or ""
    if len(signer) > SIGNER_MAX:
        fail("signer", _("at most %(max)s characters.") % {"max": SIGNER_MAX})
    issued, effective = values.get("issued_on"), values.get("effective_on")
    if issued and effective and effective < issued:
        fail("effective_on", _("the effective date is before the issue date."))
    level = values.get("classification")
    if level and level != Classification.NONE:
        name = CLASSIFICATION_NAMES[level]
        if values.get("summary"):
            fail(
                "summary",
                _(
                    "a classified directive (%(level)s) keeps its register fields only: "
                    "leave the summary empty."
                )
                % {"level": name},
            )
        if level == Classification.TUYET_MAT and values.get("title"):
            fail("title", _("a Tuyệt mật directive keeps no trích yếu: leave it empty."))
    if "status" in values and row.refs.get("replaced_by") and values["status"] != Directive.Status.REPLACED:
        fail(
            "status",
            _("a directive replaced by another has the status “%(status)s”.")
            % {"status": STATUS_NAMES[Directive.Status.REPLACED]},
        )


# --- across rows --------------------------------------------------------------------------------


def _key_term(row):
    return row.values.get("term")


def _match(rows, lookups):
    """Find each row's register entry; refuse two rows that are the same directive."""
    by_term, by_date, by_target = {}, {}, {}
    for row in rows:
        body, day, term = row.values["issuing_body"], row.values["issued_on"], _key_term(row)
        number = str(row.number)
        candidates = lookups.by_number_body.get((number, body), [])
        target = None
        if term:
            target = next((d for d in candidates if d.term == term), None)
        if target is None:
            target = next((d for d in candidates if d.issued_on == day), None)
        row.target = target
        others = []
        if term:
            others.append(by_term.setdefault((number, body, term), row))
        others.append(by_date.setdefault((number, body, day), row))
        if target is not None:
            others.append(by_target.setdefault(target.pk, row))
        first = next((other for other in others if other is not row), None)
        if first is not None:
            _row_error(
                row,
                _("the same directive as row %(other)s (same number, issuing body and term or issue date).")
                % {"other": first.line},
            )


def _final(row):
    """(number, body, term, date) the row leaves in the register."""
    target = row.target
    term = row.values.get("term", target.term if target else None)
    return str(row.number), row.values["issuing_body"], term, row.values["issued_on"]


def _check_final_keys(all_rows, lookups):
    """After the import, number + body + term and number + body + date must still be unique."""
    rows = [row for row in all_rows if not row.errors]
    touched = {row.target.pk for row in rows if row.target}
    owners = {}
    for directive in lookups.directives.values():
        if directive.pk in touched:
            continue
        owners[("d", directive.number, directive.issuing_body_id, directive.issued_on)] = directive
        if directive.term:
            owners[("t", directive.number, directive.issuing_body_id, directive.term)] = directive
    for row in rows:
        number, body, term, day = _final(row)
        for key in (("d", number, body, day), ("t", number, body, term) if term else None):
            clash = owners.get(key) if key else None
            if clash is not None and clash is not row:
                _row_error(
                    row,
                    _(
                        "%(number)s of %(body)s is already in the register "
                        "with this term or issue date (%(date)s)."
                    )
                    % {
                        "number": number,
                        "body": lookups.orgs[body].name,
                        "date": f"{clash.issued_on:%d/%m/%Y}",
                    },
                )
                break


def _resolve_references(all_rows, lookups, columns):
    """Implements / replaced by: a directive in the register or in this file, by number (and date).
    `row.refs` holds only the reference columns the file has; a blank cell resolves to None."""
    where = {column.key: (index, header) for index, column, header in columns}
    rows = [row for row in all_rows if not row.errors]
    if not any(ref for row in rows for ref in row.refs.values()):
        return
    pool = defaultdict(list)  # number -> [(issue date, Directive or Row)]
    touched = {row.target.pk for row in rows if row.target}
    for directive in lookups.directives.values():
        if directive.pk not in touched:
            pool[directive.number].append((directive.issued_on, directive))
    for row in rows:
        pool[str(row.number)].append((row.values["issued_on"], row))
    for row in rows:
        for key, ref in row.refs.items():
            if not ref:
                continue
            found = _find_reference(ref, pool)
            row.refs[key] = None
            if isinstance(found, str):
                _cell_error(row, *where[key], found)
            elif found is row or (row.target is not None and found is row.target):
                _cell_error(row, *where[key], _("a directive cannot refer to itself."))
            else:
                row.refs[key] = found


def _find_reference(ref, pool):
    text, day = ref
    try:
        number = str(parse_number(text))
    except InvalidNumber as exc:
        return str(exc)
    candidates = pool.get(number, [])
    if day:
        candidates = [c for c in candidates if c[0] == day]
    if not candidates:
        shown = f"{number} ({day:%d/%m/%Y})" if day else number
        return _("no directive %(number)s is in the register or in this file.") % {"number": shown}
    if len(candidates) > 1:
        dates = sorted(c[0] for c in candidates)
        return _(
            "several directives have the number %(number)s (%(dates)s); "
            "add the date, for example “%(example)s”."
        ) % {
            "number": number,
            "dates": ", ".join(f"{d:%d/%m/%Y}" for d in dates),
            "example": f"{number} ngày {dates[-1]:%d/%m/%Y}",
        }
    return candidates[0][1]


def _final_value(row, key):
    if key in row.values:
        return row.values[key]
    if row.target is not None:
        return getattr(row.target, key)
    return Directive._meta.get_field(key).get_default()


def _compare(row, lookups):
    """NEW, or UPDATED with the keys that change, or UNCHANGED; and the rules that depend on what
    the register already holds (a column the file lacks keeps the register's value)."""
    target = row.target
    level = _final_value(row, "classification")
    if level != Classification.NONE:
        if target is not None and target.pk in lookups.with_files:
            _row_error(
                row, _("the directive has attached files; remove them in the portal before classifying it.")
            )
        if "summary" not in row.values and _final_value(row, "summary"):
            _row_error(
                row, _("the register holds a summary for this directive; a classified directive keeps none.")
            )
        if level == Classification.TUYET_MAT and "title" not in row.values and _final_value(row, "title"):
            _row_error(
                row, _("the register holds a trích yếu for this directive; a Tuyệt mật directive keeps none.")
            )
    if row.errors:
        return
    if target is None:
        row.status = NEW
        return
    changed = []
    for key in SCALAR_KEYS:
        if key not in row.values:
            continue
        current = target.issuing_body_id if key == "issuing_body" else getattr(target, key)
        if (current or None) != (row.values[key] or None):
            changed.append(key)
    if row.field_ids is not None and row.field_ids != frozenset(lookups.links.get(target.pk, {})):
        changed.append("fields")
    for key, found in row.refs.items():
        if isinstance(found, Row):
            found = found.target  # None for a row that is new: then the reference changes
            if found is None:
                changed.append(key)
                continue
        if (found.pk if found else None) != getattr(target, f"{key}_id"):
            changed.append(key)
    row.changed = changed
    row.status = UPDATED if changed else UNCHANGED


# --- what the preview shows ---------------------------------------------------------------------


def describe(row, key, lookups, new=True):
    """A value of the row (new=True) or of its register entry, as text for the preview."""
    source = row if new else row.target
    if key == "fields":
        ids = row.field_ids if new else lookups.links.get(row.target.pk, {}).keys()
        return "; ".join(sorted(lookups.field_names[i] for i in ids or ()))
    if key in REFERENCE_KEYS:
        if new:
            found = row.refs.get(key)
            return found.number_text if isinstance(found, Row) else (found.number if found else "")
        ref_id = getattr(source, f"{key}_id")
        return lookups.directives[ref_id].number if ref_id in lookups.directives else ""
    value = (
        row.values.get(key)
        if new
        else (source.issuing_body_id if key == "issuing_body" else getattr(source, key))
    )
    if value in (None, ""):
        return ""
    if key == "issuing_body":
        return lookups.orgs[value].name
    if key == "term":
        return format_term(value)
    if key in ("issued_on", "effective_on"):
        return f"{value:%d/%m/%Y}"
    if key == "doc_type":
        return VIETNAMESE_NAME[value]
    if key == "status":
        return STATUS_NAMES[value]
    if key == "classification":
        return CLASSIFICATION_NAMES[value]
    return str(value)


def changes(row, lookups):
    """[(column header, old text, new text)] of an updated row."""
    return [
        (BY_KEY[key].header, describe(row, key, lookups, new=False), describe(row, key, lookups, new=True))
        for key in row.changed
    ]
