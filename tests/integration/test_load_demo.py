"""``manage.py load_demo``: the Vox article, its claims and evidence, built through the services."""

import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from claims.matching import locate_quote
from claims.models import Article, Claim, Claimant, Correction, Note, Verdict
from evidence.models import CheckResult, EvidenceItem, Snapshot, Source
from tests.worker import wait_until

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VOX_URL = "https://www.vox.com/new-money/2016/11/1/13485048/trump-alfa-bank-server-russia"
NYT_URL = "https://www.nytimes.com/2016/11/01/us/politics/fbi-russia-election-donald-trump.html"


def load_demo(**options) -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out, **options)
    return out.getvalue()


def claim_quoting(fragment: str) -> Claim:
    return Claim.objects.select_related("claimant").get(quote__contains=fragment)


def record_counts() -> dict[str, int]:
    models = (User, Source, Claimant, Article, Claim, EvidenceItem, Snapshot, Note, CheckResult, Verdict, Correction)
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def demo_output(db):
    return load_demo()


def test_the_article_is_the_vox_piece_without_scraping_debris(demo_output):
    article = Article.objects.select_related("outlet").get(url=VOX_URL)
    assert article.title == "That explosive story about Trump's secret server for talking to Russia doesn't add up"
    assert article.authors == "Timothy B. Lee"
    assert article.published_on.isoformat() == "2016-11-01"
    assert article.language == "en"
    assert article.state == "ready"
    assert (article.outlet.name, article.outlet.domain, article.outlet.owner) == ("Vox", "vox.com", "Vox Media")
    assert article.text.startswith("Late on Monday afternoon, Slate published a lengthy article by Frank Foer")
    for debris in ("clock menu", "more-arrow", "Filed under:", "Getty Images", "Photo by"):
        assert debris not in article.text
    # The prose is kept as published, typographic quotes included.
    assert "there’s something nefarious going on here." in article.text


def test_claims_are_logged_with_their_claimants_and_exact_quotes(demo_output):
    article = Article.objects.get(url=VOX_URL)
    claims = list(article.claims.select_related("claimant"))
    assert len(claims) >= 6
    for claim in claims:
        assert claim.claimant is not None
        assert claim.text and claim.claim_date
        assert article.text[claim.span_start:claim.span_end] == claim.quote
    assert claim_quoting("2,700").claimant.name == "The New York Times"
    assert claim_quoting("at election-related moments").claimant.name == "Expert quoted by Franklin Foer (Slate)"
    assert claim_quoting("email marketing firm called Cendyn").claimant.name == "Franklin Foer"
    assert claim_quoting("one of just two entities").claimant.name == "Franklin Foer"
    assert claim_quoting("At least five outlets").claimant.name == "Sam Biddle"
    assert claim_quoting("strangely small load of traffic").claimant.name == "Franklin Foer"
    assert claim_quoting("innocuous explanation").claimant.name == "F.B.I."


def test_statuses_are_computed_from_the_evidence_without_a_worker(demo_output):
    claims = Claim.objects.all()
    assert {claim.support_status for claim in claims} == {"supported", "refuted", "disputed", "unverified"}
    assert not any(claim.checks_pending for claim in claims)
    assert not CheckResult.objects.filter(is_current=True, state__in=["queued", "running"]).exists()
    assert CheckResult.objects.filter(is_current=True, check_id="claim.quote_in_article").count() == claims.count()
    assert set(
        CheckResult.objects.filter(is_current=True, check_id="claim.quote_in_article").values_list("state", flat=True)
    ) == {"passed"}

    assert claim_quoting("2,700").support_status == "supported"
    assert claim_quoting("innocuous explanation").support_status == "supported"
    assert claim_quoting("at election-related moments").support_status == "refuted"
    assert claim_quoting("strangely small load of traffic").support_status == "refuted"
    assert claim_quoting("one of just two entities").support_status == "disputed"
    assert claim_quoting("digital hotline").support_status == "disputed"
    # Only the claimant's own tweet backs it, and tweets are rated unreliable.
    biddle = claim_quoting("At least five outlets")
    assert biddle.support_status == "unverified"
    assert biddle.support_breakdown["flags"] == ["only weak evidence"]
    assert claim_quoting("very small handful of IP addresses").support_status == "unverified"


