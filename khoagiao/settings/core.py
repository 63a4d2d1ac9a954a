"""Django itself: the secret key and hosts, where the portal writes, apps, middleware, templates,
language and time zone, static and uploaded files."""

from importlib.util import find_spec
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .environment import env, env_bool, env_secret

BASE_DIR = Path(__file__).resolve().parents[2]

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
    "caching.middleware.DataVersionOncePerRequest",
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

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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

# --- Uploads ------------------------------------------------------------------------------

# Django reads at most this much of a request body; nginx refuses larger bodies first.
PORTAL_UPLOAD_MAX_BYTES = env.int("PORTAL_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 20
FILE_UPLOAD_PERMISSIONS = 0o640
# X-Accel-Redirect prefix of nginx's internal location for private files; empty = Django streams.
PORTAL_X_ACCEL_REDIRECT_PREFIX = env("PORTAL_X_ACCEL_REDIRECT_PREFIX", default="")
