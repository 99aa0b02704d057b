"""The retry schedule of tasks that lose their database: it must outlast an outage."""

import pytest

from evidence import tasks
from evidence.tasks import DATABASE_RETRIES, database_retry_countdown


def schedule(jitter: float) -> list[float]:
    return [database_retry_countdown(retries, jitter=jitter) for retries in range(DATABASE_RETRIES)]


def test_the_shortest_schedule_outlasts_a_three_minute_outage():
    shortest = schedule(jitter=0.0)
    assert shortest == [1, 2, 4, 8, 16, 30, 30, 30, 30, 30]
    assert sum(shortest) == 181  # a one-minute outage (the case) with room to spare


def test_the_longest_schedule_ends_well_before_the_sweep_takes_a_check_for_stuck():
    from factcheck.settings import base as settings  # production's defaults, not the tests'

    longest = schedule(jitter=1.0)
    assert longest == [2, 4, 8, 16, 32, 60, 60, 60, 60, 60]
    # A check left running by a task that is retrying is not re-queued under its feet.
    assert sum(longest) + settings.CELERY_TASK_TIME_LIMIT < settings.CHECK_STUCK_AFTER_SECONDS
    # Each countdown is far below the broker's visibility timeout.
    assert max(longest) < settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]


def test_jitter_spreads_the_retries_between_half_and_all_of_each_step():
    values = {database_retry_countdown(4) for _ in range(200)}
    assert min(values) >= 16 and max(values) <= 32 and len(values) > 100


@pytest.mark.parametrize("name", [
    "evidence.queue_claim_checks", "evidence.run_check", "evidence.sweep_stuck_checks",
    "evidence.sweep_stuck_articles", "evidence.recheck_links", "evidence.ingest_article",
])
def test_every_task_retries_database_errors_on_that_schedule(name):
    from factcheck.celery import app

    task = app.tasks[name]
    assert isinstance(task, tasks.DatabaseRetryTask)
    assert task.acks_late and task.reject_on_worker_lost
    # A transient check failure still gets its own five retries before it is recorded.
    assert task.max_retries == tasks.MAX_RETRIES