def test_evidence_is_pasted_source_documents_with_their_original_urls(demo_output):
    items = list(EvidenceItem.objects.select_related("snapshot", "source"))
    assert len(items) >= 10
    assert {item.stance for item in items} == {"supports", "refutes", "context"}
    for item in items:
        assert item.url.startswith("https://")
        assert item.snapshot.origin == "pasted"
        assert item.snapshot.url == item.url
        assert item.snapshot.content_type == "text/plain"
        assert locate_quote(item.snapshot.text, item.excerpt) is not None, item.excerpt
        # Each item's source is one the demo describes, rated and owned.
        assert item.source.owner and item.source.reliability != "unknown", item.url
    nyt = EvidenceItem.objects.get(claim=claim_quoting("2,700"), url=NYT_URL)
    assert nyt.stance == "supports"
    assert nyt.source.reliability == "reliable"
    assert "Investigating Donald Trump, F.B.I. Sees No Clear Link to Russia" in nyt.snapshot.text
    dyn = EvidenceItem.objects.filter(url__startswith="https://www.theverge.com/").select_related("source").first()
    # The Verge and Vox share an owner: Dyn's statement does not confirm Vox independently.
    assert dyn.source.owner == Source.objects.get(domain="vox.com").owner == "Vox Media"
    assert Note.objects.filter(claim=claim_quoting("one of just two entities")).exists()


def test_verdicts_walk_the_workflow_by_the_demo_people(demo_output, client):
    states = dict(Verdict.objects.values_list("claim__quote", "state"))
    assert sorted(states.values()) == [
        "changes_requested", "draft", "in_review", "published", "published", "published",
    ]
    assert "Verdicts: draft 1, in review 1, changes requested 1, published 3" in demo_output
    published = Verdict.objects.filter(state="published").select_related("author", "reviewer", "rating")
    for verdict in published:
        # Reviewed by an editor who did not write it; published with a page and a slug.
        assert verdict.reviewer.groups.filter(name="editor").exists()
        assert verdict.reviewer != verdict.author
        assert verdict.slug and verdict.published_at and verdict.summary and verdict.rating
        assert client.get(verdict.get_absolute_url()).status_code == 200
    by_editor = published.get(author__username="editor")
    assert by_editor.reviewer.username == "editor2"
    assert by_editor.claim == claim_quoting("innocuous explanation")
    hotline = published.get(claim=claim_quoting("digital hotline"))
    assert (hotline.rating.label, hotline.reviewer.username) == ("Mostly False", "editor")
    assert Correction.objects.filter(verdict__claim=claim_quoting("at election-related moments")).count() == 1
    sent_back = Verdict.objects.get(state="changes_requested")
    assert sent_back.review_comment and sent_back.reviewer.username == "editor"

    assert client.login(username="editor2", password="editor2-demo-pass")
    queue = client.get(reverse("desk:review")).content.decode()
    assert "The logs do show more than 2,700 look-ups from Alfa Bank" in queue
    assert "The server was registered by Cendyn, a hotel email marketer" in queue


def test_running_it_again_duplicates_nothing(demo_output):
    before = record_counts()
    statuses = dict(Claim.objects.values_list("pk", "support_status"))

    second = load_demo()

    assert record_counts() == before
    assert dict(Claim.objects.values_list("pk", "support_status")) == statuses
    assert "claims            0         9" in second
    assert "verdicts          0         6" in second
    assert "Support status: supported 3, refuted 2, disputed 2, unverified 2" in second


