"""Shared fixtures: the real services, the personas (one user per role, two units), browsers.

Markers say what a test needs: postgres, redis, browser, pdftools. Without the service a test is
skipped with the reason; under CI=true a missing service fails the test instead, so CI can
never pass by skipping.
"""

import importlib
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from tests.factories import PASSWORD, OrganizationFactory, UserFactory
from tests.sign_in import authenticator, current_code, sign_in

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _redis_reachable():
    url = os.environ.get("REDIS_URL")
    if not url:
        return False
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=1):
            return True
    except OSError:
        return False


SERVICES = {
    "postgres": (
        lambda: settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        "needs PostgreSQL: set DATABASE_URL or install PostgreSQL (make test starts it on loopback)",
    ),
    "redis": (_redis_reachable, "needs Redis: set REDIS_URL or install redis-server"),
    "browser": (lambda: os.path.exists(CHROMIUM), f"needs Chromium at {CHROMIUM} (set CHROMIUM_PATH)"),
    "pdftools": (lambda: shutil.which("pdftotext") is not None, "needs poppler-utils (pdftotext, pdffonts)"),
}
_available = {}
CELERY_TEST_QUEUE = f"tests-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{os.getpid()}"


def service_available(name):
    if name not in _available:
        _available[name] = SERVICES[name][0]()
    return _available[name]


def pytest_configure(config):
    # Each xdist worker has its own test database, so it gets its own queue on the shared Redis:
    # a worker process started by one test must never pick up another database's jobs.
    from khoagiao.celery import app

    app.conf.task_default_queue = CELERY_TEST_QUEUE
    # The signing jobs have their own queue in production (settings.CELERY_TASK_ROUTES).
    app.conf.task_routes = {
        "signatures.*": {"queue": CELERY_TEST_QUEUE},
        "directives.import_*": {"queue": CELERY_TEST_QUEUE},
        "reports.render": {"queue": CELERY_TEST_QUEUE},
    }


def pytest_collection_modifyitems(config, items):
    for item in items:
        # Every browser test is a live-server test, and the PDF checks read files back with poppler.
        for name in SERVICES:
            if item.get_closest_marker(name) and not service_available(name) and not IN_CI:
                item.add_marker(pytest.mark.skip(reason=SERVICES[name][1]))


def pytest_runtest_setup(item):
    if not IN_CI:
        return
    for name in SERVICES:
        if item.get_closest_marker(name) and not service_available(name):
            pytest.fail(f"CI=true and this test {SERVICES[name][1]}", pytrace=False)


def pytest_report_header(config):
    state = ", ".join(f"{name}: {'yes' if service_available(name) else 'NO'}" for name in SERVICES)
    return [f"services: {state}" + (" (CI: missing services fail)" if IN_CI else "")]


# --- the province ------------------------------------------------------------------------------

DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


def home_province():
    """The installation's province, as migration 0008 makes it (a transactional test's flush
    empties the table: made again then)."""
    from organizations.models import Province

    province, _created = Province.objects.get_or_create(code="khanh-hoa", defaults={"name": "Khánh Hòa"})
    return province


@pytest.fixture(autouse=True)
def province_scope(request):
    """A test that uses the database runs, fixtures included, in the home province's scope, as a
    request of its people does (khoagiao/scoping.py); another province's rows are made and read
    inside `in_province(other)`."""
    if not (request.node.get_closest_marker("django_db") or DB_FIXTURES & set(request.fixturenames)):
        yield None
        return
    from khoagiao.scoping import in_province

    request.getfixturevalue("db")
    home = home_province()
    with in_province(home):
        yield home


