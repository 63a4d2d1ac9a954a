"""A django-import-export 4 resource for Directive, tuned as a competent engineer would for a large
import: the yardstick of benchmarks/directive_import.py (issue 16, acceptance 4). Not used by the
portal, whose import is directives.services; it lives here so that the app never grows a second
import path.

It reads the portal's own file (Vietnamese headers) and writes what the portal writes: the
directives, their fields (the many-to-many), one "created" history record each by the importing
user, and the fields each history record saw. How, following the library's "Bulk imports" page:

- `use_bulk` with `batch_size`: rows are kept and written by `bulk_create`, 5,000 at a time (the
  portal's batch size); `use_transactions`: all or nothing.
- `skip_diff`: no deep copy of each instance and no diff. `skip_unchanged` stays off: the library
  can only skip a row by comparing it with that copy (`skip_row` returns False under `skip_diff`),
  and on a first import no row is unchanged anyway.
- Widgets that never query per row: the issuing body by its natural key (the organisation's code)
  through a ForeignKeyWidget that reads the table once (like `CachedForeignKeyWidget`, without its
  cost per row), the fields by name through a many-to-many widget that reads
  the Field table once; dates as dd/mm/yyyy; the term (khóa) and the document type as the portal
  writes them (XIII, "Hướng dẫn").
- Existing directives are found by their natural key (number, issuing body, issue date) with one
  query per 10,000 numbers in the file (`NaturalKeyLoader`), not one `get()` per row; on a first
  import it finds none.
- Bulk mode saves no many-to-many and sends no signal, so no history either ("Bulk operations do
  not work with many-to-many relationships"): `bulk_create` and `bulk_update` are overridden to
  write through simple-history's `bulk_create_with_history` / `bulk_update_with_history`, then the
  through table's rows, then the historical through rows, each in bulk.
- `clean_model_instances` stays off: `full_clean()` would check the two unique constraints with
  two queries a row. The resource therefore checks less than the portal does (duplicates within
  the file, the type against the number's abbreviation, ...), which favours it in the comparison.
"""

from collections import defaultdict

from django.db import connection
from django.utils import timezone
from import_export import resources, widgets
from import_export.fields import Field
from import_export.instance_loaders import BaseInstanceLoader
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from directives.models import Directive
from directives.numbering import VIETNAMESE_NAME, parse_number, parse_term
from organizations.models import Field as KhoaGiaoField
from organizations.models import Organization

BATCH_SIZE = 5000
LOOKUP_CHUNK = 10_000
# What an update rewrites (bulk_update needs the list; number's parts and the derived columns too).
UPDATE_FIELDS = [
    "number", "sequence", "type_abbreviation", "issuer_symbol", "issued_on", "issuing_body", "term",
    "doc_type", "title", "signer", "search_text", "updated_at",
]  # fmt: skip


class PartyNumberWidget(widgets.Widget):
    """ "128-HD/BTGTW" -> PartyNumber; an invalid number raises InvalidNumber (a ValueError, which
    the resource reports as the row's validation error)."""

    def clean(self, value, row=None, **kwargs):
        return parse_number(value)


class PartyNumberField(Field):
    """The number sets its parsed parts too: Directive.normalize() rebuilds `number` from them."""

    def save(self, instance, row, is_m2m=False, **kwargs):
        number = self.clean(row, **kwargs)
        instance.sequence, instance.type_abbreviation, instance.issuer_symbol = (
            number.sequence,
            number.abbreviation,
            number.issuer,
        )
        instance.number = str(number)


class TermWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return parse_term(value)


class DocTypeWidget(widgets.Widget):
    NAMES = {name: doc_type for doc_type, name in VIETNAMESE_NAME.items()}

    def clean(self, value, row=None, **kwargs):
        try:
            return self.NAMES[str(value).strip()]
        except KeyError:
            raise ValueError(f"unknown document type {value!r}") from None


class CodeForeignKeyWidget(widgets.ForeignKeyWidget):
    """The library's CachedForeignKeyWidget reads the table once too, but builds a namedtuple class
    on every lookup: 17 % of import_data's time at 20,000 rows (cProfile). A dict by code instead."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if not hasattr(self, "_by_key"):
            self._by_key = {str(getattr(o, self.field)): o for o in self.get_queryset(value, row)}
        try:
            return self._by_key[str(value).strip()]
        except KeyError:
            raise ValueError(f"unknown {self.model._meta.verbose_name} {value!r}") from None


class CachedManyToManyWidget(widgets.ManyToManyWidget):
    """ManyToManyWidget.clean() returns a queryset, one query a row when evaluated: names are
    looked up in a dict read once instead, and the ids returned."""

    def clean(self, value, row=None, **kwargs):
        if not value:
            return []
        if not hasattr(self, "_ids"):
            self._ids = dict(self.model.objects.values_list(self.field, "pk"))
        names = [name.strip() for name in str(value).split(self.separator) if name.strip()]
        try:
            return [self._ids[name] for name in names]
        except KeyError as exc:
            raise ValueError(f"unknown {self.model._meta.verbose_name} {exc.args[0]!r}") from None


class NaturalKeyLoader(BaseInstanceLoader):
    """The library's CachedInstanceLoader, for a key of three columns: the register's directives
    whose numbers the file holds, read in a few queries, then found in a dict."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        fields = resource.fields
        self.key_fields = [fields[name] for name in resource.get_import_id_fields()]
        numbers = set()
        for value in dataset[fields["number"].column_name]:
            try:
                numbers.add(str(parse_number(value)))
            except ValueError:
                continue  # reported when the row itself is imported
        numbers = sorted(numbers)
        self.existing = {}
        for start in range(0, len(numbers), LOOKUP_CHUNK):
            chunk = numbers[start : start + LOOKUP_CHUNK]
            for directive in Directive.objects.filter(number__in=chunk):
                key = (directive.number, directive.issuing_body_id, directive.issued_on)
                self.existing[key] = directive

    def get_instance(self, row):
        if not self.existing:
            return None
        number, body, issued_on = (field.clean(row) for field in self.key_fields)
        return self.existing.get((str(number), body.pk if body else None, issued_on))


