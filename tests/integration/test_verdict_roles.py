"""Every role against every verdict action, through the desk, the API and the admin.

The table below is written out by hand (not computed from claims.workflow), so that
it checks the workflow map as well as each channel's enforcement of it. Each case
starts from a verdict in the state where the action is possible, written by an
editor ("author editor"), and asserts the answer's status code and whether the
verdict changed.
"""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from claims.models import Verdict
from tests.factories import UserFactory, make_article, make_claim, make_verdict

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "outsider", "fact-checker", "author editor", "other editor", "admin")
DESK = {"fact-checker", "author editor", "other editor", "admin"}
REVIEWERS = {"other editor", "admin"}  # editors who did not write the verdict
EDITORS = {"author editor", "other editor", "admin"}
ALLOWED = {
    "edit": DESK,
    "submit": DESK,
    "request-changes": REVIEWERS,
    "approve": REVIEWERS,
    "publish": EDITORS,
    "retract": EDITORS,
    "corrections": EDITORS,
}
# Where each action starts (the state that allows it) and where it leads.
START = {
    "edit": "draft", "submit": "draft", "request-changes": "in_review", "approve": "in_review",
    "publish": "approved", "retract": "published", "corrections": "published",
}
END = {
    "edit": "draft", "submit": "in_review", "request-changes": "changes_requested", "approve": "approved",
    "publish": "published", "retract": "retracted", "corrections": "published",
}
WORDS = {"request-changes": {"comment": "Cite the logs."}, "retract": {"reason": "The logs were misread."},
         "corrections": {"text": "The count was 2,820."}, "publish": {"confirm": "True"}}
EDITED = "Edited headline"
ADMIN_ACTION = {
    "submit": "verdict_submit", "request-changes": "verdict_request_changes", "approve": "verdict_approve",
    "publish": "verdict_publish", "retract": "verdict_retract", "corrections": "verdict_corrections",
}


@pytest.fixture
def people(db):
    """The users of each role; desk members are staff with the desk's admin permissions,
    so that the admin refuses them by the workflow's rules, not for lack of a permission."""
    users = {
        "anonymous": None,
        "outsider": UserFactory(username="outsider"),
        "fact-checker": UserFactory(username="checker", role="fact-checker"),
        "author editor": UserFactory(username="author", role="editor"),
        "other editor": UserFactory(username="other", role="editor"),
        "admin": UserFactory(username="admin", is_staff=True, is_superuser=True),
    }
    desk_permissions = Permission.objects.filter(content_type__app_label="claims")
    for role in ("fact-checker", "author editor", "other editor"):
        users[role].is_staff = True
        users[role].save()
        users[role].user_permissions.add(*desk_permissions)
    users["reviewer"] = UserFactory(username="reviewer", role="editor")
    return users


def verdict_for(action: str, people) -> Verdict:
    """A fresh verdict by the author editor, in the state where ``action`` is possible."""
    claim = make_claim(article=make_article(), quote="2,700 look-up messages")
    return make_verdict(claim=claim, author=people["author editor"], reviewer=people["reviewer"],
                        state=START[action])


def changed(action: str, verdict: Verdict, corrections_before: int) -> bool:
    verdict = Verdict.objects.get(pk=verdict.pk)
    if action == "edit":
        return verdict.headline == EDITED
    if action == "corrections":
        return verdict.corrections.count() > corrections_before
    return verdict.state == END[action]


# The three channels: each takes the action as the user and answers the response.

def through_desk(user, verdict, action):
    client = Client()
    if user:
        client.force_login(user)
    if action == "edit":
        return client.post(reverse("desk:verdict_save", args=[verdict.claim_id]), {
            "rating": "politifact/half-true", "headline": EDITED, "summary": "Partly.", "body": "",
            "claimant_response": "",
        })
    return client.post(reverse("desk:verdict_act", args=[verdict.claim_id]),
                       {"verdict": verdict.pk, "action": action, **WORDS.get(action, {})})


def through_api(user, verdict, action):
    api = APIClient()
    if user:
        api.force_authenticate(user)
    url = f"/api/v1/claims/{verdict.claim_id}/verdict/"
    if action == "edit":
        return api.put(url, {"rating": "half-true", "headline": EDITED, "summary": "Partly."}, format="json")
    return api.post(f"{url}{action}/", WORDS.get(action, {}), format="json")


def through_admin(user, verdict, action):
    client = Client()
    if user:
        client.force_login(user)
    if action == "edit":
        return client.post(reverse("admin:claims_verdict_change", args=[verdict.pk]), {
            "rating": verdict.rating_id, "headline": EDITED, "summary": "Partly.", "body": "",
            "claimant_response": "",
            "corrections-TOTAL_FORMS": "0", "corrections-INITIAL_FORMS": "0",
            "corrections-MIN_NUM_FORMS": "0", "corrections-MAX_NUM_FORMS": "1000",
        })
    return client.post(reverse("admin:claims_verdict_changelist"), {
        "action": ADMIN_ACTION[action], "_selected_action": [verdict.pk], "apply": "yes", **WORDS.get(action, {}),
    })


