"""A real Celery worker process for integration tests."""

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent


class WorkerProcess:
    """Start ``celery worker`` on the session's queue against the test database.

    ``queue``, ``env`` (e.g. another broker or a short ``CELERY_VISIBILITY_TIMEOUT``)
    and ``include`` (modules the worker imports, such as a test-only check) let a
    test run workers of its own.
    """

    def __init__(self, log_path: Path, concurrency: int = 1, *, queue: str = "", env: dict | None = None,
                 include: tuple[str, ...] = ()):
        self.log_path = log_path
        self.concurrency = concurrency
        self.queue = queue or settings.CELERY_TASK_DEFAULT_QUEUE
        self.env = env or {}
        self.include = include
        # Its node name, for remote control (``destination=[worker.hostname]``).
        self.hostname = f"test-{os.getpid()}-{time.monotonic_ns()}@{socket.gethostname()}"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 30.0) -> "WorkerProcess":
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "factcheck.settings.test",
            "TEST_DATABASE_NAME": str(connection.settings_dict["NAME"]),
            "CELERY_QUEUE": self.queue,
            **self.env,
        }
        include = ["--include", ",".join(self.include)] if self.include else []
        self.log_path.write_text("")
        self.log = self.log_path.open("a")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "factcheck", "worker",
             "--queues", self.queue, "--concurrency", str(self.concurrency), *include,
             "--pool", "prefork", "--loglevel", "INFO", "--without-gossip", "--without-mingle",
             "--hostname", self.hostname],
            cwd=BASE_DIR, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the worker exited:\n{self.log_path.read_text()}")
            if " ready." in self.log_path.read_text():
                return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the worker did not start in {timeout:.0f}s:\n{self.log_path.read_text()}")

    def kill(self) -> list[int]:
        """SIGKILL the main process and its pool processes at once, as a crash
        or the kernel's OOM killer would; returns the pids killed."""
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids = [pid, *map(int, children)]
        for each in pids:
            os.kill(each, signal.SIGKILL)
        self.process.wait()
        self.log.close()
        return pids

    def stop(self) -> None:
        process_stop(self.process, getattr(self, "log", None))


def process_stop(process: subprocess.Popen | None, log=None) -> None:
    """Stop ``process`` politely (SIGTERM, then SIGKILL after 20 s) and close its log."""
    if process and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if log:
        log.close()


def wait_until(predicate, timeout: float = 30.0, interval: float = 0.2, message: str = "condition"):
    """Poll ``predicate`` until it returns a truthy value; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {message}")


@contextmanager
def fetching_worker(log_path: Path, name: str):
    """A worker allowed to fetch from 127.0.0.1, on a private queue that this test
    process sends to for the duration (a Celery app made current meanwhile)."""
    from celery import Celery

    from factcheck.celery import app as factcheck_app

    queue = f"factcheck-{name}-test-{uuid.uuid4().hex[:8]}"
    app = Celery(f"factcheck-{name}-test", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(task_default_queue=queue)
    app.set_current()
    worker = WorkerProcess(log_path, queue=queue, env={"FETCH_ALLOW_PRIVATE_HOSTS": "127.0.0.1"})
    try:
        yield worker.start()
    finally:
        worker.stop()
        factcheck_app.set_current()
        with app.connection_for_write() as connection:
            connection.default_channel.queue_delete(queue)
        app.close()


class BeatProcess:
    """Start ``celery beat`` (the periodic sweep and link re-checks) for a test; ``env``
    names its broker, queue and a short SWEEP_INTERVAL_SECONDS."""

    def __init__(self, log_path: Path, *, env: dict):
        self.log_path = log_path
        self.env = env
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 30.0) -> "BeatProcess":
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "factcheck", "beat", "--loglevel", "INFO",
             "--schedule", str(self.log_path.with_suffix(".schedule"))],
            cwd=BASE_DIR, env={**os.environ, "DJANGO_SETTINGS_MODULE": "factcheck.settings.test", **self.env},
            stdout=self.log, stderr=subprocess.STDOUT,
        )
        wait_until(lambda: "beat: Starting" in self.log_path.read_text() or self.process.poll() is not None,
                   timeout=timeout, message="celery beat to start")
        if self.process.poll() is not None:
            raise RuntimeError(f"celery beat exited:\n{self.log_path.read_text()}")
        return self

    def stop(self) -> None:
        process_stop(self.process, getattr(self, "log", None))
