"""Settings for cainfo, read from the environment (see docs/configuration.md)."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from cainfo.cache_config import api_cache

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}.")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off. "
            "Set it to a long random string, or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-key-only-used-when-DJANGO_DEBUG-is-on"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "import_export",
    "events",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cainfo.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "cainfo.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "cainfo.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite as a serious embedded default (docs/reliability.md): readers never wait for the writer
    # (write-ahead log), and every transaction takes the write lock when it begins, so that it waits
    # out another writer (up to the busy timeout) instead of failing at once when it first writes.
    # Pages are read through a memory map of up to 256 MiB rather than copied into SQLite's 2 MiB
    # cache (a search matching 5,000 entries at scale 1: 17.6 -> 16.2 ms of CPU).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": float(os.environ.get("DJANGO_SQLITE_BUSY_SECONDS", "10")),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA mmap_size=268435456;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A write waiting for another's row lock gives up after this long, answered 503 "busy, retry".
    DATABASES["default"]["OPTIONS"] = {
        "options": f"-c lock_timeout={int(float(os.environ.get('DJANGO_DB_LOCK_TIMEOUT_SECONDS', '10')) * 1000)}",
        **DATABASES["default"].get("OPTIONS", {}),
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# WhiteNoise serves the collected static files in production (no CDN, works offline);
# `manage.py collectstatic` writes them, compressed and with hashed names, to STATIC_ROOT.
# Admin import uploads waiting for their confirmation (events.csv_admin), one folder on the
# machine: shared by every app server process on it, never served.
IMPORT_UPLOAD_ROOT = Path(os.environ.get("DJANGO_IMPORT_UPLOAD_ROOT") or BASE_DIR / "uploads")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "import_export": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": IMPORT_UPLOAD_ROOT},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# REST API (see docs/api.md). Anonymous users read; writes need a token or a session (with CSRF)
# and the model permission (the Curators group has them).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["events.api.permissions.ModelPermissionsOrReadOnly"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "events.api.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "events.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["events.filters.StrictFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "events.api.pagination.StrictPageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "events.api.exceptions.exception_handler",
    # Per client (user, or address when anonymous); counted in the default cache, i.e. per process.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("DJANGO_API_THROTTLE_ANON", "120/minute") or None,
        "user": os.environ.get("DJANGO_API_THROTTLE_USER", "1200/minute") or None,
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

# GET responses of the API rendered as JSON, kept under the data version (events.cache): per process,
# or shared by every worker with DJANGO_CACHE_URL (cainfo/cache_config.py); 0 seconds turns it off.
API_CACHE_SECONDS = int(os.environ.get("DJANGO_API_CACHE_SECONDS", "300"))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "api": api_cache(os.environ.get("DJANGO_CACHE_URL", ""), int(os.environ.get("DJANGO_API_CACHE_ENTRIES", "5000"))),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "cainfo API",
    "DESCRIPTION": "Central Asian diplomacy: summits, mechanisms, agreements, actors, topics and sources.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ActorKindEnum": "events.models.Actor.Kind",
        "MechanismKindEnum": "events.models.Mechanism.Kind",
        "AgreementKindEnum": "events.models.Agreement.Kind",
        "MembershipRoleEnum": "events.models.Membership.Role",
        "ParticipationRoleEnum": "events.models.Participation.Role",
        "PartyRoleEnum": "events.models.AgreementParty.Role",
        "LevelEnum": "events.choices.Level",
        "DatePrecisionEnum": "events.dates.DatePrecision",
        "ActionKindEnum": "events.models.AgreementAction.Kind",
        "AgreementRelationKindEnum": "events.models.AgreementRelation.Kind",
        "MechanismRelationKindEnum": "events.models.MechanismRelation.Kind",
    },
}

# HTTPS and security headers: on by default when debug is off, each switchable from the environment.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEBUG)
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
X_FRAME_OPTIONS = "DENY"

# Repeated failed logins lock the username and address pair out for a while (django-axes).
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("DJANGO_LOGIN_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

# Content-Security-Policy on every response (django-csp): scripts, styles, fonts and images only
# from this site. The admin, the public pages, the browsable API and Swagger UI (served split, its
# script from a URL of its own) need nothing more; Redoc's styled components add inline styles and
# a blob: worker, allowed on that page only (cainfo/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# CSV / XLSX / JSON import and export (django-import-export; docs/import-export.md).
# Importing adds and changes records, so it needs both permissions (events.admin checks "add" too).
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_SKIP_ADMIN_CONFIRM = False
# events.resources escapes formulae itself with a reversible leading "'" (the library's option only strips "=").
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False
# Largest file the admin accepts for import, in bytes.
CSV_IMPORT_MAX_BYTES = int(os.environ.get("CSV_IMPORT_MAX_BYTES", 10 * 1024 * 1024))
# The admin previews and imports a file of more rows, or more bytes, than these in the background
# (events/import_jobs.py); a file over the byte bound is not even read in the request.
IMPORT_BACKGROUND_ROWS = int(os.environ.get("IMPORT_BACKGROUND_ROWS", 2000))
IMPORT_BACKGROUND_BYTES = int(os.environ.get("IMPORT_BACKGROUND_BYTES", 1024 * 1024))
# A background import's page refreshes itself every this many seconds while the job runs.
IMPORT_JOB_REFRESH_SECONDS = 2

# Tracebacks of unhandled errors and the reasons for 503s go to stderr, where gunicorn and systemd
# keep them, whatever DEBUG is (Django's default sends them nowhere when DEBUG is off).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "plain"}},
    "loggers": {
        "django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
        "cainfo": {"handlers": ["stderr"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"), "propagate": False},
    },
}
