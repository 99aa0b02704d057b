"""Evidence that cites a link or a document counts as strong only once its source was
archived and its excerpt found in that copy. Until then, or when archiving failed, it is
weak, its card says why and what to do, and the status reads "checks pending" or
"only weak evidence"."""

import html
import re

import pytest

from claims.models import Claim
from evidence import services as evidence_services
from evidence.models import CheckResult
from tests.factories import make_claim, make_evidence

pytestmark = pytest.mark.django_db

DOCUMENT = "Computer logs show that two servers sent more than 2,700 look-up messages in the spring."


def run_checks(claim_id: int) -> None:
    evidence_services.checks_queue(claim_id=claim_id)
    for row in CheckResult.objects.filter(claim_id=claim_id, is_current=True, state="queued"):
        evidence_services.check_run(result_id=row.pk)


def card_text(client, claim: Claim) -> str:
    page = client.get(claim.get_absolute_url()).content.decode()
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_a_link_whose_fetch_was_refused_is_weak_and_its_card_says_what_to_do(settings, checker_client):
    settings.FETCH_ALLOW_PRIVATE_HOSTS = []
    claim = make_claim()
    make_evidence(claim=claim, url="http://127.0.0.1:9/report", excerpt="more than 2,700 look-up messages")
    run_checks(claim.pk)
    claim.refresh_from_db()
    assert claim.support_status == "unverified"
    assert claim.support_breakdown["flags"] == ["only weak evidence"]
    text = card_text(checker_client, claim)
    assert ("Weak evidence: the address could not be archived: paste or upload the document instead" in text)


def test_before_its_checks_ran_a_link_is_weak_and_the_status_says_checks_pending(checker_client):
    claim = make_claim()
    make_evidence(claim=claim, url="https://example.org/report")
    evidence_services.claim_status_recompute(claim_id=claim.pk)
    claim.refresh_from_db()
    assert claim.support_status == "unverified"
    assert "checks pending" in claim.support_breakdown["flags"]
    assert "not archived yet" in next(iter(claim.support_breakdown["weak_reasons"].values()))
    assert "Weak evidence: not archived yet: wait for the checks" in card_text(checker_client, claim)


def test_a_pasted_document_whose_excerpt_is_found_is_strong():
    claim = make_claim()
    make_evidence(claim=claim, pasted_text=DOCUMENT, url="https://example.org/report",
                  excerpt="two servers sent more than 2,700 look-up messages")
    run_checks(claim.pk)
    claim.refresh_from_db()
    assert (claim.support_status, claim.support_breakdown["flags"]) == ("supported", [])


def test_a_statement_to_the_desk_is_not_judged_by_archiving():
    claim = make_claim()
    make_evidence(claim=claim, excerpt="The company told us the traffic was spam.", kind="statement")
    run_checks(claim.pk)
    claim.refresh_from_db()
    assert claim.support_status == "supported"
