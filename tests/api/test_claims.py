"""/api/v1/claims/: log, list with filters, detail with status and why, edit, run checks."""

import pytest

from claims.models import Claimant, Rating, RatingScale, Verdict
from evidence import services as evidence_services
from evidence.models import CheckResult
from evidence.tasks import queue_claim_checks
from tests.factories import ARTICLE_TEXT, UserFactory, make_article, make_claim, make_evidence

pytestmark = pytest.mark.django_db


def create_claim(api, **body):
    return api.post("/api/v1/claims/", body, format="json")


def settle_checks(claim):
    """Do in-process what a worker does: queue the claim's checks and run them."""
    queue_claim_checks(claim_id=claim.pk)
    for row in CheckResult.objects.filter(claim=claim, is_current=True, state="queued"):
        evidence_services.check_run(result_id=row.pk)


def test_a_claim_is_logged_with_the_articles_own_wording_and_span(checker_api, article):
    response = create_claim(
        checker_api,
        article=article.pk,
        quote="More than 2,700 look-up  messages",
        text="Alfa Bank servers sent 2,700 look-ups to a Trump server",
        claimant="Franklin Foer",
        claim_date="2016-10-31",
    )
    assert response.status_code == 201
    claim = response.json()
    start = ARTICLE_TEXT.index("more than 2,700")
    assert claim["quote"] == "more than 2,700 look-up messages"
    assert (claim["span_start"], claim["span_end"]) == (start, start + len(claim["quote"]))
    assert claim["article"] == article.pk
    assert claim["claimant"] == "Franklin Foer"
    assert claim["claim_date"] == "2016-10-31"
    assert claim["date_precision"] == "day"
    assert claim["state"] == "new"
    assert claim["support_status"] == "unverified"
    assert claim["checks_pending"] is True
    assert claim["support_breakdown"]["strong_supporting"] == []
    assert claim["evidence"] == [] and claim["checks"] == []
    assert claim["verdict"] is None


def test_an_existing_claimant_is_reused_whatever_the_case(checker_api, article):
    first = create_claim(checker_api, article=article.pk, quote="two servers", claimant="Jane Doe")
    second = create_claim(
        checker_api, article=article.pk, quote="an email marketing firm", claimant="  jane   DOE "
    )
    assert first.json()["claimant"] == second.json()["claimant"] == "Jane Doe"
    assert Claimant.objects.filter(name__iexact="jane doe").count() == 1


def test_a_claim_without_an_article_needs_an_appearance_url(checker_api):
    response = create_claim(
        checker_api, quote="We will build a wall.", appearance_url="https://video.example/speech",
        claim_date="2016-01-01", date_precision="month",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["article"] is None
    assert body["span_start"] is None
    assert body["date_precision"] == "month"

    refused = create_claim(checker_api, quote="We will build a wall.")
    assert refused.status_code == 400
    assert "article" in refused.json()


def test_a_quote_not_in_the_article_is_a_400_showing_the_closest_passage(checker_api, article):
    response = create_claim(
        checker_api, article=article.pk, quote="the server was bought in 2012 by Cendyn Corp"
    )
    assert response.status_code == 400
    [message] = response.json()["quote"]
    assert message.startswith("This quote is not in the article.")
    assert "The closest passage is: “The server was registered in 2009 by Cendyn" in message


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "quote"),
        ({"quote": ""}, "quote"),
        ({"quote": "two servers", "article": 999999}, "article"),
        ({"quote": "two servers", "claim_date": "yesterday"}, "claim_date"),
        ({"quote": "two servers", "date_precision": "week"}, "date_precision"),
        ({"quote": "two servers", "claimant": "x" * 201}, "claimant"),
    ],
)
def test_bad_claim_input_is_a_400_naming_the_field(checker_api, article, body, field):
    response = create_claim(checker_api, **({"article": article.pk} | body))
    assert response.status_code == 400
    assert field in response.json(), response.json()


