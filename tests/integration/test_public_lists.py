"""The public list of fact-checks (search, filters, keyset pages), the RSS and Atom
feeds, the ClaimReview DataFeed, the sitemap and /api/v1/fact-checks/, as an
anonymous reader, search engine or harvester sees them. Runs on SQLite and
PostgreSQL; what only PostgreSQL's full-text search promises is marked."""

import datetime as dt
import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from claims import public_lists, services
from claims.models import ExternalFactCheck, Verdict
from claims.public_cache import GENERATION_KEY
from tests.factories import make_article, make_evidence
from tests.integration.public_helpers import (
    atom_entries,
    datafeed_reviews,
    fact_check,
    listed_slugs,
    page_url,
    pager_links,
    rss_items,
    sitemap_urls,
)

pytestmark = pytest.mark.django_db

LIST = "/fact-checks/"
RSS, ATOM, DATAFEED, SITEMAP, API = (
    "/fact-checks/feed/rss/", "/fact-checks/feed/atom/", "/fact-checks/claimreview.json", "/sitemap.xml",
    "/api/v1/fact-checks/",
)
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search only")
SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "data" / "claimreview" / "datacommons-sample"


def days_ago(n: int) -> dt.datetime:
    return timezone.now().replace(hour=12, minute=0, second=0, microsecond=0) - dt.timedelta(days=n)


@pytest.fixture
def archive(fact_checker, editor):
    """Four published fact-checks on two claimants, one a day, newest last."""
    rows = [
        ("Mayor Alba", "false", "Road budget was not tripled", "Council minutes show a ten percent rise.",
         "The council tripled the road budget"),
        ("Mayor Alba", "true", "Bridge repairs finished on time", "The contractor's report confirms the date.",
         "The bridge repairs finished in June"),
        ("Councillor Berg", "half-true", "Library hours cut, but not by half", "Opening hours fell by a third.",
         "Library opening hours were halved"),
        ("Councillor Berg", "pants-on-fire", "No, the river is not poisoned", "Water tests found nothing unusual.",
         "The river water is poisoned"),
    ]
    return [
        fact_check(fact_checker, editor, n, claimant=claimant, rating=rating, headline=headline, summary=summary,
                   text=text, published_at=days_ago(10 - n), claim_date=days_ago(20).date())
        for n, (claimant, rating, headline, summary, text) in enumerate(rows, start=1)
    ]


# The list page


def test_the_list_shows_published_fact_checks_newest_first_with_rating_claim_claimant_and_date(client, archive):
    response = client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert listed_slugs(html) == [v.slug for v in reversed(archive)]
    newest = archive[-1]
    assert '<span class="rating rating--false">Pants on Fire</span>' in html
    assert '<span class="rating rating--mixed">Half True</span>' in html
    assert f'<a href="{newest.get_absolute_url()}">No, the river is not poisoned</a>' in html
    assert "“Statement 4: the council spent 4 million on roads”" in html  # the claimant's words
    assert '<span class="muted">The claim we checked:</span> The river water is poisoned' in html
    assert 'href="/fact-checks/?claimant=Councillor%20Berg">Councillor Berg</a>' in html
    assert f'datetime="{newest.published_at.isoformat()}">{newest.published_at:%-d %B %Y}</time>' in html
    assert pager_links(html) == {}
    # Every public page names the feeds for readers' feed finders.
    for url in (LIST, newest.get_absolute_url(), reverse("public:methodology")):
        html = client.get(url).content.decode()
        assert f'type="application/rss+xml" title="Fact-check desk: fact-checks (RSS)" href="{RSS}"' in html, url
        assert f'type="application/atom+xml" title="Fact-check desk: fact-checks (Atom)" href="{ATOM}"' in html, url


