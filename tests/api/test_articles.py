"""/api/v1/articles/: create from text or HTML, list, detail, edit."""

import pytest

from tests.factories import ARTICLE_TEXT, make_article, make_claim

pytestmark = pytest.mark.django_db


def test_an_article_is_created_from_pasted_text(checker_api):
    response = checker_api.post(
        "/api/v1/articles/",
        {
            "title": "Was a Trump server communicating with Russia?",
            "text": ARTICLE_TEXT,
            "outlet": "Slate",
            "authors": "Franklin Foer",
            "published_on": "2016-10-31",
            "language": "en",
            "url": "https://slate.example/articles/trump-server",
        },
        format="json",
    )
    assert response.status_code == 201
    article = response.json()
    assert article["slug"] == "was-a-trump-server-communicating-with-russia"
    assert article["outlet"] == "Slate"
    assert article["authors"] == "Franklin Foer"
    assert article["published_on"] == "2016-10-31"
    assert article["url"] == "https://slate.example/articles/trump-server"
    assert article["text"] == ARTICLE_TEXT
    assert article["state"] == "ready"
    assert article["claims"] == []
    sentences = article["sentences"]
    assert len(sentences) == 3 and sentences == sorted(sentences, key=lambda s: -s["score"])
    assert all(ARTICLE_TEXT[s["start"]:s["end"]].strip() and s["reason"] for s in sentences)

    detail = checker_api.get(f"/api/v1/articles/{article['id']}/").json()
    assert detail == article


def test_an_article_is_created_from_html_without_its_scripts(checker_api):
    html = (
        "<h1>Server story</h1><script>alert('x')</script>"
        "<p>The server was registered in 2009 by <b>Cendyn</b>.</p><p onclick='x()'>Second.</p>"
    )
    response = checker_api.post(
        "/api/v1/articles/", {"title": "Server story", "html": html}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["text"] == (
        "Server story\n\nThe server was registered in 2009 by Cendyn.\n\nSecond."
    )


@pytest.mark.parametrize(
    "body, field",
    [
        ({"text": "Some text."}, "title"),
        ({"title": "No body"}, "text"),
        ({"title": "Both", "text": "Some text.", "html": "<p>Some text.</p>"}, "text"),
        ({"title": "Blank", "html": "<script>only()</script>"}, "html"),
        ({"title": "Bad date", "text": "Some text.", "published_on": "31/10/2016"}, "published_on"),
        ({"title": "Bad URL", "text": "Some text.", "url": "not a url"}, "url"),
    ],
)
def test_bad_article_input_is_a_400_naming_the_field(checker_api, body, field):
    response = checker_api.post("/api/v1/articles/", body, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()


def test_a_second_article_with_the_same_url_answers_the_existing_one(checker_api):
    existing = make_article(url="https://slate.example/story")
    response = checker_api.post(
        "/api/v1/articles/",
        {"title": "Copy", "text": "Other text.", "url": "https://SLATE.example/story?utm_source=x"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["id"] == existing.pk


def test_the_detail_lists_the_articles_claims_in_reading_order(checker_api, article):
    later = make_claim(article=article, quote="an email marketing firm")
    earlier = make_claim(article=article, quote="two servers at Alfa Bank")
    detail = checker_api.get(f"/api/v1/articles/{article.pk}/").json()
    assert detail["claims"] == [
        {
            "id": earlier.pk, "quote": "two servers at Alfa Bank",
            "span_start": ARTICLE_TEXT.index("two servers"),
            "span_end": ARTICLE_TEXT.index("two servers") + len("two servers at Alfa Bank"),
            "support_status": "unverified",
        },
        {
            "id": later.pk, "quote": "an email marketing firm",
            "span_start": ARTICLE_TEXT.index("an email"),
            "span_end": ARTICLE_TEXT.index("an email") + len("an email marketing firm"),
            "support_status": "unverified",
        },
    ]


def test_the_list_is_paginated_newest_first_with_claim_counts(checker_api, claim):
    newer = make_article(title="Another story")
    page = checker_api.get("/api/v1/articles/").json()
    assert page["count"] == 2
    assert page["next"] is None and page["previous"] is None
    assert [(a["id"], a["claim_count"]) for a in page["results"]] == [
        (newer.pk, 0), (claim.article_id, 1),
    ]
    assert page["results"][1]["outlet"] == "The Daily Example"
    assert "text" not in page["results"][0]


def test_patch_edits_metadata(checker_api, article):
    response = checker_api.patch(
        f"/api/v1/articles/{article.pk}/",
        {"title": "Renamed", "outlet": "Other Outlet", "published_on": "2016-11-01"},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["title"], body["outlet"], body["published_on"]) == (
        "Renamed", "Other Outlet", "2016-11-01",
    )
    assert body["slug"] == article.slug
    assert body["text"] == ARTICLE_TEXT


def test_patch_with_a_new_text_raises_the_revision_of_its_claims(checker_api, claim):
    new_text = "Preface.\n\n" + ARTICLE_TEXT
    response = checker_api.patch(
        f"/api/v1/articles/{claim.article_id}/", {"text": new_text}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["text"] == new_text
    detail = checker_api.get(f"/api/v1/claims/{claim.pk}/").json()
    assert detail["revision"] == claim.revision + 1
    assert detail["checks_pending"] is True


def test_patch_can_clear_the_url_and_refuses_a_bad_one(checker_api):
    article = make_article(url="https://slate.example/story")
    cleared = checker_api.patch(f"/api/v1/articles/{article.pk}/", {"url": ""}, format="json")
    assert cleared.status_code == 200
    assert cleared.json()["url"] is None
    refused = checker_api.patch(f"/api/v1/articles/{article.pk}/", {"url": "nope"}, format="json")
    assert refused.status_code == 400
    assert "url" in refused.json()


def test_an_unknown_article_is_a_404(checker_api):
    assert checker_api.get("/api/v1/articles/999999/").status_code == 404
    patched = checker_api.patch("/api/v1/articles/999999/", {"title": "x"}, format="json")
    assert patched.status_code == 404
