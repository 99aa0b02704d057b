"""Amending a published verdict (issue 16, flow 7): an editor changes its text with a
dated correction; the public page shows what changed, the history keeps every version;
the desk, the API and the admin apply the same rule (``claims.workflow``, ``amend``)."""

import pytest
from django.urls import reverse

from claims.models import Verdict
from claims.selectors import claim_history
from tests.factories import make_claim, make_verdict

pytestmark = pytest.mark.django_db

OLD_HEADLINE = "Not what the logs show"
NEW_HEADLINE = "The logs show look-ups, not messages"
CORRECTION = "We said messages; the logs record look-ups. Headline and text corrected."


@pytest.fixture
def published(fact_checker, editor):
    return make_verdict(claim=make_claim(claimant_name="Franklin Foer"), author=fact_checker, reviewer=editor,
                        state="published", body="The server sent **messages**.")


def amend(client, verdict, **fields):
    data = {"rating": "politifact/false", "headline": NEW_HEADLINE, "summary": verdict.summary,
            "body": "The server answered **look-ups**.", "claimant_response": "", "correction": CORRECTION}
    return client.post(reverse("desk:verdict_amend", args=[verdict.claim_id]), {**data, **fields})


def test_an_editor_amends_the_text_with_a_dated_correction_the_public_page_shows(
    client, editor, published, django_capture_on_commit_callbacks
):
    public_url = published.get_absolute_url()
    assert OLD_HEADLINE in client.get(public_url).content.decode()  # now in the public cache
    client.force_login(editor)
    claim_page = client.get(published.claim.get_absolute_url()).content.decode()
    assert "Amend the text…" in claim_page
    assert f'action="{reverse("desk:verdict_amend", args=[published.claim_id])}"' in claim_page

    with django_capture_on_commit_callbacks(execute=True):  # the public cache's new generation
        response = amend(client, published)

    assert response.status_code == 302 and response["Location"].endswith("#verdict")
    verdict = Verdict.objects.get(pk=published.pk)
    assert (verdict.headline, verdict.state, verdict.slug) == (NEW_HEADLINE, "published", published.slug)
    assert "<strong>look-ups</strong>" in verdict.body_html
    correction = verdict.corrections.get()
    assert correction.text == CORRECTION and correction.author == editor
    assert [change["field"] for change in correction.changes] == ["headline", "body"]

    client.logout()
    page = client.get(public_url).content.decode()
    assert NEW_HEADLINE in page and "look-ups" in page
    corrections = page[page.index('id="corrections"'):]
    assert CORRECTION in corrections
    assert "Changed: headline, text." in corrections
    assert OLD_HEADLINE in corrections and "The server sent **messages**." in corrections  # what it said before


def test_the_history_keeps_every_version(client, editor, published):
    client.force_login(editor)
    amend(client, published)
    amend(client, published, headline="Third wording", correction="The headline was reworded.")
    versions = list(Verdict.history.filter(id=published.pk).order_by("history_date").values_list("headline", flat=True))
    assert versions[-3:] == [OLD_HEADLINE, NEW_HEADLINE, "Third wording"]
    entries = claim_history(claim_id=published.claim_id)
    edits = [entry for entry in entries if entry.kind == "verdict" and entry.action == "edited the verdict"]
    assert [(c.old, c.new) for c in edits[-1].changes if c.label == "headline"] == [(OLD_HEADLINE, NEW_HEADLINE)]
    assert sum(entry.kind == "correction" for entry in entries) == 2


def test_a_fact_checker_may_not_amend_and_what_they_typed_stays(client, fact_checker, published):
    client.force_login(fact_checker)
    assert "Amend the text…" not in client.get(published.claim.get_absolute_url()).content.decode()
    response = amend(client, published)
    assert response.status_code == 403
    assert "Only editors may amend a verdict." in response.content.decode()
    assert Verdict.objects.get(pk=published.pk).headline == OLD_HEADLINE


def test_an_amendment_needs_its_correction_and_a_change(client, editor, published):
    client.force_login(editor)
    response = amend(client, published, correction="")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Correction (public, dated): This field is required." in page
    assert NEW_HEADLINE in page  # the typed wording is kept
    response = amend(client, published, headline=published.headline, body="The server sent **messages**.")
    assert response.status_code == 400
    assert "Nothing in the text changed" in response.content.decode()
    assert not Verdict.objects.get(pk=published.pk).corrections.exists()


def test_only_a_published_verdict_is_amended(client, fact_checker, editor):
    approved = make_verdict(author=fact_checker, reviewer=editor, state="approved")
    client.force_login(editor)
    response = amend(client, approved)
    assert response.status_code == 400
    assert "Cannot amend a verdict that is approved: it must be published." in response.content.decode()


def test_the_api_amends_with_the_same_rule(client, api_client, fact_checker, editor, published):
    url = f"/api/v1/claims/{published.claim_id}/verdict/amend/"
    api_client.force_authenticate(fact_checker)
    assert api_client.post(url, {"headline": NEW_HEADLINE, "text": CORRECTION}, format="json").status_code == 403
    api_client.force_authenticate(editor)
    missing = api_client.post(url, {"headline": NEW_HEADLINE}, format="json")
    assert missing.status_code == 400 and "text" in missing.json()
    # The draft's PUT is still refused on a published verdict: amend is the only way.
    put = api_client.put(f"/api/v1/claims/{published.claim_id}/verdict/",
                         {"rating": "false", "headline": NEW_HEADLINE, "summary": "x"}, format="json")
    assert put.status_code == 400

    response = api_client.post(url, {"headline": NEW_HEADLINE, "text": CORRECTION}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["headline"] == NEW_HEADLINE and body["summary"] == published.summary  # left out: kept
    assert body["corrections"][0]["changes"] == [
        {"field": "headline", "label": "Headline", "old": OLD_HEADLINE, "new": NEW_HEADLINE}]
    assert "amend" in body["actions"]


def test_the_admin_offers_no_way_around_the_amendment(client, editor, published):
    editor.is_staff = True
    editor.save()
    client.force_login(editor)
    response = client.get(reverse("admin:claims_verdict_change", args=[published.pk]))
    assert 'name="headline"' not in response.content.decode()  # read-only: published