# What both databases promise: every word somewhere in headline, summary, claim
# wording, quote or claimant; any case; words may come from different fields.
SEARCHES = [
    ("budget", [1]),                    # headline
    ("contractor", [2]),                # summary
    ("halved", [3]),                    # claim as checked
    ("Statement 4", [4]),               # quote
    ("berg", [3, 4]),                   # claimant, any case
    ("LIBRARY third", [3]),             # headline and summary
    ("alba bridge", [2]),               # claimant and headline
    ("river budget", []),               # each word matches, never in one fact-check
    ("the river", [4]),
    ("unicorn", []),
]


@pytest.mark.parametrize("query, expected", SEARCHES)
def test_search_finds_every_word_across_the_fields(client, archive, query, expected):
    html = client.get(LIST, {"q": query}).content.decode()
    assert listed_slugs(html) == [archive[n - 1].slug for n in sorted(expected, reverse=True)]
    assert 'name="robots" content="noindex, follow"' in html


@on_postgresql
@pytest.mark.parametrize("query, expected", [
    ("poisons", [4]),                   # English stemming: poisoned / poisons
    ('"road budget"', [1]),             # a phrase
    ('"budget road"', []),
    ("berg -river", [3]),               # excluding a word
    ("bridge or river", [2, 4]),
    ("the", []),                        # stop words only: nothing asked for
])
def test_full_text_search_on_postgresql(client, archive, query, expected):
    html = client.get(LIST, {"q": query}).content.decode()
    assert listed_slugs(html) == [archive[n - 1].slug for n in sorted(expected, reverse=True)]


@pytest.mark.parametrize("params, expected", [
    ({"rating": "false"}, [1, 4]),      # False and Pants on Fire are both of class "false"
    ({"rating": "mixed"}, [3]),
    ({"rating": "unproven"}, []),
    ({"claimant": "mayor alba"}, [1, 2]),
    ({"claimant": "Mayor"}, []),        # a name, not a search
    ({"since": "days:8"}, [2, 3, 4]),   # both ends included
    ({"until": "days:8"}, [1, 2]),
    ({"since": "days:8", "until": "days:7"}, [2, 3]),
    ({"rating": "false", "claimant": "Councillor Berg", "q": "river"}, [4]),
])
def test_filters_by_rating_class_claimant_and_dates(client, archive, params, expected):
    params = {name: (days_ago(int(value[5:])).date().isoformat() if value.startswith("days:") else value)
              for name, value in params.items()}
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert listed_slugs(response.content.decode()) == [archive[n - 1].slug for n in sorted(expected, reverse=True)]


@pytest.mark.parametrize("time_zone", ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_dates_at_the_ends_of_the_calendar_list_everything(client, archive, settings, time_zone):
    settings.TIME_ZONE = time_zone
    everything = [fact.slug for fact in reversed(archive)]
    for params in ({"until": "9999-12-31"}, {"since": "0001-01-01"}, {"since": "0001-01-01", "until": "9999-12-31"}):
        page = client.get(LIST, params)
        assert page.status_code == 200, params
        assert listed_slugs(page.content.decode()) == everything
        api = client.get(API, params)
        assert api.status_code == 200, params
        assert [row["slug"] for row in api.json()["results"]] == everything
    assert listed_slugs(client.get(LIST, {"since": "9999-12-31"}).content.decode()) == []
    assert listed_slugs(client.get(LIST, {"until": "0001-01-01"}).content.decode()) == []


@pytest.mark.parametrize("params, parameter, shown_as, message", [
    ({"rating": "fake"}, "rating", "Rating", "Select a valid choice. fake is not one of the available choices."),
    ({"since": "2020-13-01"}, "since", "Published from", "Enter a valid date."),
    ({"until": "yesterday"}, "until", "Published to", "Enter a valid date."),
    ({"since": "2024-05-02", "until": "2024-05-01"}, "until", "Published to", "The end date is before the start date."),
    ({"before": "abc"}, "before", "List position", public_lists.BAD_POSITION),
    ({"after": "999999999999999999_1"}, "after", "List position", public_lists.BAD_POSITION),  # past year 9999
    ({"before": "1_1", "after": "1_2"}, "after", "List position", "Give “before” or “after”, not both."),
    ({"q": "x" * 201}, "q", "Search", "Ensure this value has at most 200 characters (it has 201)."),
])
def test_bad_parameters_answer_400_naming_the_field_as_the_reader_sees_it_and_keep_what_was_typed(
    client, archive, params, parameter, shown_as, message
):
    response = client.get(LIST, {"claimant": "Mayor Alba", **params})
    assert response.status_code == 400
    html = response.content.decode()
    escaped = message.replace("'", "&#x27;")
    assert f"<li>{shown_as}: {escaped}</li>" in html
    assert f"<code>{parameter}</code>" not in html
    assert 'value="Mayor Alba"' in html
    assert listed_slugs(html) == []
    if parameter not in ("before", "after"):  # positions are hidden fields
        [field] = re.findall(rf'<(?:input|select)[^>]* id="id_{parameter}"[^>]*>', html)
        assert 'aria-invalid="true"' in field and f'aria-describedby="id_{parameter}-error"' in field
        assert f'<p class="fc-filters__error" id="id_{parameter}-error">' in html


def test_the_rating_filter_names_its_options_as_the_items_show_their_ratings(client, archive):
    html = client.get(LIST).content.decode()
    [select] = re.findall(r'<select[^>]* id="id_rating"[^>]*>.*?</select>', html, re.DOTALL)
    options = dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select))
    assert options["mixed"] == "Half True or Mixture"
    assert options["false"] == "False or Pants on Fire"
    assert "Mixed" not in select


