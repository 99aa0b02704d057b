"""Settings for the test suite (and the Celery worker that integration tests start)."""

import os

from .base import *  # noqa: F401,F403
from .base import BASE_DIR, DATABASES, env

DEBUG = False
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
# A worker started by the tests connects to the test database the runner created.
if env("TEST_DATABASE_NAME", default=""):
    DATABASES["default"]["NAME"] = env("TEST_DATABASE_NAME")
