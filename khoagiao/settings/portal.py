"""The portal's own settings: its province and address, the demo, the admin's second factor, and
the jobs of each app (reports and their documents, notices, the seal, the directive import)."""

from django.core.exceptions import ImproperlyConfigured

from .backends import CELERY_TASK_SOFT_TIME_LIMIT, CELERY_TASK_TIME_LIMIT, CELERY_VISIBILITY_TIMEOUT
from .environment import env, env_bool, env_time_limits

# --- The portal ---------------------------------------------------------------------------

# The organisation that runs the portal (its Ban) and the heading printed above it in documents.
PORTAL_PROVINCE_NAME = env("PORTAL_PROVINCE_NAME", default="Khánh Hòa")
# The portal's address: the absolute links in e-mails and the check link on a sealed document.
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000")
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
# timeout (its queue: SIGNING_QUEUE, backends.py).
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
