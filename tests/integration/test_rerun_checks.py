"""Re-running one check, or all of them: the service, the desk's buttons and the API."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evidence import services as evidence_services
from evidence.models import CheckResult
from tests.factories import make_claim, make_evidence

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def settled_claim():
    """A claim with one evidence item whose checks have all run."""
    claim = make_claim()
    make_evidence(claim=claim, stance="supports", excerpt="The logs show 2,700 look-ups.")
    evidence_services.checks_queue(claim_id=claim.pk)
    for row in CheckResult.objects.filter(claim=claim, is_current=True, state="queued"):
        evidence_services.check_run(result_id=row.pk)
    assert not CheckResult.objects.filter(claim=claim, state__in=["queued", "running"]).exists()
    return claim


def states(claim) -> dict[tuple[str, str], str]:
    return {(r.target, r.check_id): r.state for r in CheckResult.objects.filter(claim=claim, is_current=True)}


def test_rerunning_one_check_on_one_target_queues_only_that_row(settled_claim, django_capture_on_commit_callbacks):
    before = states(settled_claim)
    target = f"claim:{settled_claim.pk}"
    with django_capture_on_commit_callbacks() as callbacks:
        queued = evidence_services.checks_rerun(
            claim_id=settled_claim.pk, check_id="claim.quote_in_article", target=target
        )
    assert [(row.target, row.check_id) for row in queued] == [(target, "claim.quote_in_article")]
    assert len(callbacks) == 1
    after = states(settled_claim)
    assert after.pop((target, "claim.quote_in_article")) == "queued"
    before.pop((target, "claim.quote_in_article"))
    assert after == before
    assert CheckResult.objects.filter(claim=settled_claim).count() == len(before) + 1  # in place, no new row


def test_rerunning_one_target_queues_every_check_on_it(settled_claim, django_capture_on_commit_callbacks):
    item = settled_claim.evidence.get()
    with django_capture_on_commit_callbacks():
        queued = evidence_services.checks_rerun(claim_id=settled_claim.pk, target=item.target)
    assert queued and {row.target for row in queued} == {item.target}
    assert all(state != "queued" for (target, _), state in states(settled_claim).items() if target != item.target)


def test_rerunning_an_unknown_check_or_target_says_so(settled_claim):
    with pytest.raises(ValidationError) as unknown_check:
        evidence_services.checks_rerun(claim_id=settled_claim.pk, check_id="claim.no_such_check")
    assert unknown_check.value.message_dict == {"check": ["There is no check 'claim.no_such_check'."]}
    with pytest.raises(ValidationError) as unknown_target:
        evidence_services.checks_rerun(claim_id=settled_claim.pk, target="evidence:999999")
    assert "target" in unknown_target.value.message_dict
    assert "queued" not in states(settled_claim).values()


def test_the_checks_panel_has_a_re_run_button_per_finished_check(checker_client, settled_claim):
    page = checker_client.get(settled_claim.get_absolute_url()).content.decode()
    rows = CheckResult.objects.filter(claim=settled_claim, is_current=True)
    for row in rows:
        assert f'name="check" value="{row.check_id}"><input type="hidden" name="target" value="{row.target}">' in page
    assert page.count(">Re-run</button>") == rows.count()
    assert "Re-run all checks" in page


def test_the_desk_re_runs_one_check_and_returns_the_polling_panel(
    checker_client, settled_claim, django_capture_on_commit_callbacks
):
    target = f"claim:{settled_claim.pk}"
    with django_capture_on_commit_callbacks() as callbacks:
        response = checker_client.post(
            reverse("desk:claim_run_checks", args=[settled_claim.pk]),
            {"check": "claim.quote_in_article", "target": target}, **HTMX,
        )
    assert len(callbacks) == 1
    fragment = response.content.decode()
    assert "Queued:</strong> 1 check will run again: results appear here as they finish." in fragment
    assert "Done:" not in fragment
    assert 'hx-trigger="every 2s"' in fragment
    queued = [key for key, state in states(settled_claim).items() if state == "queued"]
    assert queued == [(target, "claim.quote_in_article")]


def test_the_desk_says_when_nothing_could_be_re_run(checker_client, settled_claim):
    response = checker_client.post(
        reverse("desk:claim_run_checks", args=[settled_claim.pk]), {"check": "claim.nope"}, **HTMX
    )
    assert "Nothing was re-run: There is no check" in response.content.decode()
    assert "queued" not in states(settled_claim).values()


def test_the_api_re_runs_only_the_check_named(checker_api, settled_claim, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        response = checker_api.post(
            f"/api/v1/claims/{settled_claim.pk}/run-checks/", {"check": "claim.quote_in_article"}, format="json"
        )
    assert response.status_code == 202
    by_check = {(c["check"], c["target"]): c["state"] for c in response.json()["checks"]}
    assert by_check.pop(("claim.quote_in_article", f"claim:{settled_claim.pk}")) == "queued"
    assert "queued" not in by_check.values()
    assert len(callbacks) == 1


def test_the_api_rejects_an_unknown_check_or_a_malformed_target(checker_api, settled_claim):
    url = f"/api/v1/claims/{settled_claim.pk}/run-checks/"
    unknown = checker_api.post(url, {"check": "claim.nope"}, format="json")
    assert unknown.status_code == 400
    assert unknown.json() == {"check": ["There is no check 'claim.nope'."]}
    malformed = checker_api.post(url, {"target": "claim"}, format="json")
    assert malformed.status_code == 400
    assert "target" in malformed.json()
    assert "queued" not in states(settled_claim).values()