def test_the_list_filters_by_status_state_assignee_article_claimant_and_words(
    checker_api, fact_checker, article
):
    other_article = make_article(title="Other story")
    by_jane = make_claim(article=article, quote="two servers", claimant_name="Jane Doe")
    assigned = make_claim(
        article=article, quote="an email marketing firm", claimant_name="John Roe",
        assignee=fact_checker,
    )
    elsewhere = make_claim(article=other_article, quote="Traffic peaked")
    make_evidence(claim=elsewhere, stance="supports", excerpt="It peaked.")
    settle_checks(elsewhere)
    assert checker_api.get(f"/api/v1/claims/{elsewhere.pk}/").json()["support_status"] == "supported"
    checker_api.patch(
        f"/api/v1/claims/{assigned.pk}/",
        {"state": "dismissed", "dismissed_reason": "Not checkable"}, format="json",
    )

    def ids(**params):
        response = checker_api.get("/api/v1/claims/", params)
        assert response.status_code == 200
        return [c["id"] for c in response.json()["results"]]

    assert ids() == [elsewhere.pk, assigned.pk, by_jane.pk]
    assert ids(support_status="supported") == [elsewhere.pk]
    assert ids(support_status="unverified") == [assigned.pk, by_jane.pk]
    assert ids(state="dismissed") == [assigned.pk]
    assert ids(assignee=fact_checker.pk) == [assigned.pk]
    assert ids(article=article.pk) == [assigned.pk, by_jane.pk]
    assert ids(claimant="jane doe") == [by_jane.pk]
    assert ids(q="MARKETING") == [assigned.pk]
    assert ids(q="roe") == [assigned.pk]
    assert ids(state="new", article=article.pk) == [by_jane.pk]


def test_an_unknown_filter_value_is_a_400(checker_api):
    response = checker_api.get("/api/v1/claims/", {"support_status": "true-ish", "article": "one"})
    assert response.status_code == 400
    assert set(response.json()) == {"support_status", "article"}


def test_the_detail_explains_the_status_with_evidence_checks_and_verdict(checker_api, editor, claim):
    supporting = make_evidence(
        claim=claim, stance="supports", url="https://www.example.org/logs",
        excerpt="the logs show 2,700 look-ups", title="The logs",
    )
    make_evidence(claim=claim, stance="context", excerpt="Background.")
    scale = RatingScale.objects.create(name="Truth-O-Meter", slug="truth-o-meter")
    rating = Rating.objects.create(
        scale=scale, label="Half true", slug="half-true", value=3, best_value=6, worst_value=1,
        rating_class="mixed",
    )
    Verdict.objects.create(claim=claim, headline="Older draft", author=editor)
    latest = Verdict.objects.create(
        claim=claim, rating=rating, headline="Partly right", summary="Some of it holds.",
        author=editor,
    )

    detail = checker_api.get(f"/api/v1/claims/{claim.pk}/").json()

    assert detail["support_status"] == "unverified"
    assert detail["checks_pending"] is True
    assert "checks pending" in detail["support_breakdown"]["flags"]
    assert [e["id"] for e in detail["evidence"]][0] == supporting.pk
    first = detail["evidence"][0]
    assert (first["stance"], first["title"], first["url"]) == (
        "supports", "The logs", "https://www.example.org/logs",
    )
    assert first["source"]["domain"] == "example.org"
    targets = {check["target"] for check in detail["checks"]}
    assert f"claim:{claim.pk}" in targets
    assert all(check["state"] == "queued" for check in detail["checks"])
    quote_check = next(c for c in detail["checks"] if c["check"] == "claim.quote_in_article")
    assert set(quote_check) == {
        "check", "target", "state", "score", "message", "details", "finished_at",
    }
    assert detail["verdict"] == {
        "id": latest.pk, "state": "draft",
        "rating": {"slug": "half-true", "label": "Half true", "scale": "truth-o-meter", "rating_class": "mixed"},
        "headline": "Partly right", "summary": "Some of it holds.", "slug": None, "url": None,
    }