def expected_status(channel: str, action: str, role: str) -> int:
    allowed = role in ALLOWED[action]
    if channel == "desk":
        return 302 if allowed or role == "anonymous" else 403  # anonymous: to the login page
    if channel == "api":
        return 200 if allowed else 401 if role == "anonymous" else 403
    if action != "edit":
        return 302  # admin actions go back to the list, saying per verdict what was refused
    return 302 if allowed or role in ("anonymous", "outsider") else 403  # not staff: to the login page


CHANNELS = {"desk": through_desk, "api": through_api, "admin": through_admin}


@pytest.mark.parametrize("action", list(ALLOWED))
@pytest.mark.parametrize("channel", list(CHANNELS))
def test_every_role_against_every_action(channel, action, people):
    outcomes, expected = {}, {}
    for role in ROLES:
        verdict = verdict_for(action, people)
        corrections = verdict.corrections.count()
        response = CHANNELS[channel](people[role], verdict, action)
        outcomes[role] = (response.status_code, changed(action, verdict, corrections))
        expected[role] = (expected_status(channel, action, role), role in ALLOWED[action])
    assert outcomes == expected


@pytest.mark.parametrize("action", [action for action in ADMIN_ACTION if "fact-checker" not in ALLOWED[action]])
def test_the_admin_says_why_an_action_was_refused(action, people):
    verdict = verdict_for(action, people)
    response = through_admin(people["fact-checker"], verdict, action)
    texts = [str(message) for message in get_messages(response.wsgi_request)]
    assert any(f"“{verdict}”: Only editors may" in text for text in texts), texts


def test_the_author_editor_is_told_another_editor_must_review(people):
    verdict = verdict_for("approve", people)
    for channel, text in (
        ("desk", "You wrote or edited this verdict: another editor must approve it."),
        ("api", "You wrote or edited this verdict: another editor must approve it."),
    ):
        response = CHANNELS[channel](people["author editor"], verdict, "approve")
        assert text in response.content.decode(), channel
    response = through_admin(people["author editor"], verdict, "approve")
    assert any("another editor must approve it" in str(m) for m in get_messages(response.wsgi_request))
    assert Verdict.objects.get(pk=verdict.pk).state == "in_review"


@pytest.mark.parametrize("approve_channel", list(CHANNELS))
@pytest.mark.parametrize("edit_channel", list(CHANNELS))
def test_an_editor_who_edited_the_draft_cannot_approve_it(edit_channel, approve_channel, people):
    """Issue 15: an editor edited a fact-checker's draft, which was then submitted, and
    approved it: only the verdict's creator counted as its author. Whoever changed its
    wording since its last approval is a writer too, on every channel."""
    claim = make_claim(article=make_article(), quote="2,700 look-up messages")
    verdict = make_verdict(claim=claim, author=people["fact-checker"], reviewer=people["reviewer"])
    editor = people["other editor"]
    assert CHANNELS[edit_channel](editor, verdict, "edit").status_code in (200, 302)
    assert Verdict.objects.get(pk=verdict.pk).headline == EDITED
    assert CHANNELS["api"](people["fact-checker"], verdict, "submit").status_code == 200

    for action in ("approve", "request-changes"):
        response = CHANNELS[approve_channel](editor, verdict, action)
        assert response.status_code == expected_status(approve_channel, action, "fact-checker")
        assert Verdict.objects.get(pk=verdict.pk).state == "in_review", action
    if approve_channel == "admin":
        refusals = [str(message) for message in get_messages(response.wsgi_request)]
        assert any("You wrote or edited this verdict: another editor must" in text for text in refusals), refusals
    else:
        assert "You wrote or edited this verdict: another editor must" in response.content.decode()

    # Another editor (here the admin, who may use every channel) reviews it.
    assert CHANNELS[approve_channel](people["admin"], verdict, "approve").status_code in (200, 302)
    assert Verdict.objects.get(pk=verdict.pk).state == "approved"


def test_the_api_offers_no_review_to_an_editor_who_edited_the_draft(people):
    claim = make_claim(article=make_article(), quote="2,700 look-up messages")
    verdict = make_verdict(claim=claim, author=people["fact-checker"], reviewer=people["reviewer"])
    through_api(people["other editor"], verdict, "edit")
    through_api(people["fact-checker"], verdict, "submit")
    api = APIClient()
    api.force_authenticate(people["other editor"])
    assert api.get(f"/api/v1/claims/{claim.pk}/verdict/").json()["actions"] == []
    api.force_authenticate(people["reviewer"])
    assert api.get(f"/api/v1/claims/{claim.pk}/verdict/").json()["actions"] == ["request-changes", "approve"]
