"""The periodic sweep of checks stuck in queued or running (evidence.sweep_stuck_checks)."""

from datetime import timedelta

import pytest
from celery import current_app
from django.conf import settings
from django.utils import timezone

from claims.models import Claim
from evidence import services as evidence_services
from evidence import tasks
from evidence.models import CheckResult
from tests.factories import make_claim, make_evidence
from tests.worker import wait_until

STUCK_AFTER = timedelta(minutes=15)


def settle(claim):
    evidence_services.checks_queue(claim_id=claim.pk)
    for row in CheckResult.objects.filter(claim=claim, is_current=True, state="queued"):
        evidence_services.check_run(result_id=row.pk)


def strand(row: CheckResult, *, state: str, minutes_ago: int, attempts: int) -> None:
    """Leave a row as a worker that died would: pending since ``minutes_ago``."""
    then = timezone.now() - timedelta(minutes=minutes_ago)
    CheckResult.objects.filter(pk=row.pk).update(
        state=state, queued_at=then, started_at=then if state == "running" else None,
        finished_at=None, attempts=attempts,
    )
    Claim.objects.filter(pk=row.claim_id).update(checks_pending=True)


@pytest.mark.django_db
def test_stuck_rows_are_queued_again_and_sent_to_a_worker_after_commit(django_capture_on_commit_callbacks):
    claim = make_claim()
    settle(claim)
    running, queued = CheckResult.objects.filter(claim=claim, is_current=True)[:2]
    strand(running, state="running", minutes_ago=20, attempts=1)
    strand(queued, state="queued", minutes_ago=20, attempts=0)

    with django_capture_on_commit_callbacks() as callbacks:
        counts = evidence_services.checks_sweep_stuck(stuck_after=STUCK_AFTER, max_attempts=3)

    assert counts == {"requeued": 2, "given_up": 0}
    assert len(callbacks) == 2  # one evidence.run_check per row, once the sweep commits
    for row in (running, queued):
        row.refresh_from_db()
        assert row.state == "queued"
        assert row.started_at is None
        assert timezone.now() - row.queued_at < timedelta(minutes=1)
        assert row.message == "Waiting for a worker (queued again after it stalled)."
    running.refresh_from_db()
    assert running.attempts == 1  # attempts keep counting across re-queues


@pytest.mark.django_db
def test_recent_final_and_superseded_rows_are_left_alone(django_capture_on_commit_callbacks):
    claim = make_claim()
    settle(claim)
    recent, old_history = CheckResult.objects.filter(claim=claim, is_current=True)[:2]
    strand(recent, state="running", minutes_ago=5, attempts=1)
    strand(old_history, state="queued", minutes_ago=60, attempts=0)
    CheckResult.objects.filter(pk=old_history.pk).update(is_current=False)

    with django_capture_on_commit_callbacks() as callbacks:
        counts = evidence_services.checks_sweep_stuck(stuck_after=STUCK_AFTER, max_attempts=3)

    assert counts == {"requeued": 0, "given_up": 0}
    assert callbacks == []
    recent.refresh_from_db()
    old_history.refresh_from_db()
    assert (recent.state, old_history.state) == ("running", "queued")


@pytest.mark.django_db
def test_a_check_that_keeps_stalling_is_given_up_as_an_error(django_capture_on_commit_callbacks):
    claim = make_claim()
    settle(claim)
    row = CheckResult.objects.get(claim=claim, is_current=True, check_id="claim.quote_in_article")
    strand(row, state="running", minutes_ago=20, attempts=3)

    with django_capture_on_commit_callbacks() as callbacks:
        counts = evidence_services.checks_sweep_stuck(stuck_after=STUCK_AFTER, max_attempts=3)

    assert counts == {"requeued": 0, "given_up": 1}
    assert callbacks == []
    row.refresh_from_db()
    assert row.state == "error"
    assert row.message == (
        "The check did not finish in 3 attempts (its worker stopped or it ran out of time); "
        "re-run it to try again."
    )
    assert row.finished_at is not None
    # The claim is no longer waiting on it.
    assert Claim.objects.get(pk=claim.pk).checks_pending is False

    # Re-running it starts a fresh count.
    with django_capture_on_commit_callbacks():
        evidence_services.checks_rerun(claim_id=claim.pk, check_id="claim.quote_in_article")
    row.refresh_from_db()
    assert (row.state, row.attempts) == ("queued", 0)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_beat_sweep_on_a_real_worker_finishes_checks_a_dead_worker_left_running(celery_worker_process):
    claim = make_claim()
    wait_until(
        lambda: not CheckResult.objects.filter(claim=claim, state__in=["queued", "running"]).exists()
        and CheckResult.objects.filter(claim=claim).exists(),
        message="the claim's first checks",
    )
    rows = list(CheckResult.objects.filter(claim=claim, is_current=True))
    for row in rows:
        strand(row, state="running", minutes_ago=20, attempts=1)

    # What celery beat sends every minute.
    current_app.send_task("evidence.sweep_stuck_checks")

    def finished():
        states = CheckResult.objects.filter(claim=claim, is_current=True).values_list("state", "attempts")
        return all(state not in ("queued", "running") for state, _ in states) and list(states)

    results = wait_until(finished, message="the swept checks to finish")
    assert {state for state, _ in results} <= {"passed", "warning", "failed", "skipped"}
    assert {attempts for _, attempts in results} == {2}
    assert CheckResult.objects.filter(claim=claim).count() == len(rows)  # re-run in place, no new rows
    assert Claim.objects.get(pk=claim.pk).checks_pending is False


def test_every_beat_entry_names_a_task_the_workers_know():
    from factcheck.celery import app

    schedule = settings.CELERY_BEAT_SCHEDULE
    assert {entry["task"] for entry in schedule.values()} == {"evidence.sweep_stuck_checks", "evidence.recheck_links"}
    assert all(entry["task"] in app.tasks for entry in schedule.values())


@pytest.mark.django_db
def test_the_link_recheck_task_asks_for_fresh_copies_of_links_older_than_the_interval(
    settings, django_capture_on_commit_callbacks
):
    claim = make_claim()
    item = make_evidence(claim=claim, url="https://example.org/report", excerpt="Logs.")
    settings.LINK_RECHECK_INTERVAL_HOURS = 24
    with django_capture_on_commit_callbacks():
        assert tasks.recheck_links() == 1  # never archived: due at once
    item.refresh_from_db()
    assert item.link_recheck_at is not None
    with django_capture_on_commit_callbacks():
        assert tasks.recheck_links() == 0  # asked for within the interval
