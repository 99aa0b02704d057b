"""The desk's search (issue 16, flow 5): a box in the menu finds claims by their quote,
wording and claimant, and by their evidence (title, excerpt), verdicts (headline,
summary, body) and notes, saying where; its pages are keyset pages whose query count
does not grow with the rows."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import services as claim_services
from tests.factories import make_claim, make_evidence, make_verdict
from tests.integration.desk_helpers import numbered_article, statement_quote

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(fact_checker, editor):
    article = numbered_article(6, title="Council spending")
    claims = {
        "quoted": make_claim(article=article, quote=statement_quote(1), claimant_name="Jane Mayor"),
        "evidenced": make_claim(article=article, quote=statement_quote(2)),
        "verdicted": make_claim(article=article, quote=statement_quote(3)),
        "noted": make_claim(article=article, quote=statement_quote(4)),
        "other": make_claim(article=article, quote=statement_quote(5)),
    }
    make_evidence(claim=claims["evidenced"], stance="refutes", title="Hospital admissions ledger",
                  excerpt="Admissions rose in winter.", user=fact_checker)
    make_evidence(claim=claims["other"], stance="supports", excerpt="Nothing about it.", user=fact_checker)
    make_verdict(claim=claims["verdicted"], author=fact_checker, reviewer=editor, headline="Roads money doubled",
                 body="The treasury's **ventilation** budget was moved to roads.")
    claim_services.note_create(claim=claims["noted"], text="Call the harbourmaster before Friday.",
                               user=fact_checker)
    return claims


def found(response) -> list[int]:
    return [hit.claim.pk for hit in response.context["page"].hits]


@pytest.mark.parametrize(("words", "expected", "where"), [
    ("admissions ledger", "evidenced", "Evidence"),  # evidence title
    ("rose in winter", "evidenced", "Evidence"),  # evidence excerpt
    ("doubled", "verdicted", "Verdict"),  # verdict headline
    ("ventilation", "verdicted", "Verdict"),  # verdict body
    ("harbourmaster", "noted", "Note"),  # note
    ("Jane Mayor", "quoted", "Claimant"),  # claimant
])
def test_the_search_finds_claims_by_their_evidence_verdicts_and_notes(checker_client, desk, words, expected, where):
    response = checker_client.get(reverse("desk:search"), {"q": words})
    assert response.status_code == 200
    assert found(response) == [desk[expected].pk]
    page = response.content.decode()
    assert f'<span class="tag">{where}</span>' in page
    assert f'href="{desk[expected].get_absolute_url()}' in page


def test_every_desk_page_has_the_search_box_in_its_menu(checker_client, desk):
    for url in (reverse("desk:dashboard"), reverse("desk:articles"), desk["quoted"].get_absolute_url()):
        page = checker_client.get(url).content.decode()
        header = page[page.index('<header class="site-header">'):page.index("</header>")]
        assert re.search(r'<form class="site-search" method="get" action="/desk/search/" role="search"', header), url
        assert 'name="q"' in header


def test_nothing_found_says_so_and_an_empty_search_asks_for_words(checker_client, desk):
    page = checker_client.get(reverse("desk:search"), {"q": "zeppelin"}).content.decode()
    assert "Nothing on the desk matches “zeppelin”." in page
    assert "Type words to search for." in checker_client.get(reverse("desk:search")).content.decode()


def test_readers_cannot_search_the_desk(client, desk):
    response = client.get(reverse("desk:search"), {"q": "harbourmaster"})
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_pages_follow_each_other_without_offset_and_keep_their_query_count(checker_client, fact_checker):
    article = numbered_article(60, title="Long council story")

    def add_claims(first: int, last: int) -> None:
        for n in range(first, last + 1):
            claim = make_claim(article=article, quote=statement_quote(n))
            make_evidence(claim=claim, stance="supports", title=f"Budget ledger {n}", excerpt=f"Row {n}.",
                          user=fact_checker)
            claim_services.note_create(claim=claim, text=f"Ledger checked ({n}).", user=fact_checker)

    def search(params) -> tuple:
        with CaptureQueriesContext(connection) as queries:
            response = checker_client.get(reverse("desk:search"), params)
        assert response.status_code == 200
        return response, [query["sql"] for query in queries]

    add_claims(1, 3)
    _, few = search({"q": "ledger"})
    add_claims(4, 30)
    first, many = search({"q": "ledger"})
    assert len(many) == len(few)
    assert not any("OFFSET" in sql.upper() for sql in many)
    assert len(found(first)) == 25
    next_url = first.context["next_url"]
    assert next_url.startswith("?q=ledger&before=")

    second, queries = search(dict(pair.split("=") for pair in next_url[1:].split("&")))
    assert not any("OFFSET" in sql.upper() for sql in queries)
    assert len(found(second)) == 5 and not set(found(first)) & set(found(second))
    assert second.context["next_url"] == ""
    assert "← First page" in second.content.decode()


def test_a_bad_page_position_answers_400_naming_it(checker_client, desk):
    response = checker_client.get(reverse("desk:search"), {"q": "ledger", "before": "yesterday"})
    assert response.status_code == 400
    assert "“before” must be a position from a “Next page” link." in response.content.decode()
