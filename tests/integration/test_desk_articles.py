"""Articles on the desk: creating, listing, editing, reading with highlights, logging claims."""

import re

import pytest
from django.urls import reverse

from claims import selectors
from claims import services as claim_services
from claims.models import Article, Claim, Claimant
from evidence.checks import registry
from tests.factories import make_article, make_claim, make_evidence
from tests.integration.desk_helpers import ExcerptIsSourced, settle

pytestmark = pytest.mark.django_db

MAYOR_TEXT = (
    "The mayor said the city’s budget “grew by 12 percent” last year.\n\n"
    "Critics said the growth was smaller.\nThey cited the audit."
)


def form_data(**overrides):
    data = {
        "title": "Budget story",
        "body_format": "text",
        "body": MAYOR_TEXT,
        "url": "",
        "outlet": "Daily Planet",
        "authors": "Lois Lane, Clark Kent",
        "published_on": "2024-03-05",
        "language": "en",
    }
    return {**data, **overrides}


# Creating and listing


def test_an_article_is_created_from_pasted_text(checker_client, fact_checker):
    response = checker_client.post(reverse("desk:article_create"), form_data(), follow=True)
    article = Article.objects.get()
    assert response.redirect_chain[-1][0] == article.get_absolute_url()
    assert article.text == MAYOR_TEXT
    assert article.outlet.name == "Daily Planet"
    assert article.authors == "Lois Lane, Clark Kent"
    assert str(article.published_on) == "2024-03-05"
    assert article.created_by == fact_checker
    assert "Article “Budget story” saved." in response.content.decode()


def test_an_article_from_html_is_stored_as_clean_text(checker_client):
    html = (
        "<h1 onclick=\"steal()\">Budget</h1><p>The budget <b>grew</b> by 12%.</p>"
        "<script>alert('owned')</script><style>p{}</style><p>Critics &amp; auditors disagree.</p>"
    )
    checker_client.post(reverse("desk:article_create"), form_data(body_format="html", body=html))
    article = Article.objects.get()
    assert article.text == "Budget\n\nThe budget grew by 12%.\n\nCritics & auditors disagree."
    assert "alert" not in article.text and "<" not in article.text


def test_a_refused_article_keeps_everything_typed_and_says_why(checker_client):
    body = "<script>only a script</script>"
    response = checker_client.post(
        reverse("desk:article_create"), form_data(body_format="html", body=body, title="Kept <title>")
    )
    assert response.status_code == 400
    assert Article.objects.count() == 0
    page = response.content.decode()
    assert "The article has no text." in page
    assert 'value="Kept &lt;title&gt;"' in page
    assert 'value="Daily Planet"' in page
    assert 'value="Lois Lane, Clark Kent"' in page
    assert 'value="2024-03-05"' in page
    assert "&lt;script&gt;only a script&lt;/script&gt;</textarea>" in page
    assert re.search(r'value="html"[^>]*checked', page)
    assert "The article was not saved" in page


def test_a_missing_title_is_a_field_error(checker_client):
    response = checker_client.post(reverse("desk:article_create"), form_data(title=""))
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert Article.objects.count() == 0


def test_the_articles_list_shows_outlet_and_claim_count(checker_client):
    article = make_article(title="Server story", outlet_name="Vox")
    make_claim(article=article)
    make_article(title="Quiet story", text="Nothing to see.")
    page = checker_client.get(reverse("desk:articles")).content.decode()
    assert "Server story" in page and "Quiet story" in page and "Vox" in page
    assert f'href="{reverse("desk:dashboard")}?article={article.pk}">1</a>' in page


# The article page