def test_the_detail_breakdown_names_the_evidence_behind_the_status(checker_api, claim):
    item = make_evidence(claim=claim, stance="refutes", excerpt="Nothing of the sort happened.")
    settle_checks(claim)
    detail = checker_api.get(f"/api/v1/claims/{claim.pk}/").json()
    assert detail["support_status"] == "refuted"
    assert detail["checks_pending"] is False
    assert detail["support_breakdown"]["strong_refuting"] == [item.pk]
    assert detail["support_breakdown"]["flags"] == []
    quote_check = next(c for c in detail["checks"] if c["check"] == "claim.quote_in_article")
    assert quote_check["state"] == "passed"
    assert quote_check["finished_at"] is not None


def test_patch_edits_a_claim_and_a_new_quote_must_be_in_the_article(checker_api, editor, claim):
    response = checker_api.patch(
        f"/api/v1/claims/{claim.pk}/",
        {"text": "Alfa Bank servers looked up a Trump server", "claimant": "John Roe",
         "assignee": editor.pk, "state": "researching"},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["text"], body["claimant"], body["assignee"], body["state"]) == (
        "Alfa Bank servers looked up a Trump server", "John Roe", editor.pk, "researching",
    )
    assert body["revision"] == claim.revision + 1

    moved = checker_api.patch(
        f"/api/v1/claims/{claim.pk}/", {"quote": "registered in 2009 by Cendyn"}, format="json"
    )
    assert moved.status_code == 200
    assert moved.json()["span_start"] == ARTICLE_TEXT.index("registered in 2009")

    refused = checker_api.patch(
        f"/api/v1/claims/{claim.pk}/", {"quote": "registered in 1999 by Nobody"}, format="json"
    )
    assert refused.status_code == 400
    assert "This quote is not in the article." in refused.json()["quote"][0]


def test_patch_refuses_a_dismissal_without_reason_and_an_outsider_as_assignee(checker_api, claim):
    dismissed = checker_api.patch(f"/api/v1/claims/{claim.pk}/", {"state": "dismissed"}, format="json")
    assert dismissed.status_code == 400
    assert "dismissed_reason" in dismissed.json()

    outsider = UserFactory(username="passer-by")
    assigned = checker_api.patch(
        f"/api/v1/claims/{claim.pk}/", {"assignee": outsider.pk}, format="json"
    )
    assert assigned.status_code == 400
    assert "assignee" in assigned.json()

    unchanged = checker_api.get(f"/api/v1/claims/{claim.pk}/").json()
    assert (unchanged["state"], unchanged["assignee"]) == ("new", None)


def test_run_checks_answers_202_with_every_check_queued_again(
    checker_api, claim, django_capture_on_commit_callbacks
):
    make_evidence(claim=claim, stance="supports", excerpt="The logs show 2,700 look-ups.")
    settle_checks(claim)
    before = checker_api.get(f"/api/v1/claims/{claim.pk}/").json()
    assert before["checks_pending"] is False

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = checker_api.post(f"/api/v1/claims/{claim.pk}/run-checks/")
    assert response.status_code == 202
    body = response.json()
    assert body["id"] == claim.pk
    assert body["checks_pending"] is True
    assert len(body["checks"]) == len(before["checks"])
    assert {c["state"] for c in body["checks"]} == {"queued"}
    assert {c["message"] for c in body["checks"]} == {"Waiting for a worker."}
    # One task per check, sent to the broker only after commit.
    assert len(callbacks) == len(body["checks"])


def test_run_checks_on_a_fresh_claim_lists_its_queued_checks(checker_api, claim, evidence_item):
    response = checker_api.post(f"/api/v1/claims/{claim.pk}/run-checks/")
    assert response.status_code == 202
    checks = response.json()["checks"]
    assert {(c["check"], c["target"]) for c in checks} >= {
        ("claim.quote_in_article", f"claim:{claim.pk}"),
    }
    assert {c["state"] for c in checks} == {"queued"}


def test_an_unknown_claim_is_a_404(checker_api):
    assert checker_api.get("/api/v1/claims/999999/").status_code == 404
    assert checker_api.patch("/api/v1/claims/999999/", {"text": "x"}, format="json").status_code == 404
    assert checker_api.post("/api/v1/claims/999999/run-checks/").status_code == 404
