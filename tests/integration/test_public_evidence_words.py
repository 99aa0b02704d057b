"""A reader of a fact-check page is told in plain words which sources the evidence
comes from, when it was archived and what was verified; the checks' diagnostics
(states, HTTP statuses, character offsets, scores) stay in the desk."""

import html
import re

import pytest
from django.utils import timezone
from django.utils.dateformat import format as date_format

from evidence import services as evidence_services
from evidence.models import CheckResult
from tests.factories import make_article, make_evidence
from tests.integration.public_helpers import fact_check

pytestmark = pytest.mark.django_db

DOCUMENT = "Computer logs show that two servers sent more than 2,700 look-up messages in the spring."
DIAGNOSTICS = re.compile(r"HTTP \d{3}|characters? \d|\bwarning\b|\bpassed\b|\bskipped\b|score|Independent sources|"
                         r"text/html|text/plain|Automated checks", re.IGNORECASE)


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_the_public_page_says_which_sources_when_archived_and_what_was_verified(client, fact_checker, editor):
    article = make_article(title="Server story", text="Two servers sent more than 2,700 look-up messages, it said.")
    verdict = fact_check(fact_checker, editor, 1, article=article, quote="Two servers sent more than 2,700 look-up messages")
    make_evidence(claim=verdict.claim, url="https://www.nytimes.com/logs", pasted_text=DOCUMENT,
                  excerpt="two servers sent more than 2,700 look-up messages", title="The logs")
    evidence_services.checks_queue(claim_id=verdict.claim_id)
    for row in CheckResult.objects.filter(claim_id=verdict.claim_id, is_current=True, state="queued"):
        evidence_services.check_run(result_id=row.pk)
    text = visible_text(client.get(verdict.get_absolute_url()).content.decode())
    today = date_format(timezone.localtime(), "j F Y")
    assert f"We archived a copy of the document on {today}." in text
    assert "We found the quoted passage in our archived copy." in text
    assert "Sources: nytimes.com." in text
    found = DIAGNOSTICS.search(text)
    assert found is None, text[max(0, found.start() - 80):found.end() + 40]