def test_each_claim_is_highlighted_at_its_span_with_its_status(checker_client):
    article = make_article(text=MAYOR_TEXT)
    budget = make_claim(article=article, quote="the city’s budget “grew by 12 percent”")
    critics = make_claim(article=article, quote="Critics said the growth was smaller.")
    with registry.temporarily(ExcerptIsSourced):
        make_evidence(claim=critics, stance="refutes", excerpt="The audit shows 12 percent.")
        settle(critics)
    page = checker_client.get(article.get_absolute_url()).content.decode()
    assert (
        f'<mark class="hl hl-unverified" title="Claim #{budget.pk}: Unverified">'
        "the city’s budget “grew by 12 percent”</mark>"
        f'<a class="hl-tag status-unverified" href="{budget.get_absolute_url()}"'
    ) in page
    assert f"#{budget.pk} Unverified</a> last year." in page
    assert (
        f'<mark class="hl hl-refuted" title="Claim #{critics.pk}: Refuted">'
        "Critics said the growth was smaller.</mark>"
    ) in page
    assert f"#{critics.pk} Refuted</a>\nThey cited the audit.</p>" in page


def test_overlapping_claims_are_split_into_flat_marks(checker_client):
    article = make_article(text=MAYOR_TEXT)
    wide = make_claim(article=article, quote="The mayor said the city’s budget")
    inner = make_claim(article=article, quote="the city’s budget “grew by 12 percent”")
    page = checker_client.get(article.get_absolute_url()).content.decode()
    paragraph = re.search(r'<div class="article-text" id="article-text">\s*<p>(.*?)</p>', page, re.S).group(1)
    assert "<mark" not in re.sub(r"<mark[^>]*>[^<]*</mark>", "", paragraph)  # never nested
    assert (
        f'<mark class="hl hl-unverified hl-overlap" title="Claim #{wide.pk}: Unverified; '
        f'Claim #{inner.pk}: Unverified">the city’s budget</mark>'
    ) in paragraph
    assert paragraph.count("hl-tag") == 2


def test_article_text_is_escaped_and_paragraphs_kept(checker_client):
    text = "Watch <script>alert('x')</script> & <b>this</b>.\n\nSecond paragraph."
    article = make_article(text=text)
    page = checker_client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "Watch &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;this&lt;/b&gt;.</p>" in page
    assert "<p>Second paragraph.</p>" in page


def test_the_article_page_lists_its_claims_and_offers_the_claim_form(checker_client):
    article = make_article()
    claim = make_claim(article=article, claimant_name="Franklin Foer")
    page = checker_client.get(article.get_absolute_url()).content.decode()
    assert "Claims in this article" in page
    assert f"#{claim.pk} more than 2,700 look-up messages" in page
    assert '<option value="Franklin Foer"></option>' in page
    assert 'list="claimant-names"' in page
    # desk.js copies a passage selected in the article text into the quote (tests/browser).
    assert 'id="id_quote"' in page and 'id="article-text"' in page and "js/desk.js" in page


def test_the_claimant_suggestions_are_the_most_frequent_claimants(checker_client, monkeypatch):
    monkeypatch.setattr(selectors, "CLAIMANT_SUGGESTIONS", 2)
    article = make_article()
    for name, claims in (("Often", 3), ("Twice", 2), ("Once", 1)):
        for _ in range(claims):
            make_claim(article=article, claimant_name=name)
    page = checker_client.get(article.get_absolute_url()).content.decode()
    assert '<datalist id="claimant-names"><option value="Often"></option><option value="Twice"></option></datalist>' in page


# Logging claims


def test_logging_a_claim_stores_it_and_creates_the_claimant(checker_client, fact_checker):
    article = make_article(text=MAYOR_TEXT)
    response = checker_client.post(
        reverse("desk:claim_log", args=[article.pk]),
        {
            "quote": "Critics said the growth was smaller.",
            "text": "Budget growth was below 12%",
            "claimant": "City Critics",
            "claim_date": "2024-03",
            "date_precision": "month",
        },
    )
    assert response.status_code == 400  # "2024-03" is not a date: the form says so
    assert Claim.objects.count() == 0
    assert "Enter a valid date." in response.content.decode()

    response = checker_client.post(
        reverse("desk:claim_log", args=[article.pk]),
        {
            "quote": "Critics said the growth was smaller.",
            "text": "Budget growth was below 12%",
            "claimant": "City Critics",
            "claim_date": "2024-03-01",
            "date_precision": "month",
        },
        follow=True,
    )
    claim = Claim.objects.get()
    # Back at the new claim's mark in the text, where the passage was selected.
    assert response.redirect_chain[-1][0] == f"{article.get_absolute_url()}#logged-claim-{claim.pk}"
    assert f'id="logged-claim-{claim.pk}"' in response.content.decode()
    start = MAYOR_TEXT.index("Critics")
    assert (claim.span_start, claim.span_end) == (start, start + len("Critics said the growth was smaller."))
    assert claim.text == "Budget growth was below 12%"
    assert claim.claimant.name == "City Critics"
    assert claim.date_precision == "month"
    assert claim.created_by == fact_checker
    assert (f"Claim #{claim.pk} logged (claimant City Critics, dated 1 March 2024); its checks are queued."
            in response.content.decode())


