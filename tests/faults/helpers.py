"""What the fault tests share: a broker of the test's own, claims to log, final states, and
the report of each test's numbers (var/faults/NAME.json, read by docs/reliability.md)."""

import json
import os
import uuid
from contextlib import contextmanager
from pathlib import Path

from celery import Celery

REPORT_DIR = Path(os.environ.get("FAULTS_REPORT_DIR", Path(__file__).resolve().parent.parent.parent / "var" / "faults"))
FINAL = {"passed", "warning", "failed", "error", "skipped"}


def sentences(n: int) -> list[str]:
    """``n`` different claims an article can make."""
    return [f"In year {i} the council spent {i * 7 % 97 + 3} million on roads, up {i % 9 + 2}%." for i in range(n)]


@contextmanager
def sending_to(broker_url: str, name: str):
    """Make this process send its tasks to a queue of its own on ``broker_url``
    (a Celery app made current meanwhile); yield the queue's name."""
    from factcheck.celery import app as factcheck_app

    queue = f"factcheck-{name}-test-{uuid.uuid4().hex[:8]}"
    app = Celery(f"factcheck-{name}-test", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(broker_url=broker_url, task_default_queue=queue)
    app.set_current()
    try:
        yield queue
    finally:
        factcheck_app.set_current()
        try:
            with app.connection_for_write() as connection:
                connection.default_channel.queue_delete(queue)
        except Exception:  # noqa: BLE001  (the test's own Redis may be gone already)
            pass
        app.close()


def report(name: str, **numbers) -> dict:
    """Print and keep a fault test's numbers (var/faults/NAME.json), for docs/reliability.md."""
    REPORT_DIR.mkdir(parents=True, exist_ok=True)
    (REPORT_DIR / f"{name}.json").write_text(json.dumps(numbers, indent=2) + "\n")
    print(f"\nFAULT {name}: {json.dumps(numbers)}")
    return numbers
