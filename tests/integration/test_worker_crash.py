"""A worker killed in the middle of checks: a new worker finishes every one, with no duplicates.

With Redis as broker, a message a worker took but never acknowledged (acks_late)
goes back to its queue once the broker transport's visibility timeout has passed;
the consumer side restores it (kombu's ``restore_visible``, at start and then
periodically). So the second worker runs with a short ``CELERY_VISIBILITY_TIMEOUT``
and the test settings make it look every second.

The test uses a queue and a Redis database of its own, so neither the session's
worker nor another test run takes or restores its messages.
"""

import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest
from celery import Celery
from django.conf import settings
from django.db.models import Count

from claims.models import Claim
from evidence.checks import registry
from evidence.models import CheckResult
from factcheck.celery import app as factcheck_app
from tests.factories import make_article, make_claim
from tests.slow_check import SlowCheck
from tests.worker import WorkerProcess, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

FINAL_STATES = {"passed", "warning", "failed", "error", "skipped"}
QUOTES = ["registered in 2009 by Cendyn", "more than 2,700 look-up messages", "Traffic peaked at election-related moments"]


def _other_redis_database(url: str) -> str:
    parts = urlsplit(url)
    number = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(number + 1) % 16}"))


@pytest.fixture
def private_broker(tmp_path):
    """Make the test's own process send tasks to a private queue on another Redis
    database, and yield what a worker needs to consume them."""
    queue = f"factcheck-crash-test-{uuid.uuid4().hex[:8]}"
    broker_url = _other_redis_database(settings.CELERY_BROKER_URL)
    app = Celery("factcheck-crash-test", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(broker_url=broker_url, task_default_queue=queue)
    app.set_current()
    workers = []

    def start_worker(name: str, **env) -> WorkerProcess:
        worker = WorkerProcess(
            tmp_path / f"{name}.log", concurrency=2, queue=queue, include=("tests.slow_check_registered",),
            env={"CELERY_BROKER_URL": broker_url, **env},
        )
        workers.append(worker)
        return worker.start()

    try:
        yield start_worker
    finally:
        for worker in workers:
            worker.stop()
        factcheck_app.set_current()
        with app.connection_for_write() as connection:
            connection.default_channel.queue_delete(queue)
        app.close()


def current_rows(claims):
    return CheckResult.objects.filter(claim__in=claims, is_current=True)


def test_a_worker_killed_mid_check_leaves_nothing_stuck_or_doubled(private_broker):
    article = make_article()
    with registry.temporarily(SlowCheck):
        claims = [make_claim(article=article, quote=quote) for quote in QUOTES]
        first = private_broker("first")
        running = wait_until(
            lambda: list(current_rows(claims).filter(check_id=SlowCheck.check_id, state="running")),
            timeout=30, interval=0.05, message="slow checks to start",
        )
        killed = first.kill()
        assert len(killed) == 3  # the main process and its two pool processes

        # The dead worker finished none of what it had started.
        interrupted = {row.pk for row in running}
        assert set(
            CheckResult.objects.filter(pk__in=interrupted).values_list("state", flat=True)
        ) == {"running"}

        private_broker("second", CELERY_VISIBILITY_TIMEOUT="3")
        checks_per_claim = len(registry.for_target("claim"))
        wait_until(
            lambda: current_rows(claims).count() == checks_per_claim * len(claims)
            and not current_rows(claims).exclude(state__in=FINAL_STATES).exists(),
            timeout=45, message="every check to reach a final state",
        )

    rows = current_rows(claims)
    assert {(row.check_id, row.state) for row in rows if row.check_id == SlowCheck.check_id} == {
        (SlowCheck.check_id, "passed")
    }
    assert not rows.filter(state="error").exists()
    # The interrupted checks ran again to the end: a second attempt, in place.
    for row in CheckResult.objects.filter(pk__in=interrupted):
        assert (row.state, row.attempts) == ("passed", 2), row
    # No duplicates: one row per target, check and input fingerprint, and one current
    # row per target and check.
    assert not CheckResult.objects.filter(claim__in=claims).values(
        "target", "check_id", "fingerprint"
    ).annotate(n=Count("pk")).filter(n__gt=1).exists()
    assert not rows.values("target", "check_id").annotate(n=Count("pk")).filter(n__gt=1).exists()
    assert not Claim.objects.filter(pk__in=[c.pk for c in claims], checks_pending=True).exists()
