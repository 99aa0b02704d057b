"""Checks run by a real Celery worker process against real Redis and the test database."""

import pytest
from django.utils import timezone

from claims import services as claim_services
from claims.models import Claim
from evidence import services as evidence_services
from evidence.models import CheckResult
from tests.factories import make_article, make_claim, make_evidence
from tests.worker import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def settled(claim_id: int) -> Claim | None:
    claim = Claim.objects.get(pk=claim_id)
    pending = CheckResult.objects.filter(claim=claim, is_current=True, state__in=["queued", "running"])
    return None if claim.checks_pending or pending.exists() else claim


def current_states(claim) -> dict[tuple[str, str], str]:
    rows = CheckResult.objects.filter(claim=claim, is_current=True)
    return {(r.target, r.check_id): r.state for r in rows}


def test_worker_runs_checks_and_the_status_follows_the_evidence(celery_worker_process):
    claim = make_claim(quote="more than 2,700 look-up messages")
    claim = wait_until(lambda: settled(claim.pk), message="the new claim's checks")
    assert claim.support_status == "unverified"
    assert current_states(claim)[(f"claim:{claim.pk}", "claim.quote_in_article")] == "passed"

    make_evidence(claim=claim, stance="supports", excerpt="Logs show more than 2,700 look-ups.")
    # Until the worker has run the new checks, the old status stands, flagged pending.
    claim.refresh_from_db()
    assert claim.checks_pending
    assert claim.support_status == "unverified"
    claim = wait_until(lambda: settled(claim.pk), message="checks after supporting evidence")
    assert claim.support_status == "supported"
    assert claim.support_breakdown["flags"] == []

    make_evidence(claim=claim, stance="refutes", excerpt="The logs show no such traffic.")
    claim = wait_until(lambda: settled(claim.pk), message="checks after refuting evidence")
    assert claim.support_status == "disputed"
    assert len(claim.support_breakdown["strong_refuting"]) == 1


def test_editing_the_article_fails_the_quote_check(celery_worker_process):
    article = make_article()
    claim = make_claim(article=article, quote="registered in 2009 by Cendyn")
    wait_until(lambda: settled(claim.pk), message="first checks")

    claim_services.article_update(
        article=article, text=article.text.replace("registered in 2009 by Cendyn", "set up by a vendor")
    )
    claim = wait_until(lambda: settled(claim.pk), message="checks after the article edit")
    result = CheckResult.objects.get(claim=claim, is_current=True, check_id="claim.quote_in_article")
    assert result.state == "failed"
    assert "no longer in the article" in result.message
    # The earlier, passing result is kept as history.
    assert CheckResult.objects.filter(
        claim=claim, check_id="claim.quote_in_article", is_current=False, state="passed"
    ).exists()


def test_rerunning_replaces_the_current_result_without_duplicates(celery_worker_process):
    claim = make_claim()
    claim = wait_until(lambda: settled(claim.pk), message="first checks")
    current = {(r.target, r.check_id): r.pk for r in CheckResult.objects.filter(claim=claim, is_current=True)}
    rows = CheckResult.objects.filter(claim=claim).count()

    requested = timezone.now()
    evidence_services.checks_queue(claim_id=claim.pk, force=True)
    claim = wait_until(lambda: settled(claim.pk), message="re-run checks")
    after = list(CheckResult.objects.filter(claim=claim, is_current=True))
    assert {(r.target, r.check_id): r.pk for r in after} == current  # replaced in place
    assert all(r.finished_at > requested for r in after)
    assert CheckResult.objects.filter(claim=claim).count() == rows
