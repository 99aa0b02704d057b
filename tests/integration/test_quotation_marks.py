"""Quotation marks: a stored quote never carries half a pair, quotations inside a quote
show as single marks inside double ones, and no page that shows quotes (desk article
and claim pages, public fact-check, report and list pages, feeds) doubles a mark."""

import html
import re

import feedparser
import pytest

from claims import services as claim_services
from claims.models import Article, Claim, Verdict
from claims.quotation import balance_span, quoted
from tests.factories import make_article, make_verdict

pytestmark = pytest.mark.django_db

TEXT = (
    "Riverton officials said the city had “cut street homelessness by 40 percent in just two years” "
    "after the new shelter opened.\n\n"
    "The mayor promised that the waiting list “will fall by half in 15 years.”\n\n"
    "Council members were less sure of the figures. An expert told Foer that “at election-related moments” — "
    "like during this summer’s major party conventions — “the traffic peaked.”"
)
DOUBLED = re.compile(r"[“”\"]\s*[“”\"]")


def visible_text(page: str) -> str:
    """What a reader reads on a page: no scripts, styles, structured details (<pre>) or
    markup, entities decoded."""
    page = re.sub(r"<(script|style|pre)\b.*?</\1>", " ", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_a_span_that_ends_inside_a_quotation_reaches_its_closing_mark():
    start = TEXT.index("the city had")
    end = TEXT.index("two years") + len("two years")
    start, end = balance_span(TEXT, start, end)
    assert TEXT[start:end] == "the city had “cut street homelessness by 40 percent in just two years”"
    start = TEXT.index("cut street")
    start, end = balance_span(TEXT, start, TEXT.index(" after the new"))
    assert TEXT[start:end] == "“cut street homelessness by 40 percent in just two years”"


def test_nested_quotations_show_as_single_marks_inside_double_ones():
    assert quoted("the city had “cut street homelessness”") == "“the city had ‘cut street homelessness’”"
    assert quoted("“the traffic peaked.”") == "“the traffic peaked.”"
    assert quoted('He said "no" twice') == "“He said ‘no’ twice”"


def test_a_quote_matched_despite_a_typo_is_stored_with_both_of_its_marks():
    article = make_article(title="Riverton shelters", text=TEXT)
    claim = claim_services.claim_create(
        article=article, quote="the city had “cut street homelessness by 40 percnt in just two years",
        claimant_name="Ana Delgado",
    )
    assert claim.quote == "the city had “cut street homelessness by 40 percent in just two years”"
    assert TEXT[claim.span_start:claim.span_end] == claim.quote


@pytest.fixture
def published(fact_checker, editor):
    article = make_article(title="Riverton “shelters” report", text=TEXT, url="https://news.example/riverton")
    claims = [
        claim_services.claim_create(article=article, quote="the city had “cut street homelessness by 40 percnt",
                                    claimant_name="Ana Delgado"),
        claim_services.claim_create(article=article, quote="The mayor promised that the waiting list “will fall "
                                    "by half in 15 years.”", claimant_name="Mayor Ruiz"),
        # The demo's claim: two quotations, the second ending the quote.
        claim_services.claim_create(article=article, quote="An expert told Foer that “at election-related moments” "
                                    "— like during this summer’s major party conventions — “the traffic peaked.”",
                                    claimant_name="Franklin Foer"),
    ]
    return [make_verdict(claim=claim, author=fact_checker, reviewer=editor, state="published",
                         headline=f"Checked {n}") for n, claim in enumerate(claims)]


def test_no_page_that_shows_quotes_doubles_a_quotation_mark(client, fact_checker, editor, published):
    client.force_login(editor)
    pages = {}
    for article in Article.objects.all():
        pages[article.get_absolute_url()] = client.get(article.get_absolute_url())
    for claim in Claim.objects.all():
        pages[claim.get_absolute_url()] = client.get(claim.get_absolute_url())
    client.logout()
    for verdict in Verdict.objects.filter(state="published").select_related("claim__article"):
        pages[verdict.get_absolute_url()] = client.get(verdict.get_absolute_url())
        if verdict.claim.article_id:
            report = f"/reports/{verdict.claim.article.slug}/"
            pages[report] = client.get(report)
    pages["/fact-checks/"] = client.get("/fact-checks/")
    for path, response in pages.items():
        assert response.status_code == 200, path
        text = visible_text(response.content.decode())
        doubled = DOUBLED.search(text)
        assert not doubled, f"{path}: …{text[max(0, doubled.start() - 80):doubled.end() + 20]}"
    for path in ("/fact-checks/feed/rss/", "/fact-checks/feed/atom/"):
        for entry in feedparser.parse(client.get(path).content).entries:
            for words in (entry.title, visible_text(entry.summary)):
                assert not DOUBLED.search(words), f"{path}: {words}"

    delgado = published[0]
    page = visible_text(client.get(delgado.get_absolute_url()).content.decode())
    assert "“the city had ‘cut street homelessness by 40 percent in just two years’”" in page
    foer = visible_text(client.get(published[2].get_absolute_url()).content.decode())
    assert "— ‘the traffic peaked.’”" in foer
    ranked = visible_text(pages[delgado.claim.article.get_absolute_url()].content.decode())
    assert "“The mayor promised that the waiting list ‘will fall by half in 15 years.’”" in ranked
