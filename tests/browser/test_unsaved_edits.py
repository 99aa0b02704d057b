"""Leaving a desk form with changes typed and not sent asks first (a beforeunload
warning from factcheck/static/js/desk.js); sending the form does not."""

import pytest

from tests.browser.conftest import PASSWORD
from tests.browser.helpers import log_in
from tests.factories import make_claim, make_verdict

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def leave(page) -> list[str]:
    """Leave the page for the dashboard as a person would; the dialogs it asked first with."""
    asked: list[str] = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.accept()

    page.on("dialog", answer)
    page.goto("/desk/")
    return asked


def test_leaving_a_draft_with_unsaved_edits_warns(open_page, desk_users):
    checker, editor = desk_users["checker"], desk_users["editor"]
    verdict = make_verdict(claim=make_claim(), author=checker, reviewer=editor, headline="Old headline")
    page = open_page()
    log_in(page, "checker", PASSWORD)
    page.goto(verdict.claim.get_absolute_url())
    headline = page.get_by_label("Headline")
    headline.click()
    page.keyboard.type(" and more")
    assert leave(page) == ["beforeunload"]

    page = open_page()
    log_in(page, "checker", PASSWORD)
    page.goto(verdict.claim.get_absolute_url())
    page.get_by_label("Headline").click()
    page.keyboard.type(" sent")
    page.get_by_role("button", name="Save and submit for review").click()
    page.wait_for_load_state()
    assert leave(page) == []
