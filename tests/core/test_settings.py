"""Settings come from the environment and a wrong value stops the start-up."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import django; from django.conf import settings; django.setup(); "
    "print(settings.DEBUG, settings.ALLOWED_HOSTS, settings.DATABASES['default']['ENGINE'], "
    "settings.CELERY_BROKER_URL.split(':')[0], settings.SESSION_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS, "
    "settings.PORTAL_UPLOAD_MAX_BYTES)"
)


def run_settings(**env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "CELERY_"))
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="khoagiao.settings")
    return subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )


def test_values_are_read_from_the_environment(tmp_path):
    result = run_settings(
        DJANGO_SECRET_KEY="x" * 60,
        DJANGO_DEBUG="false",
        DJANGO_ALLOWED_HOSTS="khoagiao.example,portal.example",
        DATABASE_URL="postgres://u:p@db.example:5432/portal",
        REDIS_URL="redis://redis.example:6379/0",
        PORTAL_UPLOAD_MAX_BYTES="1048576",
        PORTAL_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "['khoagiao.example',",
        "'portal.example']",
        "django.db.backends.postgresql",
        "redis",
        "True",
        "31536000",
        "1048576",
    ]


def test_without_a_broker_url_the_serverless_broker_is_used(tmp_path):
    result = run_settings(DJANGO_SECRET_KEY="x" * 60, DJANGO_HTTPS="false", PORTAL_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[2:5] == ["django.db.backends.sqlite3", "filesystem", "False"]


def test_the_secret_key_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s" * 60)
    probe = "from django.conf import settings; print(settings.SECRET_KEY == 's' * 60)"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_SECRET")}
    env.update(
        DJANGO_SECRET_KEY_FILE=str(secret),
        DJANGO_SETTINGS_MODULE="khoagiao.settings",
        PORTAL_VAR_DIR=str(tmp_path),
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.stdout.strip() == "True", result.stderr


def test_a_missing_secret_key_fails_at_start_up(tmp_path):
    result = run_settings(PORTAL_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_a_malformed_boolean_fails_at_start_up(tmp_path):
    result = run_settings(DJANGO_SECRET_KEY="x" * 60, DJANGO_DEBUG="maybe", PORTAL_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "DJANGO_DEBUG" in result.stderr or "maybe" in result.stderr


def test_the_demo_app_is_installed_only_when_portal_demo_is_on(tmp_path):
    """Production (PORTAL_DEMO unset) loads no demo data and has no seed_demo command."""
    probe = (
        "import django; from django.conf import settings; django.setup(); "
        "from django.core.management import get_commands; "
        "print('demo' in settings.INSTALLED_APPS, 'seed_demo' in get_commands())"
    )
    env = {k: v for k, v in os.environ.items() if k != "PORTAL_DEMO"}
    env.update(
        DJANGO_SECRET_KEY="x" * 60, DJANGO_SETTINGS_MODULE="khoagiao.settings", PORTAL_VAR_DIR=str(tmp_path)
    )

    def installed(**extra):
        result = subprocess.run(
            [sys.executable, "-c", probe], cwd=ROOT, env={**env, **extra}, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.split()

    assert installed() == ["False", "False"]
    assert installed(PORTAL_DEMO="true") == ["True", "True"]


LIMITS_PROBE = (
    "import django; from django.conf import settings; django.setup(); "
    "from reports.tasks import report_render_task as t; "
    "print(settings.CELERY_TASK_TIME_LIMIT, settings.CELERY_TASK_SOFT_TIME_LIMIT, "
    "settings.REPORTS_TIME_LIMIT, settings.REPORTS_SOFT_TIME_LIMIT, t.time_limit, t.soft_time_limit)"
)


def time_limits(tmp_path, **env):
    """(celery hard, celery soft, report hard, report soft, task hard, task soft) in a fresh process
    with the given variables, or the failed process."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "CELERY_", "REPORTS_"))
    }
    clean.update(
        env,
        DJANGO_SECRET_KEY="x" * 60,
        DJANGO_SETTINGS_MODULE="khoagiao.settings",
        PORTAL_VAR_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "-c", LIMITS_PROBE], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )
    if result.returncode:
        return result
    return [int(value) for value in result.stdout.split()]


def test_setting_only_the_hard_limit_of_reports_brings_the_soft_one_below_it(tmp_path):
    celery_hard, celery_soft, hard, soft, task_hard, task_soft = time_limits(
        tmp_path, REPORTS_TIME_LIMIT="300"
    )
    assert hard == task_hard == 300
    assert 0 < soft == task_soft < 300
    assert 0 < celery_soft < celery_hard


def test_setting_only_the_soft_limit_of_reports_brings_the_hard_one_above_it(tmp_path):
    *_celery, hard, soft, task_hard, task_soft = time_limits(tmp_path, REPORTS_SOFT_TIME_LIMIT="900")
    assert soft == task_soft == 900
    assert hard == task_hard > 900


def test_setting_only_the_hard_limit_of_every_job_keeps_every_pair_in_order(tmp_path):
    celery_hard, celery_soft, hard, soft, *_task = time_limits(tmp_path, CELERY_TASK_TIME_LIMIT="300")
    assert celery_hard == 300
    assert 0 < celery_soft < 300
    assert 0 < soft < hard <= 300


def test_the_default_limits_are_unchanged(tmp_path):
    assert time_limits(tmp_path) == [900, 720, 660, 600, 660, 600]


def test_a_soft_limit_not_below_the_hard_one_stops_the_start_up(tmp_path):
    result = time_limits(tmp_path, REPORTS_TIME_LIMIT="300", REPORTS_SOFT_TIME_LIMIT="600")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "REPORTS_SOFT_TIME_LIMIT (600 s) must be lower than REPORTS_TIME_LIMIT (300 s)" in result.stderr
    result = time_limits(tmp_path, CELERY_TASK_TIME_LIMIT="300", CELERY_TASK_SOFT_TIME_LIMIT="300")
    assert result.returncode != 0
    assert (
        "CELERY_TASK_SOFT_TIME_LIMIT (300 s) must be lower than CELERY_TASK_TIME_LIMIT (300 s)"
        in result.stderr
    )


def test_a_hard_limit_beyond_the_redis_visibility_timeout_stops_the_start_up(tmp_path):
    # Redis would hand a job still running to a second worker.
    result = time_limits(
        tmp_path,
        REDIS_URL="redis://127.0.0.1:1/0",
        CELERY_VISIBILITY_TIMEOUT="1000",
        REPORTS_TIME_LIMIT="1200",
    )
    assert result.returncode != 0
    assert (
        "REPORTS_TIME_LIMIT (1200 s) must be lower than CELERY_VISIBILITY_TIMEOUT (1000 s)" in result.stderr
    )


def test_a_limit_too_short_for_a_soft_limit_stops_the_start_up(tmp_path):
    result = time_limits(tmp_path, REPORTS_TIME_LIMIT="1")
    assert result.returncode != 0
    assert (
        "REPORTS_SOFT_TIME_LIMIT (0 s) must be at least 1 s: it follows REPORTS_TIME_LIMIT" in result.stderr
    )
