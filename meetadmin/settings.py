"""meetadmin settings, read from the environment (django-environ).

Every setting has a safe default for the embedded demo; `manage.py check --deploy` refuses those defaults in
production (see meetadmin/checks.py). The README has the table of every setting.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp import constants as csp

BASE_DIR = Path(__file__).resolve().parent.parent
DEMO_SECRET_KEY = "demo-only-insecure-secret-key-change-me-in-production"  # noqa: S105 - refused by check --deploy  # nosec B105

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="") or DEMO_SECRET_KEY
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.google",
    "django_htmx",
    "template_partials",
    "csp",
    "pgtrigger",
    "meetadmin.apps.MeetadminConfig",
    "accounts",
    "spaces",
    "monitoring",
]

# One list, in the order requests pass through it (tests/test_middleware_order.py holds this order).
MIDDLEWARE = [
    # Every log line of the request carries its id, so this comes first (meetadmin/request_id.py).
    "meetadmin.request_id.RequestIdMiddleware",
    # Probes answer before the host check, the HTTPS redirect and sessions (monitoring/probes.py).
    "monitoring.probes.HealthCheckMiddleware",
    # A NUL character in a path, query or cookie is a 400, before anything reads it (meetadmin/nul_characters.py).
    "meetadmin.nul_characters.RefuseNulCharactersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.idle_sessions.SessionIdleMiddleware",
    # The person's zone (kept in the session) for every answer below, the rate limit's 429 page included.
    "accounts.time_zones.TimeZoneMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Right after authentication, so that signed-in answers of the rate limit and the views below are no-store too
    # (accounts/private_pages.py).
    "accounts.private_pages.NoStoreWhenSignedInMiddleware",
    # Counts a signed-in person's writes before any view runs (meetadmin/rate_limits.py).
    "meetadmin.rate_limits.RateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.session_limits.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "meetadmin.urls"
WSGI_APPLICATION = "meetadmin.wsgi.application"

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
                "accounts.context_processors.roles",
                "accounts.context_processors.time_zone",
            ],
        },
    },
]

# The embedded PostgreSQL (make demo) listens on a Unix socket in var/postgres unless DATABASE_URL says otherwise.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"postgres://postgres@/postgres?host={BASE_DIR}/var/postgres")
}
_socket_host = DATABASES["default"].get("OPTIONS", {}).pop("host", None)
if _socket_host and not DATABASES["default"].get("HOST"):
    DATABASES["default"]["HOST"] = _socket_host
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A database that is down, unreachable or stuck must end a request with a page that says so (meetadmin/outage.py)
# well before gunicorn's timeout (GUNICORN_TIMEOUT, 30 s) kills the worker and drops the connection: connecting
# (libpq's connect_timeout, whole seconds, at least 2) and each statement (PostgreSQL's statement_timeout; our
# backend, meetadmin/postgresql/, gives up 5 s later on a server that froze) are bounded, together below that
# timeout. The statement timeout is set by the web (meetadmin/wsgi.py) and the workers (meetadmin/celery.py) for
# themselves; `manage.py` commands run without one (`migrate` may build an index on a large table). Workers get a
# longer one: nobody waits on a page for them, and their statements are larger (a bulk import's chunk, pruning a
# week of upkeep reads); it stays below Celery's soft time limit, so a stuck statement ends as a database error the
# task can retry rather than as a task killed mid-way.
DATABASE_CONNECT_TIMEOUT = max(env.int("DATABASE_CONNECT_TIMEOUT", default=5), 2)
DATABASE_STATEMENT_TIMEOUT = env.float("DATABASE_STATEMENT_TIMEOUT", default=10.0)
DATABASE_OUTAGE_RETRY_AFTER_SECONDS = env.int("DATABASE_OUTAGE_RETRY_AFTER_SECONDS", default=30)
# Django's PostgreSQL backend, except that it does not ask again at once a database that just failed to answer.
DATABASES["default"]["ENGINE"] = "meetadmin.postgresql"
_database_options = DATABASES["default"].setdefault("OPTIONS", {})
_database_options.setdefault("connect_timeout", DATABASE_CONNECT_TIMEOUT)
# Over TCP, a peer that vanished (a failover, a network partition) is noticed by the kernel: data unacknowledged for
# this long, or an idle connection whose keepalives go unanswered, breaks the connection instead of waiting forever.
_database_options.setdefault("keepalives", 1)
_database_options.setdefault("keepalives_idle", 30)
_database_options.setdefault("keepalives_interval", 10)
_database_options.setdefault("keepalives_count", 3)
_database_options.setdefault("tcp_user_timeout", int(DATABASE_STATEMENT_TIMEOUT * 1000))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6399/0")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env.str("CACHE_URL", default=REDIS_URL),
        # The rate limits ask the cache on every write (meetadmin/rate_limits.py): a Redis that takes the connection
        # and then stalls costs a request one second, after which the limit is let through (redis-py's own default
        # is 5 s, and was no limit at all before redis-py 6).
        "OPTIONS": {"socket_timeout": 1.0, "socket_connect_timeout": 1.0},
    }
}

# Celery: JSON only, late acks, and a visibility timeout longer than any task's hard limit.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=90)
# Applied by the worker processes (meetadmin/celery.py) in place of DATABASE_STATEMENT_TIMEOUT; see DATABASES above.
DATABASE_WORKER_STATEMENT_TIMEOUT = env.float(
    "DATABASE_WORKER_STATEMENT_TIMEOUT", default=CELERY_TASK_SOFT_TIME_LIMIT * 0.8
)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=600)}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
# Two queues, each with its own workers (README "Queues"): what a person is waiting for never sits behind bulk and
# upkeep work. Beat's own jobs only write rows and queue them, so they take the interactive queue's default slot.
INTERACTIVE_QUEUE = env.str("INTERACTIVE_QUEUE", default="interactive")
BULK_QUEUE = env.str("BULK_QUEUE", default="bulk")
CELERY_TASK_DEFAULT_QUEUE = INTERACTIVE_QUEUE
# Written limits of one bulk import (said on the import page): the request only records it, a worker expands it.
BULK_IMPORT_MAX_ADDRESSES = env.int("BULK_IMPORT_MAX_ADDRESSES", default=50_000)
BULK_IMPORT_MAX_BYTES = env.int("BULK_IMPORT_MAX_BYTES", default=2 * 1024 * 1024)
# Helpdesk and IT admins are re-checked against Google this often (a refresh of their own grant:
# accounts/staff_checks.py); a staff write on someone else's space is refused once the last check Google passed is
# older than the limit.
STAFF_RECHECK_SECONDS = env.int("STAFF_RECHECK_SECONDS", default=900)
STAFF_RECHECK_LIMIT_SECONDS = env.int("STAFF_RECHECK_LIMIT_SECONDS", default=2 * STAFF_RECHECK_SECONDS)
CELERY_BEAT_SCHEDULE = {
    "sweep-operations": {
        "task": "spaces.tasks.sweep_operations",
        "schedule": env.float("OPERATION_SWEEP_SECONDS", default=30.0),
    },
    "refresh-aliases": {"task": "spaces.tasks.refresh_aliases", "schedule": 15 * 60.0},
    "copy-history": {"task": "spaces.tasks.copy_history", "schedule": 24 * 3600.0},
    "prune-upkeep-reads": {"task": "spaces.tasks.prune_upkeep_reads", "schedule": 3600.0},
    "recheck-staff": {"task": "accounts.tasks.recheck_staff", "schedule": float(STAFF_RECHECK_SECONDS)},
}
# Refreshes nobody asked for (open pages, alias upkeep) are not part of the audit trail; after this long they go.
UPKEEP_READS_KEEP_DAYS = env.int("UPKEEP_READS_KEEP_DAYS", default=7)
# Copy what people said in transcripts (speaker, time, text) with the rest of the history: docs/transcripts.md.
COPY_TRANSCRIPTS = env.bool("COPY_TRANSCRIPTS", default=True)

# Meet API calls (the endpoints themselves are set with sign-in below).
MEET_CONNECT_TIMEOUT = env.float("MEET_CONNECT_TIMEOUT", default=3.05)
MEET_READ_TIMEOUT = env.float("MEET_READ_TIMEOUT", default=20.0)

# Quota pacing (spaces/quota_buckets.py): Google's per-minute quotas, with a safety margin.
MEET_QUOTAS = {
    "reads_per_user": 600,
    "reads_per_project": 6000,
    "writes_per_user": 100,
    "writes_per_project": 1000,
    "creates_per_user": 10,
    "creates_per_project": 100,
    **{name: int(value) for name, value in env.dict("MEET_QUOTAS", default={}).items()},
}
MEET_QUOTA_MARGIN = env.float("MEET_QUOTA_MARGIN", default=0.9)
MEET_QUOTA_PACING = env.bool("MEET_QUOTA_PACING", default=True)
# Google's Meet quotas are per minute: a 429 without RetryInfo is retried once this window has passed.
MEET_QUOTA_WINDOW_SECONDS = env.float("MEET_QUOTA_WINDOW_SECONDS", default=60.0)
# How long an Operation keeps waiting out Google's quota before it fails (quota 429s do not count as attempts).
OPERATION_QUOTA_PATIENCE_SECONDS = env.float("OPERATION_QUOTA_PATIENCE_SECONDS", default=15 * 60.0)

AUTH_PASSWORD_VALIDATORS: list[dict[str, str]] = []

# Sign-in: Google only (django-allauth). With GOOGLE_EMULATOR_URL set (demo, tests) every Google endpoint is the
# emulator's; allauth reads these when it is imported, so they must be final here.
GOOGLE_EMULATOR_URL = env.str("GOOGLE_EMULATOR_URL", default="").rstrip("/")
_google = GOOGLE_EMULATOR_URL
MEET_API_URL = env.str("MEET_API_URL", default=_google or "https://meet.googleapis.com").rstrip("/")
GOOGLE_TOKEN_URI = env.str(
    "GOOGLE_TOKEN_URI", default=f"{_google}/token" if _google else "https://oauth2.googleapis.com/token"
)
GOOGLE_AUTHORIZE_URL = env.str(
    "GOOGLE_AUTHORIZE_URL", default=f"{_google or 'https://accounts.google.com'}/o/oauth2/v2/auth"
)
GOOGLE_CERTS_URL = env.str("GOOGLE_CERTS_URL", default=f"{_google or 'https://www.googleapis.com'}/oauth2/v1/certs")
GOOGLE_USERINFO_URL = env.str(
    "GOOGLE_USERINFO_URL", default=f"{_google or 'https://www.googleapis.com'}/oauth2/v2/userinfo"
)
GOOGLE_ID_TOKEN_ISSUER = env.str("GOOGLE_ID_TOKEN_ISSUER", default=_google or "https://accounts.google.com")
GOOGLE_CLIENT_ID = env.str("GOOGLE_CLIENT_ID", default="meetadmin-demo.apps.googleusercontent.com")
DEMO_CLIENT_SECRET = "demo-client-secret"  # noqa: S105 - the emulator's demo client; refused by check --deploy  # nosec B105
GOOGLE_CLIENT_SECRET = env.str("GOOGLE_CLIENT_SECRET", default=DEMO_CLIENT_SECRET)
# The demo Workspace is example.com; anywhere else the domains must be named (check --deploy refuses none).
ALLOWED_WORKSPACE_DOMAINS = [
    d.lower() for d in env.list("ALLOWED_WORKSPACE_DOMAINS", default=["example.com"] if _google else [])
]
INITIAL_IT_ADMINS = [e.lower() for e in env.list("INITIAL_IT_ADMINS", default=[])]
INITIAL_HELPDESK = [e.lower() for e in env.list("INITIAL_HELPDESK", default=[])]
MEET_OAUTH_SCOPES = [
    "https://www.googleapis.com/auth/meetings.space.created",
    "https://www.googleapis.com/auth/meetings.space.settings",
    "https://www.googleapis.com/auth/meetings.space.readonly",
]

# Domain-wide delegation (accounts/delegation.py). The demo uses the emulator's demo service account.
GOOGLE_CLOUD_PROJECT = env.str("GOOGLE_CLOUD_PROJECT", default="meetadmin-demo" if _google else "")
GOOGLE_SERVICE_ACCOUNT_KEY_FILE = env.str(
    "GOOGLE_SERVICE_ACCOUNT_KEY_FILE",
    default=str(BASE_DIR / "google_emulator" / "seeds" / "demo-service-account.json") if _google else "",
)
GOOGLE_SERVICE_ACCOUNT_KEY_JSON = env.str("GOOGLE_SERVICE_ACCOUNT_KEY_JSON", default="")
GOOGLE_DELEGATION_DOMAIN = env.str("GOOGLE_DELEGATION_DOMAIN", default="example.com" if _google else "")

# One backend: allauth's (a ModelBackend), loading the person's access checks with the user (accounts/auth_backends.py).
AUTHENTICATION_BACKENDS = ["accounts.auth_backends.GoogleAccountBackend"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "spaces:home"
ACCOUNT_ADAPTER = "accounts.adapters.NoLocalSignupAccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.WorkspaceSocialAccountAdapter"
SOCIALACCOUNT_ONLY = True
SOCIALACCOUNT_STORE_TOKENS = False  # the refresh token lives encrypted in accounts.GoogleGrant, nowhere else
# No e-mail of ours to verify: Google has (a token without `email_verified` is refused,
# accounts/sign_in_domains.py), and sign-up is always automatic with the token's address; allauth's sign-up forms
# are closed (docs/security.md).
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_LOGIN_ON_GET = False  # starting a sign-in is a POST (CSRF-protected)
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_LOGOUT_ON_GET = False
SOCIALACCOUNT_PROVIDERS = {
    "google": {
        "APPS": [{"client_id": GOOGLE_CLIENT_ID, "secret": GOOGLE_CLIENT_SECRET, "key": ""}],
        "SCOPE": ["openid", "email", "profile", *MEET_OAUTH_SCOPES],
        "AUTH_PARAMS": {"access_type": "offline", "include_granted_scopes": "true"},
        "OAUTH_PKCE_ENABLED": True,
        "ACCESS_TOKEN_URL": GOOGLE_TOKEN_URI,
        "AUTHORIZE_URL": GOOGLE_AUTHORIZE_URL,
        "CERTS_URL": GOOGLE_CERTS_URL,
        "IDENTITY_URL": GOOGLE_USERINFO_URL,
        "ID_TOKEN_ISSUER": GOOGLE_ID_TOKEN_ISSUER,
    }
}

# Refresh tokens are encrypted with these Fernet keys (first encrypts, all decrypt). The demo derives one from
# SECRET_KEY; check --deploy refuses that.
TOKEN_ENCRYPTION_KEYS = env.list("TOKEN_ENCRYPTION_KEYS", default=[])
if not TOKEN_ENCRYPTION_KEYS:
    from accounts.crypto import demo_key_from

    TOKEN_ENCRYPTION_KEYS = [demo_key_from(SECRET_KEY)]
    TOKEN_ENCRYPTION_KEYS_ARE_DEMO = True
else:
    TOKEN_ENCRYPTION_KEYS_ARE_DEMO = False

SPACE_FRESHNESS_SECONDS = env.int("SPACE_FRESHNESS_SECONDS", default=300)
# While someone has a space's page open, its live call is re-read from Google at most this often (per space).
LIVE_REFRESH_SECONDS = env.int("LIVE_REFRESH_SECONDS", default=5)
LIVE_IDLE_REFRESH_SECONDS = env.int("LIVE_IDLE_REFRESH_SECONDS", default=30)  # the same, while it has no live call
LIVE_POLL_SECONDS = env.int("LIVE_POLL_SECONDS", default=3)  # how often an open space page asks for the call
OPERATION_LEASE_SECONDS = env.int("OPERATION_LEASE_SECONDS", default=120)
OPERATION_MAX_ATTEMPTS = env.int("OPERATION_MAX_ATTEMPTS", default=6)
OPERATION_RETRY_BASE_SECONDS = env.float("OPERATION_RETRY_BASE_SECONDS", default=1.0)
OPERATION_RETRY_MAX_SECONDS = env.float("OPERATION_RETRY_MAX_SECONDS", default=60.0)
ALIAS_REFRESH_SECONDS = env.int("ALIAS_REFRESH_SECONDS", default=24 * 3600)
ALIAS_REFRESH_BATCH = env.int("ALIAS_REFRESH_BATCH", default=500)
RECONCILE_CREATES_AFTER_SECONDS = env.int("RECONCILE_CREATES_AFTER_SECONDS", default=7 * 24 * 3600)
OPERATION_REQUEUE_AFTER_SECONDS = env.int("OPERATION_REQUEUE_AFTER_SECONDS", default=60)

SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=8 * 3600)
# The age counts from the last request (an idle timeout), renewed at most once a minute: accounts/idle_sessions.py.
SESSION_RENEW_SECONDS = env.int("SESSION_RENEW_SECONDS", default=60)
# However active, a session ends this long after its sign-in (accounts/session_limits.py): longer than a working day,
# so nobody is signed out mid-shift, short enough that each day starts with a Google sign-in, which Google refuses to
# suspended and deleted accounts.
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=12 * 3600)

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "var" / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env.bool("STATIC_MANIFEST", default=not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Production is HTTPS behind a proxy; the demo and the tests are plain HTTP on 127.0.0.1 and set SECURE_COOKIES=false,
# which also turns the HTTPS redirect and HSTS off by default (a Secure cookie over plain HTTP would break sign-in).
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=SESSION_COOKIE_SECURE)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600 if SECURE_SSL_REDIRECT else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# "preload" only consents to the browsers' preload list: nothing is listed until someone submits the apex domain,
# which must itself send the header. On a host name like meet.corp.example it commits nothing, so it is on (and
# check --deploy stays quiet); set it false where the site is an apex domain whose owner has not chosen preloading.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
# The TLS-terminating proxy says the original scheme in this header. The proxy must overwrite it, never pass on a
# client's: anyone reaching gunicorn directly could otherwise claim HTTPS. Empty: no proxy, trust no header.
_proxy_ssl_header = env.str("PROXY_SSL_HEADER", default="X-Forwarded-Proto")
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https") if _proxy_ssl_header else None
)
# How many proxies append to X-Forwarded-For before gunicorn; allauth counts from the right to find the client's
# address (for its rate limits). 0: use the socket's peer address.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content Security Policy (django-csp): our own files only, no inline script or style anywhere. Forms may post to
# the site itself and to Google's sign-in (the sign-in form's POST redirects to Google's consent page, and browsers
# hold redirects after a form to form-action too).
_sign_in_origin = "{0.scheme}://{0.netloc}".format(urlsplit(GOOGLE_AUTHORIZE_URL))
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:"],
        "connect-src": [csp.SELF],
        "form-action": [csp.SELF, _sign_in_origin],
        "frame-ancestors": [csp.NONE],
        "base-uri": [csp.NONE],
        "object-src": [csp.NONE],
    },
}

# --- Operations (issue 7): request ids and logs, health probes, heartbeats, rate limits -------------------------
# meetadmin/request_id.py and rate_limits.py; monitoring/probes.py, heartbeats.py and beat_scheduler.py (their
# middleware is in MIDDLEWARE above); the README's settings table.

# JSON lines for production's log collectors; plain lines for people (DEBUG, and `make demo` sets LOG_FORMAT=plain).
LOG_FORMAT = env.str("LOG_FORMAT", default="plain" if DEBUG else "json").lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "meetadmin.request_id.RequestIdFilter"},
        "secret_queries": {"()": "meetadmin.log_redaction.RedactSecretQueries"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601, UTC
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_id", "secret_queries"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Celery logs through LOGGING (meetadmin/celery.py), and beat records its ticks for /readyz.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULER = "monitoring.beat_scheduler:HeartbeatScheduler"
CELERY_BEAT_MAX_LOOP_INTERVAL = 30  # beat ticks at least this often, so its heartbeat stays fresh
WORKER_HEARTBEAT_SECONDS = env.float("WORKER_HEARTBEAT_SECONDS", default=10.0)
WORKER_HEARTBEAT_FRESH_SECONDS = env.int("WORKER_HEARTBEAT_FRESH_SECONDS", default=60)
BEAT_HEARTBEAT_FRESH_SECONDS = env.int("BEAT_HEARTBEAT_FRESH_SECONDS", default=120)
# /readyz answers within this, naming what did not answer (monitoring/probes.py); below the probes' own timeouts.
READYZ_DEADLINE_SECONDS = env.float("READYZ_DEADLINE_SECONDS", default=2.0)

# django-ratelimit, counting in the Redis cache: "count/period" with period s, m, h or d.
RATE_LIMIT_SIGN_IN = env.str("RATE_LIMIT_SIGN_IN", default="120/m")  # per client address; offices share one
RATE_LIMIT_WRITES = env.str("RATE_LIMIT_WRITES", default="60/m")  # per signed-in person, all write requests
RATELIMIT_ENABLE = env.bool("RATE_LIMITS", default=True)
RATELIMIT_FAIL_OPEN = True
# --- end of Operations -----------------------------------------------------------------------------------------
