"""One settings module, driven by the environment (see README "Configuration").

The embedded default is a development desk on SQLite. `FACTCHECK_ENV=production`
switches on everything `manage.py check --deploy` asks for and refuses to start
without a real SECRET_KEY.
"""

import os
import warnings
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from factcheck.secret_key import DEVELOPMENT_KEY, weak_secret_key_reason
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


PRODUCTION = os.environ.get("FACTCHECK_ENV", "development").lower() == "production"
DEBUG = env_bool("DEBUG", not PRODUCTION)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when FACTCHECK_ENV=production.")
    SECRET_KEY = DEVELOPMENT_KEY
elif PRODUCTION and (weak := weak_secret_key_reason(SECRET_KEY)):
    raise ImproperlyConfigured(
        f"SECRET_KEY is too weak for production: {weak}. Generate one with: "
        "python -c 'import secrets; print(secrets.token_urlsafe(64))'"
    )

# Signs the audit trail's checkpoints (`manage.py audit_checkpoint`, `verify_audit --checkpoint`);
# empty: a key derived from SECRET_KEY. Keep a separate one where the database's admins cannot read it.
AUDIT_CHECKPOINT_KEY = os.environ.get("AUDIT_CHECKPOINT_KEY", "")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The one referrer policy for every page (SecurityMiddleware sends it): other sites never see an
# address of ours (a tip's private link), and our own forms still post with their Origin, which the
# CSRF check needs (`no-referrer` makes Chromium send `Origin: null`: 403). Don't override it per view.
SECURE_REFERRER_POLICY = "same-origin"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.syndication",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    *(["django_rq"] if os.environ.get("TASKS_BACKEND", "database") == "rq" else []),
    # The project's apps, lowest layer first (see docs/architecture.md).
    "claims",
    "matching",
    "capture",
    "reviews",
    "comments",
    "notifications",
    "analytics",
    "tips",
    "partners",
    "desk",
    "intake",
    "monitoring",
    "publishing",
    "webhooks",
    "api",
    "demo",
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # With a read replica: a browser that just wrote reads from the primary (factcheck/routers.py).
    *(["factcheck.routers.PrimaryAfterWriteMiddleware"] if os.environ.get("DATABASE_REPLICA_URL") else []),
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "factcheck.middleware.ContentSecurityPolicyMiddleware",  # django-csp; scripts only from /static/
    "factcheck.middleware.WorkflowErrorMiddleware",
    # Last, as django-axes asks, so it sees the final authentication result.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "factcheck.urls"

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
                "csp.context_processors.nonce",
                "notifications.context_processors.inbox",
                "analytics.context_processors.nav",
            ],
        },
    },
]

WSGI_APPLICATION = "factcheck.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Optional read replica (PostgreSQL streaming replica): reads there, writes to default.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")), conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["factcheck.routers.ReplicaRouter"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while one writer commits; IMMEDIATE makes a
    # write transaction take the lock up front instead of failing half-way.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Sessions live in the database, so any number of app servers share them.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Brute-force protection (django-axes): lock a username+IP after 5 failures for 30 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "factcheck.accounts.lockout_response"  # a translated desk page, HTTP 429
# Behind N trusted reverse proxies the client's address is in X-Forwarded-For; without this,
# every visitor would share the proxy's address and one attacker could lock everyone's username.
# One count for every consumer of the client address: axes (below) and DRF's throttling (NUM_PROXIES).
# `API_NUM_PROXIES` is the old name for the API's half of it; it still works, with a warning.
def _trusted_proxy_count():
    count = os.environ.get("TRUSTED_PROXY_COUNT", "")
    old = os.environ.get("API_NUM_PROXIES", "")
    if old:
        warnings.warn(
            "API_NUM_PROXIES is deprecated: set TRUSTED_PROXY_COUNT, which now counts proxies for the API too"
            + (" (TRUSTED_PROXY_COUNT is set and wins)." if count else "."),
            FutureWarning,  # shown to whoever runs the app, unlike DeprecationWarning
            stacklevel=2,
        )
    return int(count or old or "0")


TRUSTED_PROXY_COUNT = _trusted_proxy_count()
AXES_CLIENT_IP_CALLABLE = "factcheck.accounts.client_ip"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ja", _("Japanese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files are never served as static files: /files/ is a view that checks who asks and
# sends safe headers (claims/files.py, claims/views.py). See README "Files".
MEDIA_URL = "/files/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
UPLOAD_MAX_PIXELS = int(os.environ.get("UPLOAD_MAX_PIXELS", "50000000"))
# Article intake reads an uploaded HTML or text file up to this size (intake/services.py).
INTAKE_MAX_FILE_BYTES = int(os.environ.get("INTAKE_MAX_FILE_BYTES", str(5 * 1024 * 1024)))
# Intake fetches an article's address while the editor waits: robots.txt and the page together stop
# after this many seconds (captures, in the background, have FETCH_TOTAL_TIMEOUT).
INTAKE_FETCH_TIMEOUT = float(os.environ.get("INTAKE_FETCH_TIMEOUT", "15"))
# An upload past UPLOAD_MAX_BYTES is counted, not stored, then refused with its size.
FILE_UPLOAD_HANDLERS = [
    "claims.files.UploadSizeLimit",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "desk@factcheck.localhost")

# Content-Security-Policy (django-csp 4): no inline scripts or styles anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Requests per client address that anonymous API readers may make (DRF rate syntax).
API_ANON_RATE = os.environ.get("API_ANON_RATE", "120/minute")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": API_ANON_RATE},
    # Proxies in front of the app (0: the client's address is REMOTE_ADDR; X-Forwarded-For is not trusted).
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "EXCEPTION_HANDLER": "api.exceptions.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Fact-check workbench API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from drf-spectacular-sidecar's static files: no CDN, works under the CSP.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # drf-spectacular's enum hook, then every operation's 429 (api/schema.py).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.add_throttle_responses"],
    # One schema name per choice set, so clients get one enum for each.
    "ENUM_NAME_OVERRIDES": {
        "StateEnum": "claims.states.State",
        "DatePrecisionEnum": "claims.models.DatePrecision",
        "ClaimKindEnum": "claims.models.Claim.Kind",
        "SpeakerKindEnum": "claims.models.Speaker.Kind",
        "SourceKindEnum": "claims.models.Source.Kind",
        "CorrectionKindEnum": "reviews.models.Correction.Kind",
        "RolePrecisionEnum": "claims.models.ROLE_PRECISIONS",
    },
}