class TunedDirectiveResource(resources.ModelResource):
    number = PartyNumberField(attribute="number", column_name="Số hiệu", widget=PartyNumberWidget())
    issued_on = Field(
        attribute="issued_on", column_name="Ngày ban hành", widget=widgets.DateWidget(format="%d/%m/%Y")
    )
    issuing_body = Field(
        attribute="issuing_body",
        column_name="Cơ quan ban hành",
        widget=CodeForeignKeyWidget(Organization, field="code"),
    )
    term = Field(attribute="term", column_name="Khóa", widget=TermWidget())
    doc_type = Field(attribute="doc_type", column_name="Loại văn bản", widget=DocTypeWidget())
    title = Field(attribute="title", column_name="Trích yếu", widget=widgets.CharWidget())
    signer = Field(attribute="signer", column_name="Người ký", widget=widgets.CharWidget())
    fields = Field(
        attribute="fields",
        column_name="Lĩnh vực",
        widget=CachedManyToManyWidget(KhoaGiaoField, separator=";", field="name"),
    )

    class Meta:
        model = Directive
        fields = ("number", "issued_on", "issuing_body", "term", "doc_type", "title", "signer", "fields")
        import_id_fields = ("number", "issuing_body", "issued_on")
        instance_loader_class = NaturalKeyLoader
        use_bulk = True
        batch_size = BATCH_SIZE
        skip_diff = True
        skip_unchanged = False  # needs the diff; see the module's docstring
        use_transactions = True
        clean_model_instances = False

    def __init__(self, *, user, file_name, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.reason = f"Imported from the spreadsheet {file_name} (django-import-export)"
        self.now = timezone.now()

    def before_save_instance(self, instance, row, **kwargs):
        # Bulk mode skips Model.save(): the derived columns (number, search_text) and the
        # creator are set here, as the model's save() and the portal's import do.
        if instance.pk is None:
            instance.created_by = self.user
        instance.updated_at = self.now
        instance.normalize()

    def save_m2m(self, instance, row, **kwargs):
        # The library does nothing here in bulk mode: keep the ids for the pass after the insert.
        field = self.fields["fields"]
        if field.column_name in row:
            instance._field_ids = field.clean(row)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if not self.create_instances or not (using_transactions or not dry_run):
            return
        try:
            created = bulk_create_with_history(
                self.create_instances,
                Directive,
                batch_size=batch_size or BATCH_SIZE,
                default_user=self.user,
                default_change_reason=self.reason,
                default_date=self.now,
            )
            self._write_fields(created, replace=False)
        except Exception as exc:
            self.handle_import_error(result, exc, raise_errors)
        finally:
            self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if not self.update_instances or not (using_transactions or not dry_run):
            return
        try:
            bulk_update_with_history(
                self.update_instances,
                Directive,
                UPDATE_FIELDS,
                batch_size=batch_size or BATCH_SIZE,
                default_user=self.user,
                default_change_reason=self.reason,
                default_date=self.now,
            )
            self._write_fields(self.update_instances, replace=True)
        except Exception as exc:
            self.handle_import_error(result, exc, raise_errors)
        finally:
            self.update_instances.clear()

    def _write_fields(self, directives, *, replace):
        """The second bulk pass: the through table's rows, then the fields each history record
        of this import saw (what simple-history's m2m tracking writes on a save())."""
        through = Directive.fields.through
        ids = [d.pk for d in directives]
        if replace:  # a row without the column keeps its fields
            replaced = [d.pk for d in directives if hasattr(d, "_field_ids")]
            through.objects.filter(directive_id__in=replaced).delete()
        links = through.objects.bulk_create(
            [
                through(directive_id=d.pk, field_id=f)
                for d in directives
                for f in getattr(d, "_field_ids", ())
            ],
            batch_size=BATCH_SIZE,
        )
        by_directive = defaultdict(list)
        if replace:
            links = through.objects.filter(directive_id__in=ids)
        for link in links:
            by_directive[link.directive_id].append(link)
        historical = Directive.history.model._meta.get_field("historicaldirective_fields").related_model
        records = Directive.history.filter(id__in=ids, history_date=self.now).values_list("history_id", "id")
        historical.objects.bulk_create(
            [
                historical(
                    history_id=history_id, id=link.pk, directive_id=directive_id, field_id=link.field_id
                )
                for history_id, directive_id in records
                for link in by_directive[directive_id]
            ],
            batch_size=BATCH_SIZE,
        )


def read_dataset(path):
    """The file as a tablib Dataset, read by the library's own .xlsx format (openpyxl, read-only)."""
    from import_export.formats.base_formats import XLSX

    return XLSX().create_dataset(path.read_bytes())


def import_dataset(dataset, *, user, file_name):
    """Import the rows, all or nothing; returns the library's Result."""
    assert connection.features.can_return_rows_from_bulk_insert  # ids after bulk_create
    resource = TunedDirectiveResource(user=user, file_name=file_name)
    return resource.import_data(dataset, dry_run=False, raise_errors=True)
