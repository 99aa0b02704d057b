"""A fact-checker's hands on the desk's pages (issue 16, "Flow"): what answers an
address opened the wrong way, where feedback lands, what words say about queued work."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_claim

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name, page", [
    ("desk:note_add", "desk:claim"),
    ("desk:verdict_act", "desk:claim"),
    ("desk:claim_run_checks", "desk:claim"),
])
def test_opening_a_forms_address_as_a_link_answers_a_page_leading_to_the_form(checker_client, name, page):
    claim = make_claim()
    response = checker_client.get(reverse(name, args=[claim.pk]))
    assert response.status_code == 405
    assert "POST" in response["Allow"]
    html = response.content.decode()
    assert "<h1>This address takes a submitted form</h1>" in html
    assert re.search(rf'<a class="button" href="{reverse(page, args=[claim.pk])}">', html)


def test_opening_the_claim_log_address_leads_back_to_the_article(checker_client):
    claim = make_claim()
    response = checker_client.get(reverse("desk:claim_log", args=[claim.article_id]))
    assert response.status_code == 405
    assert f'href="{reverse("desk:article", args=[claim.article_id])}"' in response.content.decode()


def _section(html: str, section_id: str) -> str:
    start = html.index(f'id="{section_id}"')
    return html[start:html.index("</section>", start)]


def _banner(html: str) -> str:
    start = html.index('<div id="messages"')
    return html[start:html.index("</div>", start)]


def test_a_note_is_answered_beside_the_notes_form_not_in_the_banner(checker_client):
    claim = make_claim()
    response = checker_client.post(reverse("desk:note_add", args=[claim.pk]), {"text": "Called the press office."},
                                   follow=True)
    assert response.redirect_chain[-1][0] == f"{claim.get_absolute_url()}#notes"
    html = response.content.decode()
    assert "Note added." in _section(html, "notes") and "Note added." not in _banner(html)
    refused = checker_client.post(reverse("desk:note_add", args=[claim.pk]), {"text": ""}).content.decode()
    assert "The note was not added" in _section(refused, "notes")
    assert "The note was not added" not in _banner(refused)
    assert "data-placed" in _section(refused, "notes")  # desk.js brings it into view


def test_a_verdict_draft_is_answered_in_the_verdict_panel(checker_client):
    claim = make_claim()
    response = checker_client.post(reverse("desk:verdict_save", args=[claim.pk]), {"headline": ""}, follow=True)
    assert response.redirect_chain[-1][0] == f"{claim.get_absolute_url()}#verdict"
    html = response.content.decode()
    panel = html[html.index('id="verdict"'):html.index('id="notes"')]
    assert "Verdict draft saved." in panel and "Verdict draft saved." not in _banner(html)
