"""The services the portal runs on: the database, the cache, the Celery broker and its queues,
the mail server."""

from pathlib import Path

from .core import TIME_ZONE, VAR_DIR
from .environment import env, env_time_limits

# --- Database -----------------------------------------------------------------------------

# PostgreSQL in CI and production (DATABASE_URL=postgres://...); SQLite under var/ only as the
# embedded default of `make run`.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # The web server, a worker and beat write at once: WAL + IMMEDIATE avoid "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # The dashboard's covering indexes (INCLUDE) are for PostgreSQL; SQLite builds them without
    # the extra columns, which is all the demo needs.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# --- Cache --------------------------------------------------------------------------------

# Django's cache holds the API's request counts per client (throttling) and the pages' kept pieces
# (caching/pages.py). One process: memory; several (gunicorn's workers, production): Redis, e.g.
# PORTAL_CACHE_URL=redis://:pw@redis:6379/1.
CACHES = {"default": env.cache_url("PORTAL_CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    # Three kept pieces a task or meeting page: Django's default of 300 entries would drop the
    # first pages while the others are read.
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 20000)

# --- Celery -------------------------------------------------------------------------------

REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_BROKER_DIR = VAR_DIR / "celery"
if not CELERY_BROKER_URL:
    # No server at hand (`make run` on a bare machine): kombu's filesystem transport still
    # delivers real messages between the web process, the worker and beat.
    CELERY_BROKER_URL = "filesystem://"
    CELERY_VISIBILITY_TIMEOUT = None  # the filesystem transport never redelivers by itself
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "store_processed": False,
        "polling_interval": 0.5,
    }
    CELERY_RESULT_BACKEND = None
else:
    # https://docs.celeryq.dev/en/stable/getting-started/backends-and-brokers/redis.html
    # The visibility timeout must exceed the hard time limit, or Redis redelivers a task
    # that is still running.
    _visibility = env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": _visibility}
    CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL)
    CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": _visibility}
    CELERY_VISIBILITY_TIMEOUT = _visibility
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# JSON only: a pickle message on an exposed broker would be remote code execution.
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_EXPIRES = 3600
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT, CELERY_TASK_SOFT_TIME_LIMIT = env_time_limits(
    "CELERY_TASK_TIME_LIMIT", "CELERY_TASK_SOFT_TIME_LIMIT", hard_default=15 * 60, soft_default=12 * 60
)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_KB", default=512_000)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Publishing gives up quickly when the broker is down: the row stays queued and the sweeper
# re-sends it later, so a request never hangs on Redis.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2}

# --- Queues -------------------------------------------------------------------------------

# The sealing job has its own queue, so that a seal never waits behind a long report, and a worker
# on the machine that holds the token can take only this queue.
SIGNING_QUEUE = env("SIGNING_QUEUE", default="signing")
# Heavy work (a report's PDF, a directive import) has its own queue, which production gives to a
# worker at a lower CPU priority with one process (scripts/portal.sh worker-heavy): the pages keep
# the cores while a 100-page report renders (docs/operations.md, "Queues").
HEAVY_QUEUE = env("HEAVY_QUEUE", default="heavy")
CELERY_TASK_ROUTES = {
    "signatures.*": {"queue": SIGNING_QUEUE},
    "reports.render": {"queue": HEAVY_QUEUE},
    "directives.import_*": {"queue": HEAVY_QUEUE},
}

# --- E-mail -------------------------------------------------------------------------------

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# A mail server that accepts the connection and then says nothing must not hold a sender (and the
# outbox row it has locked) until the job's time limit: give up, and the outbox tries again later.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Cổng khoa giáo <khoagiao@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
