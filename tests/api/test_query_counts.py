"""Lists and details answer in a fixed number of queries, however many rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import SourceFactory, make_article, make_claim, make_evidence

pytestmark = pytest.mark.django_db


def queries_for(api, url: str, expected_status: int = 200) -> int:
    with CaptureQueriesContext(connection) as context:
        response = api.get(url)
    assert response.status_code == expected_status
    return len(context.captured_queries)


def add_claims(count: int, *, start: int = 0) -> None:
    """Claims on several articles with their own outlet, claimant and evidence source."""
    for n in range(start, start + count):
        article = make_article(title=f"Story {n}", outlet_name=f"Outlet {n % 7}")
        claim = make_claim(article=article, quote="two servers", claimant_name=f"Person {n}")
        make_evidence(
            claim=claim, stance="supports", url=f"https://site{n}.example/page", excerpt="x"
        )


def add_evidence(claim, count: int) -> None:
    for n in range(count):
        source = SourceFactory()
        make_evidence(
            claim=claim, stance=("supports", "refutes", "context")[n % 3],
            url=f"https://{source.domain}/{n}", pasted_text=f"Evidence page {n}.",
        )


def test_the_claim_list_costs_the_same_for_5_and_50_claims(checker_api):
    add_claims(5)
    with_5 = queries_for(checker_api, "/api/v1/claims/")
    add_claims(45, start=5)
    with_50 = queries_for(checker_api, "/api/v1/claims/")
    assert len(checker_api.get("/api/v1/claims/").json()["results"]) == 50
    assert with_5 == with_50
    assert with_50 <= 4  # desk check, count, page


def test_the_claim_detail_costs_the_same_for_5_and_50_evidence_items(checker_api):
    claim = make_claim(claimant_name="Jane Doe")
    add_evidence(claim, 5)
    with_5 = queries_for(checker_api, f"/api/v1/claims/{claim.pk}/")
    add_evidence(claim, 45)
    with_50 = queries_for(checker_api, f"/api/v1/claims/{claim.pk}/")
    detail = checker_api.get(f"/api/v1/claims/{claim.pk}/").json()
    assert len(detail["evidence"]) == 50
    assert detail["checks"]
    assert with_5 == with_50


def test_the_claim_detail_does_not_grow_with_the_number_of_claims(checker_api):
    add_claims(5)
    claim = make_claim(claimant_name="Jane Doe")
    with_5 = queries_for(checker_api, f"/api/v1/claims/{claim.pk}/")
    add_claims(45, start=5)
    assert queries_for(checker_api, f"/api/v1/claims/{claim.pk}/") == with_5


def test_the_article_and_evidence_lists_cost_the_same_for_5_and_50_rows(checker_api):
    add_claims(5)
    articles_5 = queries_for(checker_api, "/api/v1/articles/")
    evidence_5 = queries_for(checker_api, "/api/v1/evidence/")
    add_claims(45, start=5)
    assert queries_for(checker_api, "/api/v1/articles/") == articles_5
    assert queries_for(checker_api, "/api/v1/evidence/") == evidence_5


def test_the_article_detail_costs_the_same_for_5_and_50_claims(checker_api):
    article = make_article()
    for _ in range(5):
        make_claim(article=article, quote="an email marketing firm", claimant_name="Jane Doe")
    with_5 = queries_for(checker_api, f"/api/v1/articles/{article.pk}/")
    for n in range(45):
        make_claim(article=article, quote="two servers", claimant_name=f"Person {n}")
    assert queries_for(checker_api, f"/api/v1/articles/{article.pk}/") == with_5
    assert len(checker_api.get(f"/api/v1/articles/{article.pk}/").json()["claims"]) == 50
