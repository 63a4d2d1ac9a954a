"""Settings for the khoa giáo portal: one module, every value read from the environment.

Defaults are the safe production ones; `make run` and the test configuration (pyproject.toml,
[tool.pytest_env]) set the development values explicitly. A wrong value fails at start-up
(django-environ raises ImproperlyConfigured), never later in a request.
"""

from datetime import timedelta
from importlib.util import find_spec
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()


_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


def env_bool(name, default):
    """A boolean that must be spelled as one: "maybe" stops the start-up instead of meaning False."""
    raw = env.str(name, default=str(default)).strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true or false)")


def env_secret(name, **kwargs):
    """Read NAME, or the contents of the file named by NAME_FILE (docker secrets)."""
    file_path = env(f"{name}_FILE", default="")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return env(name, **kwargs)


def env_time_limits(hard_name, soft_name, *, hard_default, soft_default):
    """A (hard, soft) pair of time limits in seconds. Celery refuses to send a job whose soft limit
    is above its hard one, so setting only one of the two derives the other (the soft limit 10 %
    below the hard one, at most 60 s), and a pair in the wrong order stops the start-up."""
    hard_set, soft_set = bool(env.str(hard_name, default="")), bool(env.str(soft_name, default=""))
    hard = env.int(hard_name) if hard_set else None
    soft = env.int(soft_name) if soft_set else None
    if hard is None and soft is None:
        hard, soft = hard_default, soft_default
    elif soft is None:
        soft = hard - min(60, max(1, hard // 10))
    elif hard is None:
        hard = soft + min(60, max(1, soft // 10))
    if soft < 1:
        raise ImproperlyConfigured(
            f"{soft_name} ({soft} s) must be at least 1 s"
            + ("" if soft_set else f": it follows {hard_name}, which must then be at least 2 s")
        )
    if soft >= hard:
        raise ImproperlyConfigured(
            f"{soft_name} ({soft} s) must be lower than {hard_name} ({hard} s): the soft limit lets a job "
            f"stop cleanly before the hard one kills it. Set only {hard_name} and the soft limit follows."
        )
    return hard, soft


# --- Core ---------------------------------------------------------------------------------

SECRET_KEY = env_secret("DJANGO_SECRET_KEY")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Everything the portal writes (SQLite file, private uploads, generated reports, the
# server-less broker's folders) lives under one directory, mounted as a volume in production.
VAR_DIR = Path(env("PORTAL_VAR_DIR", default=str(BASE_DIR / "var")))
PRIVATE_ROOT = Path(env("PORTAL_PRIVATE_ROOT", default=str(VAR_DIR / "private")))

INSTALLED_APPS = [
    "khoagiao.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # Django's own widget templates, for FORM_RENDERER below
    # third party
    "khoagiao.apps.LockoutConfig",  # django-axes, named in Vietnamese
    "csp",
    "django_filters",
    "django_bootstrap5",
    "bootstrap",  # django-bootstrap-static: Bootstrap's own files as static assets
    "simple_history",
    "import_export",
    "django_celery_beat",
    "django_otp",  # the admin's second factor (khoagiao/two_factor.py)
    "django_otp.plugins.otp_totp",
    "rest_framework",  # the read-only API (api/)
    "drf_spectacular",  # its OpenAPI 3.1 schema
    # the portal, in dependency order (docs/architecture.md); khoagiao holds shared pieces
    "khoagiao.apps.PortalConfig",
    "organizations",
    "outgoing",  # the register of outgoing documents (sổ văn bản đi)
    "directives",
    "agreements",
    "meetings",
    "assignments",
    "caching",  # DataVersion, moved by every write to the apps above; pages cache by it
    "notices",  # in-portal notices, the reminder ladder, the mail outbox
    "reports",
    "signatures",
    "api",  # on top of every other app: it reads them all, writes nothing
]
# The demo province and `manage.py seed_demo` (the demo package): on for `make run` and the tests;
# the production image leaves the package out, so asking for it there stops the start-up.
PORTAL_DEMO = env_bool("PORTAL_DEMO", False)
if PORTAL_DEMO:
    if find_spec("demo") is None:
        raise ImproperlyConfigured("PORTAL_DEMO=true, but the demo package is not installed")
    INSTALLED_APPS.append("demo")

MIDDLEWARE = [
    "khoagiao.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "organizations.middleware.ProvinceScopeMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "khoagiao.middleware.SessionTimeoutMiddleware",
    "khoagiao.middleware.NoStoreForAuthenticatedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # axes last, as its documentation asks
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "khoagiao.urls"
WSGI_APPLICATION = "khoagiao.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "khoagiao.context_processors.portal",
                "notices.context_processors.bell",
            ],
            "builtins": ["django.templatetags.i18n"],
        },
    }
]
# Widgets render through the engine above, so templates/ can override a widget's template as it
# overrides a page's: templates/admin/widgets/split_datetime.html labels the admin's date and time
# boxes (issue 15). Django's default renderer looks only in the apps' folders.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication and sessions ----------------------------------------------------------

AUTH_USER_MODEL = "organizations.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTHENTICATION_BACKENDS = [
    # https://django-axes.readthedocs.io/en/latest/3_usage.html : AxesBackend must come first
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Argon2id first; PBKDF2 stays so that older hashes still verify and are upgraded on login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# ASVS v4.0.3 3.3.2 (level 2): re-authenticate after 30 minutes idle and 12 hours in all.
# Sessions stay in the database so that a Redis outage logs nobody out.
SESSION_IDLE_TIMEOUT = timedelta(minutes=env.int("PORTAL_SESSION_IDLE_MINUTES", default=30))
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=env.int("PORTAL_SESSION_ABSOLUTE_HOURS", default=12))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# django-axes: lock the (username, address) pair, not the whole account, so that an attacker
# cannot lock a colleague out from elsewhere. https://django-axes.readthedocs.io/en/latest/4_configuration.html
AXES_FAILURE_LIMIT = env.int("PORTAL_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("PORTAL_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Password spraying (one wrong password each for many names): every failure from one address
# within the cool-off counts against this larger limit too; only that address is refused.
AXES_HANDLER = "khoagiao.lockout.PortalLockoutHandler"
PORTAL_LOGIN_ADDRESS_FAILURE_LIMIT = env.int("PORTAL_LOGIN_ADDRESS_FAILURE_LIMIT", default=30)
AXES_LOCKOUT_CALLABLE = "khoagiao.lockout.lockout_response"
# Only trust X-Forwarded-For when a proxy we run sets it (nginx in docker-compose: 1 hop).
AXES_IPWARE_PROXY_COUNT = env.int("PORTAL_TRUSTED_PROXY_COUNT", default=0)
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

# Links that set a password (a new account's invitation, "Quên mật khẩu?"): Django's own tokens
# (default_token_generator), which die once the password is set, on a sign-in, or on a change of
# the address; PASSWORD_RESET_TIMEOUT is Django's one lifetime for all of them, in days here
# because an invitation must outlive a weekend (organizations/passwords.py).
PASSWORD_RESET_TIMEOUT = env.int("PORTAL_PASSWORD_LINK_DAYS", default=3) * 24 * 3600
# "Quên mật khẩu?" within the sign-in lockout's cool-off, counted from the same client address:
# requests for one e-mail, and from one address whatever the e-mails (khoagiao/lockout.py's shape).
PORTAL_PASSWORD_RESET_EMAIL_LIMIT = env.int("PORTAL_PASSWORD_RESET_EMAIL_LIMIT", default=3)
PORTAL_PASSWORD_RESET_ADDRESS_LIMIT = env.int("PORTAL_PASSWORD_RESET_ADDRESS_LIMIT", default=10)

# --- HTTPS and browser security -----------------------------------------------------------

HTTPS = env_bool("DJANGO_HTTPS", True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("DJANGO_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# django-csp 4: no inline script or style anywhere; every asset comes from our own origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Uploads: Django reads at most this much of a request body; nginx refuses larger bodies first.
PORTAL_UPLOAD_MAX_BYTES = env.int("PORTAL_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 20
FILE_UPLOAD_PERMISSIONS = 0o640
# X-Accel-Redirect prefix of nginx's internal location for private files; empty = Django streams.
PORTAL_X_ACCEL_REDIRECT_PREFIX = env("PORTAL_X_ACCEL_REDIRECT_PREFIX", default="")

# --- Internationalisation -----------------------------------------------------------------

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
# The portal's own catalogue, then Vietnamese for packages that ship none (scripts/vendor_i18n.py);
# makemessages writes only to the first.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "vendor"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# dd/mm/yyyy everywhere (khoagiao/formats/vi/formats.py)
FORMAT_MODULE_PATH = ["khoagiao.formats"]

# --- Static files -------------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": env(
            "DJANGO_STATICFILES_STORAGE",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
# No MEDIA_URL: uploaded files are never served under a public URL (downloads are views).
MEDIA_ROOT = PRIVATE_ROOT
# Tests and DEBUG serve assets straight from the apps; production from collectstatic's output.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", DEBUG)
WHITENOISE_AUTOREFRESH = WHITENOISE_USE_FINDERS

BOOTSTRAP5 = {
    # Never a CDN: point django-bootstrap5 at the files django-bootstrap-static ships.
    "css_url": {"url": "/static/bootstrap/css/bootstrap.min.css"},
    "javascript_url": {"url": "/static/bootstrap/js/bootstrap.bundle.min.js"},
}

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

# --- E-mail -------------------------------------------------------------------------------

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# A mail server that accepts the connection and then says nothing must not hold a sender (and the
# outbox row it has locked) until the job's time limit: give up, and the outbox tries again later.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Cổng khoa giáo <khoagiao@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000")

# --- The portal ---------------------------------------------------------------------------

# The organisation that runs the portal (its Ban) and the heading printed above it in documents.
PORTAL_PROVINCE_NAME = env("PORTAL_PROVINCE_NAME", default="Khánh Hòa")
PORTAL_DEMO_PASSWORD = env("DEMO_PASSWORD", default="")
# The name an authenticator app shows next to the admin's code (khoagiao/two_factor.py).
OTP_TOTP_ISSUER = env("PORTAL_OTP_ISSUER", default=f"Cổng khoa giáo {PORTAL_PROVINCE_NAME}")
# Minutes a set-up code for an admin's authenticator app stays valid (organizations/enrolment.py).
PORTAL_OTP_ENROLMENT_MINUTES = env.int("PORTAL_OTP_ENROLMENT_MINUTES", default=30)

# django-import-export: only the admin role imports (checked in our views); admin permission codes
# are enforced too. https://django-import-export.readthedocs.io/en/latest/installation.html
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.MediaStorage"

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# --- reports ------------------------------------------------------------------------------

# A render stops at the soft limit (the job becomes FAILED with a message) and is killed at the
# hard one; both stay below the Redis visibility timeout so that a hung render is never redelivered.
# The worker that runs a render applies its own values (khoagiao/celery.py, PortalTask): they must
# be set in the worker's environment; the web's values have no effect on them.
REPORTS_TIME_LIMIT, REPORTS_SOFT_TIME_LIMIT = env_time_limits(
    "REPORTS_TIME_LIMIT",
    "REPORTS_SOFT_TIME_LIMIT",
    hard_default=min(660, CELERY_TASK_TIME_LIMIT),
    soft_default=min(600, CELERY_TASK_SOFT_TIME_LIMIT),
)
if CELERY_VISIBILITY_TIMEOUT:
    for _name, _limit in (
        ("CELERY_TASK_TIME_LIMIT", CELERY_TASK_TIME_LIMIT),
        ("REPORTS_TIME_LIMIT", REPORTS_TIME_LIMIT),
    ):
        if _limit >= CELERY_VISIBILITY_TIMEOUT:
            raise ImproperlyConfigured(
                f"{_name} ({_limit} s) must be lower than CELERY_VISIBILITY_TIMEOUT "
                f"({CELERY_VISIBILITY_TIMEOUT} s): Redis would hand a job that is still running to a "
                "second worker."
            )
# A rendering job writes a heartbeat every few seconds; the sweeper (beat, every minute) treats a
# job whose heartbeat is older than REPORTS_STALE_SECONDS as dead (worker killed, out of memory),
# sends it again, and marks it FAILED once it has been tried REPORTS_MAX_ATTEMPTS times.
REPORTS_HEARTBEAT_SECONDS = env.int("REPORTS_HEARTBEAT_SECONDS", default=10)
REPORTS_STALE_SECONDS = env.int("REPORTS_STALE_SECONDS", default=120)
REPORTS_MAX_ATTEMPTS = env.int("REPORTS_MAX_ATTEMPTS", default=3)
# A queued job nobody picked up (broker down when it was saved, message lost) is sent again.
REPORTS_RESEND_AFTER_SECONDS = env.int("REPORTS_RESEND_AFTER_SECONDS", default=600)
# The appendix lists at most this many tasks, so that a report cannot grow without bound.
REPORTS_MAX_APPENDIX_ROWS = env.int("REPORTS_MAX_APPENDIX_ROWS", default=3000)
# The Ban's report after each period: the day of the month (in January, April, July, October) and
# the hour the schedule is created with; admins change it afterwards under Periodic tasks.
REPORTS_SCHEDULE_DAY = env.int("REPORTS_SCHEDULE_DAY", default=5)
REPORTS_SCHEDULE_HOUR = env.int("REPORTS_SCHEDULE_HOUR", default=6)
# Reminders: tasks due within this many days; the weekly digest goes out on this weekday (1 = Monday).
REPORTS_REMINDER_DAYS = env.int("REPORTS_REMINDER_DAYS", default=7)
REPORTS_DIGEST_WEEKDAY = env.int("REPORTS_DIGEST_WEEKDAY", default=1)
# Notices (notices/ladder.py): the liaison is told this many days before a task's deadline, the
# unit head this many days after it, the Ban (who assigned it, the leaders in charge of its field)
# this many days after it; an open task with no progress update for NOTICES_STALE_DAYS reminds its
# unit once per that many days. Per-province values come later; for now one set for the installation.
NOTICES_BEFORE_DAYS = env.int("NOTICES_BEFORE_DAYS", default=3)
NOTICES_HEAD_AFTER_DAYS = env.int("NOTICES_HEAD_AFTER_DAYS", default=3)
NOTICES_BAN_AFTER_DAYS = env.int("NOTICES_BAN_AFTER_DAYS", default=10)
NOTICES_STALE_DAYS = env.int("NOTICES_STALE_DAYS", default=30)
# A mail the server refused is tried again after 1, 2, 4, ... minutes, at most this many seconds apart.
NOTICES_MAIL_MAX_BACKOFF = env.int("NOTICES_MAIL_MAX_BACKOFF", default=3600)
if not 0 < NOTICES_HEAD_AFTER_DAYS <= NOTICES_BAN_AFTER_DAYS or NOTICES_STALE_DAYS < 1:
    raise ImproperlyConfigured("NOTICES_*: 0 < HEAD_AFTER_DAYS <= BAN_AFTER_DAYS and STALE_DAYS >= 1")
# The signature block and Nơi nhận printed on the Ban's reports (docs/domain.md, "The layout of a document").
REPORTS_SIGNING_AUTHORITY = env("REPORTS_SIGNING_AUTHORITY", default="K/T TRƯỞNG BAN")
REPORTS_SIGNER_POSITION = env("REPORTS_SIGNER_POSITION", default="PHÓ TRƯỞNG BAN")
# The name printed under the signature of every report (the web form, the schedule, render_report)
# unless the person asking types another; blank leaves the line for a handwritten name.
REPORTS_SIGNER_NAME = env("REPORTS_SIGNER_NAME", default="")
REPORTS_RECIPIENTS = env.list(
    "REPORTS_RECIPIENTS",
    default=[
        "Thường trực Tỉnh ủy (b/c)",
        "Ban Tuyên giáo và Dân vận Trung ương (b/c)",
        "Các đơn vị trong Khối Khoa giáo",
        "Lưu Văn phòng Ban",
    ],
)
# The e-mail address of each recipient of the Nơi nhận that takes the issued report by mail, as
# "name=address" pairs whose name is a line of REPORTS_RECIPIENTS ("Thường trực Tỉnh ủy
# (b/c)=vanthu@tinhuy.vn"). The others are listed on the report's page for staff to send by hand.
REPORTS_RECIPIENT_ADDRESSES = env.dict("REPORTS_RECIPIENT_ADDRESSES", default={})

# --- signatures (signatures/: the Ban's seal and the check of signed PDFs) ----------------

# The Ban's seal ("đóng dấu phát hành"): none (documents leave unsigned, or signed by a leader's own
# token and uploaded back), demo (a key made under PORTAL_VAR_DIR on first use, whose seal says it
# has no legal value; `make run`), pkcs12 (a key file) or pkcs11 (a token or HSM). Secrets are read
# from their _FILE at the moment of signing and never kept in the settings.
SIGNING_MODE = env("SIGNING_MODE", default="none").strip().lower()
if SIGNING_MODE not in {"none", "demo", "pkcs12", "pkcs11"}:
    raise ImproperlyConfigured(f"SIGNING_MODE={SIGNING_MODE!r}: use none, demo, pkcs12 or pkcs11")
SIGNING_PKCS12_PATH = env("SIGNING_PKCS12_PATH", default="")
SIGNING_PKCS12_PASSPHRASE_FILE = env("SIGNING_PKCS12_PASSPHRASE_FILE", default="")
SIGNING_PKCS11_MODULE = env("SIGNING_PKCS11_MODULE", default="")
SIGNING_PKCS11_TOKEN_LABEL = env("SIGNING_PKCS11_TOKEN_LABEL", default="")
SIGNING_PKCS11_KEY_LABEL = env("SIGNING_PKCS11_KEY_LABEL", default="")
# The certificate on the token (its label, the key's by default), or in a file when the token
# holds only the key.
SIGNING_PKCS11_CERT_LABEL = env("SIGNING_PKCS11_CERT_LABEL", default="")
SIGNING_PKCS11_CERT_FILE = env("SIGNING_PKCS11_CERT_FILE", default="")
SIGNING_PKCS11_PIN_FILE = env("SIGNING_PKCS11_PIN_FILE", default="")
# PEM file of the intermediate certificates embedded with the seal (the CA's chain).
SIGNING_CHAIN_FILE = env("SIGNING_CHAIN_FILE", default="")
# PEM files (or folders of them) of the roots a signature must chain to: the Ban Cơ yếu's CA roots.
SIGNING_TRUST_ROOTS = env.list("SIGNING_TRUST_ROOTS", default=[])
# An RFC 3161 timestamp server makes the seal PAdES B-T (B-B without one).
SIGNING_TSA_URL = env("SIGNING_TSA_URL", default="")
SIGNING_TSA_TIMEOUT = env.int("SIGNING_TSA_TIMEOUT", default=10)
# Ask CAs for revocation (OCSP, CRL) while validating; off where the server reaches no CA.
SIGNING_ONLINE_REVOCATION = env_bool("SIGNING_ONLINE_REVOCATION", False)
# Which documents the seal signs when they are issued (the others wait for a leader's token).
SIGNING_SEAL_KINDS = env.list("SIGNING_SEAL_KINDS", default=["notice", "report"])
# An OpenType/TrueType font with every Vietnamese letter for the seal's text (empty: Liberation
# Serif from fonts-liberation2, else DejaVu Serif).
SIGNING_FONT = env("SIGNING_FONT", default="")
# The sealing job, like the report job: heartbeat, sweeper, attempts, limits below the visibility
# timeout. Its own queue, so that a seal never waits behind a long report, and a worker on the
# machine that holds the token can take only this queue.
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
SIGNING_HEARTBEAT_SECONDS = env.int("SIGNING_HEARTBEAT_SECONDS", default=10)
SIGNING_STALE_SECONDS = env.int("SIGNING_STALE_SECONDS", default=120)
SIGNING_MAX_ATTEMPTS = env.int("SIGNING_MAX_ATTEMPTS", default=3)
SIGNING_RESEND_AFTER_SECONDS = env.int("SIGNING_RESEND_AFTER_SECONDS", default=600)
SIGNING_SOFT_TIME_LIMIT = env.int("SIGNING_SOFT_TIME_LIMIT", default=min(90, CELERY_TASK_SOFT_TIME_LIMIT))
SIGNING_TIME_LIMIT = env.int("SIGNING_TIME_LIMIT", default=min(120, CELERY_TASK_TIME_LIMIT))

# --- directives ---------------------------------------------------------------------------

# The directive register's spreadsheet import (admins only): the largest file accepted, what its
# zip may expand to (an .xlsx is a zip of XML: a zip bomb is refused before it is parsed), and
# the most data rows one file may hold. The whole file is checked before anything is written.
DIRECTIVE_IMPORT_MAX_BYTES = env.int("PORTAL_DIRECTIVE_IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
DIRECTIVE_IMPORT_MAX_UNZIPPED_BYTES = env.int(
    "PORTAL_DIRECTIVE_IMPORT_MAX_UNZIPPED_BYTES", default=200 * 1024 * 1024
)
DIRECTIVE_IMPORT_MAX_ROWS = env.int("PORTAL_DIRECTIVE_IMPORT_MAX_ROWS", default=50_000)
# python-calamine reads workbooks in a child process under these limits (address space and CPU
# time), so that a hostile file kills only that child (directives/imports/sheet_child.py). A
# 50,000-row .xlsx needs about 150 MB there.
DIRECTIVE_IMPORT_READER_MEMORY_MB = env.int("PORTAL_DIRECTIVE_IMPORT_READER_MEMORY_MB", default=1024)
DIRECTIVE_IMPORT_READER_SECONDS = env.int("PORTAL_DIRECTIVE_IMPORT_READER_SECONDS", default=60)
# The import runs in the worker, on the queue of heavy work (docs/operations.md): reading the file
# once, then writing it once confirmed, each a job with the report job's heartbeat, sweeper and
# attempts. The heartbeat also carries the progress the page shows, so it beats often.
DIRECTIVE_IMPORT_HEARTBEAT_SECONDS = env.int("DIRECTIVE_IMPORT_HEARTBEAT_SECONDS", default=2)
DIRECTIVE_IMPORT_STALE_SECONDS = env.int("DIRECTIVE_IMPORT_STALE_SECONDS", default=120)
DIRECTIVE_IMPORT_MAX_ATTEMPTS = env.int("DIRECTIVE_IMPORT_MAX_ATTEMPTS", default=3)
DIRECTIVE_IMPORT_RESEND_AFTER_SECONDS = env.int("DIRECTIVE_IMPORT_RESEND_AFTER_SECONDS", default=600)
# A preview nobody confirms is forgotten (its stored file and rows deleted) after this long.
DIRECTIVE_IMPORT_KEEP_SECONDS = env.int("DIRECTIVE_IMPORT_KEEP_SECONDS", default=24 * 3600)
DIRECTIVE_IMPORT_TIME_LIMIT, DIRECTIVE_IMPORT_SOFT_TIME_LIMIT = env_time_limits(
    "DIRECTIVE_IMPORT_TIME_LIMIT",
    "DIRECTIVE_IMPORT_SOFT_TIME_LIMIT",
    hard_default=min(660, CELERY_TASK_TIME_LIMIT),
    soft_default=min(600, CELERY_TASK_SOFT_TIME_LIMIT),
)

# --- The API (api/) ------------------------------------------------------------------------

# Django's cache holds the API's request counts per client (throttling). One process: memory;
# several (gunicorn's workers, production): Redis, e.g. PORTAL_CACHE_URL=redis://:pw@redis:6379/1.
CACHES = {"default": env.cache_url("PORTAL_CACHE_URL", default="locmemcache://")}

# Read-only JSON under /api/v1/ for the systems of the Tỉnh ủy and the central Ban: an API key
# per client system (made by an admin in the admin site), or a signed-in user's own session.
REST_FRAMEWORK = {
    # The key first: an anonymous request is then answered 401 with "WWW-Authenticate: Bearer".
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiKeyAuthentication",
        "api.authentication.PortalSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ClientRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": env("PORTAL_API_RATE", default="600/min")},
    "DEFAULT_PAGINATION_CLASS": "api.pagination.ChangeCursorPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # JSON only: DRF's browsable pages would need inline scripts the CSP forbids; people read the
    # documentation page (Swagger UI) instead.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_VERSIONING_CLASS": None,
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API khoa giáo",
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Each app's choices under its own name (several are called "status" or "kind").
    "ENUM_NAME_OVERRIDES": {
        "DirectiveStatusEnum": "directives.models.Directive.Status",
        "AgreementStatusEnum": "agreements.models.CoordinationAgreement.Status",
        "MeetingStatusEnum": "meetings.models.Meeting.Status",
        "ConclusionStatusEnum": "meetings.models.Conclusion.Status",
        "ReportStatusEnum": "reports.models.Report.Status",
        "OrganizationKindEnum": "organizations.models.Organization.Kind",
        "OrganizationChangeKindEnum": "organizations.models.OrganizationChange.Kind",
        "MeetingKindEnum": "meetings.models.Meeting.Kind",
        "ReportKindEnum": "reports.models.Report.Kind",
        "MilestoneKindEnum": "directives.models.ReviewMilestone.Kind",
        "TaskUpdateKindEnum": "assignments.models.TaskUpdate.Kind",
    },
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.postprocess"],
    "PREPROCESSING_HOOKS": [],
    "SORT_OPERATIONS": True,
    "SORT_OPERATION_PARAMETERS": True,
}
# An API key's "last used" is written at most this often (seconds): not one write per request.
API_KEY_LAST_USED_RESOLUTION = env.int("PORTAL_API_KEY_LAST_USED_SECONDS", default=60)

# --- Logging ------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "khoagiao.request_id.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
