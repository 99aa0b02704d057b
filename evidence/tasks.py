"""Celery tasks: thin interfaces over the engine in services.py.

They take ids, reload, return quietly when the row is gone or stale, and are
safe to run twice (acks_late with reject_on_worker_lost).
"""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import OperationalError

from . import archive, ingest, services
from .checks.base import TransientCheckError

MAX_RETRIES = 5
TASK_OPTIONS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "retry_backoff_max": 60,
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
    """Beat, every minute: re-queue checks stuck in queued or running (see checks_sweep_stuck)."""
    return services.checks_sweep_stuck(
        stuck_after=timedelta(seconds=settings.CHECK_STUCK_AFTER_SECONDS),
        max_attempts=settings.CHECK_MAX_ATTEMPTS,
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
