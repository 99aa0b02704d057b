"""Article ingestion: URLs served on 127.0.0.1, uploads and pasted text through the
ingestion service, with every kind of bad input ending in a clear outcome."""

import gzip
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from claims.models import Article
from evidence import ingest
from tests.integration.test_desk_claims import tiny_pdf
from tests.integration.web_server import Page, start_site, stop_site
from tests.worker import fetching_worker, wait_until

STORY = (
    "Computer logs show that two servers sent more than 2,700 look-up messages in the spring. "
    "The company said the traffic came from spam marketing, according to its statement. "
    "Investigators later found that the servers belonged to a hotel chain in Pennsylvania. "
)
ARTICLE = f"""<!doctype html><html lang="en"><head><title>Logs reviewed | Daily Wire Service</title>
<meta property="og:title" content="Server logs reviewed">
<meta property="og:site_name" content="The Daily Example">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Server logs reviewed by experts", "datePublished": "2016-11-01T09:00:00Z",
 "author": [{{"@type": "Person", "name": "Ann Lee"}}, {{"@type": "Person", "name": "Bo Chen"}}]}}</script>
</head><body><nav><a href="/">Home</a> · <a href="/world">World</a></nav>
<article><h1>Server logs reviewed</h1><p>{STORY}</p><p>{STORY}</p></article>
<footer>Copyright 2016 · Cookie policy</footer></body></html>""".encode()
NAVIGATION = ("<html><body><nav><ul>" + "".join(
    f'<li><a href="/section/{n}">Section {n}</a></li>' for n in range(40)
) + "</ul></nav></body></html>").encode()
GERMAN = (
    "<html><head><title>Haushalt</title></head><body><article><h1>Der Haushalt</h1><p>"
    + "Der Bundestag hat am Donnerstag den Haushalt für das kommende Jahr beschlossen. "
    "Die Ausgaben für Bildung steigen demnach um zwölf Prozent, sagte die Ministerin. " * 3
    + "</p></article></body></html>"
).encode()


@pytest.fixture
def site(settings):
    settings.FETCH_ALLOW_PRIVATE_HOSTS = ["127.0.0.1"]
    site = start_site()
    site.pages["/story"] = Page(ARTICLE)
    yield site
    stop_site(site)


def ingest_url(url: str, user=None) -> Article:
    article, created = ingest.article_ingest_url(url=url, user=user)
    assert created and article.state == "queued"
    return ingest.article_ingest_run(article_id=article.pk)


def upload(name: str, body: bytes, content_type: str = "") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, body, content_type=content_type)


# URLs


@pytest.mark.django_db
def test_a_url_becomes_a_ready_article_with_text_metadata_outlet_and_snapshot(site):
    article = ingest_url(site.url("/story?utm_source=newsletter#top"))
    assert (article.state, article.failure_code) == ("ready", "")
    assert article.url == site.url("/story")
    assert article.title == "Server logs reviewed by experts"
    assert article.authors == "Ann Lee, Bo Chen"
    assert str(article.published_on) == "2016-11-01"
    assert article.language == "en"
    assert "two servers sent more than 2,700 look-up messages" in article.text
    assert "Cookie policy" not in article.text and "World" not in article.text
    assert article.outlet.domain == "127.0.0.1" and article.outlet.name == "The Daily Example"
    assert article.snapshot.body.read() == ARTICLE and article.snapshot.origin == "fetched"
    assert article.slug.startswith("server-logs-reviewed")
    assert article.sentences.exists()


NEWS_PAGE = """<!doctype html><html lang="en"><head><title>Riverton halves homelessness | Riverton Post</title>
<meta property="og:title" content="Riverton halves homelessness"><meta name="author" content="Jo Park">
<meta property="article:published_time" content="2025-03-03T08:00:00Z"></head>
<body><nav><a href="/">Home</a></nav><article><h1>Riverton halves homelessness</h1>
<p>By Jo Park · 3 March 2025</p>
<p>The mayor spoke on Monday about the city's shelters. "We cut street homelessness by 40 percent," said Ana Delgado.</p>
<p>Critics disagreed with the numbers that the city published last week in its yearly report.</p>
<p>The council will vote on the budget next month, according to the clerk's office.</p>
</article><footer>Copyright 2025</footer></body></html>""".encode()


