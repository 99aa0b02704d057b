"""Every main screen of the desk and of the public site, filled with the demo, in
Chromium: axe finds no serious or critical accessibility problem, keyboard focus is
visible, and each screen is photographed at desktop and phone width (the README's
pictures come from here)."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.db.models import Count
from django.utils import timezone
from playwright.sync_api import Page, expect

from claims.demo import DEFAULT_CHECKER_PASSWORD, DEFAULT_EDITOR_PASSWORD
from claims.models import Article, Claim, Verdict
from evidence.models import EvidenceItem, Source
from tests.browser.conftest import PHONE
from tests.browser.helpers import log_in, log_out, look_at, tab_through
from tests.factories import make_verdict

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(desk, shipped_data):
    """The demo desk (the seed article, its claims and evidence, three accounts), loaded by
    ``manage.py load_demo`` beside the server, as a desk in use for a few weeks would have
    it: people with names, the claims logged over the past weeks, and verdicts at several stages."""
    desk.manage("load_demo")
    article = Article.objects.get()
    now = timezone.now()
    claims = list(Claim.objects.order_by("pk"))
    for n, claim in enumerate(claims):
        Claim.objects.filter(pk=claim.pk).update(created_at=now - timedelta(days=9 * (len(claims) - 1 - n)))
    if not Verdict.objects.exists():  # a demo without verdicts of its own gets a few
        checker, editor = User.objects.get(username="checker"), User.objects.get(username="editor")
        for claim, state, rating in ((claims[0], "published", "true"), (claims[1], "published", "false"),
                                     (claims[2], "in_review", "true"), (claims[3], "draft", "")):
            make_verdict(claim=claim, author=checker, reviewer=editor, state=state, rating=rating)
    for weeks_ago, verdict in enumerate(Verdict.objects.filter(published_at__isnull=False).order_by("pk")):
        published = now - timedelta(weeks=1 + 2 * weeks_ago)
        # Corrected two days after publication; the others unchanged since.
        updated = published + timedelta(days=2) if verdict.corrections.exists() else published
        Verdict.objects.filter(pk=verdict.pk).update(published_at=published, public_updated_at=updated)
        verdict.corrections.update(created_at=updated)
    return {
        "article": article,
        "claim": Claim.objects.filter(support_status="disputed").order_by("pk").first()
        or Claim.objects.order_by("pk").first(),
        "evidence": EvidenceItem.objects.order_by("pk").first(),
        "source": Source.objects.order_by("pk").first(),
    }


def test_every_main_screen_passes_axe_and_is_photographed(page, open_page, demo, screenshot_dir):
    problems: list[str] = []
    page.goto("/desk/login/")
    look_at(page, "login", screenshot_dir, problems=problems)

    log_in(page, "checker", DEFAULT_CHECKER_PASSWORD)
    # The keyboard: the first Tab offers to skip to the content, and focus always shows.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    expect(page.get_by_role("link", name="Skip to content")).to_be_in_viewport()
    reached = tab_through(page, 14)
    assert "a Dashboard" in reached
    screens = {
        "dashboard": "/desk/",
        "articles": "/desk/articles/",
        "article": demo["article"].get_absolute_url(),
        "claim": demo["claim"].get_absolute_url(),
        "new-article": "/desk/articles/new/",
        "evidence-edit": f"/desk/evidence/{demo['evidence'].pk}/edit/",
        "sources": "/desk/sources/",
        "dashboard-filtered": "/desk/?status=disputed&q=server",
        "search": "/desk/search/?q=server",
    }
    for name, address in screens.items():
        page.goto(address)
        look_at(page, name, screenshot_dir, problems=problems, top=name in ("dashboard", "article", "claim"))
    page.goto(demo["claim"].get_absolute_url())
    tab_through(page, 40)

    log_out(page)
    log_in(page, "editor", DEFAULT_EDITOR_PASSWORD)
    page.goto(f"/desk/sources/{demo['source'].pk}/")
    look_at(page, "source-edit", screenshot_dir, problems=problems)
    page.goto("/desk/review/")
    look_at(page, "review-queue", screenshot_dir, problems=problems, top=True)
    look_at_the_admin_and_the_api_docs(page, demo)

    page.set_viewport_size(PHONE)
    for name, address in (("phone-dashboard", "/desk/"), ("phone-claim", demo["claim"].get_absolute_url())):
        page.goto(address)
        look_at(page, name, screenshot_dir, problems=problems, top=True)
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    # The same demo (loading it takes seconds) as an anonymous reader sees it.
    look_at_public_pages(open_page(), demo, screenshot_dir, problems)
    assert not problems, "axe found serious accessibility problems on:\n" + "\n".join(problems)


def look_at_the_admin_and_the_api_docs(page: Page, demo: dict) -> None:
    """The admin and the API's interactive docs, as an editor (staff) opens them: Django's
    and Swagger UI's pages, so no axe audit here, but the same Content-Security-Policy
    (``open_page`` fails the test on any violation) and they must work under it."""
    verdict = Verdict.objects.order_by("pk").first()
    for address in ("/admin/", "/admin/claims/claim/", f"/admin/claims/claim/{demo['claim'].pk}/change/",
                    "/admin/claims/verdict/", f"/admin/claims/verdict/{verdict.pk}/change/",
                    f"/admin/claims/verdict/{verdict.pk}/history/", "/admin/axes/accessattempt/"):
        response = page.goto(address)
        assert response.status == 200, f"{address} answered {response.status}"
        expect(page.locator("#content")).to_be_visible()
    page.goto("/api/v1/docs/")
    expect(page.get_by_role("heading", name="Fact-check desk API")).to_be_visible()
    expect(page.get_by_text("/api/v1/claims/{id}/verdict/approve/").first).to_be_visible()


def look_at_public_pages(reader: Page, demo: dict, shots: Path, problems: list[str]) -> None:
    """What an anonymous reader sees: a verdict page (the demo's with the most
    corrections), the list of fact-checks, the article report and the flat pages,
    then the verdict page and the list at phone width, which must not scroll sideways."""
    verdict = (Verdict.objects.filter(state="published").annotate(corrected=Count("corrections"))
               .order_by("-corrected", "pk").first())
    assert verdict is not None, "the demo publishes verdicts"
    screens = {
        "public-fact-check": verdict.get_absolute_url(),
        "public-list": "/fact-checks/",
        "public-list-filtered": "/fact-checks/?q=server",
        "public-report": f"/reports/{demo['article'].slug}/",
        "public-methodology": "/methodology/",
        "public-corrections-policy": "/corrections-policy/",
    }
    for name, address in screens.items():
        response = reader.goto(address)
        assert response.status == 200, f"{address} answered {response.status}"
        look_at(reader, name, shots, problems=problems, top=name == "public-fact-check")
    reader.goto(verdict.get_absolute_url())
    expect(reader.locator(".verdict-card__rating .rating")).to_have_text(f"Our rating: {verdict.rating.label}")
    tab_through(reader, 12)

    reader.set_viewport_size(PHONE)
    for name, address in (("phone-public-fact-check", verdict.get_absolute_url()), ("phone-public-list", "/fact-checks/")):
        reader.goto(address)
        look_at(reader, name, shots, problems=problems, top=True)
        assert reader.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"], f"{name} scrolls sideways"
