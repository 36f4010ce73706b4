"""Settings, read from the environment (and from var/secrets.env, which `make` creates once).

DATABASE_URL, SECRET_KEY, FAREWELL_FIELD_KEY, ALLOWED_HOSTS, DEBUG, FAREWELL_BLIND_INDEX_KEY,
EMAIL_HOST/EMAIL_PORT/EMAIL_HOST_USER/EMAIL_HOST_PASSWORD/EMAIL_USE_TLS/DEFAULT_FROM_EMAIL,
FAREWELL_BASE_URL, DB_CONN_MAX_AGE, STATIC_ROOT, MEDIA_ROOT (docs/deploy.md lists them all).
No secret has a default.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("FAREWELL_VAR_DIR", BASE_DIR / "var"))


def _load_secrets_file(path: Path) -> None:
    """var/secrets.env holds KEY=VALUE lines; the environment wins over the file."""
    if not path.is_file():
        return
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        os.environ.setdefault(key.strip(), value.strip())


_load_secrets_file(VAR_DIR / "secrets.env")


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from exc


def envrequired(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(
            f"{name} is not set. Run `make secrets` (creates var/secrets.env) or set it in the environment."
        )
    return value


DEBUG = envbool("DEBUG", False)
SECRET_KEY = envrequired("SECRET_KEY")
# One or more comma-separated Fernet keys (MultiFernet: the first encrypts, all decrypt).
FAREWELL_FIELD_KEY = envrequired("FAREWELL_FIELD_KEY")
# Key of the HMAC blind index used to search encrypted ID numbers; derived from the field key
# unless given, so rotating SECRET_KEY never breaks a search.
FAREWELL_BLIND_INDEX_KEY = os.environ.get("FAREWELL_BLIND_INDEX_KEY", "")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "farewell.common",
    "farewell.ledger",
    "farewell.org",
    "farewell.accounts",
    "farewell.records",
    "farewell.insights",
    "farewell.cases",
    "farewell.portal",
    "farewell.talks",
    "farewell.offboarding",
    "farewell.exits",
    "farewell.privacy",
    "farewell.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files with DEBUG off (hashed, compressed names from collectstatic); right after
    # SecurityMiddleware, as WhiteNoise asks.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # django-csp's middleware with the header built once per process (common/content_security_policy.py).
    "farewell.common.content_security_policy.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Chinese unless the user picked English in the menu (Accept-Language only for /api/).
    "farewell.common.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A page instead of the empty body of a 405 (GET on a form's target).
    "farewell.common.not_allowed.MethodNotAllowedPageMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # No form field longer than FAREWELL_MAX_TEXT_CHARS (common/limits.py).
    "farewell.common.limits.TextLengthMiddleware",
    # Django's, reading the user with the session in one SELECT (accounts/sessions.py).
    "farewell.accounts.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "farewell.accounts.middleware.LoginRequiredMiddleware",
    # 三员分立: the audit administrator reads and changes nothing.
    "farewell.accounts.middleware.AuditReadOnlyMiddleware",
    # Last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "farewell.urls"
WSGI_APPLICATION = "farewell.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "farewell" / "templates"],
        "OPTIONS": {
            # Django's cached loader with one compiled template per language, its fixed translations as text
            # (common/translated_templates.py).
            "loaders": [("farewell.common.translated_templates.Loader", [
                "django.template.loaders.filesystem.Loader", "django.template.loaders.app_directories.Loader"])],
            # Punctuation that follows the language ({% colon %}, {% lparen %}, {% rparen %}).
            "builtins": ["farewell.common.templatetags.punct"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "farewell.accounts.context_processors.navigation",
            ],
        },
    },
]

# SQLite by default (the demo); PostgreSQL in production and in CI through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'farewell.sqlite3'}",
        # Persistent connections in production (a new PostgreSQL connection costs a few ms per
        # request); checked before reuse so a restarted database is not an error page.
        conn_max_age=envint("DB_CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, its health check a poll of the socket instead of a `SELECT 1` on every request
    # (common/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "farewell.common.postgresql"
# Server-side prepared statements for the queries compiled once per process (common/prepared.py,
# common/postgresql/base.py `fetch_prepared`, PostgreSQL only). The connection's own prepare_threshold
# stays Django's None, so the ORM's queries are neither prepared nor counted (psycopg would otherwise keep
# their text, values included, for the connection's life). Off for a pooler that cannot keep them
# (PgBouncer in transaction mode before 1.21): DB_PREPARED_STATEMENTS=false.
DB_PREPARED_STATEMENTS = envbool("DB_PREPARED_STATEMENTS", True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions lock the ledger head on append; WAL keeps the worker and the web
    # server from locking each other out (DESIGN: the ledger's format).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"  # the login view lives in the accounts namespace
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # The minimum length the security admin sets (设置 › 安全策略; 8 until set).
    {"NAME": "farewell.accounts.security.PolicyMinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend reading the signed-in user and their grants in one query (issue 14).
    "farewell.accounts.backends.UserBackend",
    # OIDC sign-on: answers only to its own callback, and only while configured (accounts/sso.py).
    "farewell.accounts.sso.OIDCBackend",
]
# Login throttling: 5 failures for a username from one address lock the pair for 15 minutes.
# Failures before a lockout: the security policy's (设置 › 安全策略) once set, this until then.
FAREWELL_LOGIN_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_FAILURE_LIMIT = "farewell.accounts.security.login_failure_limit"
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
# Beyond axes' pair count (accounts/lockout.py): one address across every user name, and one
# account from every address (that lock has reset paths: the e-mailed link, the HR admin).
AXES_HANDLER = "farewell.accounts.lockout.LockoutHandler"
FAREWELL_LOGIN_ADDRESS_LIMIT = envint("FAREWELL_LOGIN_ADDRESS_LIMIT", 20)
FAREWELL_LOGIN_ACCOUNT_LIMIT = envint("FAREWELL_LOGIN_ACCOUNT_LIMIT", 50)
# The client address behind a reverse proxy: X-Forwarded-For is believed only from these
# addresses (the proxy), so nobody else can pick the address a lockout falls on.
FAREWELL_TRUSTED_PROXIES = [
    a.strip() for a in os.environ.get("FAREWELL_TRUSTED_PROXIES", "127.0.0.1,::1").split(",") if a.strip()
]
AXES_CLIENT_IP_CALLABLE = "farewell.common.client_address.client_address"
AXES_USERNAME_CALLABLE = "farewell.accounts.lockout.lockout_username"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "farewell" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
# Uploaded attachments and documents hold personal data: no URL serves MEDIA_ROOT; each file
# is downloaded only through a view that checks the policy (and logs the read).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # `farewell collectstatic` writes hashed, compressed copies that WhiteNoise serves (WhiteNoise's
    # storage, each URL worked out once per process: common/static_storage.py).
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "farewell.common.static_storage.ManifestStaticFilesStorage"
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        # DRF's token, ending FAREWELL_API_TOKEN_HOURS after it was issued and at logout.
        "farewell.accounts.tokens.ExpiringTokenAuthentication",
    ],
    # Default deny: every endpoint names its own policy permission.
    "DEFAULT_PERMISSION_CLASSES": ["farewell.accounts.permissions.DenyAll"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # A service's ValidationError answers 400 naming the field (not a 500).
    "EXCEPTION_HANDLER": "farewell.common.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Farewell API",
    "DESCRIPTION": "Separation cases, employees and the PRC labour-law engine.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("FAREWELL_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "farewell@localhost")
# Where the site is reached from outside: e-mailed links are this plus the page's path.
FAREWELL_BASE_URL = os.environ.get("FAREWELL_BASE_URL") or "http://127.0.0.1:8000"
# Whether the operator said so: without it the commands that print a link (`farewell setup`, `farewell
# admin_role`) print its path and say how to open it, instead of a link to this machine's port 8000.
FAREWELL_BASE_URL_SET = bool(os.environ.get("FAREWELL_BASE_URL"))
# Who receives `farewell ledger anchor --mail` besides the auditors' logins (comma-separated).
# Where `farewell ledger anchor` writes the ledger head and the auditor's page reads the last one.
FAREWELL_ANCHOR_DIR = Path(os.environ.get("FAREWELL_ANCHOR_DIR", "") or VAR_DIR / "anchors")
FAREWELL_ANCHOR_RECIPIENTS = [
    a.strip() for a in os.environ.get("FAREWELL_ANCHOR_RECIPIENTS", "").split(",") if a.strip()
]

# Django's database sessions, loaded with one plain SELECT (accounts/sessions.py).
SESSION_ENGINE = "farewell.accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
# The floor under every form's own max_length: no posted text field longer than this; a pasted
# transcript ("text") may be long.
FAREWELL_MAX_TEXT_CHARS = envint("FAREWELL_MAX_TEXT_CHARS", 20_000)
FAREWELL_LONG_TEXT_FIELDS = {"text": 500_000}
# An API token lasts as long as a session by default; a nightly sync asks for a new one each run.
FAREWELL_API_TOKEN_HOURS = envint("FAREWELL_API_TOKEN_HOURS", 8)
# E-signature (farewell/offboarding/esign.py): off unless set; "fake" is the local fake provider. The
# callback secret authenticates the provider's status callbacks (HMAC-SHA256 of the body).
FAREWELL_ESIGN_PROVIDER = os.environ.get("FAREWELL_ESIGN_PROVIDER", "")
FAREWELL_ESIGN_CALLBACK_SECRET = os.environ.get("FAREWELL_ESIGN_CALLBACK_SECRET", "")
# 企业微信 离职继承 (farewell/offboarding/wecom.py): off unless set; "fake" is the local fake server.
FAREWELL_WECOM_TRANSPORT = os.environ.get("FAREWELL_WECOM_TRANSPORT", "")
# 企业微信 self-built app (farewell/common/wecom_app.py; docs/sso_wecom.md): app messages for notifications
# and portal login through web authorisation; off unless the corp id, agent id and secret are all set.
FAREWELL_WECOM_CORP_ID = os.environ.get("FAREWELL_WECOM_CORP_ID", "")
FAREWELL_WECOM_AGENT_ID = os.environ.get("FAREWELL_WECOM_AGENT_ID", "")
FAREWELL_WECOM_SECRET = os.environ.get("FAREWELL_WECOM_SECRET", "")
FAREWELL_WECOM_TOKEN = os.environ.get("FAREWELL_WECOM_TOKEN", "")
FAREWELL_WECOM_AES_KEY = os.environ.get("FAREWELL_WECOM_AES_KEY", "")
FAREWELL_WECOM_USERID_FROM = os.environ.get("FAREWELL_WECOM_USERID_FROM", "employee_number")  # or "username"
FAREWELL_WECOM_API_BASE = os.environ.get("FAREWELL_WECOM_API_BASE", "https://qyapi.weixin.qq.com/cgi-bin/")
FAREWELL_WECOM_AUTHORIZE_URL = os.environ.get(
    "FAREWELL_WECOM_AUTHORIZE_URL", "https://open.weixin.qq.com/connect/oauth2/authorize")
# OIDC single sign-on (mozilla-django-oidc; farewell/accounts/sso.py; docs/sso_wecom.md): off unless the
# issuer, client id and secret and the three endpoints are all set. A claim names an EXISTING active
# login (by 工号 or e-mail); no login is ever created and no role granted from a claim.
FAREWELL_OIDC_ISSUER = os.environ.get("FAREWELL_OIDC_ISSUER", "")
FAREWELL_OIDC_CLAIM = os.environ.get("FAREWELL_OIDC_CLAIM", "email")  # the claim that names the employee
FAREWELL_OIDC_MATCH = os.environ.get("FAREWELL_OIDC_MATCH", "email")  # "email" or "employee_number" (工号)
OIDC_RP_CLIENT_ID = os.environ.get("FAREWELL_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("FAREWELL_OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("FAREWELL_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("FAREWELL_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("FAREWELL_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("FAREWELL_OIDC_JWKS_ENDPOINT") or None
OIDC_RP_SIGN_ALGO = os.environ.get("FAREWELL_OIDC_SIGN_ALGO", "RS256" if OIDC_OP_JWKS_ENDPOINT else "HS256")
OIDC_RP_SCOPES = os.environ.get("FAREWELL_OIDC_SCOPES", "openid email profile")
OIDC_CREATE_USER = False
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/"  # mozilla-django-oidc takes a path here, not a URL name
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# No inline script anywhere (data for charts travels in json_script blocks, which are not run);
# inline style attributes remain allowed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if not DEBUG:
    SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    # The health check is probed over plain HTTP from the machine itself (load balancer,
    # systemd, monitoring): a redirect to HTTPS would read as "down".
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading is the domain owner's decision: it binds every subdomain in browsers for
        # months and is hard to undo, and most deployments sit on an intranet name that cannot
        # be preloaded. Opt in with SECURE_HSTS_PRELOAD=true; until then the check is noise.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