@pytest.mark.django_db
def test_a_fetched_article_keeps_its_paragraphs_without_repeating_its_headline_and_byline(site):
    site.pages["/riverton"] = Page(NEWS_PAGE)
    article = ingest_url(site.url("/riverton"))
    assert (article.title, article.authors) == ("Riverton halves homelessness", "Jo Park")
    assert article.text.split("\n\n") == [
        "The mayor spoke on Monday about the city's shelters. "
        "\"We cut street homelessness by 40 percent,\" said Ana Delgado.",
        "Critics disagreed with the numbers that the city published last week in its yearly report.",
        "The council will vote on the budget next month, according to the clerk's office.",
    ]


@pytest.mark.django_db
def test_the_same_url_in_another_spelling_returns_the_existing_article(site):
    first = ingest_url(site.url("/story"))
    spelling = site.url("/story?fbclid=abc&utm_medium=x#comments").replace("http://", "HTTP://")
    again, created = ingest.article_ingest_url(url=spelling)
    assert (again.pk, created) == (first.pk, False)
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_the_same_text_at_another_address_fails_as_a_duplicate_naming_the_first(site):
    site.pages["/copy"] = Page(ARTICLE)
    first = ingest_url(site.url("/story"))
    copy = ingest_url(site.url("/copy"))
    assert copy.state == "failed" and copy.failure_code == "duplicate"
    assert first.title in copy.failure_reason
    assert ingest.article_for_text(first.text_sha256) == first


@pytest.mark.parametrize(("path", "page", "code", "words"), [
    ("/missing", None, "not_found", "not found"),
    ("/broken", Page(b"oops", status=500), "http_error", "500"),
    ("/nav", Page(NAVIGATION), "not_an_article", "navigation"),
    ("/logo.png", Page(b"\x89PNG\r\n\x1a\n" + bytes(200), content_type="image/png"), "unsupported_type", "image/png"),
    ("/binary.html", Page(b"\x00\x01\x02" * 100), "unsupported_type", "binary"),
    ("/bomb.html", Page(gzip.compress(bytes(1_000_000)), headers={"Content-Encoding": "gzip"}),
     "unsupported_type", "gzip-encoded"),
    ("/loop", None, "redirect_loop", "loop"),
])
@pytest.mark.django_db
def test_pages_that_are_not_articles_fail_with_a_code_and_a_message(site, path, page, code, words):
    if page is not None:
        site.pages[path] = page
    article = ingest_url(site.url(path))
    assert (article.state, article.failure_code) == ("failed", code)
    assert words in article.failure_reason
    assert article.url == site.url(path), "what was entered is kept"


@pytest.mark.django_db
def test_too_large_timed_out_and_blocked_addresses_fail_saying_so(site, settings):
    settings.FETCH_MAX_BYTES = 100
    assert ingest_url(site.url("/story")).failure_code == "too_large"
    settings.FETCH_MAX_BYTES = 10_000_000
    settings.FETCH_TIMEOUT = 0.5
    assert ingest_url(site.url("/hang")).failure_code == "timed_out"
    settings.FETCH_ALLOW_PRIVATE_HOSTS = []
    blocked = ingest_url(site.url("/other"))
    assert (blocked.failure_code, blocked.failure_reason) == ("blocked", ingest.FAILURES["blocked"])


@pytest.mark.django_db
def test_a_timeout_before_the_final_attempt_is_left_for_the_task_to_retry(site, settings):
    settings.FETCH_TIMEOUT = 0.5
    article, _ = ingest.article_ingest_url(url=site.url("/hang"))
    with pytest.raises(ingest.TransientIngestionError):
        ingest.article_ingest_run(article_id=article.pk, final_attempt=False)
    article.refresh_from_db()
    assert article.state == "fetching"


@pytest.mark.django_db
def test_malformed_html_is_still_read(site):
    site.pages["/tagsoup"] = Page(
        f"<html><body><div><article><h1>Logs<p>{STORY}<p>{STORY}<b><i>unclosed</div></td></table>".encode()
    )
    article = ingest_url(site.url("/tagsoup"))
    assert article.state == "ready"
    assert "2,700 look-up messages" in article.text


