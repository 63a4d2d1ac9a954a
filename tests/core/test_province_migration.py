"""An installation of one province, made before provinces existed, migrates into its province
without losing a row or a file (issue 13, acceptance 1).

The database is filled by seed_demo (the home province alone, as a single-province installation
had it), with a file attached, then migrated back to the state before the province migrations, then
forward again: the rows, counted in SQL, and the files' SHA-256 are the same; every row of a
province's own tables is the home province's, and the central bodies and their directives have none.
"""

import hashlib
import io

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_scopes.state import state as scope_state

from directives import services as directive_services
from directives.models import Classification, Directive
from khoagiao.scoping import everywhere
from organizations.models import User
from tests.directives.factories import PDF_BYTES

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# Each app's migration before its province migration: the schema of a single-province installation.
BEFORE_PROVINCES = [
    ("organizations", "0007_seed_central_aliases"),
    ("agreements", "0005_agreement_search_trigram"),
    ("api", "0001_initial"),
    ("assignments", "0009_task_search_trigram"),
    ("directives", "0009_directive_search_trigram"),
    ("meetings", "0007_meeting_search_trigram"),
    ("notices", "0003_notice_report_kinds"),
    ("outgoing", "0001_initial"),
    ("reports", "0008_delete_sentnotice"),
    ("signatures", "0002_sweeper"),
]
# Rows that the migrations themselves write: the record of applied migrations, and the province.
NOT_DATA = {"django_migrations", "organizations_province"}
# Tables newer than the provinces whose rows are counted from the tasks by the migration that
# makes them (assignments 0013): dropped on the way back, made again on the way forward.
COUNTED_FROM_TASKS = {"assignments_yeartally"}


def local_tables():
    """The tables of the project's own models (not Django's or third-party apps'), by name."""
    root = str(settings.BASE_DIR)
    return sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and apps.get_app_config(model._meta.app_label).path.startswith(root)
        }
        - NOT_DATA
        - {"demo"}
    )


def existing_tables():
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def row_counts(every=True):
    """Rows per table; `every=False` for a state before some tables existed (a model added after
    the province migrations), which then counts the tables present only."""
    present = existing_tables()
    counts = {}
    with connection.cursor() as cursor:
        for table in local_tables():
            if not every and table not in present:
                continue
            assert table in present, f"{table} is missing"
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 (our tables)
            counts[table] = cursor.fetchone()[0]
    return counts


def file_hashes():
    root = settings.PRIVATE_ROOT
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def province_columns():
    """The tables of scoped models that have a `province_id` column now (of those present: a
    table newer than the provinces is not there before them)."""
    found = {}
    present = existing_tables()
    with connection.cursor() as cursor:
        for model in apps.get_models():
            if "province" not in {field.name for field in model._meta.concrete_fields}:
                continue
            table = model._meta.db_table
            if table not in present:
                continue
            columns = {c.name for c in connection.introspection.get_table_description(cursor, table)}
            found[model._meta.db_table] = "province_id" in columns
    return found


def migrate(targets):
    """As `manage.py migrate` runs: outside any province's scope. (Inside the test's scope, the
    new columns' default, `province_default`, would be the test's province, whose row the way back
    removed.)"""
    executor = MigrationExecutor(connection)
    token = scope_state.set({})
    try:
        executor.migrate(targets)
    finally:
        scope_state.reset(token)


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def test_a_single_province_database_migrates_into_its_province(khoa_giao_fields, settings):
    settings.PORTAL_DEMO_PASSWORD = "demo-password-for-tests"
    call_command("seed_demo", "--home-only", stdout=io.StringIO())
    # A central body's directive (every province's, as the demo's all are): its attachment is the
    # province's own row, which the migration must keep too.
    directive = Directive._base_manager.filter(classification=Classification.NONE).order_by("pk").first()
    staff = User.objects.get(username="chuyenvien")
    upload = SimpleUploadedFile("van-ban.pdf", PDF_BYTES, content_type="application/pdf")
    directive_services.directive_attach(directive=directive, files=[upload], by=staff)

    counts, hashes = row_counts(), file_hashes()
    assert counts["directives_directive"] > 0
    assert counts["assignments_task"] > 0
    assert hashes, "the database holds at least one file"
    assert all(province_columns().values())

    try:
        migrate(BEFORE_PROVINCES)
        assert "organizations_province" not in existing_tables()
        assert not any(province_columns().values()), province_columns()
        before = row_counts(every=False)
        assert before == {table: counts[table] for table in before}
        # A table the way back dropped (a model newer than the provinces) held nothing to lose.
        assert not {
            table: n
            for table, n in counts.items()
            if table not in before and n and table not in COUNTED_FROM_TASKS
        }
    finally:
        # Whatever happened, the shared test database ends at the latest state.
        migrate(latest())

    assert row_counts() == counts
    assert file_hashes() == hashes
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, code FROM organizations_province")
        ((home_id, home_code),) = cursor.fetchall()
    assert home_code == "khanh-hoa"

    with everywhere():
        for model in apps.get_models():
            if "province" not in {field.name for field in model._meta.concrete_fields}:
                continue
            rows = model._base_manager.all()
            label = model._meta.label.replace(".Historical", ".")
            if label == "organizations.Organization":
                central = rows.filter(level="central")
                assert central.exists()
                assert not central.exclude(province=None).exists(), "central bodies belong to no province"
                rows = rows.exclude(level="central")
            elif label == "directives.Directive":
                central = rows.filter(issuing_body__level="central")
                assert central.exists()
                assert not central.exclude(province=None).exists(), "central directives belong to none"
                if model is Directive:  # the home province's Ban entered them, and keeps their entries
                    assert not rows.exclude(recorded_in_id=home_id).exists()
                rows = rows.exclude(issuing_body__level="central")
            elif model._meta.label == "organizations.OrganizationChange":
                # A change of central bodies only is shared, like them (organizations 0008).
                rows = rows.filter(predecessors__level__in=["province", "commune"]).distinct()
            strays = rows.exclude(province_id=home_id).count()
            assert strays == 0, f"{model._meta.label}: {strays} rows outside the home province"
