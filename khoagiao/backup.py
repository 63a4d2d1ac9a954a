"""Backup and restore of the database and the private files together (docs/operations.md,
"Backups"): a database without its files, or files without their rows, is not a backup.

A backup is a folder:
- `database.dump`: `pg_dump --format=custom` (consistent while the portal runs), or
  `database.sqlite3` for the embedded database of `make run`;
- `files.tar`: the private folder (attachments, reports, signed documents);
- `manifest.json`: when, from which migrations, the row count of every table, and the SHA-256 of
  the two archives and of every file, so that a restore can prove it got everything back.

A restore goes only into an empty database and an empty private folder, checks the archives
against the manifest first, then migrates (a backup from an older version comes up to the code's
schema) and compares every table's rows and every file's hash with the manifest.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
FILES = "files.tar"


class BackupError(Exception):
    """What went wrong, in words for the operator."""


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _is_postgresql(connection):
    return connection.vendor == "postgresql"


def _pg_env(connection):
    """libpq's environment for pg_dump/pg_restore: the password never goes on a command line."""
    params = connection.settings_dict
    env = dict(os.environ)
    for key, name in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if params.get(name):
            env[key] = str(params[name])
    env["PGDATABASE"] = params["NAME"]
    return env


def _run(command, env):
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip() or done.returncode}")


def table_counts(connection):
    """Rows of every table, by name: the portal's, the history tables, beat's and Django's."""
    with connection.cursor() as cursor:
        names = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for name in names:
            # Table names from the database's own catalogue, quoted.
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608
            counts[name] = cursor.fetchone()[0]
    return counts


def file_hashes(root):
    root = Path(root)
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): _sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.name.endswith(".part")  # a job's file still being written
    }


def _migrations(connection):
    recorder = MigrationRecorder(connection)
    applied = {}
    for app, name in sorted(recorder.applied_migrations()):
        applied[app] = max(applied.get(app, ""), name)
    return applied


def _dump_postgresql(connection, database):
    """pg_dump and the counts from one snapshot: the manifest says exactly what the dump holds,
    even while the portal keeps writing."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts, migrations = table_counts(connection), _migrations(connection)
        command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}"]
        _run([*command, "--file", str(database)], _pg_env(connection))
    return counts, migrations


def _dump_sqlite(connection, database):
    connection.ensure_connection()
    target = sqlite3.connect(database)
    with target:
        connection.connection.backup(target)
    try:
        names = [row[0] for row in target.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        counts = {
            name: target.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]  # noqa: S608
            for name in sorted(names)
            if not name.startswith("sqlite_")
        }
    finally:
        target.close()
    return counts, _migrations(connection)


def backup(destination, *, alias="default"):
    """Write a backup folder under `destination`; returns its path."""
    connection = connections[alias]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    folder = Path(destination) / f"khoagiao-{stamp}"
    folder.mkdir(parents=True, exist_ok=False)
    if _is_postgresql(connection):
        database = folder / "database.dump"
        counts, migrations = _dump_postgresql(connection, database)
    else:
        database = folder / "database.sqlite3"
        counts, migrations = _dump_sqlite(connection, database)
    private = Path(settings.PRIVATE_ROOT)
    files = file_hashes(private)
    with tarfile.open(folder / FILES, "w") as archive:
        for name in files:
            archive.add(private / name, arcname=name, recursive=False)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": {"vendor": connection.vendor, "file": database.name, "sha256": _sha256(database)},
        "files": {"archive": FILES, "sha256": _sha256(folder / FILES), "hashes": files},
        "migrations": migrations,
        "tables": counts,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    return folder


def read_manifest(folder):
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{folder}: no readable {MANIFEST} ({exc})") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{folder}: unknown backup format {manifest.get('format')!r}")
    for name, expected in (
        (manifest["database"]["file"], manifest["database"]["sha256"]),
        (manifest["files"]["archive"], manifest["files"]["sha256"]),
    ):
        path = folder / name
        if not path.is_file() or _sha256(path) != expected:
            raise BackupError(f"{path}: missing or changed since the backup (SHA-256 differs)")
    return manifest


def _check_empty(connection, private):
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    if tables:
        raise BackupError(
            f"the database {connection.settings_dict['NAME']} is not empty ({len(tables)} tables): "
            "restore into a new, empty database"
        )
    if private.exists() and any(private.iterdir()):
        raise BackupError(f"the private folder {private} is not empty: restore into an empty folder")


def restore(folder, *, alias="default", stdout=None):
    """Restore a backup folder into an empty database and private folder, migrate, and compare.
    Returns the list of differences (empty when everything came back)."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    connection = connections[alias]
    private = Path(settings.PRIVATE_ROOT)
    _check_empty(connection, private)
    database = folder / manifest["database"]["file"]
    if manifest["database"]["vendor"] != connection.vendor:
        raise BackupError(
            f"the backup is of a {manifest['database']['vendor']} database, not {connection.vendor}"
        )
    if _is_postgresql(connection):
        connection.close()
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--dbname",
                connection.settings_dict["NAME"],
                str(database),
            ],
            _pg_env(connection),
        )
    else:
        connection.close()
        shutil.copyfile(database, connection.settings_dict["NAME"])
    private.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / manifest["files"]["archive"]) as archive:
        archive.extractall(private, filter="data")  # no links, no paths outside the folder
    differences = _compare(connection, private, manifest)
    # Rows first, then the schema: a backup of an older version is migrated to this one's.
    if stdout:
        stdout.write("Bringing the schema up to this version (migrate)…")
    call_command("migrate", database=alias, interactive=False, verbosity=0)
    return differences


def _compare(connection, private, manifest):
    differences = []
    counts = table_counts(connection)
    for table, expected in manifest["tables"].items():
        if counts.get(table) != expected:
            differences.append(f"table {table}: {counts.get(table)} rows, the backup has {expected}")
    hashes = file_hashes(private)
    for name, expected in manifest["files"]["hashes"].items():
        if hashes.get(name) != expected:
            differences.append(f"file {name}: {'changed' if name in hashes else 'missing'}")
    return differences


def describe(manifest):
    created = datetime.datetime.fromisoformat(manifest["created_at"])
    rows = sum(manifest["tables"].values())
    return (
        f"backup of {timezone.localtime(created):%d/%m/%Y %H:%M}: {len(manifest['tables'])} tables, "
        f"{rows} rows, {len(manifest['files']['hashes'])} files"
    )
