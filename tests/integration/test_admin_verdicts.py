"""Verdicts and rating scales in the admin: the workflow's rules, its actions, history
without revert, and the default scale."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse

from claims import services
from claims.models import RatingScale, Verdict
from tests.factories import UserFactory, make_claim, make_verdict
from tests.integration.test_admin import admin_url, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    """A staff fact-checker and editor with the claims app's admin permissions."""
    permissions = Permission.objects.filter(content_type__app_label="claims")
    users = {}
    for role in ("fact-checker", "editor"):
        user = UserFactory(username=f"staff-{role}", role=role, is_staff=True)
        user.user_permissions.add(*permissions)
        users[role] = user
    return users


def test_editors_choose_the_default_scale_and_fact_checkers_only_look(client, staff):
    snopes = RatingScale.objects.get(slug="snopes")
    url = admin_url(RatingScale, "change", snopes.pk)

    client.force_login(staff["fact-checker"])
    page = client.get(url)
    assert page.status_code == 200 and page.context["has_change_permission"] is False
    assert client.post(url, form_data(page)).status_code == 403

    client.force_login(staff["editor"])
    data = form_data(client.get(url))
    data["is_default"] = "on"
    assert client.post(url, data).status_code == 302
    assert list(RatingScale.objects.filter(is_default=True).values_list("slug", flat=True)) == ["snopes"]
    assert services.default_rating_scale().slug == "snopes"
    # Marking the other scale unmarks this one: there is one default at a time.
    politifact = RatingScale.objects.get(slug="politifact")
    url = admin_url(RatingScale, "change", politifact.pk)
    data = form_data(client.get(url))
    data["is_default"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(RatingScale.objects.filter(is_default=True).values_list("slug", flat=True)) == ["politifact"]
    assert "Default scale" in client.get(admin_url(RatingScale, "changelist")).content.decode()


def test_a_workflow_action_that_needs_words_asks_for_them_first(client, staff, fact_checker):
    verdict = make_verdict(claim=make_claim(), author=fact_checker, reviewer=staff["editor"], state="published")
    client.force_login(staff["editor"])
    changelist = admin_url(Verdict, "changelist")
    ask = client.post(changelist, {"action": "verdict_retract", "_selected_action": [verdict.pk]})
    assert ask.status_code == 200
    content = ask.content.decode()
    assert "Public reason for the retraction" in content and 'name="reason"' in content
    assert Verdict.objects.get(pk=verdict.pk).state == "published"

    done = client.post(changelist, {"action": "verdict_retract", "_selected_action": [verdict.pk], "apply": "yes",
                                    "reason": "The logs were misread."})
    assert done.status_code == 302
    verdict.refresh_from_db()
    assert (verdict.state, verdict.retraction_reason) == ("retracted", "The logs were misread.")
    assert "Retract: done for 1 verdict." in [str(m) for m in get_messages(done.wsgi_request)]


def test_an_action_on_several_verdicts_reports_each_refusal(client, staff, fact_checker, second_editor):
    mine = make_verdict(claim=make_claim(), author=staff["editor"], reviewer=second_editor, state="in_review")
    theirs = make_verdict(claim=make_claim(), author=fact_checker, reviewer=second_editor, state="in_review")
    client.force_login(staff["editor"])
    response = client.post(admin_url(Verdict, "changelist"),
                           {"action": "verdict_approve", "_selected_action": [mine.pk, theirs.pk]})
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert f"“{mine}”: You wrote or edited this verdict: another editor must approve it." in messages
    assert "Approve: done for 1 verdict." in messages
    assert Verdict.objects.get(pk=mine.pk).state == "in_review"
    assert Verdict.objects.get(pk=theirs.pk).state == "approved"


def test_the_history_is_shown_but_old_versions_are_not_restored(client, staff, fact_checker, editor):
    verdict = make_verdict(claim=make_claim(), author=fact_checker, reviewer=editor, state="published")
    client.force_login(staff["editor"])
    history = client.get(admin_url(Verdict, "history", verdict.pk))
    assert history.status_code == 200
    records = list(verdict.history.order_by("history_id"))
    assert len(records) == 4  # drafted, submitted, approved, published
    draft_version = records[0]
    version_url = reverse("admin:claims_verdict_simple_history", args=[verdict.pk, draft_version.history_id])
    assert client.get(version_url).status_code == 200
    assert client.post(version_url, {"headline": "Sneaky", "rating": verdict.rating_id}).status_code == 403
    verdict.refresh_from_db()
    assert verdict.state == "published" and verdict.headline != "Sneaky"


def test_public_verdicts_cannot_be_deleted_drafts_can(client, staff, fact_checker, editor):
    published = make_verdict(claim=make_claim(), author=fact_checker, reviewer=editor, state="published")
    draft = make_verdict(claim=make_claim(), author=fact_checker, reviewer=editor, state="draft")
    client.force_login(staff["editor"])
    assert client.post(admin_url(Verdict, "delete", published.pk), {"post": "yes"}).status_code == 403
    assert client.post(admin_url(Verdict, "delete", draft.pk), {"post": "yes"}).status_code == 302
    assert list(Verdict.objects.values_list("pk", flat=True)) == [published.pk]