def test_an_existing_claimant_is_reused_whatever_the_case(checker_client):
    article = make_article(text=MAYOR_TEXT)
    make_claim(article=article, quote="Critics said the growth was smaller.", claimant_name="City Critics")
    checker_client.post(
        reverse("desk:claim_log", args=[article.pk]),
        {"quote": "They cited the audit.", "claimant": "city critics", "date_precision": "day"},
    )
    assert Claimant.objects.count() == 1
    assert Claim.objects.filter(claimant__name="City Critics").count() == 2


def test_a_fuzzy_quote_is_stored_in_the_articles_own_words(checker_client):
    article = make_article(text=MAYOR_TEXT)
    typed = "the city's budget  \"grew by 12   percent\" last year"
    checker_client.post(
        reverse("desk:claim_log", args=[article.pk]), {"quote": typed, "date_precision": "day"}
    )
    claim = Claim.objects.get()
    assert claim.quote == "the city’s budget “grew by 12 percent” last year"
    assert article.text[claim.span_start:claim.span_end] == claim.quote


def test_a_quote_not_in_the_article_is_refused_with_the_closest_passage(checker_client):
    article = make_article(text=MAYOR_TEXT)
    typed = "Critics said the growth was far smaller than that"
    response = checker_client.post(
        reverse("desk:claim_log", args=[article.pk]),
        {"quote": typed, "claimant": "City Critics", "date_precision": "day"},
    )
    assert response.status_code == 400
    assert Claim.objects.count() == 0
    page = response.content.decode()
    assert "This quote is not in the article. The closest passage is: “Critics said the growth was smaller" in page
    assert "The claim was not logged" in page
    assert f">\n{typed}</textarea>" in page
    assert 'value="City Critics"' in page


# Editing


def test_editing_an_article_saves_metadata_and_text(checker_client):
    article = make_article(text=MAYOR_TEXT, outlet_name="Daily Planet")
    claim = make_claim(article=article, quote="They cited the audit.")
    form = checker_client.get(reverse("desk:article_edit", args=[article.pk])).content.decode()
    assert 'value="Daily Planet"' in form
    response = checker_client.post(
        reverse("desk:article_edit", args=[article.pk]),
        {
            "title": "Budget story (updated)",
            "url": "https://planet.example/budget",
            "outlet": "The Planet",
            "authors": "Lois Lane",
            "published_on": "",
            "language": "en",
            "text": MAYOR_TEXT + "\n\nA correction was added.",
        },
        follow=True,
    )
    article.refresh_from_db()
    claim.refresh_from_db()
    assert article.title == "Budget story (updated)"
    assert article.outlet.name == "The Planet"
    assert article.url == "https://planet.example/budget"
    assert article.text.endswith("A correction was added.")
    assert claim.revision == 2  # a new text re-checks the quotes
    assert "Article saved." in response.content.decode()


def test_an_article_edit_with_an_empty_text_is_refused(checker_client):
    article = make_article(text=MAYOR_TEXT)
    response = checker_client.post(
        reverse("desk:article_edit", args=[article.pk]),
        {"title": "Still here", "language": "en", "text": ""},
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert 'value="Still here"' in response.content.decode()
    article.refresh_from_db()
    assert article.text == MAYOR_TEXT


def test_a_claim_logged_elsewhere_keeps_its_own_page(checker_client):
    claim = claim_services.claim_create(quote="A speech line.", appearance_url="https://example.org/speech")
    page = checker_client.get(claim.get_absolute_url()).content.decode()
    assert "A speech line." in page
    assert "https://example.org/speech" in page