@pytest.mark.django_db
def test_non_english_articles_are_accepted_with_their_language_detected(site):
    site.pages["/haushalt"] = Page(GERMAN)
    article = ingest_url(site.url("/haushalt"))
    assert (article.state, article.language) == ("ready", "de")


@pytest.mark.parametrize(("url", "words"), [
    ("", "address"),
    ("https://editor:secret@example.com/story", "user name or password"),
    ("ftp://example.com/story", "http and https"),
])
@pytest.mark.django_db
def test_addresses_that_cannot_work_are_refused_on_the_url_field(url, words):
    with pytest.raises(ValidationError) as error:
        ingest.article_ingest_url(url=url)
    assert words in error.value.message_dict["url"][0]
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_a_failed_article_is_retried_from_what_was_entered(site):
    failed = ingest_url(site.url("/later"))
    assert failed.failure_code == "not_found"
    site.pages["/later"] = Page(ARTICLE)
    queued = ingest.article_ingest_retry(article=failed)
    assert (queued.state, queued.failure_code, queued.failure_reason) == ("queued", "", "")
    article = ingest.article_ingest_run(article_id=failed.pk)
    assert article.state == "ready" and "2,700" in article.text
    with pytest.raises(ValidationError):
        ingest.article_ingest_retry(article=article)


@pytest.mark.django_db
def test_a_finished_article_is_not_ingested_twice(site):
    article = ingest_url(site.url("/story"))
    assert ingest.article_ingest_run(article_id=article.pk) is None
    assert ingest.article_ingest_run(article_id=10**9) is None


# Uploads and pasted text


@pytest.mark.django_db
def test_uploaded_html_pdf_and_text_become_articles():
    for name, body, expected in [
        ("story.html", ARTICLE, "2,700 look-up messages"),
        ("budget.pdf", tiny_pdf("Budget rose by 12 percent"), "Budget rose by 12 percent"),
        ("notes.txt", (STORY + "The hotel chain declined to comment.").encode(), "hotel chain in Pennsylvania"),
    ]:
        article, created = ingest.article_ingest_file(upload=upload(name, body))
        assert created and article.snapshot.origin == "uploaded"
        article = ingest.article_ingest_run(article_id=article.pk)
        assert article.state == "ready", (name, article.failure_reason)
        assert expected in article.text


@pytest.mark.parametrize(("name", "body", "content_type", "words"), [
    ("empty.html", b"", "text/html", "empty"),
    ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(50), "image/png", "not image/png"),
])
@pytest.mark.django_db
def test_uploads_that_cannot_work_are_refused_on_the_file_field(name, body, content_type, words):
    with pytest.raises(ValidationError) as error:
        ingest.article_ingest_file(upload=upload(name, body, content_type))
    assert words in error.value.message_dict["file"][0]


@pytest.mark.django_db
def test_an_oversized_upload_is_refused(settings):
    settings.MAX_DOCUMENT_BYTES = 1000
    with pytest.raises(ValidationError, match="too large"):
        ingest.article_ingest_file(upload=upload("big.txt", b"word " * 500))


@pytest.mark.django_db
def test_a_binary_file_named_html_fails_as_unsupported():
    article, _ = ingest.article_ingest_file(upload=upload("story.html", bytes(range(256)) * 20, "text/html"))
    article = ingest.article_ingest_run(article_id=article.pk)
    assert (article.state, article.failure_code) == ("failed", "unsupported_type")
    assert "binary" in article.failure_reason


@pytest.mark.parametrize("name", ["notes.txt", "story.html"])
@pytest.mark.django_db
def test_a_nul_byte_after_the_first_4_kb_fails_as_binary_and_the_article_can_be_retried(name):
    body = (STORY * 20).encode() + b"\x00" + STORY.encode()
    assert body.index(b"\x00") > 4096
    article, _ = ingest.article_ingest_file(upload=upload(name, body))
    article = ingest.article_ingest_run(article_id=article.pk)
    assert (article.state, article.failure_code) == ("failed", "unsupported_type")
    assert "binary" in article.failure_reason
    assert ingest.article_ingest_retry(article=article).state == "queued"


