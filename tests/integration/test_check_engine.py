"""The check engine's services, called in-process (the worker calls the same ones)."""

import pytest

from claims import services as claim_services
from evidence import preparations
from evidence import services as evidence_services
from evidence.checks import registry
from evidence.checks.base import Check, Outcome, TransientCheckError
from evidence.models import CheckResult, Source
from tests.factories import make_claim, make_evidence

pytestmark = pytest.mark.django_db


class Explodes(Check):
    check_id = "claim.test_explodes"
    version = 1
    target_kind = "claim"
    title = "Always raises"
    uses = ("quote",)

    def run(self, inputs):
        raise RuntimeError("the source data is unreadable")


class ExcerptMustSayLogs(Check):
    check_id = "evidence.test_says_logs"
    version = 1
    target_kind = "evidence"
    title = "Excerpt mentions logs"
    uses = ("excerpt",)

    def run(self, inputs):
        if "logs" in inputs["excerpt"]:
            return Outcome("passed", "The excerpt mentions logs.")
        return Outcome("failed", "No logs here.", weak_reason="excerpt not found in source")


def run_queued(claim):
    """Do in-process what the worker does: queue the claim's checks and run them."""
    evidence_services.checks_queue(claim_id=claim.pk)
    for row in CheckResult.objects.filter(claim=claim, is_current=True, state="queued"):
        evidence_services.check_run(result_id=row.pk)
    claim.refresh_from_db()
    return claim


def test_a_check_that_raises_is_stored_as_error_with_its_reason():
    claim = make_claim()
    with registry.temporarily(Explodes):
        evidence_services.checks_queue(claim_id=claim.pk)
        run_queued(claim)
    row = CheckResult.objects.get(claim=claim, check_id="claim.test_explodes", is_current=True)
    assert row.state == "error"
    assert "RuntimeError: the source data is unreadable" in row.message
    assert row.attempts == 1


def test_a_failing_evidence_check_makes_the_item_weak():
    claim = make_claim()
    with registry.temporarily(ExcerptMustSayLogs):
        item = make_evidence(claim=claim, stance="supports", excerpt="A witness said so.")
        claim = run_queued(claim)
        assert claim.support_status == "unverified"
        assert claim.support_breakdown["flags"] == ["only weak evidence"]
        assert claim.support_breakdown["weak_reasons"] == {str(item.pk): ["excerpt not found in source"]}

        evidence_services.evidence_update(item=item, excerpt="The logs show it.")
        claim = run_queued(claim)
    assert claim.support_status == "supported"


def test_pending_checks_keep_the_status_until_they_finish():
    claim = run_queued(make_claim())
    make_evidence(claim=claim, stance="refutes", excerpt="Nothing of the sort.")
    claim.refresh_from_db()
    assert (claim.support_status, claim.checks_pending) == ("unverified", True)
    assert "checks pending" in claim.support_breakdown["flags"]
    claim = run_queued(claim)
    assert (claim.support_status, claim.checks_pending) == ("refuted", False)


def test_unreliable_sources_are_weak():
    claim = make_claim()
    source = Source.objects.create(name="Rumours", domain="rumours.example", reliability="unreliable")
    make_evidence(claim=claim, stance="supports", excerpt="It is true.", source=source)
    claim = run_queued(claim)
    assert claim.support_status == "unverified"
    assert claim.support_breakdown["weak_supporting"]


def test_unchanged_inputs_reuse_results_and_changed_inputs_supersede_them():
    claim = run_queued(make_claim())
    first = CheckResult.objects.get(claim=claim, check_id="claim.quote_in_article", is_current=True)

    assert evidence_services.checks_queue(claim_id=claim.pk) == []
    assert CheckResult.objects.get(pk=first.pk).is_current

    claim_services.claim_update(claim=claim, quote="registered in 2009 by Cendyn")
    claim = run_queued(claim)
    current = CheckResult.objects.get(claim=claim, check_id="claim.quote_in_article", is_current=True)
    assert current.pk != first.pk and current.state == "passed"
    assert not CheckResult.objects.get(pk=first.pk).is_current
    assert claim.revision == 2


