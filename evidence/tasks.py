"""Celery tasks: thin interfaces over the engine in services.py.

They take ids, reload, return quietly when the row is gone or stale, and are
safe to run twice (acks_late with reject_on_worker_lost).
"""

import random
from datetime import timedelta

from celery import Task, shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from claims.public_cache import public_cache_catch_up

from . import archive, ingest, services
from .checks.base import TransientCheckError

# Retries of a transient check failure (evidence.run_check).
MAX_RETRIES = 5
# A task that loses its database (an outage, a failover, a restart) is retried on this
# schedule: countdowns double from 2 s up to 60 s, each between half and all of its
# step, ten times: at least 181 s and at most 362 s in all, so a task outlasts an outage
# of three minutes instead of giving up (the sweep still finds whatever gives up).
# Broker errors are not retried here: a retry is itself a message to the broker. Work
# whose message could not be sent stays queued in the database and the sweep sends it.
DATABASE_ERRORS = (OperationalError, InterfaceError)
DATABASE_RETRIES = 10
DATABASE_BACKOFF_FIRST = 2
DATABASE_BACKOFF_MAX = 60


def database_retry_countdown(retries: int, jitter: float | None = None) -> float:
    """Seconds before retry number ``retries + 1`` of a task that lost its database.

    Half the step is fixed and half is random (``jitter`` in [0, 1], random when
    None), so that the workers' retries spread out without any being much shorter
    than the schedule says.
    """
    step = min(DATABASE_BACKOFF_MAX, DATABASE_BACKOFF_FIRST * 2**retries)
    return step / 2 + step / 2 * (random.random() if jitter is None else jitter)


class DatabaseRetryTask(Task):
    """A task retried on ``database_retry_countdown``'s schedule while the database is unreachable."""

    def __call__(self, *args, **kwargs):
        try:
            return super().__call__(*args, **kwargs)
        except DATABASE_ERRORS as exc:
            raise self.retry(
                exc=exc, countdown=database_retry_countdown(self.request.retries), max_retries=DATABASE_RETRIES
            ) from exc


TASK_OPTIONS = {
    "base": DatabaseRetryTask,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "max_retries": MAX_RETRIES,
    "soft_time_limit": 60,
    "time_limit": 90,
}


@shared_task(name="evidence.queue_claim_checks", **TASK_OPTIONS)
def queue_claim_checks(claim_id: int, force: bool = False) -> None:
    services.checks_queue(claim_id=claim_id, force=force)


@shared_task(bind=True, name="evidence.run_check", **TASK_OPTIONS)
def run_check(self, result_id: int) -> None:
    """Run one check; retry transient failures with backoff, then record the error."""
    try:
        services.check_run(result_id=result_id)
    except TransientCheckError as exc:
        if self.request.retries >= MAX_RETRIES:
            services.check_give_up(result_id=result_id, reason=str(exc))
            return
        raise self.retry(exc=exc, countdown=min(60, 2 ** self.request.retries)) from exc


@shared_task(name="evidence.sweep_stuck_checks", **TASK_OPTIONS)
def sweep_stuck_checks() -> dict[str, int]:
    """Beat, every SWEEP_INTERVAL_SECONDS: queue again the checks whose message was lost
    or whose worker stopped (see checks_sweep_stuck), and refresh the public pages if a
    check's result changed one while Redis was unreachable."""
    public_cache_catch_up()
    return services.checks_sweep_stuck(
        stuck_after=timedelta(seconds=settings.CHECK_STUCK_AFTER_SECONDS),
        queued_after=timedelta(seconds=settings.QUEUED_STUCK_AFTER_SECONDS),
        max_attempts=settings.CHECK_MAX_ATTEMPTS,
    )


@shared_task(name="evidence.sweep_stuck_articles", **TASK_OPTIONS)
def sweep_stuck_articles() -> dict[str, int]:
    """Beat, every SWEEP_INTERVAL_SECONDS: queue again the ingestions whose message was
    lost or whose worker stopped (see articles_sweep_stuck)."""
    return ingest.articles_sweep_stuck(
        stuck_after=timedelta(seconds=settings.CHECK_STUCK_AFTER_SECONDS),
        queued_after=timedelta(seconds=settings.QUEUED_STUCK_AFTER_SECONDS),
        max_attempts=settings.INGEST_MAX_ATTEMPTS,
    )


@shared_task(name="evidence.recheck_links", **TASK_OPTIONS)
def recheck_links() -> int:
    """Beat, hourly: ask for fresh copies of evidence links archived more than
    LINK_RECHECK_INTERVAL_HOURS ago, so each link is re-checked about that often."""
    return archive.evidence_links_recheck(older_than=timedelta(hours=settings.LINK_RECHECK_INTERVAL_HOURS))


INGEST_RETRIES = 2


@shared_task(bind=True, name=ingest.TASK_NAME, **TASK_OPTIONS)
def ingest_article(self, article_id: int) -> None:
    """Ingest a queued article; a timeout or reset connection is tried again with backoff
    before it is stored as a failure the user can retry."""
    try:
        ingest.article_ingest_run(article_id=article_id, final_attempt=self.request.retries >= INGEST_RETRIES)
    except ingest.TransientIngestionError as exc:
        raise self.retry(exc=exc, countdown=2 ** (self.request.retries + 1), max_retries=INGEST_RETRIES) from exc