@pytest.mark.django_db
def test_any_unexpected_error_ends_the_ingestion_failed_with_a_reason_and_a_logged_traceback(
    monkeypatch, caplog
):
    def broken_library(*args, **kwargs):
        raise RuntimeError("the extractor fell over")

    monkeypatch.setattr(ingest.trafilatura, "bare_extraction", broken_library)
    article, _ = ingest.article_ingest_file(upload=upload("story.html", ARTICLE))
    article = ingest.article_ingest_run(article_id=article.pk)
    assert (article.state, article.failure_code) == ("failed", "unexpected")
    assert article.failure_reason == ingest.FAILURES["unexpected"].format(detail="RuntimeError")
    assert "the extractor fell over" in caplog.text and "Traceback" in caplog.text

    monkeypatch.undo()
    ingest.article_ingest_retry(article=article)
    article = ingest.article_ingest_run(article_id=article.pk)
    assert article.state == "ready" and "2,700 look-up messages" in article.text


@pytest.mark.django_db
def test_pasted_text_is_ranked_and_the_same_text_returns_the_existing_article():
    article, created = ingest.article_ingest_text(title="Logs", text=STORY)
    assert created and article.state == "ready"
    assert article.sentences.exists()
    again, created = ingest.article_ingest_text(title="Logs again", text="  " + STORY)
    assert (again.pk, created) == (article.pk, False)
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_empty_and_huge_pasted_texts_are_refused_on_the_text_field():
    with pytest.raises(ValidationError) as error:
        ingest.article_ingest_text(title="Empty", text="   ")
    assert "text" in error.value.message_dict
    with pytest.raises(ValidationError, match="too long"):
        ingest.article_ingest_text(title="Huge", text="word " * 200_000)


# Desk and API


