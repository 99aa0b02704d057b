"""The public verdict page, the article report, archived text and the flat pages, as
an anonymous reader (and a search engine) sees them."""

import datetime as dt
import re

import extruct
import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from claims import services
from claims.models import Appearance
from claims.public_cache import GENERATION_KEY
from evidence.models import EvidenceItem
from tests.factories import SourceFactory, make_article, make_claim, make_evidence, make_verdict

pytestmark = pytest.mark.django_db

QUOTE = "more than 2,700 look-up messages"
SCRIPTED_TEXT = "Logs list 2,700 look-ups. <script>alert('archived')</script> End of the log."
RAW_HTML = "<html><body><p>The firm registered the server.</p><script>stealCookies()</script></body></html>"


def build_claim(*, appearances: int = 2, public_evidence: int = 2, user=None,
                article_url: str = "https://news.example/trump-server"):
    """A claim from a dated article by a named outlet, with a claimant, appearances
    (archived and not), public evidence (one archived with markup in its text), one
    internal evidence item and one internal note."""
    article = make_article(url=article_url, outlet_name="Example News",
                           authors="A. Reporter", published_on=dt.date(2016, 10, 31))
    claim = make_claim(article=article, quote=QUOTE, text="Alfa Bank servers sent over 2,700 look-ups to a Trump server",
                       claimant_name="Example News", claim_date=dt.date(2016, 10, 1), date_precision="month")
    source = SourceFactory(name="Server Registry")
    archived = make_evidence(claim=claim, stance="refutes", url="https://registry.example/cendyn",
                             title="Registry entry for the server", excerpt="Registered in 2009 by Cendyn",
                             source=source, pasted_text=SCRIPTED_TEXT)
    make_evidence(claim=claim, stance="context", url="https://raw.example/page", title="Raw page",
                  excerpt="The firm registered the server.", pasted_text=RAW_HTML)
    for n in range(2, public_evidence):
        make_evidence(claim=claim, stance="supports", url=f"https://evidence{n}.example/", title=f"Item {n}",
                      excerpt=f"Excerpt {n}.")
    internal = make_evidence(claim=claim, stance="supports", url="https://internal.example/",
                             title="SECRET INTERNAL SOURCE", excerpt="Private correspondence.",
                             visibility="internal", pasted_text="Internal archived words.")
    services.note_create(claim=claim, text="SECRET NOTE about the claimant", user=user)
    for n in range(appearances):
        Appearance.objects.create(
            claim=claim, url=f"https://elsewhere{n}.example/post", appeared_on=dt.date(2016, 11, 1 + n % 28),
            snapshot=archived.snapshot if n == 0 else None,
        )
    return claim, archived, internal


def publish(claim, fact_checker, editor, **fields):
    fields = {"body": "The logs show **DNS look-ups**, not messages.",
              "claimant_response": "Example News stands by its story.", **fields}
    return make_verdict(claim=claim, author=fact_checker, reviewer=editor, state="published", **fields)


def page_url(verdict):
    return reverse("public:fact-check", args=[verdict.slug])


def claimreviews(html: str, url: str) -> list[dict]:
    """Every ClaimReview in the page's JSON-LD, read as a search engine would."""
    found = extruct.extract(html, base_url=url, syntaxes=["json-ld"], uniform=True)["json-ld"]
    return [item for item in found if item.get("@type") == "ClaimReview"]


