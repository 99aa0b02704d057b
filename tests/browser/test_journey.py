"""A fact-checker's first minutes on the desk, in Chromium, against the desk's own web
server and a real Celery worker.

The walk: log in; paste the seed article; log its most check-worthy sentence as a
claim with one click; have an evidence form refused and find what was typed still
there; add supporting evidence from a web page and refuting evidence from a pasted
document, watching the checks run and the support status change without reloading;
ingest another article from a URL and watch it go from queued to ready.

Each step is a method of ``Journey`` and leaves what later steps need on it (the
claim, the article). Issue 6's verdict steps (draft, submit, editor review,
publishing, the public page, a correction, "a fact-checker cannot publish", "an
anonymous reader cannot open a draft") are to be appended as further methods once
verdicts are on the desk (issue 5).
"""

import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from claims.models import Article, Claim
from tests.browser.conftest import PASSWORD
from tests.browser.helpers import assert_not_reloaded, log_in, look_at, mark_page
from tests.browser.server import DeskServer
from tests.integration.web_server import Page as RemotePage
from tests.integration.web_server import Site

pytestmark = [pytest.mark.browser, pytest.mark.worker,
              pytest.mark.django_db(transaction=True)]

DEMO = Path(__file__).resolve().parent.parent.parent / "claims" / "fixtures" / "demo"
SEED_TITLE = "That explosive story about Trump's secret server for talking to Russia doesn't add up"
# How long the worker may take: the first checks load the matching models.
WORKER_TIMEOUT = 90_000


def document(name: str) -> str:
    return (DEMO / "documents" / name).read_text(encoding="utf-8")


def web_page(title: str, text: str, *, headline: str = "", published: str = "") -> bytes:
    """An HTML news page as a remote site serves it: JSON-LD metadata, navigation, footer."""
    paragraphs = "".join(f"<p>{part}</p>" for part in text.split("\n\n") if part.strip())
    metadata = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
        f'"headline": "{headline or title}", "datePublished": "{published}", '
        '"author": [{"@type": "Person", "name": "Ann Lee"}]}</script>'
    ) if published else ""
    return (
        f'<!doctype html><html lang="en"><head><title>{title}</title>{metadata}</head><body>'
        '<nav><a href="/">Home</a> · <a href="/tech">Tech</a></nav>'
        f"<article><h1>{headline or title}</h1>{paragraphs}</article>"
        "<footer>© 2016 · Privacy</footer></body></html>"
    ).encode()


@contextmanager
def worker_paused(desk: DeskServer):
    """Hold the worker back (it stops taking tasks from its queue), so that the page
    is seen with its work queued; it takes tasks again on leaving."""
    from factcheck.celery import app

    target = {"destination": [desk.worker.hostname], "reply": True, "timeout": 5}
    assert app.control.cancel_consumer(desk.queue, **target), "the worker did not answer"
    try:
        yield
    finally:
        assert app.control.add_consumer(desk.queue, **target), "the worker did not answer"