@pytest.mark.django_db
def test_the_desk_form_ingests_a_url_and_the_page_polls_until_ready(site, checker_client,
                                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        response = checker_client.post(reverse("desk:article_create"), {"source": "url", "url": site.url("/story")})
    article = Article.objects.get()
    assert response.status_code == 302 and response.url == article.get_absolute_url()
    page = checker_client.get(article.get_absolute_url()).content.decode()
    assert "Queued" in page and 'hx-trigger="every 2s"' in page
    ingest.article_ingest_run(article_id=article.pk)
    state = checker_client.get(reverse("desk:article_state", args=[article.pk]), HTTP_HX_REQUEST="true")
    assert state.headers.get("HX-Refresh") == "true"
    page = checker_client.get(article.get_absolute_url()).content.decode()
    assert "every 2s" not in page and "2,700 look-up messages" in page
    again = checker_client.post(reverse("desk:article_create"), {"source": "url", "url": site.url("/story#x")})
    assert again.url == article.get_absolute_url()
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_the_desk_shows_a_failure_and_retries_it(site, checker_client):
    article = ingest_url(site.url("/nav-missing"))
    page = checker_client.get(article.get_absolute_url()).content.decode()
    assert "The page was not found" in page and "Retry" in page
    response = checker_client.post(reverse("desk:article_retry", args=[article.pk]))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.state == "queued"


@pytest.mark.django_db
def test_the_desk_form_uploads_a_file(checker_client):
    response = checker_client.post(
        reverse("desk:article_create"), {"source": "file", "file": upload("notes.txt", STORY.encode(), "text/plain")}
    )
    article = Article.objects.get()
    assert response.url == article.get_absolute_url() and article.snapshot.filename == "notes.txt"


@pytest.mark.django_db
def test_the_api_queues_a_url_answers_an_existing_one_and_retries(site, checker_api):
    response = checker_api.post("/api/v1/articles/", {"url": site.url("/story")}, format="json")
    assert response.status_code == 202 and response.json()["state"] == "queued"
    article_id = response.json()["id"]
    again = checker_api.post("/api/v1/articles/", {"url": site.url("/story?utm_source=x")}, format="json")
    assert again.status_code == 200 and again.json()["id"] == article_id
    bad = checker_api.post("/api/v1/articles/", {"url": "https://a:b@example.com/x"}, format="json")
    assert bad.status_code == 400 and "url" in bad.json()
    not_failed = checker_api.post(f"/api/v1/articles/{article_id}/retry/")
    assert not_failed.status_code == 400
    Article.objects.filter(pk=article_id).update(state="failed", failure_code="timed_out")
    retried = checker_api.post(f"/api/v1/articles/{article_id}/retry/")
    assert retried.status_code == 202 and retried.json()["state"] == "queued"


@pytest.mark.django_db
def test_the_api_accepts_a_multipart_file(checker_api):
    response = checker_api.post(
        "/api/v1/articles/", {"file": upload("notes.txt", STORY.encode(), "text/plain")}, format="multipart"
    )
    assert response.status_code == 202 and response.json()["state"] == "queued"
    bad = checker_api.post("/api/v1/articles/", {"file": upload("e.txt", b"")}, format="multipart")
    assert bad.status_code == 400 and "file" in bad.json()


# The batch command


@pytest.mark.django_db
def test_ingest_articles_queues_many_and_summarises_failures(site, tmp_path, capsys):
    notes = tmp_path / "notes.txt"
    notes.write_text(STORY)
    lines = [
        {"url": site.url("/story")},
        {"url": site.url("/story#again")},
        {"path": str(notes)},
        {"text": "A pasted story about the budget, which rose by 12 percent.", "title": "Budget"},
        {"url": "https://user:pw@example.com/x"},
        {"path": str(tmp_path / "missing.html")},
        {"nothing": 1},
    ]
    records = tmp_path / "articles.jsonl"
    records.write_text("\n".join(json.dumps(line) for line in lines) + "\nnot json\n")
    call_command("ingest_articles", str(records))
    out = capsys.readouterr().out
    assert "3 queued, 1 already on the desk, 4 failed" in out
    assert "line 5: url: Addresses with a user name or password" in out
    assert "line 6: path: no such file" in out
    assert "line 8: not a JSON object" in out
    assert Article.objects.count() == 3


# A real worker


@pytest.fixture
def ingesting_worker(tmp_path, site):
    with fetching_worker(tmp_path / "worker.log", "ingest") as worker:
        yield worker


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_ingests_a_url_to_a_ranked_ready_article(ingesting_worker, site):
    article, created = ingest.article_ingest_url(url=site.url("/story"))
    assert created
    article = wait_until(
        lambda: (a := Article.objects.get(pk=article.pk)).state in ("ready", "failed") and a,
        timeout=60, message="the article's ingestion",
    )
    assert (article.state, article.failure_reason) == ("ready", "")
    assert "2,700 look-up messages" in article.text
    assert article.sentences.exists()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_ingest_articles_wait_reports_what_the_worker_made_of_each_line(ingesting_worker, site, tmp_path, capsys):
    site.pages["/nav"] = Page(NAVIGATION)
    lines = [
        {"url": site.url("/story")},
        {"url": site.url("/missing")},
        {"url": site.url("/nav")},
        {"url": site.url("/story?utm_source=feed")},
        {"url": "https://user:pw@example.com/x"},
    ]
    records = tmp_path / "articles.jsonl"
    records.write_text("\n".join(json.dumps(line) for line in lines) + "\n")

    call_command("ingest_articles", str(records), "--wait", "--timeout", "90")

    out = capsys.readouterr().out.splitlines()
    story, missing, nav = (Article.objects.get(url=site.url(path)) for path in ("/story", "/missing", "/nav"))
    assert (story.state, missing.state, nav.state) == ("ready", "failed", "failed")
    assert out == [
        "3 queued, 1 already on the desk, 1 failed",
        "  line 5: url: Addresses with a user name or password in them are refused.",
        "1 ready, 2 not ready",
        f"  article {missing.pk} ({site.url('/missing')}) failed: not_found: "
        "The page was not found (the site answered 404).",
        f"  article {nav.pk} ({site.url('/nav')}) failed: not_an_article: " + ingest.FAILURES["not_an_article"],
    ]