# --- files -------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    """Every test's uploads, attachments and rendered reports go to a folder of that test, never to
    the portal's var/private (and "no file left behind" can be checked exactly). A worker process
    gets the same folder through PORTAL_PRIVATE_ROOT (tests/reports/conftest.py, worker_env)."""
    root = tmp_path / "private"
    root.mkdir()
    settings.PRIVATE_ROOT = root
    settings.MEDIA_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root), "base_url": None},
        },
    }
    return root


@pytest.fixture
def private_files(private_root):
    return private_root


# --- data --------------------------------------------------------------------------------------


@pytest.fixture
def khoa_giao_fields(db):
    """The nine fields of the data migration (a transactional test's flush removes them)."""
    migration = importlib.import_module("organizations.migrations.0002_khoa_giao_fields")
    from django.apps import apps

    migration.add_fields(apps, None)
    from organizations.models import Field

    return {field.code: field for field in Field.objects.all()}


@pytest.fixture
def ban(db):
    return OrganizationFactory(
        code="btgdvtu-test",
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy Khánh Hòa",
        short_name="Ban Tuyên giáo và Dân vận Tỉnh ủy",
        symbol="BTGDVTU",
        kind="party_board",
        heading="Ban Tuyên giáo và Dân vận",
        place_name="Khánh Hòa",
    )


@pytest.fixture
def org_a(db):
    return OrganizationFactory(code="so-a", name="Sở Giáo dục và Đào tạo", short_name="Sở GD&ĐT")


@pytest.fixture
def org_b(db):
    return OrganizationFactory(code="so-b", name="Sở Y tế", short_name="Sở Y tế")


@pytest.fixture
def admin_user(ban):
    return UserFactory(username="admin1", role="admin", organization=ban, is_staff=True)


@pytest.fixture
def staff_user(ban):
    return UserFactory(username="staff1", role="staff", organization=ban)


@pytest.fixture
def leader_user(ban):
    return UserFactory(username="leader1", role="leader", organization=ban)


@pytest.fixture
def liaison_a(org_a):
    return UserFactory(username="liaison_a", role="liaison", organization=org_a)


@pytest.fixture
def liaison_b(org_b):
    return UserFactory(username="liaison_b", role="liaison", organization=org_b)


# The heads (lãnh đạo đơn vị) of units A and B: escalations, reports about their unit, liaisons.
@pytest.fixture
def head_a(org_a):
    return UserFactory(
        username="head_a", role="unit_head", organization=org_a, first_name="Hùng", last_name="Trần Văn"
    )


@pytest.fixture
def head_b(org_b):
    return UserFactory(username="head_b", role="unit_head", organization=org_b)


@pytest.fixture
def personas(admin_user, staff_user, leader_user, liaison_a, liaison_b):
    return {
        "admin": admin_user,
        "staff": staff_user,
        "leader": leader_user,
        "liaison_a": liaison_a,
        "liaison_b": liaison_b,
    }


@pytest.fixture
def login(client):
    """login(user) -> the test client signed in as that user. An admin's session has also passed
    the second factor (khoagiao/two_factor.py) unless second_factor=False."""

    def _login(user, second_factor=True):
        return sign_in(client, user, second_factor=second_factor)

    return _login


# --- browser -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


@pytest.fixture
def browser_login(live_server, page):
    """browser_login(user, password) signs in through the real login form; an admin then types
    the code of an authenticator app into the two-step page, as every admin session does."""

    def _login(user, password=PASSWORD, second_factor=True):
        page.goto(f"{live_server.url}/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(user.username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state()
        if second_factor and user.has_role("admin"):
            device = authenticator(user)
            device.last_t = -1  # a second sign-in in the same 30 s may reuse the code
            device.save(update_fields=["last_t"])
            page.goto(f"{live_server.url}/xac-thuc-hai-buoc/?next=/")
            page.get_by_label("Mã trên ứng dụng xác thực").fill(current_code(device.key))
            page.get_by_role("button", name="Tiếp tục").click()
            page.wait_for_load_state()
        return page

    return _login


@pytest.fixture
def screenshot_dir():
    path = ROOT / "var" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


# --- Celery ------------------------------------------------------------------------------------


def worker_environment(settings):
    """The environment of a worker process on the test database and this xdist worker's queue."""
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    if db["ENGINE"].endswith("postgresql"):
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        )
    else:
        env["DATABASE_URL"] = f"sqlite:///{db['NAME']}"
    env["CELERY_BROKER_URL"] = settings.CELERY_BROKER_URL
    env["CELERY_TASK_DEFAULT_QUEUE"] = CELERY_TEST_QUEUE
    env["SIGNING_QUEUE"] = CELERY_TEST_QUEUE
    env["HEAVY_QUEUE"] = CELERY_TEST_QUEUE
    return env


@pytest.fixture
def celery_worker_process(settings, transactional_db):
    """A real Celery worker in its own process, on the real Redis broker and the test database.

    Yields a handle with .proc (the Popen) and .log() (what it printed). Stopped at teardown."""
    if not service_available("redis"):
        pytest.skip(SERVICES["redis"][1])
    env = worker_environment(settings)
    log_path = ROOT / "var" / f"worker-{os.getpid()}-{time.monotonic_ns()}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log_file = open(log_path, "w")  # noqa: SIM115 (closed at teardown)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "khoagiao",
            "worker",
            "-c",
            "1",
            "-P",
            "prefork",
            "--without-mingle",
            "--without-gossip",
            "--without-heartbeat",
            "-l",
            "info",
            "-Q",
            CELERY_TEST_QUEUE,
            "-n",
            f"{CELERY_TEST_QUEUE}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )

    class Handle:
        def __init__(self):
            self.proc = proc

        def log(self):
            return log_path.read_text(errors="replace")

        def wait_ready(self, timeout=30):
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if "ready." in self.log():
                    return
                if proc.poll() is not None:
                    raise RuntimeError(f"worker exited early:\n{self.log()}")
                time.sleep(0.1)
            raise TimeoutError(f"worker not ready after {timeout}s:\n{self.log()}")

    handle = Handle()
    handle.wait_ready()
    yield handle
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
    log_file.close()
    log_path.unlink(missing_ok=True)
