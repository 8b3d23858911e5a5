"""One settings module, every value from the environment with a safe development default.

DEBUG is false unless turned on (`make demo` and the test settings do), so a forgotten variable
fails closed: `prongsai check --deploy` then names what production still lacks (core/checks.py).
Secrets may come from files: NAME_FILE instead of NAME (env_secret; docs/configuration.md).
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from prongsai.env import SQLITE_OPTIONS, env_bool, env_int, env_list, env_secret, env_str, parse_database_url

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("PRONGSAI_DATA_DIR", str(BASE_DIR.parent / "var")))

# pythainlp must never reach the network at run time, nor write to the home directory.
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
os.environ.setdefault("PYTHAINLP_DATA", str(DATA_DIR / "pythainlp"))

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "ต้องกำหนด SECRET_KEY เมื่อ DEBUG=false หากเป็นเครื่องพัฒนาให้ตั้ง DEBUG=true "
            "(SECRET_KEY is required when DEBUG=false, the default; on a development machine set DEBUG=true)"
        )
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rules.apps.AutodiscoverRulesConfig",
    "prongsai.core",
    "prongsai.ita",
    "prongsai.plans",
    "prongsai.documents",
    "prongsai.complaints",
    "prongsai.disclosure",
    "prongsai.property",
    "prongsai.participation",
    "prongsai.integrity",
    "prongsai.api",
    "prongsai.workplace",
]

MIDDLEWARE = [
    "prongsai.core.logs.RequestLog",  # with LOG_FORMAT=json only
    "django.middleware.security.SecurityMiddleware",
    *(["prongsai.core.dbrouter.replica_reads"] if env_secret("DATABASE_REPLICA_URL") else []),
    "prongsai.core.middleware.security_headers",
    "prongsai.core.middleware.private_no_store",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "prongsai.core.middleware.thai_first_language",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "prongsai.core.middleware.SecondFactor",  # django-otp's OTPMiddleware, device read raw
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "prongsai.core.middleware.current_organisation",
    "prongsai.core.digit_style.OfficialDigits",
    "prongsai.core.middleware.require_two_factor",
    "prongsai.core.middleware.DatabaseNotReady",
    "prongsai.complaints.unreadable.KeysUnavailable",
]

ROOT_URLCONF = "prongsai.urls"
WSGI_APPLICATION = "prongsai.wsgi.application"

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
                "django.template.context_processors.i18n",
                "prongsai.core.context_processors.organisation",
                "prongsai.workplace.context_processors.work_count",
            ],
            "builtins": [
                "django.templatetags.i18n",
                "prongsai.core.templatetags.thai",
                "prongsai.core.templatetags.addresses",
            ],
        },
    },
    # The public OIT item page only (docs/adr/0007), from the apps' jinja2/ folders.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "prongsai.core.jinja.environment",
            "context_processors": [
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "prongsai.core.context_processors.organisation",
            ],
        },
    },
]

_database_url = env_secret("DATABASE_URL")
if _database_url:
    DATABASES = {"default": parse_database_url(_database_url)}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "prongsai.sqlite3",
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    }
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 0)
# PostgreSQL plans a statement once per connection and reuses the plan (psycopg prepares what runs
# `prepare_threshold` times): planning cost as much as running the small look-ups every page makes.
# Off behind a transaction-mode pooler such as pgbouncer, which cannot keep prepared statements.
DATABASE_PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", default=True)
# A streaming-replication standby for public visitors' reads (rule in prongsai/core/dbrouter.py).
_replica_url = env_secret("DATABASE_REPLICA_URL")
if _replica_url:
    DATABASES["replica"] = {
        **parse_database_url(_replica_url, variable="DATABASE_REPLICA_URL"),
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "TEST": {"MIRROR": "default"},  # tests read the primary's test database through it
    }
    DATABASE_ROUTERS = ["prongsai.core.dbrouter.PrimaryReplicaRouter"]
for _database in DATABASES.values():
    if DATABASE_PREPARED_STATEMENTS and _database["ENGINE"].endswith("postgresql"):
        _database["OPTIONS"].setdefault("server_side_binding", True)
        _database["OPTIONS"].setdefault("prepare_threshold", 5)
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", 10)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_secret("REDIS_URL")
CACHES = {
    "default": {
        "BACKEND": "prongsai.core.redis_cache.RedisCache"  # one client per pool
        if REDIS_URL
        else "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": REDIS_URL or "prongsai",
    },
    # Rate limits must hold across every worker process: Redis when there is one, else the
    # database (the table comes from core's migrations), never a per-process memory.
    "throttle": {
        "BACKEND": "prongsai.core.redis_cache.RedisCache"  # one client per pool
        if REDIS_URL
        else "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": REDIS_URL or "prongsai_throttle",
        # The table must not cull live counters when many names are tried (default: 300 rows).
        **({} if REDIS_URL else {"OPTIONS": {"MAX_ENTRIES": 1_000_000}}),
    },
}

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "prongsai.core.lockout.LockoutBackend",  # first: every sign-in shares one lockout
    "rules.permissions.ObjectPermissionBackend",
    "prongsai.core.lockout.PasswordBackend",  # passwords; permissions are rules on positions
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "home"
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 15 * 60)
# Password-reset requests an hour: per e-mail address, and per client (core/throttle.py).
PASSWORD_RESET_LIMIT = env_int("PASSWORD_RESET_LIMIT", 3)
PASSWORD_RESET_CLIENT_LIMIT = env_int("PASSWORD_RESET_CLIENT_LIMIT", 10)
# Behind nginx: the header nginx puts the caller's address in for /accounts/ only, e.g. HTTP_X_REAL_IP.
ACCOUNTS_CLIENT_ADDRESS_HEADER = env_str("ACCOUNTS_CLIENT_ADDRESS_HEADER")
# Requests a minute to the API: per public caller, and per token (docs/api.md).
API_PUBLIC_RATE_PER_MINUTE = env_int("API_PUBLIC_RATE_PER_MINUTE", 120)
API_TOKEN_RATE_PER_MINUTE = env_int("API_TOKEN_RATE_PER_MINUTE", 600)
# Behind nginx every request comes from 127.0.0.1: the header nginx puts the caller's address in
# for /api/ only (docs/deploy/nginx.conf), e.g. HTTP_X_REAL_IP. Empty: REMOTE_ADDR.
API_CLIENT_ADDRESS_HEADER = env_str("API_CLIENT_ADDRESS_HEADER")
OTP_TOTP_ISSUER = "Prongsai"
TWO_FACTOR_FOR_SUPERUSERS = env_bool("TWO_FACTOR_FOR_SUPERUSERS", default=not DEBUG)

# Background tasks on Django's Tasks API (core/jobs.py, docs/adr/0003). "database" (the default)
# keeps them in our database, no extra service; "rq" sends them through Redis (REDIS_URL) to
# `prongsai worker` on any server; "immediate" runs them in the caller (the tests).
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND ต้องเป็นค่าใดค่าหนึ่งใน {', '.join(_TASK_BACKENDS)} "
        f"(TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)})"
    )
if TASKS_BACKEND == "rq" and not REDIS_URL:
    raise ImproperlyConfigured("TASKS_BACKEND=rq ต้องกำหนด REDIS_URL (TASKS_BACKEND=rq needs REDIS_URL)")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
INSTALLED_APPS += ["django_tasks", "django_tasks_db", *(["django_rq"] if TASKS_BACKEND == "rq" else [])]
# RQ's queue (TASKS_BACKEND=rq); a task running longer than the timeout is stopped and failed.
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
# The development server runs database tasks in a thread of its own, so `make demo` needs no worker.
TASKS_WORKER_THREAD = env_bool("TASKS_WORKER_THREAD", default=DEBUG)
# Commands a scheduled "command" task may run besides those on the schedule (core/schedule.py).
JOBS_EXTRA_COMMANDS = env_list("JOBS_EXTRA_COMMANDS")
# A database-backend worker renews a lease while it lives; a task left running by a worker whose
# lease lapsed (it was killed) is marked failed by any other worker, and /healthz reports it.
JOBS_LEASE_SECONDS = env_int("JOBS_LEASE_SECONDS", 120)
# Web worker processes (gunicorn reads WEB_CONCURRENCY itself): more than one needs REDIS_URL so
# caches and the job queue are shared (core/checks.py).
WEB_CONCURRENCY = max(env_int("WEB_CONCURRENCY", 1), env_int("GUNICORN_WORKERS", 1))

LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns at every start without it
# Keys kept out of the database and out of backups (core/keys.py): the audit chain heads and the
# backup manifests are signed with them. Unset, each is generated once into DATA_DIR/keys/.
AUDIT_ANCHOR_KEY = env_secret("AUDIT_ANCHOR_KEY")
AUDIT_ANCHOR_FILE = Path(env_str("AUDIT_ANCHOR_FILE", str(DATA_DIR / "audit-anchors.jsonl")))
BACKUP_KEY = env_secret("BACKUP_KEY")
# The electronic seal of approved documents (documents/seal.py): each organisation's key.pem,
# cert.pem and optional chain.pem in DOCUMENTS_SEAL_DIR/<org slug>/; a self-signed pair is generated
# there when absent. Never in the repository or the database.
DOCUMENTS_SEAL_DIR = Path(env_str("DOCUMENTS_SEAL_DIR", str(DATA_DIR / "seal")))
DOCUMENTS_SEAL_PASSPHRASE = env_secret("DOCUMENTS_SEAL_PASSPHRASE")
# Uploaded files: MEDIA_ROOT on local disk (shared storage such as NFS when several application
# servers run), or an S3-compatible object store when S3_BUCKET is set (pip install 'prongsai[s3]').
S3_BUCKET = env_str("S3_BUCKET")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if not S3_BUCKET
    else {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_secret("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_secret("S3_SECRET_ACCESS_KEY") or None,
            "location": env_str("S3_PREFIX"),
            # Files are served through Prongsai's own views (permissions, audit), never by bucket URL.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    },
    "staticfiles": {
        "BACKEND": "prongsai.core.static_storage.StaticFiles"  # whitenoise's, addresses kept
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Mail goes out by SMTP when EMAIL_HOST is set. The console backend (which would print reset links
# and complainants' addresses to the logs) only ever with DEBUG; production without a mail server
# gets the dummy backend, and `check --deploy` fails until one is set (core/checks.py).
SMTP_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    SMTP_EMAIL_BACKEND
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.dummy.EmailBackend",
)
if EMAIL_BACKEND.endswith(".console.EmailBackend") and not DEBUG:
    raise ImproperlyConfigured(
        "EMAIL_BACKEND แบบ console ใช้ได้เฉพาะเมื่อ DEBUG=true เพราะจะพิมพ์ลิงก์และที่อยู่อีเมลลงบันทึก "
        "(the console EMAIL_BACKEND is for DEBUG only: it prints links and addresses to the logs)"
    )
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))  # for the file-based backend
EMAIL_HOST = EMAIL_HOST or "localhost"
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)  # seconds: a silent mail server must not hold a worker
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "prongsai@localhost")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# The daily work digest by LINE (workplace/line.py) to staff who link an account; off without a token.
LINE_CHANNEL_ACCESS_TOKEN = env_secret("LINE_CHANNEL_ACCESS_TOKEN")
LINE_CHANNEL_SECRET = env_secret("LINE_CHANNEL_SECRET")  # checks the signature of the webhook's calls
LINE_API_URL = env_str("LINE_API_URL", "https://api.line.me")
# AGPL-3.0: every page links to the source code of what runs (set it to your fork if you change it).
SOURCE_CODE_URL = env_str("SOURCE_CODE_URL", "https://github.com/prongsai/prongsai")

# Complaint centre (prongsai/complaints): proof-of-work bits on the intake form, and how long closed
# cases are kept before `prongsai complaints retention` deletes them (keeping anonymous figures).
COMPLAINTS_POW_BITS = env_int("COMPLAINTS_POW_BITS", 16)
COMPLAINTS_RETENTION_DAYS = env_int("COMPLAINTS_RETENTION_DAYS", 730)
COMPLAINTS_BREAK_GLASS_MINUTES = env_int("COMPLAINTS_BREAK_GLASS_MINUTES", 60)
# "kid:<base64 32 bytes>,…", the first encrypts (complaints/crypto.py). Required in production
# (check --deploy); in development a key file is made once in PRONGSAI_DATA_DIR. Never SECRET_KEY.
COMPLAINTS_KEYS = env_secret("COMPLAINTS_KEYS")
COMPLAINTS_LOOKUP_KEY = env_secret("COMPLAINTS_LOOKUP_KEY")
# "kid:<base64 32 bytes>,…": the keys of the receipt-code verifier (complaints/receipts.py,
# docs/adr/0004); the first hashes new codes, every listed key verifies. Required in production.
COMPLAINTS_RECEIPT_KEYS = env_secret("COMPLAINTS_RECEIPT_KEYS")

SESSION_ENGINE = "prongsai.core.sessions"  # Django's database sessions, read with one raw statement
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("COOKIES_SECURE", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# "json": one JSON object per line with no personal data, and one line per request (core/logs.py).
LOG_FORMAT = env_str("LOG_FORMAT", "text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT ต้องเป็น text หรือ json (LOG_FORMAT is text or json): {LOG_FORMAT}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "prongsai.core.logs.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json" if LOG_FORMAT == "json" else None}
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # The request logger prints client addresses; complainants' must never be logged.
    "loggers": {"django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False}},
}
