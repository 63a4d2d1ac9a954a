"""Validating an import: every row is parsed, checked and matched against the register before
anything is written. The result, an ImportPlan, is what the preview page shows and
what apply.py writes, in one transaction, only when it holds no error.

Matching: a row is the same directive as a register entry with the same number and issuing body
and, when the row gives a term (khóa), the same term, else the same issue date (docs/domain.md, numbers:
"20-NQ/TW" exists for 2012 and 2017). A matched row whose values are all equal is "unchanged";
re-importing a file therefore changes nothing. A column missing from the file leaves that value
alone; a column present with a blank cell clears it.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from khoagiao.scoping import current_province_id
from khoagiao.text import fold
from organizations.access import entered_in
from organizations.models import Field, Organization, OrganizationAlias, Province

from ..models import Classification, Directive, DirectiveAttachment
from ..numbering import InvalidNumber, format_term, parse_number
from .columns import BY_KEY, CLASSIFICATION_NAMES, REQUIRED, STATUS_NAMES, VIETNAMESE_NAME, match_header
from .reader import FileRejected, read_table
from .rows import (
    ERROR,
    NEW,
    REFERENCE_KEYS,
    SCALAR_KEYS,
    UNCHANGED,
    UPDATED,
    Row,
    cell_error,
    parse_row,
    row_error,
)

__all__ = [
    "ERROR",
    "NEW",
    "REFERENCE_KEYS",
    "SCALAR_KEYS",
    "UNCHANGED",
    "UPDATED",
    "ImportPlan",
    "Row",
    "build_plan",
    "plan_table",
]


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
        self.orgs_by_name = defaultdict(list)  # folded name or short name -> organisations
        self.orgs_by_alias = defaultdict(list)  # folded other name (organizations/aliases.py)
        self.org_names = {}  # folded -> the name as written, for "did you mean"
        for org in Organization.objects.order_by():
            self.orgs_by_code[org.code.lower()] = org
            for name in {org.name, org.short_name} - {""}:
                self.orgs_by_name[fold(name)].append(org)
                self.org_names.setdefault(fold(name), name)
        self.orgs = {org.pk: org for org in self.orgs_by_code.values()}
        for org_id, name, folded in OrganizationAlias.objects.order_by().values_list(
            "organization_id", "name", "folded"
        ):
            self.orgs_by_alias[folded].append(self.orgs[org_id])
            self.org_names.setdefault(folded, name)
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
        self._provinces = {}

    def province(self, pk):
        """A province a message names (the one that entered a central directive), read once."""
        if pk not in self._provinces:
            self._provinces[pk] = Province.objects.get(pk=pk)
        return self._provinces[pk]


def build_plan(path, file_name, fmt, max_rows=None):
    """Read and check the whole file; nothing is written."""
    try:
        table = read_table(path, fmt, max_rows=max_rows)
    except FileRejected as exc:
        return ImportPlan(file_name=file_name, file_format=fmt, file_errors=[str(exc)])
    return plan_table(table, file_name, fmt)


def plan_table(table, file_name, fmt):
    """Check rows already read (reader.Table) against the register; nothing is written. The
    import job reads a file once and plans it twice: for the preview, and again when it is
    applied, against the register as it is then."""
    plan = ImportPlan(file_name=file_name, file_format=fmt)
    columns = _map_columns(table.headers, plan)
    if plan.file_errors:
        return plan
    plan.keys = [column.key for _index, column, _header in columns]
    plan.lookups = lookups = Lookups()
    for line, values in table.rows:
        plan.rows.append(parse_row(line, values, columns, lookups))
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


# --- across rows --------------------------------------------------------------------------------


def _match(rows, lookups):
    """Find each row's register entry; refuse two rows that are the same directive."""
    by_term, by_date, by_target = {}, {}, {}
    for row in rows:
        body, day, term = row.values["issuing_body"], row.values["issued_on"], row.values.get("term")
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
            row_error(
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
                row_error(
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
    where = {column.key: (index, column.header) for index, column, _header in columns}
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
                cell_error(row, *where[key], found)
            elif found is row or (row.target is not None and found is row.target):
                cell_error(row, *where[key], _("a directive cannot refer to itself."))
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
            row_error(
                row, _("the directive has attached files; remove them in the portal before classifying it.")
            )
        if "summary" not in row.values and _final_value(row, "summary"):
            row_error(
                row, _("the register holds a summary for this directive; a classified directive keeps none.")
            )
        if level == Classification.TUYET_MAT and "title" not in row.values and _final_value(row, "title"):
            row_error(
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
    if changed and not entered_in(current_province_id(), target):
        # A central directive that another province's Ban entered: every province reads its
        # entry, so only that Ban changes it (organizations.access, Rule.recorder_only).
        row_error(
            row,
            _(
                "this directive of a central body was entered in the register by the Ban Tuyên giáo "
                "và Dân vận %(committee)s; only that Ban changes its entry. Give the values the "
                "register holds (%(columns)s), or remove the row."
            )
            % {
                "committee": lookups.province(target.recorded_in_id).committee,
                "columns": ", ".join(BY_KEY[key].header for key in changed),
            },
        )


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
