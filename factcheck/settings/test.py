"""Settings for the test suite (and the Celery worker that integration tests start)."""

import os

from .base import *  # noqa: F401,F403
from .base import BASE_DIR, CELERY_BROKER_TRANSPORT_OPTIONS, DATABASES, REST_FRAMEWORK, env

# TEST_DEBUG=true: a server the fault tests start runs with DEBUG on, as `make run` does.
DEBUG = env.bool("TEST_DEBUG", default=False)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "test-media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so that a worker process sees what the tests wrote.
    # TEST_SQLITE_NAME lets two test runs on one machine keep out of each other's way.
    DATABASES["default"]["TEST"] = {
        "NAME": env("TEST_SQLITE_NAME", default=str(BASE_DIR / "var" / "test-db.sqlite3"))
    }

# Each test session gets its own queue, so leftovers of another run never reach its worker.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default=f"factcheck-test-{os.getpid()}")
# The sweep treats work as stuck sooner than in production (tests back-date rows anyway;
# the fault tests set shorter thresholds still for their own worker).
CHECK_STUCK_AFTER_SECONDS = env.int("CHECK_STUCK_AFTER_SECONDS", default=30)
QUEUED_STUCK_AFTER_SECONDS = env.int("QUEUED_STUCK_AFTER_SECONDS", default=30)
# Test workers look for unacknowledged messages to restore every second instead of every
# 10 s, so the crash test's second worker picks up the first one's work soon after the
# visibility timeout (CELERY_VISIBILITY_TIMEOUT, short for that worker only).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS, "unacked_restore_interval": 1, "unacked_restore_throttle": 1,
}
# A worker started by the tests connects to the test database the runner created.
if env("TEST_DATABASE_NAME", default=""):
    DATABASES["default"]["NAME"] = env("TEST_DATABASE_NAME")
# The suite calls the API far more often than a person would, and its throttle counters
# outlive each test in Redis: rates too high to reach, unless the environment names
# others. The tests of the limits set their own (tests/api/test_throttling.py).
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {
        scope: env(f"API_THROTTLE_{scope.upper()}", default="100000/minute") for scope in ("anon", "user", "login")
    },
}
