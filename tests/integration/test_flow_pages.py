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
