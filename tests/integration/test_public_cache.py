"""The public page cache: every place that shows a verdict (its page, the article
report, the list, the feeds, the DataFeed, the sitemap and the API list) is served
from Redis, answers conditional GETs, and shows a publication, correction or
retraction as soon as it is committed."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from claims import services
from claims.models import Verdict
from tests.factories import make_article
from tests.integration.public_helpers import (
    atom_entries,
    datafeed_reviews,
    fact_check,
    listed_slugs,
    page_url,
    rss_items,
    sitemap_urls,
)

pytestmark = pytest.mark.django_db

TEXT = ("Statement 1: the council spent 1 million on roads.\n\n"
        "Statement 2: the council spent 2 million on roads.")
STANDING, MOVING = "Standing verdict on roads", "Moving verdict on roads"
QUIET_HEADLINE = "Quietly changed headline"
QUIET_UPDATE = dt.datetime(2031, 2, 3, 12, tzinfo=dt.UTC)
CORRECTION, REASON = "We misdated the vote.", "The vote never happened."
# The places that list verdicts; with the report and the verdict pages, every place.
LISTS = {
    "list": "/fact-checks/", "rss": "/fact-checks/feed/rss/", "atom": "/fact-checks/feed/atom/",
    "datafeed": "/fact-checks/claimreview.json", "sitemap": "/sitemap.xml", "api list": "/api/v1/fact-checks/",
}


def build(fact_checker, editor, moving_state: str):
    """An article with a standing published verdict and a second one in ``moving_state``."""
    article = make_article(title="Council roads", text=TEXT)
    standing = fact_check(fact_checker, editor, 1, article=article, headline=STANDING)
    moving = fact_check(fact_checker, editor, 2, article=article, headline=MOVING, state=moving_state)
    places = {**LISTS, "report": reverse("public:report", args=[article.slug]),
              "standing page": standing.get_absolute_url()}
    return standing, moving, places


def shows_moving(name: str, content: bytes, moving: Verdict) -> bool:
    """Whether the place lists the moving verdict (by headline, or address in the sitemap)."""
    if name == "sitemap":
        return page_url(moving) in sitemap_urls(content)
    return MOVING in content.decode()


def moving_is_corrected(name: str, content: bytes, moving: Verdict) -> bool:
    """Whether the place shows the moving verdict's correction (a later modified date)."""
    moving.refresh_from_db()
    if name == "list":
        [row] = [row for row in content.decode().split('<li class="fc-item') if MOVING in row]
        return "Corrected" in row
    if name == "rss":
        [item] = [item for item in rss_items(content) if item["title"] == MOVING]
        return "Corrected" in item["description"]
    if name == "atom":
        [entry] = [entry for entry in atom_entries(content) if entry["title"] == MOVING]
        return entry["updated"] == moving.public_updated_at.isoformat()
    if name == "datafeed":
        return moving.public_updated_at.isoformat() in content.decode()
    if name == "api list":
        return moving.public_updated_at.isoformat().replace("+00:00", "Z") in content.decode()
    return True  # the sitemap's date, the report and the standing page do not show corrections


@pytest.mark.parametrize("action, moving_state", [
    ("publish", "approved"), ("corrections", "published"), ("retract", "published"),
])
def test_every_place_is_served_from_the_cache_until_an_action_invalidates_it(
    client, fact_checker, editor, django_capture_on_commit_callbacks, action, moving_state
):
    standing, moving, places = build(fact_checker, editor, moving_state)
    moving_page = f"/fact-checks/{moving.slug}/" if moving.slug else None
    cached = {name: client.get(url).content for name, url in places.items()}
    for name, content in cached.items():
        if name != "standing page":  # it shows its own verdict only
            assert shows_moving(name, content, moving) == (moving_state == "published"), name

    # A change that goes around the services starts no new generation: still the cached copy.
    Verdict.objects.filter(pk=standing.pk).update(headline=QUIET_HEADLINE, public_updated_at=QUIET_UPDATE)
    for name, url in places.items():
        assert client.get(url).content == cached[name], name

    with django_capture_on_commit_callbacks(execute=True):
        moving = services.verdict_act(verdict=moving, user=editor, action=action, text=CORRECTION, reason=REASON)

    for name, url in places.items():
        content = client.get(url).content
        text = content.decode()
        assert QUIET_HEADLINE in text or QUIET_UPDATE.date().isoformat() in text, name  # a fresh copy
        if name == "standing page":
            continue
        assert shows_moving(name, content, moving) == (action != "retract"), name
        if action == "corrections":
            assert moving_is_corrected(name, content, moving), name
    page = client.get(moving_page or moving.get_absolute_url()).content.decode()
    expected = {"publish": MOVING, "corrections": CORRECTION, "retract": REASON}[action]
    assert expected in page


def test_every_place_answers_if_none_match_with_304_until_a_publication(
    client, fact_checker, editor, django_capture_on_commit_callbacks
):
    standing, moving, places = build(fact_checker, editor, "approved")
    etags = {}
    for name, url in places.items():
        first = client.get(url)
        assert first.status_code == 200 and first["ETag"], name
        assert "no-cache" in first["Cache-Control"] and "public" in first["Cache-Control"]
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert (again.status_code, again.content, again["ETag"]) == (304, b"", first["ETag"]), name
        etags[name] = first["ETag"]

    with django_capture_on_commit_callbacks(execute=True):
        services.verdict_act(verdict=moving, user=editor, action="publish")
    for name, url in places.items():
        if name == "standing page":
            continue  # shows nothing of the other verdict: same content, same ETag
        response = client.get(url, HTTP_IF_NONE_MATCH=etags[name])
        assert response.status_code == 200 and response["ETag"] != etags[name], name


def test_a_retracted_verdict_leaves_lists_feeds_search_sitemap_and_api_but_its_page_says_why(
    client, fact_checker, editor, django_capture_on_commit_callbacks
):
    standing, moving, places = build(fact_checker, editor, "published")
    search = f"/fact-checks/?q={MOVING.split()[0]}"
    assert moving.slug in listed_slugs(client.get(search).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        retracted = services.verdict_act(verdict=moving, user=editor, action="retract", reason=REASON)

    assert listed_slugs(client.get(search).content.decode()) == []
    assert listed_slugs(client.get(LISTS["list"]).content.decode()) == [standing.slug]
    assert [item["link"] for item in rss_items(client.get(LISTS["rss"]).content)] == [page_url(standing)]
    assert [entry["link"] for entry in atom_entries(client.get(LISTS["atom"]).content)] == [page_url(standing)]
    assert [r["url"] for r in datafeed_reviews(client.get(LISTS["datafeed"]).content)] == [page_url(standing)]
    assert page_url(retracted) not in sitemap_urls(client.get(LISTS["sitemap"]).content)
    assert [r["id"] for r in client.get(LISTS["api list"]).json()["results"]] == [standing.pk]
    assert client.get(f"/api/v1/fact-checks/{retracted.pk}/").status_code == 404
    assert MOVING not in client.get(places["report"]).content.decode()

    page = client.get(retracted.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert re.search(r"[Rr]etracted", html) and REASON in html


def test_signed_in_users_always_get_a_fresh_list(client, fact_checker, editor):
    standing, moving, places = build(fact_checker, editor, "published")
    client.get(LISTS["list"])
    Verdict.objects.filter(pk=standing.pk).update(headline=QUIET_HEADLINE)
    assert QUIET_HEADLINE not in client.get(LISTS["list"]).content.decode()
    client.force_login(editor)
    assert QUIET_HEADLINE in client.get(LISTS["list"]).content.decode()
