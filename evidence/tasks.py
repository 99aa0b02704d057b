"""Celery tasks: thin interfaces over the engine in services.py.

They take ids, reload, return quietly when the row is gone or stale, and are
safe to run twice (acks_late with reject_on_worker_lost).
"""

from celery import shared_task
from django.db import OperationalError

from . import services

TASK_OPTIONS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "retry_backoff_max": 60,
    "max_retries": 5,
    "soft_time_limit": 60,
    "time_limit": 90,
}


@shared_task(name="evidence.queue_claim_checks", **TASK_OPTIONS)
def queue_claim_checks(claim_id: int, force: bool = False) -> None:
    services.checks_queue(claim_id=claim_id, force=force)


@shared_task(name="evidence.run_check", **TASK_OPTIONS)
def run_check(result_id: int) -> None:
    services.check_run(result_id=result_id)
