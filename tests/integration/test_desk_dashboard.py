"""The dashboard: counts by claim state and support status, the claim list, filters and search."""

import pytest
from django.urls import reverse

from claims import services as claim_services
from evidence.checks import registry
from tests.factories import ClaimantFactory, make_article, make_claim, make_evidence
from tests.integration.desk_helpers import ExcerptIsSourced, numbered_article, settle, statement_quote

pytestmark = pytest.mark.django_db


def listed(response) -> set[int]:
    return {claim.pk for claim in response.context["page"].object_list}


def cell(response, state: str, status: str) -> int:
    row = next(r for r in response.context["table"]["rows"] if r["state"] == state)
    return dict(row["cells"])[status]


@pytest.fixture
def desk(editor):
    """Five claims over two articles, in different states and support statuses."""
    first = numbered_article(5, title="Roads budget")
    second = make_article(title="Server story")
    jane = ClaimantFactory(name="Jane Mayor")
    claims = {
        "plain": make_claim(article=first, quote=statement_quote(1), claimant_name="Jane Mayor"),
        "supported": make_claim(article=first, quote=statement_quote(2), text="Road spending doubled"),
        "refuted": make_claim(article=first, quote=statement_quote(3), claimant_name="Jane Mayor"),
        "disputed": make_claim(article=first, quote=statement_quote(4)),
        "server": make_claim(article=second, assignee=editor),
    }
    with registry.temporarily(ExcerptIsSourced):
        make_evidence(claim=claims["supported"], stance="supports", excerpt="Spending rose.")
        make_evidence(claim=claims["refuted"], stance="refutes", excerpt="Spending fell.")
        make_evidence(claim=claims["disputed"], stance="supports", excerpt="Rose.")
        make_evidence(claim=claims["disputed"], stance="refutes", excerpt="Fell.")
        for claim in claims.values():
            settle(claim)
    claim_services.claim_update(claim=claims["refuted"], state="researching")
    claim_services.claim_update(claim=claims["disputed"], state="dismissed", dismissed_reason="Opinion")
    return {"claims": claims, "first": first, "second": second, "jane": jane, "editor": editor}


def test_counts_by_state_and_status_link_to_the_filtered_list(checker_client, desk):
    response = checker_client.get(reverse("desk:dashboard"))
    assert cell(response, "new", "unverified") == 2
    # Adding evidence started work on the supported claim: it is researching now.
    assert cell(response, "researching", "supported") == 1
    assert cell(response, "researching", "refuted") == 1
    assert cell(response, "dismissed", "disputed") == 1
    assert cell(response, "new", "supported") == 0
    assert response.context["table"]["total"] == 5
    page = response.content.decode()
    assert 'href="?state=researching&amp;status=refuted"' in page
    assert 'href="?status=supported"' in page
    assert "5 claims on the desk." in page


def test_each_row_shows_claim_claimant_article_status_assignee_and_update(checker_client, desk):
    claims = desk["claims"]
    claim_services.queue_claim_checks(claims["server"])
    page = checker_client.get(reverse("desk:dashboard")).content.decode()
    assert "Road spending doubled" in page
    assert "Jane Mayor" in page
    assert "Server story" in page and "Roads budget" in page
    assert '<span class="badge status-refuted">Refuted</span>' in page
    assert '<span class="badge status-disputed">Disputed</span>' in page
    assert "Checks pending" in page
    assert "editor" in page
    assert f'href="{claims["supported"].get_absolute_url()}"' in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "supported"}, {"supported"}),
        ({"status": "unverified"}, {"plain", "server"}),
        ({"state": "researching"}, {"supported", "refuted"}),  # evidence started work on both
        ({"state": "dismissed", "status": "disputed"}, {"disputed"}),
        ({"claimant": "jane mayor"}, {"plain", "refuted"}),
        ({"q": "doubled"}, {"supported"}),  # the claim as checked
        ({"q": "look-up messages"}, {"server"}),  # the quote
        ({"q": "MAYOR"}, {"plain", "refuted"}),  # the claimant's name
        ({"q": "nothing like this"}, set()),
    ],
)
def test_filters_and_search_narrow_the_list(checker_client, desk, query, expected):
    response = checker_client.get(reverse("desk:dashboard"), query)
    assert listed(response) == {desk["claims"][name].pk for name in expected}


def test_filter_by_assignee_and_article(checker_client, desk):
    response = checker_client.get(reverse("desk:dashboard"), {"assignee": desk["editor"].pk})
    assert listed(response) == {desk["claims"]["server"].pk}
    response = checker_client.get(reverse("desk:dashboard"), {"article": desk["first"].pk})
    assert listed(response) == {desk["claims"][n].pk for n in ("plain", "supported", "refuted", "disputed")}


def test_an_empty_result_says_so_and_offers_to_clear(checker_client, desk):
    page = checker_client.get(reverse("desk:dashboard"), {"q": "zebra"}).content.decode()
    assert "No claim matches these filters." in page
    assert "Clear filters" in page


def test_an_invalid_filter_answers_400_saying_why_and_the_others_apply(checker_client, desk):
    response = checker_client.get(reverse("desk:dashboard"), {"status": "bogus", "state": "researching"})
    assert response.status_code == 400
    assert "Select a valid choice. bogus is not one of the available choices." in response.content.decode()
    assert listed(response) == {desk["claims"]["supported"].pk, desk["claims"]["refuted"].pk}


@pytest.mark.parametrize("page", ["", "abc", "0", "-1", "２"])
@pytest.mark.parametrize("name", ["desk:dashboard", "desk:articles", "desk:sources"])
def test_a_malformed_page_number_answers_400_naming_it_and_shows_the_first_page(checker_client, desk, name, page):
    response = checker_client.get(reverse(name), {"page": page})
    assert response.status_code == 400
    assert "“page”" in response.content.decode()
    assert response.context["page"].number == 1


def test_a_page_past_the_end_shows_the_last_page(checker_client, desk):
    response = checker_client.get(reverse("desk:dashboard"), {"page": 99})
    assert response.status_code == 200
    assert response.context["page"].number == 1


def test_the_list_is_paginated_and_pages_keep_the_filters(checker_client):
    article = numbered_article(30)
    for n in range(1, 31):
        make_claim(article=article, quote=statement_quote(n))
    first = checker_client.get(reverse("desk:dashboard"), {"state": "new"})
    assert len(first.context["page"].object_list) == 25
    assert 'href="?state=new&amp;page=2"' in first.content.decode()
    second = checker_client.get(reverse("desk:dashboard"), {"state": "new", "page": 2})
    assert len(second.context["page"].object_list) == 5
    assert "Page 2 of 2" in second.content.decode()


def test_an_empty_desk_invites_to_add_an_article(checker_client):
    page = checker_client.get(reverse("desk:dashboard")).content.decode()
    assert "No claims yet." in page
    assert reverse("desk:article_create") in page
    assert reverse("desk:articles") in page
