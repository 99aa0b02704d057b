"""The periodic sweep of checks stuck in queued or running (evidence.sweep_stuck_checks)."""

from datetime import timedelta

import pytest
from celery import current_app
from django.conf import settings
from django.utils import timezone

from claims import services as claim_services
from claims.models import Article, Claim
from evidence import ingest, tasks
from evidence import services as evidence_services
from evidence.models import CheckResult
from tests.factories import make_claim, make_evidence
from tests.worker import wait_until

STUCK_AFTER = timedelta(minutes=15)
QUEUED_AFTER = timedelta(minutes=2)


def settle(claim):
    evidence_services.checks_queue(claim_id=claim.pk)
    for row in CheckResult.objects.filter(claim=claim, is_current=True, state="queued"):
        evidence_services.check_run(result_id=row.pk)


def sweep(**kwargs):
    return evidence_services.checks_sweep_stuck(
        stuck_after=STUCK_AFTER, queued_after=QUEUED_AFTER, max_attempts=3, **kwargs
    )


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
        counts = evidence_services.checks_sweep_stuck(stuck_after=STUCK_AFTER, queued_after=QUEUED_AFTER, max_attempts=3)

    assert counts == {"requested": 0, "requeued": 2, "given_up": 0}
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
        counts = evidence_services.checks_sweep_stuck(stuck_after=STUCK_AFTER, queued_after=QUEUED_AFTER, max_attempts=3)

    assert counts == {"requested": 0, "requeued": 0, "given_up": 0}
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
        counts = evidence_services.checks_sweep_stuck(stuck_after=STUCK_AFTER, queued_after=QUEUED_AFTER, max_attempts=3)

    assert counts == {"requested": 0, "requeued": 0, "given_up": 1}
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
    assert {entry["task"] for entry in schedule.values()} == {
        "evidence.sweep_stuck_checks", "evidence.sweep_stuck_articles", "evidence.recheck_links"
    }
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


# Work whose message was lost: no CheckResult row tells of it.


@pytest.mark.django_db
def test_a_claim_whose_check_request_was_lost_gets_its_checks_queued_by_the_sweep(
    django_capture_on_commit_callbacks,
):
    # The request's message never reached a worker (Redis restarted empty, or was down).
    with django_capture_on_commit_callbacks(execute=False):
        claim = make_claim()
    claim.refresh_from_db()
    assert claim.checks_pending and claim.checks_requested_at is not None
    assert not CheckResult.objects.filter(claim=claim).exists()

    # Too recent: its message may still be on its way.
    with django_capture_on_commit_callbacks() as callbacks:
        assert sweep()["requested"] == 0
    assert callbacks == []

    Claim.objects.filter(pk=claim.pk).update(checks_requested_at=timezone.now() - timedelta(minutes=3))
    with django_capture_on_commit_callbacks() as callbacks:
        counts = sweep()

    assert counts["requested"] == 1
    rows = CheckResult.objects.filter(claim=claim, is_current=True)
    assert rows.exists() and set(rows.values_list("state", flat=True)) == {"queued"}
    assert len(callbacks) == rows.count()  # one evidence.run_check per queued row
    claim.refresh_from_db()
    assert claim.checks_requested_at is None
    assert claim.checks_pending  # until the rows finish
    with django_capture_on_commit_callbacks() as callbacks:
        assert sweep()["requested"] == 0  # answered once


@pytest.mark.django_db
def test_a_claim_stays_pending_while_its_check_request_is_on_its_way(django_capture_on_commit_callbacks):
    claim = make_claim()
    settle(claim)
    assert Claim.objects.get(pk=claim.pk).checks_pending is False
    with django_capture_on_commit_callbacks(execute=False):
        claim_services.claim_update(claim=Claim.objects.get(pk=claim.pk), text="Over 2,700 look-ups")
    # A check of the old inputs finishing meanwhile does not clear the flag.
    row = CheckResult.objects.filter(claim=claim, is_current=True).first()
    evidence_services.claim_status_recompute(claim_id=row.claim_id)
    assert Claim.objects.get(pk=claim.pk).checks_pending is True


@pytest.mark.django_db
def test_queued_rows_are_sent_again_sooner_than_running_ones(django_capture_on_commit_callbacks):
    claim = make_claim()
    settle(claim)
    queued, running = CheckResult.objects.filter(claim=claim, is_current=True)[:2]
    strand(queued, state="queued", minutes_ago=3, attempts=0)  # its message was lost
    strand(running, state="running", minutes_ago=3, attempts=1)  # a slow run, maybe

    with django_capture_on_commit_callbacks() as callbacks:
        counts = sweep()

    assert counts == {"requested": 0, "requeued": 1, "given_up": 0}
    assert len(callbacks) == 1
    queued.refresh_from_db()
    running.refresh_from_db()
    assert (queued.state, running.state) == ("queued", "running")
    assert timezone.now() - queued.queued_at < timedelta(minutes=1)


