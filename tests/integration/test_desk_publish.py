"""Publishing asks first, saying what becomes public (issue 16, flow 6): on the desk
(a confirmation page that needs no script) and in the admin (an intermediate page)."""

import pytest
from django.urls import reverse

from claims.models import Verdict
from tests.factories import make_article, make_claim, make_evidence, make_verdict

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(fact_checker, editor):
    claim = make_claim(article=make_article(), claimant_name="Franklin Foer")
    make_evidence(claim=claim, stance="refutes", title="Server logs report", excerpt="Look-ups only.",
                  user=fact_checker)
    make_evidence(claim=claim, stance="supports", title="Tipster's private memo", excerpt="Messages.",
                  visibility="internal", user=fact_checker)
    return make_verdict(claim=claim, author=fact_checker, reviewer=editor, state="approved",
                        headline="The logs show look-ups, not messages")


def publish_page(claim_id: int) -> str:
    return reverse("desk:verdict_publish", args=[claim_id])


def test_the_publish_button_opens_a_confirmation_that_says_what_becomes_public(client, second_editor, approved):
    client.force_login(second_editor)
    claim_page = client.get(approved.claim.get_absolute_url()).content.decode()
    assert f'href="{publish_page(approved.claim_id)}"' in claim_page

    response = client.get(publish_page(approved.claim_id))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Publish this verdict?" in page
    assert "/fact-checks/the-logs-show-look-ups-not-messages/" in page
    assert "The logs show look-ups, not messages" in page and "The logs do not show this." in page
    assert "Franklin Foer" in page and "Server logs report" in page
    assert "Tipster" not in page  # internal evidence is only counted, as staying on the desk
    assert "1 internal evidence item" in page
    assert 'name="confirm" value="True"' in page
    assert Verdict.objects.get(pk=approved.pk).state == "approved"  # looking publishes nothing


def test_one_click_does_not_publish_the_confirmation_does(client, second_editor, approved):
    client.force_login(second_editor)
    act = reverse("desk:verdict_act", args=[approved.claim_id])

    unconfirmed = client.post(act, {"verdict": approved.pk, "action": "publish"})

    assert unconfirmed.status_code == 302 and unconfirmed["Location"] == publish_page(approved.claim_id)
    assert Verdict.objects.get(pk=approved.pk).state == "approved"

    confirmed = client.post(act, {"verdict": approved.pk, "action": "publish", "confirm": "True"})

    assert confirmed.status_code == 302
    verdict = Verdict.objects.get(pk=approved.pk)
    assert (verdict.state, verdict.slug) == ("published", "the-logs-show-look-ups-not-messages")


def test_only_those_who_may_publish_see_the_confirmation(client, fact_checker, editor, approved):
    client.force_login(fact_checker)
    response = client.get(publish_page(approved.claim_id))
    assert response.status_code == 403
    assert "Only editors may publish a verdict." in response.content.decode()

    in_review = make_verdict(author=fact_checker, reviewer=editor, state="in_review")
    client.force_login(editor)
    response = client.get(publish_page(in_review.claim_id), follow=True)
    assert response.redirect_chain[-1][0].endswith("#verdict")
    assert "Cannot publish a verdict that is in review: it must be approved." in response.content.decode()


def test_the_admin_asks_before_publishing(client, second_editor, approved):
    second_editor.is_staff = True
    second_editor.is_superuser = True
    second_editor.save()
    client.force_login(second_editor)
    changelist = reverse("admin:claims_verdict_changelist")

    asked = client.post(changelist, {"action": "verdict_publish", "_selected_action": [approved.pk]})

    assert asked.status_code == 200
    page = asked.content.decode()
    assert "/fact-checks/the-logs-show-look-ups-not-messages/" in page and 'name="apply"' in page
    assert Verdict.objects.get(pk=approved.pk).state == "approved"

    client.post(changelist, {"action": "verdict_publish", "_selected_action": [approved.pk], "apply": "yes"})
    assert Verdict.objects.get(pk=approved.pk).state == "published"