@dataclass
class Journey:
    page: Page
    desk: DeskServer
    site: Site
    shots: Path
    claim: Claim | None = None
    article: Article | None = None
    seen_check_states: set[str] = field(default_factory=set)

    def message(self):
        return self.page.locator("#messages")

    def status_badge(self):
        return self.page.locator("#checks-panel .status-box__status .badge")

    def checks_pending(self):
        return self.page.locator("#checks-panel .status-box__status .pending")

    def record_check_states(self) -> None:
        self.seen_check_states.update(
            self.page.locator("#checks-panel .check .badge").all_inner_texts()
        )

    # Steps

    def log_in_as_fact_checker(self) -> None:
        log_in(self.page, "checker", PASSWORD)
        expect(self.page.locator(".site-user__name")).to_have_text("Casey Checker")

    def paste_the_seed_article(self) -> None:
        page = self.page
        page.get_by_role("link", name="New article").first.click()
        page.get_by_label("Paste text or HTML").check()
        expect(page.get_by_label("Address (URL)")).to_be_hidden()
        page.get_by_label("Title").fill(SEED_TITLE)
        page.get_by_label("Article text").fill((DEMO / "vox-trump-alfa-server-article.txt").read_text())
        page.get_by_label("Outlet").fill("Vox")
        page.get_by_label("Authors").fill("Timothy B. Lee")
        page.get_by_label("Publication date").fill("2016-11-01")
        page.get_by_role("button", name="Save article").click()

        expect(self.message()).to_contain_text(f"Article “{SEED_TITLE}” saved.")
        expect(page.get_by_role("heading", level=1)).to_have_text(SEED_TITLE)
        self.article = Article.objects.get(title=SEED_TITLE)
        assert self.article.state == "ready" and self.article.sentences.count() > 40
        expect(page.locator("#ranked-sentences .ranked-sentence:visible")).to_have_count(12)

    def log_the_top_ranked_sentence(self) -> None:
        page = self.page
        top = page.locator("#ranked-sentences .ranked-sentence").first
        sentence = top.locator("q").inner_text()
        assert "2,700" in sentence  # the seed's most check-worthy sentence
        expect(top).to_contain_text("Why:")
        top.get_by_role("button", name="Log as claim").click()

        self.claim = Claim.objects.get(article=self.article)
        assert self.claim.quote == sentence
        expect(self.message()).to_contain_text(f"Claim #{self.claim.pk} logged; its checks are queued.")
        highlight = page.locator("#article-text mark.hl")
        expect(highlight).to_have_text(sentence)
        expect(page.locator("#article-text .hl-tag")).to_have_text(f"#{self.claim.pk} Unverified")
        look_at(page, "journey-article", self.shots)

        page.locator("#claims").get_by_role("link", name=re.compile(f"#{self.claim.pk} ")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(sentence)
        mark_page(page)
        # The claim's own checks run in the worker; the panel follows them by itself.
        expect(self.checks_pending()).to_have_count(0, timeout=WORKER_TIMEOUT)
        assert_not_reloaded(page)
        expect(self.status_badge()).to_have_text("Unverified")
        expect(page.locator("#checks-panel .check")).to_have_count(4)

    def refused_evidence_keeps_what_was_typed(self) -> None:
        form = self.page.locator("#add-evidence")
        form.get_by_label("Address (URL)").fill(self.site.url("/nyt/fbi-no-clear-link"))
        form.get_by_label("Excerpt").fill("sent more than 2,700 “look-up” messages")
        form.get_by_role("button", name="Add evidence").click()  # no stance chosen

        expect(self.message()).to_contain_text("The evidence was not added: Stance: This field is required.")
        form = self.page.locator("#add-evidence")
        expect(form.get_by_label("Address (URL)")).to_have_value(self.site.url("/nyt/fbi-no-clear-link"))
        expect(form.get_by_label("Excerpt")).to_have_value("sent more than 2,700 “look-up” messages")

    def add_supporting_evidence_from_a_web_page(self) -> None:
        self.site.pages["/nyt/fbi-no-clear-link"] = RemotePage(web_page(
            "Investigating Donald Trump, F.B.I. Sees No Clear Link to Russia", document("nyt-fbi-no-clear-link.txt"),
        ))
        form = self.page.locator("#add-evidence")
        form.get_by_label("Address (URL)").fill(self.site.url("/nyt/fbi-no-clear-link"))
        form.get_by_label("Excerpt").fill("two servers at Alfa Bank sent more than 2,700 “look-up” messages")
        self._add_evidence_while_the_worker_waits(stance="Supports", then="Supported")
        evidence = self.page.locator(".evidence--supports")
        expect(evidence).to_contain_text("Archived copy of the link")
        expect(evidence).to_contain_text("HTTP 200")

    def add_refuting_evidence_from_a_pasted_document(self) -> None:
        form = self.page.locator("#add-evidence")
        form.get_by_label("Title").fill("The marketing-email explanation")
        form.get_by_label("Excerpt").fill(
            "The Trump organization is sending out promotional emails about Trump hotels"
        )
        form.get_by_label("Or paste the document").fill(document("jeewa-graham-explanation.txt"))
        self._add_evidence_while_the_worker_waits(stance="Refutes", then="Disputed")
        expect(self.page.locator("#checks-panel")).to_contain_text("Strong refuting evidence")
        look_at(self.page, "journey-claim", self.shots)

    def _add_evidence_while_the_worker_waits(self, *, stance: str, then: str) -> None:
        """Choose the stance and submit the evidence form (filled so far) with the worker
        held back: the page shows the new checks queued and the old status; released, the
        worker runs them and the same page, not reloaded, shows them finished and the new
        status."""
        page = self.page
        form = page.locator("#add-evidence")
        form.get_by_label(stance, exact=True).check()
        before = self.status_badge().inner_text()
        with worker_paused(self.desk):
            form.get_by_role("button", name="Add evidence").click()
            expect(self.message()).to_contain_text("Evidence added; its checks are queued.")
            mark_page(page)
            expect(self.checks_pending()).to_have_text("Checks pending")
            expect(self.status_badge()).to_have_text(before)
            expect(page.locator("#checks-panel .check .badge", has_text="Queued").first).to_be_visible()
            expect(page.locator("#checks-panel .checks-progress")).to_have_text(
                re.compile(r"^\d+ of \d+ checks finished"))
            self.record_check_states()
        expect(self.status_badge()).to_have_text(then, timeout=WORKER_TIMEOUT)
        expect(self.checks_pending()).to_have_count(0, timeout=WORKER_TIMEOUT)
        self.record_check_states()
        assert_not_reloaded(page)
        expect(page.locator(f".evidence--{stance.lower()}s .badge.weak")).to_have_count(0)

    def ingest_an_article_from_a_url(self) -> None:
        self.site.pages["/2016/10/31/trump-server"] = RemotePage(web_page(
            "Was a Trump Server Communicating With Russia? | Slate",
            document("slate-dns-logs.txt") + "\n\n" + document("slate-traffic-chart.txt"),
            headline="Was a Trump Server Communicating With Russia?", published="2016-10-31T18:00:00Z",
        ))
        page = self.page
        page.get_by_role("link", name="New article").first.click()
        page.get_by_label("From a URL").check()
        page.get_by_label("Address (URL)").fill(self.site.url("/2016/10/31/trump-server?utm_source=feed"))
        with worker_paused(self.desk):
            page.get_by_role("button", name="Save article").click()
            expect(self.message()).to_contain_text("The article is being fetched and read; this page updates itself.")
            expect(page.locator("#article-state")).to_contain_text("Waiting for a worker…")
            look_at(page, "journey-ingesting", self.shots)
        # Ready, the page reloads itself once to show the text and the ranked sentences.
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Was a Trump Server Communicating With Russia?", timeout=WORKER_TIMEOUT
        )
        expect(page.locator("#ranked-sentences .ranked-sentence").first).to_be_visible()
        expect(page.locator("#article-state")).to_be_empty()
        article = Article.objects.get(url=self.site.url("/2016/10/31/trump-server"))
        assert (article.state, article.authors, str(article.published_on)) == ("ready", "Ann Lee", "2016-10-31")


def test_a_fact_checker_goes_from_an_article_to_a_claims_support_status(
    page, desk, remote_site, desk_users, screenshot_dir
):
    journey = Journey(page=page, desk=desk, site=remote_site, shots=screenshot_dir)
    journey.log_in_as_fact_checker()
    journey.paste_the_seed_article()
    journey.log_the_top_ranked_sentence()
    journey.refused_evidence_keeps_what_was_typed()
    journey.add_supporting_evidence_from_a_web_page()
    journey.add_refuting_evidence_from_a_pasted_document()
    assert {"Queued", "Passed"} <= journey.seen_check_states
    journey.ingest_an_article_from_a_url()