# The desk's public identity, used on public pages and in ClaimReview markup.
DESK_NAME = os.environ.get("DESK_NAME", "Fact-check Desk")
DESK_URL = os.environ.get("DESK_URL", "http://localhost:8000/")
DESK_LOGO_URL = os.environ.get("DESK_LOGO_URL", "")  # empty: the logo shipped in publishing/static
if DESK_LOGO_URL.startswith(("https://", "http://")):  # the public header shows it
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append("/".join(DESK_LOGO_URL.split("/")[:3]))
# Public pages: seconds a shared cache may keep them (0 turns page caching off), and
# whether reviewers' names appear on public fact-checks.
PUBLIC_CACHE_SECONDS = int(os.environ.get("PUBLIC_CACHE_SECONDS", "300" if REDIS_URL else "0"))
# Desk figures built from the rollups are reused until the next workflow step (or for this long at most).
ANALYTICS_CACHE_SECONDS = int(os.environ.get("ANALYTICS_CACHE_SECONDS", "300"))
PUBLIC_SHOW_REVIEWERS = env_bool("PUBLIC_SHOW_REVIEWERS", False)
# Who may approve a revision of a published fact-check, by kind (role names, reviews.roles).
# The preparer never approves their own (four-eyes). A desk with a single chief editor lets a
# senior reviewer approve the chief's revision: FACTCHECK_REVISION_APPROVERS_EXTRA=Reviewer.
_REVISION_EXTRA = [r.strip() for r in os.environ.get("FACTCHECK_REVISION_APPROVERS_EXTRA", "").split(",") if r.strip()]
FACTCHECK_REVISION_APPROVERS = {
    "update": ["Chief editor", "Admin", *_REVISION_EXTRA],
    "correction": ["Chief editor", "Admin", *_REVISION_EXTRA],
}
# Feeds and exports (publishing.caching.public_export): requests per client address (counted in the
# database, tips.limits, shared by every worker), and how
# long a built copy is reused while no publication changes (local memory per process without Redis).
PUBLIC_EXPORT_RATE = os.environ.get("PUBLIC_EXPORT_RATE", "60/minute")
PUBLIC_EXPORT_CACHE_SECONDS = int(os.environ.get("PUBLIC_EXPORT_CACHE_SECONDS", "60"))
# Reader tips (tips app): submissions per client address, and days a reader's e-mail is kept
# (`manage.py purge_tip_data` erases older ones; run it daily).
TIPS_RATE = os.environ.get("TIPS_RATE", "5/hour")
TIPS_KEEP_DAYS = int(os.environ.get("TIPS_KEEP_DAYS", "90"))

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The one SSRF-safe fetcher (factcheck/fetch.py): limits, and addresses it may reach although private
# (IPs or networks, e.g. `FETCH_ALLOWED_HOSTS=127.0.0.1` for a local test server; empty in production).
FETCH_ALLOWED_HOSTS = env_list("FETCH_ALLOWED_HOSTS", [])
FETCH_MAX_BYTES = int(os.environ.get("FETCH_MAX_BYTES", str(20 * 1024 * 1024)))
FETCH_MAX_REDIRECTS = int(os.environ.get("FETCH_MAX_REDIRECTS", "5"))
FETCH_CONNECT_TIMEOUT = float(os.environ.get("FETCH_CONNECT_TIMEOUT", "10"))
FETCH_TOTAL_TIMEOUT = float(os.environ.get("FETCH_TOTAL_TIMEOUT", "60"))

