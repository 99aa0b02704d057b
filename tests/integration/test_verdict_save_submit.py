"""Submitting a verdict for review sends what is in the form: "Save and submit for
review" saves the draft as typed and submits it as one action; beside the form there is
no separate button that would send an older saved draft."""

import pytest
from django.urls import reverse

from claims.forms import VerdictForm
from claims.models import Verdict
from tests.factories import make_claim, make_verdict

pytestmark = pytest.mark.django_db


def form_data(verdict, **fields) -> dict:
    return {"rating": VerdictForm.rating_value(verdict.rating), "headline": "Old headline", "summary": "Old summary.", "body": "",
            "claimant_response": "", **fields}


def test_save_and_submit_sends_the_edits_typed_in_the_form(checker_client, fact_checker, editor):
    verdict = make_verdict(claim=make_claim(), author=fact_checker, reviewer=editor, headline="Old headline")
    page = checker_client.get(verdict.claim.get_absolute_url()).content.decode()
    assert 'name="then" value="submit"' in page
    assert 'name="action" value="submit"' not in page  # no button that sends the saved draft

    response = checker_client.post(reverse("desk:verdict_save", args=[verdict.claim_id]),
                                   form_data(verdict, headline="New headline", then="submit"), follow=True)
    verdict = Verdict.objects.get(pk=verdict.pk)
    assert (verdict.state, verdict.headline) == ("in_review", "New headline")
    assert "submitted for review" in response.content.decode()


def test_a_refused_submission_saves_nothing_and_keeps_what_was_typed(checker_client, fact_checker, editor):
    verdict = make_verdict(claim=make_claim(), author=fact_checker, reviewer=editor, headline="Old headline")
    response = checker_client.post(reverse("desk:verdict_save", args=[verdict.claim_id]),
                                   form_data(verdict, headline="Typed headline", summary="", then="submit"))
    assert response.status_code == 400
    assert "Typed headline" in response.content.decode()
    verdict = Verdict.objects.get(pk=verdict.pk)
    assert (verdict.state, verdict.headline) == ("draft", "Old headline")
