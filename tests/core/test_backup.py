"""Backup and restore (issue #16, acceptance 5; docs/operations.md G24), as an operator runs them:
`manage.py backup` and `manage.py restore` in their own processes, on scratch databases of the
test server. Rows are counted and files hashed here, independently of the commands' manifest."""

import hashlib
import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


class Scratch:
    """A database of its own on the test server, with its own private folder."""

    def __init__(self, tmp_path, label):
        params = settings.DATABASES["default"]
        self.params = params
        self.name = f"scratch_{label}_{uuid.uuid4().hex[:8]}"
        self.private = tmp_path / f"private-{label}"
        self._admin("CREATE DATABASE {}")

    def _admin(self, statement):
        with psycopg.connect(**self._connect("postgres"), autocommit=True) as conn:
            conn.execute(statement.format(self.name))

    def _connect(self, dbname):
        p = self.params
        return {
            "dbname": dbname,
            "host": p.get("HOST") or None,
            "port": p.get("PORT") or None,
            "user": p.get("USER") or None,
            "password": p.get("PASSWORD") or None,
        }

    def url(self):
        p = self.params
        auth = quote(p.get("USER") or "")
        if p.get("PASSWORD"):
            auth += ":" + quote(p["PASSWORD"])
        host = p.get("HOST") or ""
        if host.startswith("/"):
            return f"postgres://{auth}@/{self.name}?host={quote(host)}&port={p.get('PORT') or 5432}"
        return f"postgres://{auth}@{host}:{p.get('PORT') or 5432}/{self.name}"

    def manage(self, *args, check=True):
        env = dict(
            os.environ,
            DATABASE_URL=self.url(),
            PORTAL_PRIVATE_ROOT=str(self.private),
            PORTAL_DEMO="true",
            DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "backup-test"),
        )
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
        )
        if check:
            assert done.returncode == 0, done.stdout + done.stderr
        return done

    def counts(self):
        with psycopg.connect(**self._connect(self.name)) as conn:
            tables = [
                row[0]
                for row in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
                )
            ]
            return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608

    def files(self):
        return {
            str(path.relative_to(self.private)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(self.private.rglob("*"))
            if path.is_file()
        }

    def wipe(self):
        self._admin("DROP DATABASE {} WITH (FORCE)")
        self._admin("CREATE DATABASE {}")
        for path in sorted(self.private.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()

    def drop(self):
        self._admin("DROP DATABASE IF EXISTS {} WITH (FORCE)")


@pytest.fixture
def scratch(tmp_path):
    made = []

    def make(label):
        made.append(Scratch(tmp_path, label))
        return made[-1]

    yield make
    for db in made:
        db.drop()


ADD_FILES = """
from khoagiao.scoping import in_province
scope = in_province(1)  # a shell is in no province's scope: the installation's first one
scope.__enter__()
from django.core.files.uploadedfile import SimpleUploadedFile
from assignments.models import Task
from assignments.services import task_attach
from organizations.access import SYSTEM
from organizations.models import User
task = Task.objects.order_by("pk").first()
staff = User.objects.get(username="chuyenvien")
pdf = b"%PDF-1.4\\n1 0 obj<<>>endobj\\ntrailer<<>>\\n%%EOF\\n"
upload = SimpleUploadedFile("ke-hoach.pdf", pdf, "application/pdf")
task_attach(task=task, by=staff, files=[upload], description="Kế hoạch")
"""


def test_a_seeded_portal_with_files_and_a_report_comes_back_row_for_row_and_byte_for_byte(scratch, tmp_path):
    db = scratch("backup")
    db.manage("migrate", "--no-input")
    db.manage("seed_demo")
    db.manage("shell", "-c", ADD_FILES)
    db.manage("render_report", "--period", "2026-H1", "--province", "khanh-hoa")
    before_rows, before_files = db.counts(), db.files()
    assert before_rows["assignments_taskattachment"] >= 1
    assert before_rows["reports_report"] >= 1
    assert any(name.startswith("reports/") for name in before_files)
    assert any(name.startswith("assignments/") for name in before_files), before_files

    made = db.manage("backup", str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()
    assert "tables" in made.stdout
    assert "files" in made.stdout

    db.wipe()
    assert db.counts() == {}
    assert db.files() == {}
    restored = db.manage("restore", str(folder))
    assert "every table's rows and every file match" in restored.stdout
    assert db.counts() == before_rows
    assert db.files() == before_files

    # A second restore over the restored portal is refused and changes nothing.
    again = db.manage("restore", str(folder), check=False)
    assert again.returncode != 0
    assert "not empty" in again.stderr
    assert db.counts() == before_rows


def test_a_backup_of_an_older_version_is_restored_and_brought_up_to_this_one(scratch, tmp_path):
    old = scratch("older")
    old.manage("migrate", "--no-input")
    # The newest migration of assignments undone: the schema of the version before it.
    plan = old.manage("showmigrations", "assignments", "--plan").stdout.split()
    names = [word.split(".")[1] for word in plan if word.startswith("assignments.")]
    old.manage("migrate", "assignments", names[-2], "--no-input")
    rows_then = old.counts()
    old.manage("backup", str(tmp_path / "old-backups"))
    (folder,) = (tmp_path / "old-backups").iterdir()

    new = scratch("newer")
    new.manage("restore", str(folder))
    status = new.manage("showmigrations", "assignments").stdout
    assert f"[X] {names[-1]}" in status
    assert "[ ]" not in new.manage("showmigrations").stdout
    rows_now = new.counts()
    # The schedules are written by migrations (notices', reports'): undoing assignments' newest
    # migration undid those that depend on it, and bringing the backup up to date writes them again.
    by_migrations = ("django_migrations", "django_celery_beat_")
    assert {t: n for t, n in rows_now.items() if t in rows_then and not t.startswith(by_migrations)} == {
        t: n for t, n in rows_then.items() if not t.startswith(by_migrations)
    }
    assert rows_now["django_celery_beat_periodictask"] >= rows_then["django_celery_beat_periodictask"]


def test_a_changed_archive_is_refused_before_anything_is_written(scratch, tmp_path):
    db = scratch("tampered")
    db.manage("migrate", "--no-input")
    db.manage("backup", str(tmp_path / "b"))
    (folder,) = (tmp_path / "b").iterdir()
    dump = folder / "database.dump"
    dump.write_bytes(dump.read_bytes()[:-10])
    target = scratch("target")
    refused = target.manage("restore", str(folder), check=False)
    assert refused.returncode != 0
    assert "SHA-256" in refused.stderr
    assert target.counts() == {}
