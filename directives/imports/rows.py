"""One spreadsheet row -> a Row: its cells parsed into the values the register stores, and every
problem as a Vietnamese message naming the row and the column ("Dòng 5, cột Ngày ban hành (B): ...").
What depends on other rows or on the register (matching, references) is plan.py's work."""

import difflib
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from khoagiao.text import fold

from ..models import Classification, Directive
from ..numbering import InvalidNumber, InvalidTerm, parse_number, parse_term
from . import cells
from .columns import (
    CLASSIFICATION_NAMES,
    CLASSIFICATIONS,
    DOC_TYPES,
    REQUIRED,
    STATUS_NAMES,
    STATUSES,
    VIETNAMESE_NAME,
)

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
    instance: object = None  # the Directive written by apply.py (not by its COPY path)
    pk: int = None  # the id of the directive written, once written (references read it)

    @property
    def number_text(self):
        return str(self.number) if self.number else ""

    @property
    def title(self):
        return self.values.get("title") or (self.target.title if self.target else "")


def cell_error(row, index, header, message):
    row.errors.append(
        _("Row %(row)s, column %(column)s: %(message)s")
        % {"row": row.line, "column": f"{header} ({get_column_letter(index + 1)})", "message": message}
    )


def row_error(row, message):
    row.errors.append(_("Row %(row)s: %(message)s") % {"row": row.line, "message": message})


def parse_row(line, values, columns, lookups):
    row = Row(line=line)
    raw = {}
    where = {}
    for index, column, _header in columns:
        raw[column.key] = values[index] if index < len(values) else None
        # Messages name the column as the template does, not as written ("Số hiệu *").
        where[column.key] = (index, column.header)

    def fail(key, message):
        cell_error(row, *where[key], message)

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
        # Names match whatever their case or Unicode form (fold), then the other names.
        by_name = lookups.orgs_by_name.get(fold(wanted), [])
        candidates = list(dict.fromkeys(by_name + lookups.orgs_by_alias.get(fold(wanted), [])))
        day = row.values.get("issued_on")
        if len(candidates) > 1 and day:
            # A document points to the organisation as it was on its issue date (docs/domain.md,
            # "The 2025 reorganisation").
            candidates = [org for org in candidates if org.is_active_on(day)] or candidates
        if len(candidates) > 1:
            # An organisation's own name wins over another's other name.
            named = [org for org in candidates if org in by_name]
            candidates = named if len(named) == 1 else candidates
        if len(candidates) > 1:
            fail(
                "issuing_body",
                _("“%(value)s” names several organisations (%(codes)s); write the code instead.")
                % {"value": wanted, "codes": ", ".join(sorted(org.code for org in candidates))},
            )
            return
        org = candidates[0] if candidates else None
    if org is None:
        fail("issuing_body", _unknown_body_message(wanted, lookups))
        return
    row.values["issuing_body"] = org.pk
    if row.number and org.symbol and org.symbol.upper() != row.number.issuer:
        fail(
            "number",
            _("the issuer symbol %(symbol)s in the number does not match %(body)s (%(expected)s).")
            % {"symbol": row.number.issuer, "body": org.name, "expected": org.symbol},
        )


def _unknown_body_message(wanted, lookups):
    """What to say about an issuer nobody is called: the closest names the portal knows."""
    close = difflib.get_close_matches(fold(wanted), list(lookups.org_names), n=3, cutoff=0.6)
    if not close:
        return _(
            "no organisation has the code or name “%(value)s”; an administrator can add it as another "
            "name of the organisation."
        ) % {"value": wanted}
    return _("no organisation has the code or name “%(value)s”. Did you mean %(names)s?") % {
        "value": wanted,
        "names": ", ".join(f"“{lookups.org_names[key]}”" for key in close),
    }


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