def test_keyset_pages_walk_the_whole_list_older_and_back_newer(client, fact_checker, editor, monkeypatch):
    monkeypatch.setattr(public_lists, "PAGE_SIZE", 3)
    verdicts = [fact_check(fact_checker, editor, n, published_at=days_ago(n // 2)) for n in range(8)]
    # Pairs share a publication time: the id decides their order.
    expected = [v.slug for v in sorted(verdicts, key=lambda v: (v.published_at, v.pk), reverse=True)]

    pages, url = [], LIST
    while True:
        html = client.get(url).content.decode()
        pages.append(listed_slugs(html))
        links = pager_links(html)
        assert ("prev" in links) == (len(pages) > 1)
        if "next" not in links:
            break
        url = LIST + links["next"]
    assert pages == [expected[0:3], expected[3:6], expected[6:8]]

    html = client.get(url).content.decode()
    back = client.get(LIST + pager_links(html)["prev"]).content.decode()
    assert listed_slugs(back) == expected[3:6]
    first = client.get(LIST + pager_links(back)["prev"]).content.decode()
    assert listed_slugs(first) == expected[0:3] and "prev" not in pager_links(first)


def test_keyset_pages_keep_the_filters_and_a_position_past_the_end_is_empty(client, fact_checker, editor,
                                                                            monkeypatch):
    monkeypatch.setattr(public_lists, "PAGE_SIZE", 2)
    for n in range(6):
        fact_check(fact_checker, editor, n, claimant="Mayor Alba" if n % 2 else "Someone Else")
    html = client.get(LIST, {"claimant": "Mayor Alba"}).content.decode()
    assert len(listed_slugs(html)) == 2
    older = pager_links(html)["next"]
    assert "claimant=Mayor+Alba" in older and "before=" in older
    assert len(listed_slugs(client.get(LIST + older).content.decode())) == 1  # three by Mayor Alba

    html = client.get(LIST, {"before": "1_1"}).content.decode()
    assert listed_slugs(html) == [] and "Back to the newest fact-checks" in html


def test_position_round_trips_through_the_link(archive):
    verdict = archive[0]
    assert public_lists.position_decode(public_lists.position_encode((verdict.published_at, verdict.pk))) == (
        verdict.published_at, verdict.pk)


# Nothing unpublished, internal or private shows anywhere


@pytest.fixture
def every_state(fact_checker, editor):
    """A fact-check in every workflow state, each headline carrying its state's
    name; the published one's claim has internal evidence and a note."""
    verdicts = {
        state: fact_check(fact_checker, editor, n, state=state, headline=f"Marker {state} headline",
                          summary=f"Marker {state} summary", text=f"Marker {state} claim",
                          claimant=f"Person {state}")
        for n, state in enumerate(["draft", "in_review", "changes_requested", "approved", "published", "retracted"])
    }
    claim = verdicts["published"].claim
    make_evidence(claim=claim, stance="supports", url="https://internal.example/", title="Secret internal title",
                  excerpt="Secret internal excerpt", visibility="internal", pasted_text="Secret archived words")
    services.note_create(claim=claim, text="Secret note text", user=editor)
    return verdicts


HIDDEN = ["draft", "in_review", "changes_requested", "approved", "retracted", "Secret"]


def test_unpublished_verdicts_internal_evidence_and_notes_are_in_no_list_feed_sitemap_or_api(
    client, every_state
):
    places = [LIST, LIST + "?q=marker", LIST + "?q=secret", RSS, ATOM, DATAFEED, SITEMAP, API, API + "?q=marker"]
    for url in places:
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        for word in HIDDEN:
            assert word not in content, (url, word)
    published = every_state["published"]
    html = client.get(LIST).content.decode()
    assert "Marker published headline" in html
    assert '<datalist id="claimant-names"><option value="Person published"></datalist>' in html
    assert listed_slugs(client.get(LIST, {"q": "secret"}).content.decode()) == []
    for state, verdict in every_state.items():
        detail = client.get(f"{API}{verdict.pk}/")
        assert detail.status_code == (200 if verdict == published else 404), state
    assert client.get(API + "?q=secret").json()["results"] == []


# Feeds


def test_rss_and_atom_feeds_list_published_fact_checks_with_rating_summary_and_dates(client, archive, editor):
    corrected = services.verdict_act(verdict=archive[0], user=editor, action="corrections", text="A fix.")
    rss = client.get(RSS)
    assert rss["Content-Type"].startswith("application/rss+xml")
    items = rss_items(rss.content)
    assert [item["link"] for item in items] == [page_url(v) for v in reversed(archive)]
    newest = items[0]
    assert newest["title"] == "No, the river is not poisoned"
    assert newest["description"] == ("Pants on Fire. Councillor Berg: “Statement 4: the council spent 4 million on "
                                     "roads” The claim we checked: The river water is poisoned. "
                                     "Water tests found nothing unusual.")
    assert newest["guid"] == page_url(archive[-1])
    assert newest["category"] == "Pants on Fire"
    assert newest["pubDate"] == archive[-1].published_at.strftime("%a, %d %b %Y %H:%M:%S +0000")
    assert "Corrected" in items[-1]["description"]

    atom = client.get(ATOM)
    assert atom["Content-Type"].startswith("application/atom+xml")
    entries = atom_entries(atom.content)
    assert [e["link"] for e in entries] == [page_url(v) for v in reversed(archive)]
    assert entries[-1]["updated"] == corrected.public_updated_at.isoformat()
    assert entries[-1]["published"] == corrected.published_at.isoformat()
    assert entries[0]["summary"].startswith("Pants on Fire.")


# The ClaimReview DataFeed


def test_the_datafeed_has_the_data_commons_shape_and_one_claimreview_per_fact_check(client, archive):
    feed = json.loads(client.get(DATAFEED).content)
    assert feed["@context"] == "https://schema.org" and feed["@type"] == "DataFeed"
    assert feed["dateModified"] == max(v.public_updated_at for v in archive).isoformat()
    elements = feed["dataFeedElement"]
    assert [e["url"] for e in elements] == [page_url(v) for v in reversed(archive)]
    assert {e["@type"] for e in elements} == {"DataFeedItem"}
    review = elements[0]["item"][0]
    assert review["@type"] == "ClaimReview" and review["url"] == page_url(archive[-1])
    assert review["claimReviewed"] == "The river water is poisoned"
    assert review["reviewRating"]["alternateName"] == "Pants on Fire"
    assert review["itemReviewed"]["author"]["name"] == "Councillor Berg"
    assert review["itemReviewed"]["appearance"][0]["url"] == "https://speeches.example/4"


def test_each_host_gets_its_own_links_from_the_cached_feeds_and_sitemap(client, archive, settings):
    settings.ALLOWED_HOSTS = ["desk.example.org", "factcheck.example.net"]
    for path in (DATAFEED, RSS, SITEMAP):
        first = client.get(path, HTTP_HOST="desk.example.org").content.decode()
        second = client.get(path, HTTP_HOST="factcheck.example.net").content.decode()
        assert "//desk.example.org/fact-checks/" in first and "example.net" not in first, path
        assert "//factcheck.example.net/fact-checks/" in second and "desk.example.org" not in second, path


@pytest.mark.skipif(not SAMPLES.is_dir(), reason=f"Data Commons samples not found in {SAMPLES}")
def test_datafeed_reviews_carry_every_field_the_data_commons_samples_have(client, archive):
    [ours] = datafeed_reviews(client.get(DATAFEED).content)[:1]
    for sample in sorted(SAMPLES.glob("*.txt")):
        for block in re.findall(r"<script[^>]*>(.*?)</script>", sample.read_text(), re.S):
            theirs = json.loads(block)
            assert set(theirs) - {"sdLicense", "@context"} <= set(ours), sample.name
            assert set(theirs["reviewRating"]) <= set(ours["reviewRating"]) | {"@type"}
            assert set(theirs["itemReviewed"]) - {"@type"} <= set(ours["itemReviewed"])


def test_our_datafeed_imports_back_with_import_claimreview(client, archive, tmp_path):
    feed = tmp_path / "claimreview.json"
    # On a host a URL validator accepts ("testserver" has no domain).
    feed.write_bytes(client.get(DATAFEED, HTTP_HOST="localhost").content)
    out, err = StringIO(), StringIO()
    call_command("import_claimreview", str(feed), stdout=out, stderr=err)
    assert "Imported 4 fact-checks (4 new, 0 updated), skipped 0" in out.getvalue(), err.getvalue()
    imported = ExternalFactCheck.objects.get(url=f"http://localhost{archive[2].get_absolute_url()}")
    assert (imported.claim_reviewed, imported.rating, imported.claimant) == (
        "Library opening hours were halved", "Half True", "Councillor Berg")
    assert imported.date_published == archive[2].published_at.date()


# The sitemap


def test_the_sitemap_lists_published_pages_reports_the_list_and_methodology_only(client, every_state,
                                                                                 fact_checker, editor):
    article = make_article(title="Council story", text="Statement 9: the council spent 9 million on roads.")
    in_article = fact_check(fact_checker, editor, 9, article=article, headline="From the story")
    response = client.get(SITEMAP)
    assert response["Content-Type"].startswith("application/xml")
    urls = sitemap_urls(response.content)
    published = every_state["published"]
    assert urls[page_url(published)] == published.public_updated_at.date().isoformat()
    assert urls[page_url(in_article)] == in_article.public_updated_at.date().isoformat()
    assert urls[f"http://testserver/reports/{article.slug}/"] == in_article.public_updated_at.date().isoformat()
    for name in ("fact-checks", "methodology", "corrections-policy"):
        assert f"http://testserver{reverse(f'public:{name}')}" in urls
    assert len(urls) == 6
    assert page_url(every_state["retracted"]) not in urls


# The API


def test_the_api_lists_published_fact_checks_to_anyone_with_their_page_and_claimreview(client, archive):
    response = client.get(API)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"next", "previous", "results"}
    first = body["results"][0]
    verdict = archive[-1]
    assert first["id"] == verdict.pk and first["url"] == page_url(verdict)
    assert first["headline"] == "No, the river is not poisoned"
    assert first["rating"] == {
        "slug": "pants-on-fire", "label": "Pants on Fire", "rating_class": "false", "value": 1,
        "best_value": 6, "worst_value": 1, "scale": "politifact", "scale_name": "PolitiFact-style six-step scale",
        "description": "The statement is not accurate and makes a ridiculous claim.",
    }
    assert first["claim"]["checked_text"] == "The river water is poisoned"
    assert first["claimant"] == {"name": "Councillor Berg", "kind": "person", "url": ""}
    assert first["claimreview"]["url"] == page_url(verdict)
    assert first["claimreview"]["reviewRating"]["alternateName"] == "Pants on Fire"
    assert first["published_at"].startswith(verdict.published_at.date().isoformat())
    assert client.get(f"{API}{verdict.pk}/").json() == first


def test_the_api_pages_by_cursor_and_filters_like_the_list(client, archive, monkeypatch):
    from claims.api.fact_checks import FactCheckPagination

    monkeypatch.setattr(FactCheckPagination, "page_size", 3)
    page = client.get(API).json()
    assert [r["id"] for r in page["results"]] == [v.pk for v in reversed(archive)][:3]
    rest = client.get(page["next"]).json()
    assert [r["id"] for r in rest["results"]] == [archive[0].pk] and rest["next"] is None
    assert client.get(rest["previous"]).json()["results"] == page["results"]

    assert [r["id"] for r in client.get(API, {"rating": "false", "q": "river"}).json()["results"]] == [archive[3].pk]
    assert [r["id"] for r in client.get(API, {"claimant": "mayor alba"}).json()["results"]] == [
        archive[1].pk, archive[0].pk]


@pytest.mark.parametrize("params, field", [
    ({"cursor": "not-a-cursor"}, "cursor"),
    ({"rating": "fake"}, "rating"),
    ({"since": "2020-13-01"}, "since"),
    ({"since": "2024-05-02", "until": "2024-05-01"}, "until"),
])
def test_the_api_answers_bad_parameters_with_400_naming_them(client, archive, params, field):
    response = client.get(API, params)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_the_api_list_is_read_only(client, editor, archive):
    assert client.post(API, {"headline": "x"}).status_code in (401, 403, 405)
    client.force_login(editor)
    assert client.post(API, {"headline": "x"}, content_type="application/json").status_code == 405
    assert client.delete(f"{API}{archive[0].pk}/").status_code == 405


# Query counts


def count_queries(client, url) -> int:
    cache.delete(GENERATION_KEY)  # measure the view, not the cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_lists_feeds_sitemap_and_api_run_the_same_queries_for_5_and_50_fact_checks(client, fact_checker, editor):
    article = make_article(title="Council story", text="Statement 0: the council spent 0 million on roads.")
    urls = [LIST, LIST + "?q=council+spending&rating=false", RSS, ATOM, DATAFEED, SITEMAP, API, API + "?q=spending"]
    made = 0

    def grow(size):
        nonlocal made
        while made < size:
            fact_check(fact_checker, editor, made, claimant=f"Councillor {made % 7}",
                       headline=f"Council spending claim {made}", article=article if made == 0 else None)
            made += 1

    grow(5)
    for url in urls:
        client.get(url)  # warm what a process loads once
    small = {url: count_queries(client, url) for url in urls}
    grow(50)
    large = {url: count_queries(client, url) for url in urls}
    assert large == small
    assert len(listed_slugs(client.get(LIST).content.decode())) == public_lists.PAGE_SIZE
    assert Verdict.objects.filter(state="published").count() == 50


def test_the_schema_describes_the_open_fact_check_endpoints(api_client):
    schema = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    listing = schema["paths"]["/api/v1/fact-checks/"]["get"]
    assert {p["name"] for p in listing["parameters"]} == {"q", "rating", "claimant", "since", "until", "cursor"}
    assert {} in listing["security"]  # anonymous clients allowed
    assert set(schema["paths"]["/api/v1/fact-checks/{id}/"]) == {"get"}
    fields = schema["components"]["schemas"]["FactCheck"]["properties"]
    assert {"url", "claim", "claimant", "rating", "headline", "summary", "published_at", "updated_at",
            "claimreview"} <= set(fields)


def test_the_site_root_sends_readers_to_the_fact_checks(client):
    response = client.get("/")
    assert (response.status_code, response["Location"]) == (302, LIST)
