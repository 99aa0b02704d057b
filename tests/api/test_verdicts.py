"""/api/v1/claims/{id}/verdict/: the draft (GET, PUT) and the workflow actions (POST)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from claims import services
from claims.models import Verdict
from tests.factories import make_verdict

pytestmark = pytest.mark.django_db

DRAFT = {"rating": "mostly-false", "headline": "The logs show look-ups, not talks",
         "summary": "DNS look-ups are not messages.", "body": "Experts **agree**.", "claimant_response": "No comment."}


def api_as(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def verdict_url(claim, action: str = "") -> str:
    return f"/api/v1/claims/{claim.pk}/verdict/" + (f"{action}/" if action else "")


def test_put_starts_a_draft_and_get_reads_it_with_the_actions_allowed(checker_api, fact_checker, claim):
    assert checker_api.get(verdict_url(claim)).status_code == 404

    created = checker_api.put(verdict_url(claim), DRAFT, format="json")

    assert created.status_code == 201
    body = created.json()
    assert body["state"] == "draft"
    assert body["rating"] == {"slug": "mostly-false", "label": "Mostly False", "scale": "politifact",
                              "rating_class": "mostly_false"}
    assert body["body_html"] == "<p>Experts <strong>agree</strong>.</p>"
    assert (body["author"], body["slug"], body["url"]) == ("checker", None, None)
    assert body["actions"] == ["edit", "submit"]
    again = checker_api.put(verdict_url(claim), {**DRAFT, "headline": "Look-ups only"}, format="json")
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert checker_api.get(verdict_url(claim)).json()["headline"] == "Look-ups only"


def test_put_names_another_scale_and_refuses_unknown_ratings_by_field(checker_api, claim):
    assert checker_api.put(verdict_url(claim), {"rating": "mixture", "scale": "snopes"}).json()["rating"]["scale"] == "snopes"
    bad_rating = checker_api.put(verdict_url(claim), {"rating": "mixture"})
    assert bad_rating.status_code == 400 and list(bad_rating.json()) == ["rating"]
    bad_scale = checker_api.put(verdict_url(claim), {"rating": "true", "scale": "nowhere"})
    assert bad_scale.status_code == 400 and list(bad_scale.json()) == ["scale"]
    malformed = checker_api.put(verdict_url(claim), {"headline": "x" * 301})
    assert malformed.status_code == 400 and list(malformed.json()) == ["headline"]


def test_the_workflow_through_the_api(fact_checker, editor, second_editor, claim):
    checker, first, second = api_as(fact_checker), api_as(editor), api_as(second_editor)
    checker.put(verdict_url(claim), DRAFT, format="json")
    assert checker.post(verdict_url(claim, "submit")).json()["state"] == "in_review"

    missing = first.post(verdict_url(claim, "request-changes"), {})
    assert missing.status_code == 400 and missing.json() == {"comment": ["Say what needs to change."]}
    sent_back = first.post(verdict_url(claim, "request-changes"), {"comment": "Cite the logs."})
    assert (sent_back.json()["state"], sent_back.json()["review_comment"]) == ("changes_requested", "Cite the logs.")

    checker.post(verdict_url(claim, "submit"))
    wrong_state = first.post(verdict_url(claim, "publish"))
    assert wrong_state.status_code == 400
    assert wrong_state.json() == {"state": ["Cannot publish a verdict that is in review: it must be approved."]}
    assert second.post(verdict_url(claim, "approve")).json()["reviewer"] == "editor2"
    published = first.post(verdict_url(claim, "publish")).json()
    assert published["state"] == "published"
    assert published["url"] == f"http://testserver/fact-checks/{published['slug']}/"
    assert published["actions"] == ["retract", "corrections", "amend"]

    corrected = first.post(verdict_url(claim, "corrections"), {"text": "The count was 2,820."}).json()
    assert [c["text"] for c in corrected["corrections"]] == ["The count was 2,820."]
    assert corrected["public_updated_at"] > corrected["published_at"]
    retracted = first.post(verdict_url(claim, "retract"), {"reason": "The logs were misread."}).json()
    assert (retracted["state"], retracted["retraction_reason"]) == ("retracted", "The logs were misread.")

    superseding = checker.put(verdict_url(claim), DRAFT, format="json")
    assert superseding.status_code == 201
    assert superseding.json()["supersedes"] == retracted["id"]


def test_role_refusals_are_403_with_the_reason_and_change_nothing(fact_checker, editor, second_editor, claim):
    verdict = make_verdict(claim=claim, author=editor, reviewer=second_editor, state="in_review")
    own = api_as(editor).post(verdict_url(claim, "approve"))
    assert own.status_code == 403
    assert own.json() == {"detail": "You wrote or edited this verdict: another editor must approve it."}
    checker = api_as(fact_checker).post(verdict_url(claim, "approve"))
    assert checker.status_code == 403 and checker.json() == {"detail": "Only editors may approve a verdict."}
    verdict.refresh_from_db()
    assert verdict.state == "in_review"


def test_a_published_verdict_is_not_edited_by_put(fact_checker, editor, claim):
    make_verdict(claim=claim, author=fact_checker, reviewer=editor, state="published")
    response = api_as(editor).put(verdict_url(claim), DRAFT, format="json")
    assert response.status_code == 400 and list(response.json()) == ["state"]


def test_actions_on_a_claim_without_verdict_or_an_unknown_claim_are_404(checker_api, claim):
    assert checker_api.post(verdict_url(claim, "submit")).status_code == 404
    assert checker_api.get("/api/v1/claims/999999/verdict/").status_code == 404
    assert checker_api.put("/api/v1/claims/999999/verdict/", DRAFT).status_code == 404


def test_only_desk_members_reach_the_verdict(outsider_api, fact_checker, editor, claim):
    make_verdict(claim=claim, author=fact_checker, reviewer=editor, state="draft")
    anonymous = APIClient()
    assert anonymous.get(verdict_url(claim)).status_code == 401
    assert anonymous.post(verdict_url(claim, "submit")).status_code == 401
    assert outsider_api.get(verdict_url(claim)).status_code == 403
    assert outsider_api.put(verdict_url(claim), DRAFT).status_code == 403
    assert Verdict.objects.get(claim=claim).state == "draft"


def test_the_claim_detail_nests_the_verdict_with_its_page_once_published(checker_api, fact_checker, editor, claim):
    verdict = make_verdict(claim=claim, author=fact_checker, reviewer=editor, state="published", rating="false")
    nested = checker_api.get(f"/api/v1/claims/{claim.pk}/").json()["verdict"]
    assert nested == {
        "id": verdict.pk, "state": "published",
        "rating": {"slug": "false", "label": "False", "scale": "politifact", "rating_class": "false"},
        "headline": verdict.headline, "summary": verdict.summary, "slug": verdict.slug,
        "url": f"http://testserver{verdict.get_absolute_url()}",
    }


def test_reading_the_verdict_costs_the_same_however_many_corrections(checker_api, fact_checker, editor, claim):
    verdict = make_verdict(claim=claim, author=fact_checker, reviewer=editor, state="published")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert checker_api.get(verdict_url(claim)).status_code == 200
        return len(captured)

    services.verdict_act(verdict=verdict, user=editor, action="corrections", text="One.")
    one = queries()
    for n in range(10):
        services.verdict_act(verdict=verdict, user=editor, action="corrections", text=f"More {n}.")
    assert queries() == one


def test_an_amendment_without_its_correction_is_refused_naming_the_field(fact_checker, editor, second_editor, claim):
    # The verdict row is locked without its (nullable) rating: PostgreSQL refuses FOR UPDATE
    # on the nullable side of an outer join, which answered 500 here.
    make_verdict(claim=claim, state="published", author=fact_checker, reviewer=second_editor)
    api = APIClient()
    api.force_authenticate(editor)
    response = api.post(f"/api/v1/claims/{claim.pk}/verdict/amend/", {}, format="json")
    assert response.status_code == 400
    assert "text" in response.json()
