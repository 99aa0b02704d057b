"""A worker killed in the middle of checks (SIGKILL to it and its pool, as a crash or
the OOM killer would), again and again: a new worker finishes every check, once.

With Redis as broker, a message a worker took but never acknowledged (acks_late)
goes back to its queue once the broker transport's visibility timeout has passed;
the consumer side restores it (kombu's ``restore_visible``, at start and then
every ``unacked_restore_interval``). So the workers that follow run with a short
``CELERY_VISIBILITY_TIMEOUT`` and the test settings make them look every second.
Meanwhile the API shows the claims' checks as pending, never an error.

The test uses a queue and a Redis database of its own, so neither the session's
worker nor another test run takes or restores its messages. FAULTS_CLAIMS and
FAULTS_KILLS set the scale (docs/reliability.md kills five times during 300 checks).
"""

import os
import time
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from claims.models import Claim
from evidence.checks import registry
from evidence.models import CheckResult
from tests.factories import make_article, make_claim
from tests.faults.helpers import FINAL, report, sending_to, sentences
from tests.slow_check import SlowCheck
from tests.worker import WorkerProcess, wait_until

pytestmark = [pytest.mark.faults, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

CLAIMS = int(os.environ.get("FAULTS_CLAIMS", "3"))
KILLS = int(os.environ.get("FAULTS_KILLS", "1"))


def _other_redis_database(url: str) -> str:
    parts = urlsplit(url)
    number = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(number + 1) % 16}"))


def current_rows(claims):
    return CheckResult.objects.filter(claim__in=claims, is_current=True)


def test_a_worker_killed_mid_check_leaves_nothing_stuck_or_doubled(tmp_path, shipped_data, checker_api):
    broker_url = _other_redis_database(settings.CELERY_BROKER_URL)
    quotes = sentences(CLAIMS)
    article = make_article(text="\n\n".join(quotes))
    interrupted: set[int] = set()
    interrupted_runs = 0
    with sending_to(broker_url, "crash") as queue, registry.temporarily(SlowCheck):

        def start_worker(name: str, **env) -> WorkerProcess:
            return WorkerProcess(
                tmp_path / f"{name}.log", concurrency=2, queue=queue, include=("tests.slow_check_registered",),
                env={"CELERY_BROKER_URL": broker_url, **env},
            ).start()

        claims = [make_claim(article=article, quote=quote) for quote in quotes]
        for kill in range(KILLS):
            # The first worker keeps the production visibility timeout: only the next ones restore.
            started = timezone.now()
            worker = start_worker(f"worker-{kill}", **({"CELERY_VISIBILITY_TIMEOUT": "3"} if kill else {}))
            running = wait_until(
                lambda: list(current_rows(claims).filter(
                    check_id=SlowCheck.check_id, state="running", started_at__gte=started,
                )),
                timeout=60, interval=0.05, message="slow checks to start",
            )
            killed = worker.kill()
            killed_at = timezone.now()
            assert len(killed) == 3  # the main process and its two pool processes
            interrupted.update(row.pk for row in running)
            # Every check the dead worker was running, slow or not.
            last_interrupted = set(current_rows(claims).filter(state="running").values_list("pk", flat=True))
            interrupted_runs += len(last_interrupted)
            # The reader of the API meanwhile: the claim's checks are pending, nothing failed.
            response = checker_api.get(f"/api/v1/claims/{running[0].claim_id}/")
            assert response.status_code == 200
            assert {check["state"] for check in response.json()["checks"]} & {"queued", "running"}
            assert "error" not in {check["state"] for check in response.json()["checks"]}
        last_kill = time.monotonic()

        # The dead worker finished none of what it had started.
        assert "running" in set(CheckResult.objects.filter(pk__in=interrupted).values_list("state", flat=True))

        worker = start_worker("last", CELERY_VISIBILITY_TIMEOUT="3")
        checks_per_claim = len(registry.for_target("claim"))
        try:
            wait_until(
                lambda: current_rows(claims).count() == checks_per_claim * len(claims)
                and not current_rows(claims).exclude(state__in=FINAL).exists(),
                timeout=60 + 10 * CLAIMS, message="every check to reach a final state",
            )
        finally:
            worker.stop()
        recovery = time.monotonic() - last_kill

    rows = current_rows(claims)
    assert {(row.check_id, row.state) for row in rows if row.check_id == SlowCheck.check_id} == {
        (SlowCheck.check_id, "passed")
    }
    assert not rows.filter(state="error").exists()
    # The interrupted checks ran again to the end: a second attempt (or more), in place.
    for row in CheckResult.objects.filter(pk__in=interrupted):
        assert row.state == "passed" and row.attempts >= 2, row
    # No duplicates: one row per target, check and input fingerprint, and one current
    # row per target and check.
    assert not CheckResult.objects.filter(claim__in=claims).values(
        "target", "check_id", "fingerprint"
    ).annotate(n=Count("pk")).filter(n__gt=1).exists()
    doubled = rows.values("target", "check_id").annotate(n=Count("pk")).filter(n__gt=1).count()
    assert doubled == 0
    assert not Claim.objects.filter(pk__in=[c.pk for c in claims], checks_pending=True).exists()
    # How long the checks interrupted by the last kill waited: the visibility timeout
    # (3 s here), the restore interval (1 s here) and the new worker's start.
    redelivered = max(CheckResult.objects.filter(pk__in=last_interrupted).values_list("finished_at", flat=True))
    report(
        "worker_killed", claims=CLAIMS, checks=rows.count(), kills=KILLS, interrupted_runs=interrupted_runs,
        lost=0, stuck=0, doubled=doubled, last_interrupted_finished_seconds=round((redelivered - killed_at).total_seconds(), 1),
        all_finished_seconds=round(recovery, 1),
    )
