"""A fact-checker's first minutes on the desk, in Chromium, against the desk's own web
server and a real Celery worker.

The walk: log in; paste the seed article; log its most check-worthy sentence as a
claim with one click; have an evidence form refused and find what was typed still
there; add supporting evidence from a web page and refuting evidence from a pasted
document, watching the checks run and the support status change without reloading;
ingest another article from a URL and watch it go from queued to ready.

Then the verdict, with three people at three computers (browser contexts): the
fact-checker drafts a verdict and submits it; an editor, from the review queue,
requests changes with a comment; the fact-checker reads it, revises and submits
again; the editor approves. The fact-checker has no publish button, and a forged
publish is refused with the reason and changes nothing; an anonymous reader gets
404 at the address the page will have and is sent to log in at the desk. The
editor publishes, confirming on a page that names that address; the reader finds the rating and the page's ClaimReview JSON-LD;
the editor adds a correction, and the reader, reloading the cached page, sees it.

Each step is a method of ``Journey`` and leaves what later steps need on it (the
claim, the article, the verdict, the editor's and the reader's pages).
"""

import json
import re
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.utils.text import slugify
from playwright.sync_api import Page, expect

from claims.models import Article, Claim, Verdict
from tests.browser.axe import assert_accessible
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
    open_page: Callable[[], Page] | None = None
    seen_check_states: set[str] = field(default_factory=set)
    verdict: Verdict | None = None
    editor: Page | None = None
    reader: Page | None = None
    public_etag: str = ""

    def message(self, text: str, page: Page | None = None):
        """The message saying ``text``: in the banner, or beside the form that was used."""
        return (page or self.page).locator(".message", has_text=text).first

    def verdict_panel(self, page: Page | None = None):
        return (page or self.page).locator("#verdict")

    def verdict_state(self, page: Page | None = None):
        return self.verdict_panel(page).locator(".card-head .badge")

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

        expect(self.message(f"Article “{SEED_TITLE}” saved.")).to_be_visible()
        expect(page.get_by_role("heading", level=1)).to_have_text(SEED_TITLE)
        self.article = Article.objects.get(title=SEED_TITLE)
        assert self.article.state == "ready" and self.article.sentences.count() > 40
        expect(page.locator("#ranked-sentences .ranked-sentence:visible")).to_have_count(12)

    def log_the_top_ranked_sentence(self) -> None:
        page = self.page
        top = page.locator("#ranked-sentences .ranked-sentence").first
        sentence = top.locator("input[name=quote]").input_value()  # what the button logs
        expect(top.locator(".ranked__text")).to_contain_text(sentence[:40])
        assert "2,700" in sentence  # the seed's most check-worthy sentence
        expect(top).to_contain_text("Why:")
        mark_page(page)
        top.get_by_role("button", name="Log as claim").click()
        # Logged in place: the page is not reloaded, the text and the claims list are updated.
        expect(top).to_contain_text("Logged as claim #")
        assert_not_reloaded(page)

        self.claim = Claim.objects.get(article=self.article)
        assert self.claim.quote == sentence
        expect(self.message(f"Claim #{self.claim.pk} logged (")).to_be_visible()
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

        expect(self.message("The evidence was not added: Stance: This field is required.")).to_be_visible()
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
            expect(self.message("Evidence added; its checks are queued.")).to_be_visible()
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
            expect(self.message("The article will be fetched and read by a worker")).to_be_visible()
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

    # The verdict

    def draft_a_verdict_and_submit_it(self) -> None:
        page = self.page
        page.goto(self.claim.get_absolute_url())
        panel = self.verdict_panel()
        expect(panel).to_contain_text("No verdict yet.")
        panel.get_by_role("radio", name=re.compile(r"^Mostly False\b")).check()
        panel.get_by_label("Headline").fill("No sign the Trump server was talking to Russia")
        panel.get_by_label("Summary").fill("The look-ups match marketing email, and the F.B.I. found no link.")
        panel.get_by_label("Body (Markdown)").fill(
            "Two explanations fit the **2,700 look-ups**: a secret channel, or a mail server.\n\n"
            "- Security researchers traced the server to a marketing-email company."
        )
        panel.get_by_role("button", name="Save draft").click()
        expect(self.message("Verdict draft saved. Submit it for review when it is ready.")).to_be_visible()
        expect(self.verdict_state()).to_have_text("Draft")
        self.verdict = Verdict.objects.get(claim=self.claim)

        self.verdict_panel().get_by_role("button", name="Submit for review").click()
        expect(self.message("Verdict submitted for review")).to_be_visible()
        expect(self.verdict_state()).to_have_text("In review")
        expect(self.verdict_panel()).to_contain_text("You wrote or edited this verdict: another editor reviews it.")
        expect(self.verdict_panel().get_by_role("button")).to_have_count(0)

    def an_editor_requests_changes(self) -> None:
        self.editor = editor = self.open_page()
        log_in(editor, "editor", PASSWORD)
        # The menu item counts what waits for review: the submitted verdict.
        editor.get_by_role("link", name="Review (1 waiting for review)", exact=True).click()
        in_review = editor.locator("#in_review")
        expect(in_review.locator(".count-pill")).to_have_text("1")
        in_review.get_by_role("link", name=self.verdict.headline).click()
        panel = self.verdict_panel(editor)
        expect(self.verdict_state(editor)).to_have_text("In review")
        panel.locator("summary", has_text="Request changes").click()
        panel.get_by_label("What needs to change").fill("Say who the researchers were, and link the F.B.I. story.")
        panel.get_by_role("button", name="Request changes", exact=True).click()
        expect(self.message("Changes requested: the author sees your comment on this page.", editor)).to_be_visible()
        expect(self.verdict_state(editor)).to_have_text("Changes requested")

    def the_fact_checker_revises_and_resubmits(self) -> None:
        page = self.page
        page.reload()
        panel = self.verdict_panel()
        expect(panel.locator(".review-comment")).to_contain_text("Say who the researchers were")
        expect(panel).to_contain_text("Changes requested by Eddie Editor.")
        summary = "Naadir Jeewa and Robert Graham traced the look-ups to marketing email; the F.B.I. found no link."
        expect(panel.get_by_label("Headline")).to_have_value(self.verdict.headline)  # the draft, kept
        panel.get_by_label("Summary").fill(summary)
        panel.get_by_role("button", name="Save draft").click()
        expect(self.message("Verdict draft saved.")).to_be_visible()
        self.verdict_panel().get_by_role("button", name="Submit for review").click()
        expect(self.message("Verdict submitted for review")).to_be_visible()
        expect(self.verdict_state()).to_have_text("In review")
        self.verdict.refresh_from_db()
        assert self.verdict.summary == summary

    def the_editor_approves(self) -> None:
        editor = self.editor
        editor.reload()
        expect(self.verdict_state(editor)).to_have_text("In review")
        self.verdict_panel(editor).get_by_role("button", name="Approve").click()
        expect(self.message("Verdict approved: an editor can publish it now.", editor)).to_be_visible()
        expect(self.verdict_state(editor)).to_have_text("Approved")

    def a_fact_checker_cannot_publish(self) -> None:
        """No publish button; a publish POST forged with the page's own CSRF token is
        refused with the reason, and the verdict stays approved."""
        page = self.page
        page.reload()
        expect(self.verdict_state()).to_have_text("Approved")
        expect(page.get_by_role("button", name="Publish")).to_have_count(0)
        act = f"/desk/claims/{self.claim.pk}/verdict/act/"
        with page.expect_response(lambda response: response.url.endswith(act)) as refused:
            page.evaluate(
                """([action, verdict]) => {
                  const form = Object.assign(document.createElement("form"), {method: "post", action});
                  const fields = {csrfmiddlewaretoken: document.querySelector("[name=csrfmiddlewaretoken]").value,
                                  verdict, action: "publish"};
                  for (const [name, value] of Object.entries(fields)) {
                    form.append(Object.assign(document.createElement("input"), {type: "hidden", name, value}));
                  }
                  document.body.append(form);
                  form.submit();
                }""",
                [act, str(self.verdict.pk)],
            )
        assert refused.value.status == 403
        expect(self.message("Not done: Only editors may publish a verdict.")).to_be_visible()
        expect(self.verdict_state()).to_have_text("Approved")
        self.verdict.refresh_from_db()
        assert (self.verdict.state, self.verdict.slug, self.verdict.published_at) == ("approved", None, None)

    def an_anonymous_reader_cannot_open_the_draft(self) -> None:
        """Neither the public address the verdict will have nor the desk's claim page."""
        self.reader = reader = self.open_page()
        response = reader.goto(f"/fact-checks/{slugify(self.verdict.headline)}/")
        assert response.status == 404
        expect(reader.locator("body")).not_to_contain_text(self.verdict.summary)
        reader.goto(self.claim.get_absolute_url())
        expect(reader.get_by_role("heading", name="Log in to the desk")).to_be_visible()
        assert re.search(r"/desk/login/\?next=", reader.url), reader.url
        expect(reader.locator("body")).not_to_contain_text(self.verdict.summary)

    def the_editor_publishes(self) -> None:
        editor = self.editor
        editor.reload()
        self.verdict_panel(editor).get_by_role("link", name="Publish…").click()
        expect(editor.get_by_role("heading", level=1)).to_have_text("Publish this verdict?")
        expect(editor.locator("main")).to_contain_text(f"/fact-checks/{slugify(self.verdict.headline)}/")
        assert_accessible(editor, "publish confirmation")
        editor.get_by_role("button", name="Publish now").click()
        expect(self.message("Verdict published: its page is public.", editor)).to_be_visible()
        expect(self.verdict_state(editor)).to_have_text("Published")
        self.verdict.refresh_from_db()
        assert self.verdict.slug == slugify(self.verdict.headline)  # where the reader was refused

    def the_reader_finds_the_rating_and_the_claimreview(self) -> None:
        reader = self.reader
        response = reader.goto(self.verdict.get_absolute_url())
        assert response.status == 200
        expect(reader.get_by_role("heading", level=1)).to_have_text(self.verdict.headline)
        expect(reader.locator(".verdict-card__rating .rating")).to_have_text("Our rating: Mostly False")
        expect(reader.locator(".verdict-card .summary")).to_have_text(self.verdict.summary)
        scripts = reader.locator('script[type="application/ld+json"]')
        expect(scripts).to_have_count(1)
        review = json.loads(scripts.text_content())
        assert review["@type"] == "ClaimReview"
        assert review["claimReviewed"] == self.claim.checked_text
        assert review["reviewRating"]["alternateName"] == "Mostly False"
        assert review["url"] == reader.url
        look_at(reader, "journey-public", self.shots)
        self.public_etag = response.headers["etag"]
        assert reader.reload().headers["etag"] == self.public_etag  # the same page, from the cache

    def a_correction_shows_on_the_public_page(self) -> None:
        correction = "An earlier version named the wrong security firm."
        editor = self.editor
        panel = self.verdict_panel(editor)
        panel.locator("summary", has_text="Add a correction").click()
        panel.get_by_label("Correction", exact=True).fill(correction)
        panel.get_by_role("button", name="Add a correction", exact=True).click()
        expect(self.message("Correction added: it is shown, dated, on the verdict page.", editor)).to_be_visible()
        # The reader's page came from the public cache; the correction starts a new generation.
        assert self.reader.reload().headers["etag"] != self.public_etag
        expect(self.reader.locator("#corrections")).to_contain_text(correction)


def test_a_claim_goes_from_an_article_to_a_published_verdict(
    page, open_page, desk, remote_site, desk_users, screenshot_dir
):
    journey = Journey(page=page, desk=desk, site=remote_site, shots=screenshot_dir, open_page=open_page)
    journey.log_in_as_fact_checker()
    journey.paste_the_seed_article()
    journey.log_the_top_ranked_sentence()
    journey.refused_evidence_keeps_what_was_typed()
    journey.add_supporting_evidence_from_a_web_page()
    journey.add_refuting_evidence_from_a_pasted_document()
    assert {"Queued", "Passed"} <= journey.seen_check_states
    journey.ingest_an_article_from_a_url()
    journey.draft_a_verdict_and_submit_it()
    journey.an_editor_requests_changes()
    journey.the_fact_checker_revises_and_resubmits()
    journey.the_editor_approves()
    journey.a_fact_checker_cannot_publish()
    journey.an_anonymous_reader_cannot_open_the_draft()
    journey.the_editor_publishes()
    journey.the_reader_finds_the_rating_and_the_claimreview()
    journey.a_correction_shows_on_the_public_page()
