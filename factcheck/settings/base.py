"""Settings shared by every environment.

Every value an operator may change is read from the environment through ``env``
and documented in ``.env.example``.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.sitemaps",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "simple_history",
    "axes",
    "claims",
    "evidence",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # 503 with Retry-After instead of an error page while the database is unreachable.
    "factcheck.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A page instead of a blank 405 when a form's address is opened as a link.
    "factcheck.middleware.MethodNotAllowedPageMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out login into factcheck.throttling's answer.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy of every page (Django's middleware): everything (scripts, styles,
# images, fonts, requests) only from this site, no inline script or style, no plugins, no
# <base>, no framing, forms post only here. Scripts live in static files (factcheck/static/js);
# JSON-LD blocks are data, which the browser does not run. A view that needs more says so
# with django.views.decorators.csp.csp_override.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "factcheck" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "factcheck.context_processors.site",
                "claims.context_processors.desk_menu",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A database that does not answer must not hold a request or a task for ever: give up
    # connecting after this long (the desk then answers 503, a task retries later).
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int("DATABASE_CONNECT_TIMEOUT", default=5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "factcheck",
        # Public pages read the cache and go on without it when Redis is down
        # (claims/public_cache.py): fail fast instead of waiting on a dead server.
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes refuses logins of locked-out user names and addresses before the password
# is checked; then Django's own backend.
AUTHENTICATION_BACKENDS = [
    "factcheck.throttling.LoginLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "desk:dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATICFILES_DIRS = [BASE_DIR / "factcheck" / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Uploaded documents are stored as snapshots; refuse anything larger.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
MAX_DOCUMENT_BYTES = env.int("MAX_DOCUMENT_BYTES", default=10 * 1024 * 1024)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["factcheck.permissions.IsDeskMember"],
    # JSON only: the browsable API is not offered (the docs are at /api/v1/docs/), so a
    # client asking for HTML alone gets 406 before anything is written.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "factcheck.api_formats.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "factcheck.api_formats.JSONOnlyNegotiation",
    "DEFAULT_PAGINATION_CLASS": "factcheck.api_input.PageNumbers",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "factcheck.api_errors.service_exception_handler",
    # Counters in the shared cache (Redis); they let requests through when it is down.
    "DEFAULT_THROTTLE_CLASSES": [
        "factcheck.throttling.AnonRateThrottle",
        "factcheck.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", default="60/minute"),
        "user": env("API_THROTTLE_USER", default="120/minute"),
        "login": env("API_THROTTLE_LOGIN", default="10/minute"),
    },
    # Reverse proxies in front of the web processes that set X-Forwarded-For: the client's
    # address is the one the last of them saw. 0: REMOTE_ADDR (a client's own header is ignored).
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Fact-check desk API",
    "DESCRIPTION": "Articles, claims, evidence, automated checks and verdicts.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Every operation documents the errors it may answer (factcheck/api_schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "factcheck.api_schema.document_error_responses",
    ],
    # The docs page loads Swagger UI from our static files, not from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "state" or "kind"; give each choice set its own schema name.
    "ENUM_NAME_OVERRIDES": {
        "ArticleStateEnum": "claims.models.Article.State",
        "ClaimStateEnum": "claims.models.Claim.State",
        "VerdictStateEnum": "claims.models.Verdict.State",
        "CheckStateEnum": "evidence.models.CheckResult.State",
        "ClaimantKindEnum": "claims.models.Claimant.Kind",
        "EvidenceKindEnum": "evidence.models.EvidenceItem.Kind",
    },
}

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="factcheck")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 90
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # An unacknowledged message (its worker died) goes back to the queue once it is older
    # than this; it must exceed the longest task plus its retry countdowns (90 s + 60 s).
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=600),
    # Workers look for such messages every 10 s (kombu's default, 10 s x a throttle of 10,
    # is every 100 s), so one is delivered again at most 10 s after the timeout.
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 1,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request that queues work must not hang on a broker that is down: fail fast
# (the claim stays "checks pending" and a re-run queues its checks again).
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_BROKER_CONNECTION_TIMEOUT = 2

# Periodic work, run by one `celery beat` process (see README, "Operations").
# The sweep (evidence.sweep_stuck_checks and evidence.sweep_stuck_articles) runs this often.
SWEEP_INTERVAL_SECONDS = env.int("SWEEP_INTERVAL_SECONDS", default=60)
# Work asked for but never started (a check queued, a claim's checks requested, an article
# queued) is sent to the workers again after this long: its message was lost (Redis
# restarted empty, the broker was down when it was sent, or its task gave up retrying).
QUEUED_STUCK_AFTER_SECONDS = env.int("QUEUED_STUCK_AFTER_SECONDS", default=120)
# Work started but not finished (a check running, an article fetching, extracting or
# ranking) is sent again after this long; it must exceed CELERY_TASK_TIME_LIMIT plus the
# retry schedule of a task that loses its database (evidence.tasks.database_retry_countdown).
CHECK_STUCK_AFTER_SECONDS = env.int("CHECK_STUCK_AFTER_SECONDS", default=15 * 60)
# Runs a check may start before the sweep gives up and records it as an error.
CHECK_MAX_ATTEMPTS = env.int("CHECK_MAX_ATTEMPTS", default=3)
# Runs an article's ingestion may start (the task's own retries included) before the sweep
# records it as failed, a failure the user can retry.
INGEST_MAX_ATTEMPTS = env.int("INGEST_MAX_ATTEMPTS", default=5)
# Evidence links are fetched again when their last check is older than this.
LINK_RECHECK_INTERVAL_HOURS = env.int("LINK_RECHECK_INTERVAL_HOURS", default=24)
CELERY_BEAT_SCHEDULE = {
    "sweep-stuck-checks": {"task": "evidence.sweep_stuck_checks", "schedule": float(SWEEP_INTERVAL_SECONDS)},
    "sweep-stuck-articles": {"task": "evidence.sweep_stuck_articles", "schedule": float(SWEEP_INTERVAL_SECONDS)},
    "recheck-evidence-links": {"task": "evidence.recheck_links", "schedule": 60.0 * 60},
}

# Login lockout (django-axes, counted in the database; see factcheck/throttling.py):
# this many failed logins for one user name, or from one address, lock it out for the
# cool-off; every refused try starts the cool-off again; a successful login clears the
# failures of its user name and address. Editors unlock in the admin (README, Operations).
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "factcheck.throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "factcheck.throttling.client_address"

# The publishing organisation (ClaimReview author).
SITE_ID = 1

FACTCHECK_ORG_NAME = env("FACTCHECK_ORG_NAME", default="Fact-check desk")
FACTCHECK_ORG_URL = env("FACTCHECK_ORG_URL", default="http://localhost:8000/")
FACTCHECK_DEFAULT_RATING_SCALE = env("FACTCHECK_DEFAULT_RATING_SCALE", default="politifact")
# Host names or addresses that evidence/fetch.py may reach although private.
FETCH_ALLOW_PRIVATE_HOSTS = env.list("FETCH_ALLOW_PRIVATE_HOSTS", default=[])
# Limits of every outbound fetch (evidence/fetch.py): body size in bytes, total seconds.
FETCH_MAX_BYTES = env.int("FETCH_MAX_BYTES", default=10 * 1024 * 1024)
FETCH_TIMEOUT = env.float("FETCH_TIMEOUT", default=15.0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # django-axes says INFO at every start and login; its warnings name failed logins and lockouts.
    "loggers": {"axes": {"level": "WARNING"}},
}
