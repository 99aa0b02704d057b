"""The desk's own scripts (factcheck/static/js/desk.js) work under its strict
Content-Security-Policy, which forbids inline script: the new-article form shows only
the part the chosen source needs, and a passage selected in an article is copied into
the claim form. ``open_page`` fails the test on any CSP violation."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD
from tests.browser.helpers import log_in
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_new_article_form_shows_the_part_of_the_chosen_source(page, desk_users):
    log_in(page, "checker", PASSWORD)
    page.goto("/desk/articles/new/")
    page.get_by_label("From a URL").check()
    expect(page.get_by_label("Address (URL)")).to_be_visible()
    expect(page.locator("[data-source=paste]")).to_be_hidden()
    page.get_by_label("Paste text or HTML").check()
    expect(page.locator("[data-source=paste]")).to_be_visible()
    expect(page.locator("[data-source=url]")).to_be_hidden()


def test_a_passage_selected_in_the_article_goes_into_the_quote(page, desk_users):
    article = make_article()
    log_in(page, "checker", PASSWORD)
    page.goto(article.get_absolute_url())
    passage = page.locator("#article-text").get_by_text("The server was registered in 2009", exact=False)
    passage.select_text()
    passage.dispatch_event("mouseup")
    expect(page.get_by_label("Quote")).to_have_value("The server was registered in 2009 by Cendyn, an email marketing firm.")
    expect(page.get_by_text("Selection copied into the quote.")).to_be_visible()
