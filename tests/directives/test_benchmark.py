"""The directive import's benchmark (benchmarks/directive_import.py, `make bench`) is not a test; this
keeps it from rotting: on a file of a few rows of its own making, its yardstick, the tuned
django-import-export resource (benchmarks/_directive_resource.py), writes what the portal's import
writes, as the benchmark's own counts and read-back compare them."""

import pytest
from django.apps import apps

from benchmarks import directive_import as bench
from benchmarks._directive_resource import import_dataset, read_dataset
from directives.models import Directive
from directives.numbering import format_number
from directives.services import directive_import_apply
from tests.directives.factories import central_body

pytestmark = pytest.mark.django_db
ROWS = 6


def clear_register():
    # Not the benchmark's TRUNCATE: the test's transaction holds deferred foreign-key checks. The
    # directives first: deleting them writes history records, which go next.
    Directive.objects.all().delete()
    apps.get_model("directives", "HistoricalDirective_fields").objects.all().delete()
    Directive.history.all().delete()


def test_the_tuned_resource_writes_what_the_portal_import_writes(khoa_giao_fields, admin_user, tmp_path):
    for code, (name, symbol) in bench.BODIES.items():
        central_body(code, name, symbol)
    fields = sorted(khoa_giao_fields.values(), key=lambda f: f.order)
    rows = list(bench.records(fields, count=ROWS))
    path = tmp_path / "van-ban.xlsx"
    bench.write_portal_file(path, rows, {f.pk: f.name for f in fields})
    key = (
        format_number(rows[1]["sequence"], rows[1]["abbr"], bench.BODIES[rows[1]["body"]][1]),
        rows[1]["body"],
    )

    _plan, log = directive_import_apply(path=path, file_name=path.name, by=admin_user)
    assert log.created_count == ROWS
    portal = bench.register_counts(), bench.sample(*key)
    clear_register()

    result = import_dataset(read_dataset(path), user=admin_user, file_name=path.name)
    assert result.totals["new"] == ROWS
    assert (bench.register_counts(), bench.sample(*key)) == portal
    assert portal[0] == {
        "directives": ROWS,
        "field links": 9,  # one or two fields a row
        "history records": ROWS,
        "fields of history records": 9,
    }
    assert portal[1]["history"] == [("+", admin_user.pk, portal[1]["fields"])]

    # Imported again, the rows update their directives (found by number, body and date): no
    # duplicates, the same fields, and an "updated" history record each.
    again = import_dataset(read_dataset(path), user=admin_user, file_name=path.name)
    assert (again.totals["new"], again.totals["update"]) == (0, ROWS)
    assert bench.register_counts() == {
        "directives": ROWS,
        "field links": 9,
        "history records": 2 * ROWS,
        "fields of history records": 18,
    }
    assert [kind for kind, *_ in bench.sample(*key)["history"]] == ["~", "+"]
