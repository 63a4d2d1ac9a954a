"""Signing in and staying safe: accounts, passwords, sessions, the sign-in lockout, password links,
HTTPS, cookies and the content security policy."""

from datetime import timedelta

from .environment import env, env_bool

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