def test_running_twice_is_harmless_and_stale_runs_are_skipped():
    claim = make_claim()
    evidence_services.checks_queue(claim_id=claim.pk)
    row = CheckResult.objects.get(claim=claim, check_id="claim.quote_in_article", is_current=True)
    assert evidence_services.check_run(result_id=row.pk).state == "passed"
    assert evidence_services.check_run(result_id=row.pk) is None

    claim_services.claim_update(claim=claim, quote="registered in 2009 by Cendyn")
    evidence_services.checks_queue(claim_id=claim.pk)
    assert evidence_services.check_run(result_id=row.pk) is None  # superseded: not current
    assert CheckResult.objects.filter(
        target=f"claim:{claim.pk}", check_id="claim.quote_in_article"
    ).count() == 2


def test_deleting_evidence_recomputes_the_status():
    claim = make_claim()
    item = make_evidence(claim=claim, stance="supports", excerpt="Yes.")
    claim = run_queued(claim)
    assert claim.support_status == "supported"
    evidence_services.evidence_delete(item=item)
    claim = run_queued(claim)
    assert claim.support_status == "unverified"


class NeedsLookup(Check):
    check_id = "claim.test_lookup"
    version = 1
    target_kind = "claim"
    title = "Uses a prepared lookup"
    uses = ("quote",)
    prepare = "test-lookup"

    def run(self, inputs):
        return Outcome("passed", f"Looked up {inputs['looked_up']} for {inputs['quote'][:10]}.")


def test_a_preparation_step_adds_inputs_before_the_check_runs():
    claim = make_claim()
    seen = []

    def lookup(*, result, inputs):
        seen.append((result.check_id, inputs["quote"]))
        return {"looked_up": 3}

    with registry.temporarily(NeedsLookup), preparations.temporarily("test-lookup", lookup):
        run_queued(claim)
    row = CheckResult.objects.get(claim=claim, check_id="claim.test_lookup", is_current=True)
    assert row.state == "passed"
    assert row.message == f"Looked up 3 for {claim.quote[:10]}."
    assert seen == [("claim.test_lookup", claim.quote)]


def test_a_running_check_no_longer_says_it_waits_for_a_worker():
    claim = make_claim()

    def offline(*, result, inputs):
        raise TransientCheckError("connection timed out")

    with registry.temporarily(NeedsLookup), preparations.temporarily("test-lookup", offline):
        evidence_services.checks_queue(claim_id=claim.pk)
        row = CheckResult.objects.get(claim=claim, check_id="claim.test_lookup", is_current=True)
        assert (row.state, row.message) == ("queued", "Waiting for a worker.")
        with pytest.raises(TransientCheckError):
            evidence_services.check_run(result_id=row.pk)
    row.refresh_from_db()
    assert (row.state, row.message) == ("running", "Running: a worker started this check.")


def test_transient_failures_propagate_for_retry_then_give_up_as_error():
    claim = make_claim()

    def offline(*, result, inputs):
        raise TransientCheckError("connection timed out")

    with registry.temporarily(NeedsLookup), preparations.temporarily("test-lookup", offline):
        evidence_services.checks_queue(claim_id=claim.pk)
        row = CheckResult.objects.get(claim=claim, check_id="claim.test_lookup", is_current=True)
        with pytest.raises(TransientCheckError):
            evidence_services.check_run(result_id=row.pk)
        row.refresh_from_db()
        assert row.state == "running"  # left for the retry
        with pytest.raises(TransientCheckError):
            evidence_services.check_run(result_id=row.pk)
        evidence_services.check_give_up(result_id=row.pk, reason="connection timed out")
    row.refresh_from_db()
    assert (row.state, row.attempts) == ("error", 2)
    assert row.message == "The check gave up after retries: connection timed out"
