"""Django settings for BNM Formation.

The only module that reads the environment. Every variable is documented in
`.env.example` and in the README. Defaults give the embedded development setup:
SQLite, eager Celery tasks, e-mails on the console.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
DEV_SECRET_KEY = "django-insecure-development-key-never-use-in-production"  # noqa: S105

env = environ.Env()
env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG: bool = env.bool("DEBUG", default=True)
SECRET_KEY: str = env.str("SECRET_KEY", default=DEV_SECRET_KEY)
if not DEBUG and SECRET_KEY in {"", DEV_SECRET_KEY}:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a real secret when DEBUG is off "
        "(the development key is refused in production)."
    )
ALLOWED_HOSTS: list[str] = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Absolute base URL of the site, used in e-mails, QR codes, xAPI actor home pages.
SITE_URL: str = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Our apps first, so that their templates and translations win.
    "accounts",
    "organizations",
    "resources",
    "lrs",
    "skills",
    "h5p",
    "certificates",
    "mediation_kits",
    "courses",
    "workshops",
    "dashboards",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "resources.context_processors.network_services",
                "courses.context_processors.catalogue_nav",
                "mediation_kits.context_processors.kits_nav",
                "dashboards.context_processors.dashboards_nav",
            ],
        },
    },
]

# Database: SQLite by default, PostgreSQL (or anything else) through DATABASE_URL.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://bnm")}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:my_space"
LOGOUT_REDIRECT_URL = "home"

# Throttle repeated login failures (django-axes): 5 failures per e-mail and address,
# then a 15-minute cool-off.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # The H5P player, installed from npm by `make install` and served as static files.
    ("vendor/h5p-standalone", BASE_DIR / "node_modules" / "h5p-standalone" / "dist"),
]
# An object store's public URL when the default storage below is one (PDFs read media
# through the storage whatever MEDIA_URL is: common.pdf).
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# E-mail: console in development, SMTP in production through EMAIL_URL.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="BNM Formation <formation@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: eager when no broker is configured, a real broker otherwise.
CELERY_BROKER_URL: str = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND: str | None = env.str("CELERY_RESULT_BACKEND", default="") or (
    CELERY_BROKER_URL or None
)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# Eager mode still builds a message producer (Celery reads its serializer there): the
# in-memory transport keeps it from looking for an AMQP server on localhost (and warning).
CELERY_BROKER_WRITE_URL: str | None = None if CELERY_BROKER_URL else "memory://localhost//"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "lrs-outbox-requeue": {"task": "lrs.tasks.outbox_requeue_task", "schedule": 60.0},
}

# Wagtail
WAGTAIL_SITE_NAME = "BNM Formation"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "ods", "docx", "xlsx", "pptx", "txt", "csv", "epub"]
WAGTAIL_USER_CUSTOM_FIELDS = ["first_name", "last_name"]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Security. Production (DEBUG off) gets the full set, so that `check --deploy` is clean.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env.bool("BEHIND_TLS_PROXY", default=True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# xAPI LRS: forwarding every stored statement to an external LRS (empty = off).
LRS_FORWARD_URL: str = env.str("LRS_FORWARD_URL", default="")
LRS_FORWARD_USERNAME: str = env.str("LRS_FORWARD_USERNAME", default="")
LRS_FORWARD_PASSWORD: str = env.str("LRS_FORWARD_PASSWORD", default="")
LRS_FORWARD_BATCH_SIZE: int = env.int("LRS_FORWARD_BATCH_SIZE", default=200)
LRS_FORWARD_TIMEOUT: float = env.float("LRS_FORWARD_TIMEOUT", default=10.0)
# Largest request body the LRS accepts (statements with attachments); beyond: 413.
LRS_MAX_BODY_BYTES: int = env.int("LRS_MAX_BODY_BYTES", default=20 * 1024 * 1024)
# Extra origins allowed to call /xapi/ with a player token, besides "null" (the sandboxed
# H5P iframe) and the origin of SITE_URL. No credentials (cookies) are ever allowed.
LRS_CORS_ORIGINS: list[str] = env.list("LRS_CORS_ORIGINS", default=[])

# Service registry (resources): the link-health check run by Celery beat.
RESOURCES_LINK_CHECK_TIMEOUT: float = env.float("RESOURCES_LINK_CHECK_TIMEOUT", default=10.0)
RESOURCES_LINK_CHECK_WORKERS: int = env.int("RESOURCES_LINK_CHECK_WORKERS", default=8)
CELERY_BEAT_SCHEDULE["resources-link-checks"] = {
    "task": "resources.tasks.link_checks_run_task",
    "schedule": env.float("RESOURCES_LINK_CHECK_EVERY", default=24 * 3600.0),
}

# H5P: `seed_demo` imports every .h5p package found in this folder (empty = none). Defaults to
# ../shared/h5p when that folder exists (real packages used by the tests and the demo).
_H5P_SHARED_DIR = BASE_DIR.parent / "shared" / "h5p"
H5P_DEMO_DIR: str = env.str(
    "H5P_DEMO_DIR", default=str(_H5P_SHARED_DIR) if _H5P_SHARED_DIR.is_dir() else ""
)

# Certificates: the Ed25519 key signing Open Badges (PEM, or base64 of the PEM), required
# in production. In development (DEBUG on, no key given) a key is created on first use in
# var/ (outside MEDIA_ROOT, never served). Public verification is rate-limited per client
# (hits per window of seconds, in the shared cache) and answers in a minimum time.
CERTIFICATES_SIGNING_KEY: str = env.str("CERTIFICATES_SIGNING_KEY", default="")
CERTIFICATES_SIGNING_KEY_FILE: Path | None = (
    BASE_DIR / "var" / "certificates-signing-key.pem" if DEBUG else None
)
if not DEBUG and not CERTIFICATES_SIGNING_KEY:
    raise ImproperlyConfigured(
        "CERTIFICATES_SIGNING_KEY must be set when DEBUG is off: an Ed25519 private key in "
        "PEM (or base64 of the PEM), e.g. from `python manage.py certificates_signing_key`."
    )
# After a key rotation, the public keys of the earlier signing keys (base64url, as
# `manage.py certificates_signing_key --public` prints them), comma-separated: the
# credentials they signed keep verifying.
CERTIFICATES_RETIRED_KEYS: list[str] = env.list("CERTIFICATES_RETIRED_KEYS", default=[])
CERTIFICATES_VERIFY_RATE_LIMIT: int = env.int("CERTIFICATES_VERIFY_RATE_LIMIT", default=30)
CERTIFICATES_VERIFY_RATE_WINDOW: int = env.int("CERTIFICATES_VERIFY_RATE_WINDOW", default=60)
CERTIFICATES_VERIFY_MIN_SECONDS: float = env.float("CERTIFICATES_VERIFY_MIN_SECONDS", default=0.3)
CERTIFICATES_BUNDLE_RETENTION_DAYS: int = env.int("CERTIFICATES_BUNDLE_RETENTION_DAYS", default=7)
CELERY_BEAT_SCHEDULE["certificates-bundles-purge"] = {
    "task": "certificates.tasks.bundles_purge_task",
    "schedule": 6 * 3600.0,
}

# Workshops: reminders the day before (daily), the trainers' digest (weekly, on Mondays).
CELERY_BEAT_SCHEDULE["workshops-session-reminders"] = {
    "task": "workshops.tasks.session_reminders_send_task",
    "schedule": crontab(hour=9, minute=0),
}
CELERY_BEAT_SCHEDULE["workshops-trainer-digests"] = {
    "task": "workshops.tasks.trainer_digests_send_task",
    "schedule": crontab(day_of_week="mon", hour=7, minute=30),
}

# Mediation kits: rendered PDFs live in a private folder (outside MEDIA_ROOT; restricted
# kits' PDFs reach only those the download view lets through; shared by web and workers).
MEDIATION_KITS_PDF_ROOT: str = env.str(
    "MEDIATION_KITS_PDF_ROOT", default=str(BASE_DIR / "var" / "kit-pdfs")
)

# Dashboards: table exports above this many rows are prepared by a worker (with progress
# and a download link) instead of in the request; the summaries are rebuilt every night
# (people who changed library move with their figures) and carried into each new year.
DASHBOARDS_EXPORT_SYNC_ROWS: int = env.int("DASHBOARDS_EXPORT_SYNC_ROWS", default=300)
# Prepared exports may name people: they are written to a private folder (outside
# MEDIA_ROOT, never served as files; with several servers, a volume the web processes and
# the workers share), handed only to their requester, and deleted after a few days.
DASHBOARDS_EXPORT_ROOT: str = env.str(
    "DASHBOARDS_EXPORT_ROOT", default=str(BASE_DIR / "var" / "dashboards-exports")
)
DASHBOARDS_EXPORT_RETENTION_DAYS: int = env.int("DASHBOARDS_EXPORT_RETENTION_DAYS", default=3)
CELERY_BEAT_SCHEDULE["dashboards-exports-purge"] = {
    "task": "dashboards.tasks.exports_purge_task",
    "schedule": 6 * 3600.0,
}
CELERY_BEAT_SCHEDULE["dashboards-summaries-rebuild"] = {
    "task": "dashboards.tasks.summaries_rebuild_task",
    "schedule": crontab(hour=3, minute=30),
}
CELERY_BEAT_SCHEDULE["dashboards-new-year"] = {
    "task": "dashboards.tasks.levels_year_ensure_task",
    "schedule": crontab(month_of_year=1, day_of_month=1, hour=0, minute=5),
}
