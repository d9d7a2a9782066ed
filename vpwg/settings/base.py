"""Settings shared by every environment.

Layers: this module reads the environment and sets everything; `local`, `test` and
`production` import it and override a few values (DEBUG, eager Celery, security).
The integrations/ modules (allauth, guardian, celery, email) are imported at the end
so each third-party block lives in one place. Nothing secret is written here: with
no environment at all the app runs on the embedded default (SQLite, console mail,
Celery on a filesystem broker).
"""

from pathlib import Path

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("VPWG_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
# A development key for the embedded default only; production.py refuses to start without SECRET_KEY.
SECRET_KEY = env.str("SECRET_KEY", default="insecure-development-key-not-for-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # the form renderer (vpwg/forms.py) finds Django's widget templates through TEMPLATES
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "guardian",
    "django_htmx",
    "vpwg",
    "members",
    "meetings",
    "minutes",
    "workplan",
    "activities",
    "reports",
    "networks",
    "exchange",
    "search",
    "api",
    "ninja",  # django-ninja: its docs page then serves Swagger UI from the package's static files, no CDN
]

# The tenant every object belongs to. vpwg (the infrastructure) reads it through
# `vpwg.tenant.tenant_model()` instead of importing the members app.
VPWG_TENANT_MODEL = "members.WorkingGroup"

MIDDLEWARE = [
    # /healthz and /readyz answer here, before sessions, authentication and the host check.
    "vpwg.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "vpwg.middleware.OversizedIdGuard",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "vpwg.i18n.UserLanguageMiddleware",
    # Deny by default: public views are marked with @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "vpwg.sessions.IdleSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "members.two_factor.AdminTwoFactorMiddleware",
]

ROOT_URLCONF = "vpwg.urls"
WSGI_APPLICATION = "vpwg.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "members.context_processors.working_group",
            ],
            # {% submit_token %} in every form that appends; {{ moment|when }} for every timestamp shown.
            "builtins": ["vpwg.templatetags.submit_tokens", "vpwg.templatetags.when"],
        },
    },
]

# Every form and field through templates/includes/_form.html and _field.html: errors beside their field.
FORM_RENDERER = "vpwg.forms.FormRenderer"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if "DATABASE_URL" not in env.ENVIRON:
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded default keeps its files under var/
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# With persistent connections (CONN_MAX_AGE > 0), check a reused connection at the start of each
# request, so a PostgreSQL restart costs no failed request once the server is back (tests/faults/).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
DATABASES["default"]["ATOMIC_REQUESTS"] = False


def tune_sqlite(database: dict) -> dict:
    """SQLite as a real embedded database (a no-op for PostgreSQL).

    WAL lets readers run beside the one writer; IMMEDIATE takes the write lock when a transaction
    starts, so two writers queue instead of one failing with "database is locked" half-way; the
    timeout is how long a writer waits for its turn.
    """
    if database["ENGINE"].endswith("sqlite3"):
        database.setdefault("OPTIONS", {}).update(
            {
                "transaction_mode": "IMMEDIATE",
                "timeout": env.int("SQLITE_TIMEOUT", default=30),
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            }
        )
    return database


tune_sqlite(DATABASES["default"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sessions and cache (CACHES, SESSION_ENGINE): integrations/cache.py, Redis in front of the database
# when REDIS_URL is set, the database alone otherwise.
# How many reverse proxies in front of the app append to X-Forwarded-For (rate limits use the client
# address they vouch for). 0: trust only REMOTE_ADDR, since the client writes the header itself.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# How long a worker's claim on an outbox row lasts (vpwg/outbox.py): a claim that runs out unmarked
# makes the message "unknown" for the Secretariat. Longer than an SMTP timeout plus the mark's retries.
OUTBOX_LEASE_SECONDS = env.int("OUTBOX_LEASE_SECONDS", default=300)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 8)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"  # stored and compared in UTC; shown in the group's time zone (vpwg/dates.py)
# Dates name their month, never 03/10/2027; times on the 24-hour clock (vpwg/formats/<language>/).
FORMAT_MODULE_PATH = ["vpwg.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# Strict policy: no inline script or style anywhere; the nonce is for the rare tag that needs it.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Upload limits; each upload field still checks its own type and size by content.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

from .integrations.allauth import *  # noqa: E402,F403
from .integrations.cache import *  # noqa: E402,F403
from .integrations.celery import *  # noqa: E402,F403
from .integrations.email import *  # noqa: E402,F403
from .integrations.guardian import *  # noqa: E402,F403
from .integrations.storage import *  # noqa: E402,F403