# Background tasks (Django's task framework API through the django-tasks backport; README "Source capture").
# `database` (default) needs no extra service: run `python manage.py db_worker`. `rq` uses Redis (REDIS_URL)
# and `python manage.py rqworker default --job-class django_tasks_rq.Job`. `immediate` runs tasks in-process.
# Webhooks (webhooks/, docs/webhooks.md): attempts before a delivery fails, the first retry's wait in
# seconds (doubled after each failure: 30 s, 1 min, 2 min, … ≈ 2 h in all with 8), and each request's limit.
WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("WEBHOOK_MAX_ATTEMPTS", "8"))
WEBHOOK_RETRY_BASE = float(os.environ.get("WEBHOOK_RETRY_BASE", "30"))
WEBHOOK_TIMEOUT = float(os.environ.get("WEBHOOK_TIMEOUT", "10"))
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "rq": "django_tasks_rq.RQBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[TASKS_BACKEND]
    }
}
# Claim matching (matching/, README "Claim matching"): OpenMP threads of the embedding model per process,
# the archive size from which an HNSW index (usearch) answers instead of exact search, and its file; how often
# a process counts the stored vectors (to notice deletions), and how many main directions centring takes out.
MATCHING_THREADS = int(os.environ.get("MATCHING_THREADS", "1"))
MATCHING_ANN_MIN = int(os.environ.get("MATCHING_ANN_MIN", "50000"))
MATCHING_INDEX_PATH = os.environ.get("MATCHING_INDEX_PATH", str(BASE_DIR / "var" / "matching.usearch"))
MATCHING_RECOUNT_SECONDS = float(os.environ.get("MATCHING_RECOUNT_SECONDS", "30"))
MATCHING_CENTRE_COMPONENTS = int(os.environ.get("MATCHING_CENTRE_COMPONENTS", "2"))
RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 300}}

# Source capture and the watch (capture/): capture a source when saved with a URL; robots.txt is
# `report`ed (default: a desk must archive what it cites), `obey`ed or `ignore`d; Save Page Now asks the
# Internet Archive for a public copy (off by default); re-checks back off from MIN to MAX days.
CAPTURE_ON_SAVE = env_bool("CAPTURE_ON_SAVE", True)
CAPTURE_ROBOTS = os.environ.get("CAPTURE_ROBOTS", "report")
CAPTURE_SAVE_PAGE_NOW = env_bool("CAPTURE_SAVE_PAGE_NOW", False)
CAPTURE_WATCH_MIN_DAYS = int(os.environ.get("CAPTURE_WATCH_MIN_DAYS", "1"))
CAPTURE_WATCH_MAX_DAYS = int(os.environ.get("CAPTURE_WATCH_MAX_DAYS", "32"))
CAPTURE_WATCH_LEASE_HOURS = int(os.environ.get("CAPTURE_WATCH_LEASE_HOURS", "6"))
# A capture keeps at most this many characters of a page's extracted text (control characters are
# stripped first); the capture's note says where it was cut. The WARC keeps the whole body.
CAPTURE_TEXT_MAX_CHARS = int(os.environ.get("CAPTURE_TEXT_MAX_CHARS", "1000000"))

# Followed feeds (monitoring/, README "Monitoring followed feeds"): never two fetches to one host within
# HOST_INTERVAL seconds; a failing feed waits interval × 2^failures, at most BACKOFF_MAX_HOURS; one poll
# takes in at most ARTICLES_PER_POLL new articles per feed (the rest wait for the next poll); the queue
# shows the closest existing claims when SUGGESTIONS is on.
MONITORING_HOST_INTERVAL = float(os.environ.get("MONITORING_HOST_INTERVAL", "5"))
MONITORING_BACKOFF_MAX_HOURS = int(os.environ.get("MONITORING_BACKOFF_MAX_HOURS", "24"))
MONITORING_ARTICLES_PER_POLL = int(os.environ.get("MONITORING_ARTICLES_PER_POLL", "50"))
MONITORING_FEED_MAX_BYTES = int(os.environ.get("MONITORING_FEED_MAX_BYTES", str(5 * 1024 * 1024)))
MONITORING_SUGGESTIONS = env_bool("MONITORING_SUGGESTIONS", True)
# Check-worthiness learns from the desk's decisions once it has this many accepted and this many dismissed candidates.
MONITORING_CHECKWORTHINESS_MIN_DECISIONS = int(os.environ.get("MONITORING_CHECKWORTHINESS_MIN_DECISIONS", "30"))
# A candidate the matcher calls the same claim as a standing fact-check raises a repeat alert (monitoring.repeats).
MONITORING_REPEAT_ALERTS = env_bool("MONITORING_REPEAT_ALERTS", True)
# Partners' fact-checks (partners/): "already checked by" when a partner's claim is this close in meaning (cosine).
PARTNERS_MATCH_MIN = float(os.environ.get("PARTNERS_MATCH_MIN", "0.93"))
# Pages of a partner's sitemap fetched per poll (a changed or new page counts); the rest wait for the next poll.
PARTNERS_PAGES_PER_POLL = int(os.environ.get("PARTNERS_PAGES_PER_POLL", "50"))
