"""Every main screen of the desk, filled with the demo, in Chromium: axe finds no serious
or critical accessibility problem, keyboard focus is visible, and each screen is
photographed at desktop and phone width (the README's pictures come from here)."""

import pytest
from playwright.sync_api import expect

from claims.demo import DEFAULT_CHECKER_PASSWORD, DEFAULT_EDITOR_PASSWORD
from claims.models import Article, Claim
from evidence.models import EvidenceItem, Source
from tests.browser.conftest import PHONE
from tests.browser.helpers import log_in, log_out, look_at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def demo(desk):
    """The demo desk (the seed article, its claims and evidence, two accounts), loaded by
    ``manage.py load_demo`` beside the server."""
    desk.manage("load_demo")
    article = Article.objects.get()
    return {
        "article": article,
        "claim": Claim.objects.filter(support_status="disputed").order_by("pk").first()
        or Claim.objects.order_by("pk").first(),
        "evidence": EvidenceItem.objects.order_by("pk").first(),
        "source": Source.objects.order_by("pk").first(),
    }


def test_every_main_screen_passes_axe_and_is_photographed(page, demo, screenshot_dir):
    problems: list[str] = []
    page.goto("/desk/login/")
    look_at(page, "login", screenshot_dir, problems=problems)

    log_in(page, "checker", DEFAULT_CHECKER_PASSWORD)
    screens = {
        "dashboard": "/desk/",
        "articles": "/desk/articles/",
        "article": demo["article"].get_absolute_url(),
        "claim": demo["claim"].get_absolute_url(),
        "new-article": "/desk/articles/new/",
        "evidence-edit": f"/desk/evidence/{demo['evidence'].pk}/edit/",
        "sources": "/desk/sources/",
        "dashboard-filtered": "/desk/?status=disputed&q=server",
    }
    for name, address in screens.items():
        page.goto(address)
        look_at(page, name, screenshot_dir, problems=problems)

    log_out(page)
    log_in(page, "editor", DEFAULT_EDITOR_PASSWORD)
    page.goto(f"/desk/sources/{demo['source'].pk}/")
    look_at(page, "source-edit", screenshot_dir, problems=problems)

    page.set_viewport_size(PHONE)
    for name, address in (("phone-dashboard", "/desk/"), ("phone-claim", demo["claim"].get_absolute_url())):
        page.goto(address)
        look_at(page, name, screenshot_dir, problems=problems)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert not problems, "axe found serious accessibility problems on:\n" + "\n".join(problems)
