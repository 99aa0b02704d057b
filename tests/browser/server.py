"""The desk as a separate web server process, for the browser tests.

It runs ``manage.py runserver`` with the test settings against the test
database that pytest-django created (``TEST_DATABASE_NAME``, as the test worker
does), so that the server, a Celery worker and the test code share one database
on SQLite and on PostgreSQL. Its tasks go to the queue it is given, where the
browser tests' own worker listens; both may fetch from 127.0.0.1, where the
tests serve the "remote" pages.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.db import connection

from tests.worker import process_stop

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(queue: str) -> dict[str, str]:
    """The environment of the server, its worker and commands run beside them."""
    return {
        **{name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "factcheck.settings.test",
        "TEST_DATABASE_NAME": str(connection.settings_dict["NAME"]),
        "CELERY_QUEUE": queue,
        "FETCH_ALLOW_PRIVATE_HOSTS": "127.0.0.1",
        # A connection closed after each request or task never holds up the
        # test database's flush between tests.
        "CONN_MAX_AGE": "0",
    }


class DeskServer:
    """``runserver`` on a free loopback port; ``url(path)`` gives its addresses."""

    def __init__(self, log_path: Path, queue: str):
        self.log_path = log_path
        self.queue = queue
        self.env = server_env(queue)
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self, timeout: float = 60.0) -> "DeskServer":
        self.log = self.log_path.open("w")
        # --insecure serves the static files although DEBUG is off, as under make run.
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{self.port}",
             "--noreload", "--insecure", "--skip-checks"],
            cwd=BASE_DIR, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the desk server exited:\n{self.log_path.read_text()}")
            try:
                with urllib.request.urlopen(self.url("/desk/login/"), timeout=2) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the desk server did not answer in {timeout:.0f}s:\n{self.log_path.read_text()}")

    def manage(self, *args: str) -> str:
        """Run a management command against the server's database and queue; its output."""
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=self.env,
            capture_output=True, text=True, timeout=300,
        )
        if done.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def stop(self) -> None:
        process_stop(self.process, getattr(self, "log", None))