def test_demo_users_log_in_with_the_printed_passwords(demo_output, client):
    assert "checker / checker-demo-pass" in demo_output
    assert "editor / editor-demo-pass" in demo_output
    assert "editor2 / editor2-demo-pass" in demo_output
    assert client.login(username="checker", password="checker-demo-pass")
    assert client.login(username="editor", password="editor-demo-pass")
    assert client.login(username="editor2", password="editor2-demo-pass")
    checker, editor = User.objects.get(username="checker"), User.objects.get(username="editor")
    assert list(checker.groups.values_list("name", flat=True)) == ["fact-checker"]
    assert list(editor.groups.values_list("name", flat=True)) == ["editor"]
    assert list(User.objects.get(username="editor2").groups.values_list("name", flat=True)) == ["editor"]
    assert editor.is_staff and not checker.is_staff
    assert editor.has_perm("claims.change_claim") and editor.has_perm("evidence.view_checkresult")


def test_the_desk_dashboard_shows_every_status(demo_output, client):
    assert client.login(username="checker", password="checker-demo-pass")
    page = client.get(reverse("desk:dashboard"))
    assert page.status_code == 200
    content = page.content.decode()
    for label in ("Supported", "Refuted", "Disputed", "Unverified"):
        assert label in content
    assert "Alfa Bank" in content


def test_passwords_can_be_chosen(db, client):
    load_demo(checker_password="a-checker-secret", editor_password="an-editor-secret",
              second_editor_password="another-editor-secret")
    assert client.login(username="checker", password="a-checker-secret")
    assert client.login(username="editor", password="an-editor-secret")
    assert client.login(username="editor2", password="another-editor-secret")
    assert not client.login(username="checker", password="checker-demo-pass")


def test_it_succeeds_when_no_broker_answers(tmp_path):
    """Run as an operator would, in its own process and database, with the broker address closed."""
    database = tmp_path / "demo.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "factcheck.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "CELERY_BROKER_URL": "redis://127.0.0.1:1/0",
    }

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env,
            capture_output=True, text=True, timeout=300,
        )

    assert manage("migrate", "--verbosity", "0").returncode == 0
    done = manage("load_demo")

    assert done.returncode == 0, done.stderr
    assert "No broker answers at redis://" in done.stderr
    assert "Support status: supported 3, refuted 2, disputed 2, unverified 2" in done.stdout
    assert "Demo ready." in done.stdout
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT support_status, checks_pending FROM claims_claim").fetchall()
    assert {status for status, _pending in rows} == {"supported", "refuted", "disputed", "unverified"}
    assert not any(pending for _status, pending in rows)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_tasks_a_running_worker_receives_afterwards_change_nothing(celery_worker_process, shipped_data):
    """The demo ran its checks itself; the worker then finds every row final. (The demo's
    verdicts need the shipped rating scales, which an earlier transactional test's flush removes.)"""
    log_start = len(celery_worker_process.log_path.read_text())
    load_demo()
    results = {r.pk: (r.state, r.attempts, r.finished_at) for r in CheckResult.objects.all()}
    statuses = dict(Claim.objects.values_list("pk", "support_status"))
    queue = redis.Redis.from_url(settings.CELERY_BROKER_URL)

    def drained() -> bool:
        log = celery_worker_process.log_path.read_text()[log_start:]
        received = log.count("] received")
        idle = queue.llen(settings.CELERY_TASK_DEFAULT_QUEUE) == 0
        return idle and received > 0 and received == log.count("] succeeded")

    wait_until(drained, timeout=60, message="the worker to finish the demo's tasks")

    assert {r.pk: (r.state, r.attempts, r.finished_at) for r in CheckResult.objects.all()} == results
    assert dict(Claim.objects.values_list("pk", "support_status")) == statuses
    assert not Claim.objects.filter(checks_pending=True).exists()


def test_demo_people_have_names_for_their_bylines(demo_output):
    names = dict(User.objects.values_list("username", "first_name"))
    assert (names["checker"], names["editor"], names["editor2"]) == ("Casey", "Eddie", "Erin")
