"""Fixtures of the fault tests: private servers and a broker of the test's own."""

import uuid
from contextlib import contextmanager

import pytest
from celery import Celery

from tests.faults.servers import RedisServer


@pytest.fixture
def private_redis(tmp_path):
    """A redis-server of the test's own (the test stops and restarts it)."""
    server = RedisServer(tmp_path).start()
    yield server
    server.stop()


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