def visible_text(html: str) -> str:
    """The page's text without tags, scripts and styles, whitespace folded."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture
def published(fact_checker, editor):
    fact_checker.first_name, fact_checker.last_name = "Fay", "Checker"
    fact_checker.save()
    editor.first_name, editor.last_name = "Ed", "Itor"
    editor.save()
    claim, archived, internal = build_claim(user=fact_checker)
    verdict = publish(claim, fact_checker, editor)
    return verdict, archived, internal


def test_the_published_page_shows_the_claim_rating_evidence_and_people(client, published):
    verdict, archived, internal = published
    response = client.get(page_url(verdict))
    assert response.status_code == 200
    html = response.content.decode()
    text = visible_text(html)
    claim = verdict.claim
    for expected in [
        QUOTE,                                     # as quoted
        claim.text,                                # as checked
        "Example News",                            # claimant
        "October 2016",                            # claim date at month precision
        "Trump server story",                      # the article it appeared in
        verdict.rating.label,
        verdict.rating.description,
        verdict.summary,
        "Example News stands by its story.",       # the claimant's response
        "Registry entry for the server", "Server Registry", "Refutes the claim", "Registered in 2009 by Cendyn",
        "Evidence status: Unverified",             # support status in words
        "Fay Checker", "Ed Itor",                  # author and editor
        f"Published {timezone.localtime(verdict.published_at):%-d %B %Y}",
    ]:
        assert expected in text, expected
    assert "<strong>DNS look-ups</strong>" in html          # the sanitised body
    assert 'class="rating rating--large rating--false"' in html  # colour class beside the label
    for step in verdict.rating.scale.ratings.all():          # the scale, this rating marked
        assert step.label in text
    assert f'href="{reverse("public:methodology")}"' in html
    assert f'href="{reverse("public:corrections-policy")}"' in html
    assert f'href="{reverse("public:report", args=[claim.article.slug])}"' in html
    # Links to the original and to the archived text, for the article, appearances and evidence.
    assert 'href="https://news.example/trump-server"' in html
    for appearance in claim.appearances.all():
        assert f'href="{appearance.url}"' in html
    assert 'href="https://registry.example/cendyn"' in html
    assert f'href="{reverse("public:archived-text", args=[archived.snapshot_id])}"' in html
    # Title, description, canonical and sharing tags.
    canonical = f"http://testserver{page_url(verdict)}"
    assert f"<title>{verdict.headline} · {settings.FACTCHECK_ORG_NAME}</title>" in html
    assert f'<meta name="description" content="{verdict.summary}">' in html
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert f'<meta property="og:title" content="{verdict.headline}">' in html
    assert '<meta name="twitter:card" content="summary">' in html


def test_internal_evidence_notes_and_their_archives_never_show(client, published):
    verdict, archived, internal = published
    html = client.get(page_url(verdict)).content.decode()
    for secret in ["SECRET INTERNAL SOURCE", "internal.example", "Private correspondence", "SECRET NOTE"]:
        assert secret not in html
    assert client.get(reverse("public:archived-text", args=[internal.snapshot_id])).status_code == 404


def test_archived_text_is_escaped_text_and_never_the_raw_body(client, published):
    verdict, archived, internal = published
    response = client.get(reverse("public:archived-text", args=[archived.snapshot_id]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "&lt;script&gt;alert(&#x27;archived&#x27;)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    raw = EvidenceItem.objects.get(title="Raw page")
    response = client.get(reverse("public:archived-text", args=[raw.snapshot_id]))
    html = response.content.decode()
    assert "The firm registered the server." in html
    assert "stealCookies" not in html and "<html><body>" not in html


def test_archived_text_of_an_unpublished_claim_is_not_found(client, fact_checker, editor):
    claim, archived, internal = build_claim(user=fact_checker)
    make_verdict(claim=claim, author=fact_checker, reviewer=editor, state="approved")
    assert client.get(reverse("public:archived-text", args=[archived.snapshot_id])).status_code == 404
    assert client.get(reverse("public:archived-text", args=[999999])).status_code == 404


def test_the_page_carries_one_claimreview_that_matches_the_page_and_the_database(client, published):
    verdict, archived, internal = published
    verdict.refresh_from_db()
    claim = verdict.claim
    url = f"http://testserver{page_url(verdict)}"
    html = client.get(page_url(verdict)).content.decode()
    assert html.count('<script type="application/ld+json">') == 1
    [review] = claimreviews(html, url)
    text = visible_text(html)

    assert review["url"] == url
    assert review["claimReviewed"] == claim.text and claim.text in text
    assert review["author"] == {"@type": "Organization", "name": settings.FACTCHECK_ORG_NAME,
                                "url": settings.FACTCHECK_ORG_URL}
    assert settings.FACTCHECK_ORG_NAME in text
    assert review["datePublished"] == timezone.localdate(verdict.published_at).isoformat()
    assert f"Published {timezone.localtime(verdict.published_at):%-d %B %Y}" in text
    assert f'datetime="{timezone.localtime(verdict.published_at).isoformat()}"' in html
    rating = review["reviewRating"]
    assert rating == {"@type": "Rating", "alternateName": verdict.rating.label, "ratingValue": verdict.rating.value,
                      "bestRating": verdict.rating.best_value, "worstRating": verdict.rating.worst_value}
    assert verdict.rating.label in text

    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": claim.claimant.name}
    assert item["datePublished"] == "2016-10" and 'datetime="2016-10"' in html
    appearance_urls = [work["url"] for work in item["appearance"]]
    expected_urls = [claim.article.url] + [a.url for a in claim.appearances.order_by("appeared_on", "pk")]
    assert appearance_urls == expected_urls
    for work_url in appearance_urls:
        assert f'href="{work_url}"' in html
    assert item["firstAppearance"] == item["appearance"][0]
    assert item["firstAppearance"] == {"@type": "CreativeWork", "url": claim.article.url,
                                       "headline": claim.article.title, "datePublished": "2016-10-31"}
    assert review["headline"] == verdict.headline and verdict.headline in text


def test_json_ld_cannot_break_out_of_its_script_element(client, fact_checker, editor):
    claim = make_claim(text="A claim with </script><script>alert(1)</script> in it")
    verdict = publish(claim, fact_checker, editor)
    html = client.get(page_url(verdict)).content.decode()
    assert "<script>alert(1)" not in html
    [review] = claimreviews(html, "http://testserver/")
    assert review["claimReviewed"] == "A claim with </script><script>alert(1)</script> in it"


def test_a_retracted_page_says_why_links_its_successor_and_claims_no_review(client, fact_checker, editor):
    claim, archived, internal = build_claim(user=fact_checker)
    first = publish(claim, fact_checker, editor, headline="The first verdict")
    first = services.verdict_act(verdict=first, user=editor, action="retract", reason="We misread the logs.")
    response = client.get(page_url(first))
    assert response.status_code == 200
    html = response.content.decode()
    assert "This fact-check was retracted" in html and "We misread the logs." in html
    assert f"{timezone.localtime(first.retracted_at):%-d %B %Y}" in visible_text(html)
    assert "application/ld+json" not in html and not claimreviews(html, "http://testserver/")
    assert "<title>Retracted: The first verdict" in html
    # Its archived evidence stays readable: the page still links to it.
    assert client.get(reverse("public:archived-text", args=[archived.snapshot_id])).status_code == 200

    second = make_verdict(claim=claim, author=fact_checker, reviewer=editor, state="approved",
                          headline="The second verdict", rating="mostly-false")
    assert second.supersedes == first
    # A successor that is not yet published is not linked.
    assert "The second verdict" not in client.get(page_url(first)).content.decode()

    second = services.verdict_act(verdict=second, user=editor, action="publish")
    cache.delete(GENERATION_KEY)  # the test runs in one transaction: no commit starts a generation
    old_html = client.get(page_url(first)).content.decode()
    assert f'href="{page_url(second)}"' in old_html and "The second verdict" in old_html
    new_html = client.get(page_url(second)).content.decode()
    assert f'href="{page_url(first)}"' in new_html and "replaces an earlier one that we retracted" in new_html
    assert len(claimreviews(new_html, "http://testserver/")) == 1


@pytest.mark.parametrize("state", ["draft", "in_review", "changes_requested", "approved"])
def test_unpublished_verdicts_have_no_page_for_anyone(client, fact_checker, editor, state):
    verdict = make_verdict(author=fact_checker, reviewer=editor, state=state, headline="Not yet public")
    # Unpublished verdicts have no slug; the slug their headline would get is not served either.
    assert client.get("/fact-checks/not-yet-public/").status_code == 404
    client.force_login(editor)
    assert client.get("/fact-checks/not-yet-public/").status_code == 404
    assert verdict.get_absolute_url() == ""


def test_an_unknown_slug_is_not_found(client):
    assert client.get("/fact-checks/no-such-verdict/").status_code == 404
    assert client.get("/reports/no-such-article/").status_code == 404


def test_conditional_get_answers_304_with_the_same_etag(client, published):
    verdict, archived, internal = published
    for url in [page_url(verdict), reverse("public:report", args=[verdict.claim.article.slug]),
                reverse("public:archived-text", args=[archived.snapshot_id])]:
        first = client.get(url)
        assert first.status_code == 200 and first["ETag"]
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304 and again["ETag"] == first["ETag"] and not again.content
        assert client.get(url, HTTP_IF_NONE_MATCH='"stale"').status_code == 200


def test_a_correction_and_a_retraction_reach_the_cached_page_and_report(
    client, published, editor, django_capture_on_commit_callbacks
):
    verdict, archived, internal = published
    page, report = page_url(verdict), reverse("public:report", args=[verdict.claim.article.slug])
    etag = client.get(page)["ETag"]
    assert "We misnamed the firm." not in client.get(page).content.decode()
    assert verdict.headline in client.get(report).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        verdict = services.verdict_act(verdict=verdict, user=editor, action="corrections", text="We misnamed the firm.")
    response = client.get(page, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Corrections" in html and "We misnamed the firm." in html
    assert f"Updated {timezone.localtime(verdict.public_updated_at):%-d %B %Y}" in visible_text(html)
    [review] = claimreviews(html, "http://testserver/")
    assert review["datePublished"] == timezone.localdate(verdict.published_at).isoformat()

    with django_capture_on_commit_callbacks(execute=True):
        services.verdict_act(verdict=verdict, user=editor, action="retract", reason="The logs were forged.")
    html = client.get(page).content.decode()
    assert "The logs were forged." in html and "application/ld+json" not in html
    assert client.get(report).status_code == 404  # its only published verdict is gone


def test_the_report_marks_each_published_claim_with_its_rating(client, fact_checker, editor):
    article = make_article(url="https://news.example/story", outlet_name="Example News",
                           published_on=dt.date(2016, 10, 31))
    checked = make_claim(article=article, quote="more than 2,700 look-up messages")
    second = make_claim(article=article, quote="registered in 2009 by Cendyn")
    draft_only = make_claim(article=article, quote="Traffic peaked at election-related moments")
    one = publish(checked, fact_checker, editor, headline="Look-ups are not messages", rating="false")
    two = publish(second, fact_checker, editor, headline="The registration date holds", rating="true")
    make_verdict(claim=draft_only, author=fact_checker, reviewer=editor, state="approved", headline="Unseen")

    response = client.get(reverse("public:report", args=[article.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Trump server story" in html and "Example News" in html and 'href="https://news.example/story"' in html
    assert '<mark class="hl--false"' in html and ">more than 2,700 look-up messages</mark>" in html
    assert '<mark class="hl--true"' in html and ">registered in 2009 by Cendyn</mark>" in html
    for verdict in (one, two):
        assert f'href="{page_url(verdict)}"' in html
    assert ">False</a>" in html.replace('<span class="visually-hidden">Rated </span>', "")
    assert ">True</a>" in html.replace('<span class="visually-hidden">Rated </span>', "")
    # The draft's claim is plain text, and its headline appears nowhere.
    assert "Traffic peaked at election-related moments" in html and "<mark" not in html.split("Traffic peaked")[0][-60:]
    assert "Unseen" not in html
    assert "<p>The server was <mark" in html  # the article's text, paragraph by paragraph


def test_an_article_without_published_verdicts_has_no_report(client, fact_checker, editor):
    claim = make_claim()
    make_verdict(claim=claim, author=fact_checker, reviewer=editor, state="approved")
    assert client.get(reverse("public:report", args=[claim.article.slug])).status_code == 404


def test_methodology_and_corrections_policy_are_public_flat_pages(client):
    for name, title in [("public:methodology", "How we fact-check"), ("public:corrections-policy", "Corrections policy")]:
        response = client.get(reverse(name))
        assert response.status_code == 200
        html = response.content.decode()
        assert f"<h1>{title}</h1>" in html and 'href="/fact-checks/"' in html
        assert "csrfmiddlewaretoken" not in html


def test_an_admin_edit_of_a_flat_page_shows_at_once_on_the_cached_page(
    client, admin_client, django_capture_on_commit_callbacks
):
    from django.contrib.flatpages.models import FlatPage

    url = reverse("public:methodology")
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    page = FlatPage.objects.get(url="/methodology/")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/flatpages/flatpage/{page.pk}/change/", {
            "url": page.url, "title": page.title, "content": "<p>We now also check videos.</p>",
            "sites": [site.pk for site in page.sites.all()], "template_name": "",
        })
    assert response.status_code == 302
    assert "We now also check videos." in client.get(url, HTTP_IF_NONE_MATCH=etag).content.decode()


def _queries(client, url) -> int:
    cache.delete(GENERATION_KEY)  # measure the view, not the cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_verdict_page_runs_the_same_queries_for_5_and_50_items(client, fact_checker, editor):
    counts = {}
    for size in (5, 50):
        claim, archived, internal = build_claim(appearances=size, public_evidence=size, user=fact_checker,
                                                article_url=f"https://news.example/story-{size}")
        verdict = publish(claim, fact_checker, editor, headline=f"Verdict with {size} items")
        for n in range(size):
            services.verdict_act(verdict=verdict, user=editor, action="corrections", text=f"Correction {n}")
        counts[size] = _queries(client, page_url(verdict))
        assert f"Item {size - 1}" in client.get(page_url(verdict)).content.decode()
    assert counts[5] == counts[50], counts


def test_the_report_runs_the_same_queries_for_2_and_6_verdicts(client, fact_checker, editor):
    counts = {}
    for size in (2, 6):
        text = "\n\n".join(f"Statement {n} says the council spent {n} million." for n in range(size))
        article = make_article(title=f"Council story {size}", text=text, outlet_name="Gazette")
        for n in range(size):
            claim = make_claim(article=article, quote=f"Statement {n} says the council spent {n} million")
            publish(claim, fact_checker, editor, headline=f"Council verdict {size}-{n}")
        counts[size] = _queries(client, reverse("public:report", args=[article.slug]))
    assert counts[2] == counts[6], counts