@pytest.mark.django_db
def test_a_link_recheck_whose_message_was_lost_is_sent_again(settings, django_capture_on_commit_callbacks):
    claim = make_claim()
    item = make_evidence(claim=claim, url="https://example.org/report", excerpt="Logs.")
    settle(claim)
    CheckResult.objects.filter(claim=claim).update(state="passed")
    with django_capture_on_commit_callbacks(execute=False):  # the run_check message is lost
        assert tasks.recheck_links() == 1
    recheck = CheckResult.objects.get(target=item.target, check_id="evidence.link_archive", is_current=True)
    assert recheck.state == "queued"
    CheckResult.objects.filter(pk=recheck.pk).update(queued_at=timezone.now() - timedelta(minutes=3))

    with django_capture_on_commit_callbacks() as callbacks:
        counts = sweep()

    assert counts["requeued"] == 1
    assert [c.args for c in callbacks] == [("evidence.run_check",)]
    assert callbacks[0].keywords == {"kwargs": {"result_id": recheck.pk}}


# Article ingestion


def sweep_articles(**kwargs):
    return ingest.articles_sweep_stuck(
        stuck_after=STUCK_AFTER, queued_after=QUEUED_AFTER, max_attempts=kwargs.pop("max_attempts", 3)
    )


@pytest.mark.django_db
def test_an_article_whose_message_was_lost_is_queued_again_then_failed_after_its_attempts(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False):
        article, _ = ingest.article_ingest_url(url="https://example.org/lost-article")
    assert article.state == "queued"
    with django_capture_on_commit_callbacks() as callbacks:
        assert sweep_articles() == {"requeued": 0, "failed": 0}  # too recent

    Article.objects.filter(pk=article.pk).update(state_changed_at=timezone.now() - timedelta(minutes=3))
    with django_capture_on_commit_callbacks() as callbacks:
        assert sweep_articles() == {"requeued": 1, "failed": 0}
    assert [c.keywords for c in callbacks] == [{"kwargs": {"article_id": article.pk}}]

    # A worker that died while fetching, three times over: the user is told and can retry.
    Article.objects.filter(pk=article.pk).update(
        state="fetching", ingest_attempts=3, state_changed_at=timezone.now() - timedelta(minutes=20)
    )
    with django_capture_on_commit_callbacks() as callbacks:
        assert sweep_articles() == {"requeued": 0, "failed": 1}
    assert callbacks == []
    article.refresh_from_db()
    assert (article.state, article.failure_code) == ("failed", "stalled")
    assert article.failure_reason == (
        "Ingestion did not finish in 3 attempts (its worker stopped or it ran out of time)."
    )
    with django_capture_on_commit_callbacks() as callbacks:
        ingest.article_ingest_retry(article=article)
    article.refresh_from_db()
    assert (article.state, article.ingest_attempts, len(callbacks)) == ("queued", 0, 1)


@pytest.mark.django_db
def test_an_article_stuck_while_fetching_starts_again_and_ranking_stays_ranking(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        fetching, _ = ingest.article_ingest_url(url="https://example.org/fetching")
        ranking, _ = ingest.article_ingest_url(url="https://example.org/ranking")
    long_ago = timezone.now() - timedelta(minutes=20)
    Article.objects.filter(pk=fetching.pk).update(state="fetching", ingest_attempts=1, state_changed_at=long_ago)
    Article.objects.filter(pk=ranking.pk).update(state="ranking", ingest_attempts=1, state_changed_at=long_ago)
    recent = timezone.now() - timedelta(minutes=5)  # running, not stuck
    with django_capture_on_commit_callbacks(execute=False):
        slow, _ = ingest.article_ingest_url(url="https://example.org/slow")
    Article.objects.filter(pk=slow.pk).update(state="extracting", ingest_attempts=1, state_changed_at=recent)

    with django_capture_on_commit_callbacks() as callbacks:
        assert sweep_articles() == {"requeued": 2, "failed": 0}

    assert len(callbacks) == 2
    states = dict(Article.objects.filter(pk__in=[fetching.pk, ranking.pk, slow.pk]).values_list("pk", "state"))
    assert states == {fetching.pk: "queued", ranking.pk: "ranking", slow.pk: "extracting"}


@pytest.mark.django_db
def test_a_run_counts_its_attempt_and_a_second_run_of_a_finished_article_does_nothing(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False):
        article, _ = ingest.article_ingest_url(url="https://example.org/finished")
    Article.objects.filter(pk=article.pk).update(state="failed", failure_code="not_found")
    assert ingest.article_ingest_run(article_id=article.pk) is None
    assert Article.objects.get(pk=article.pk).ingest_attempts == 0
