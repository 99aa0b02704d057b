"""The verdict services: drafting, each workflow action, ratings, history and superseding."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims import services
from claims.models import Rating, RatingScale, Verdict
from tests.factories import make_claim, make_evidence, make_verdict

pytestmark = pytest.mark.django_db


def test_a_draft_goes_through_review_to_publication(fact_checker, editor, second_editor):
    claim = make_claim()
    verdict = services.verdict_save(
        claim=claim, user=fact_checker, rating="mostly-false", headline="Logs do not show contact",
        summary="The look-ups prove no contact.", body="Experts **disagree**.\n\n<script>x()</script>",
    )
    assert (verdict.state, verdict.author, verdict.rating.label) == ("draft", fact_checker, "Mostly False")
    assert "<strong>disagree</strong>" in verdict.body_html and "<script" not in verdict.body_html

    verdict = services.verdict_act(verdict=verdict, user=fact_checker, action="submit")
    verdict = services.verdict_act(verdict=verdict, user=editor, action="request-changes", comment="Cite the logs.")
    assert (verdict.state, verdict.review_comment, verdict.reviewer) == ("changes_requested", "Cite the logs.", editor)

    verdict = services.verdict_save(claim=claim, user=fact_checker, rating="false", headline="Logs do not show contact",
                                    summary="The logs show look-ups only.")
    verdict = services.verdict_act(verdict=verdict, user=fact_checker, action="submit")
    verdict = services.verdict_act(verdict=verdict, user=second_editor, action="approve")
    verdict = services.verdict_act(verdict=verdict, user=editor, action="publish")
    assert verdict.state == "published"
    assert verdict.slug == "logs-do-not-show-contact"
    assert verdict.published_at and verdict.public_updated_at == verdict.published_at
    assert verdict.reviewer == second_editor
    assert verdict.get_absolute_url() == "/fact-checks/logs-do-not-show-contact/"


def test_a_correction_is_dated_and_public_and_keeps_the_slug(fact_checker, editor):
    verdict = make_verdict(author=fact_checker, reviewer=editor, state="published")
    slug, published_at = verdict.slug, verdict.published_at
    verdict = services.verdict_act(verdict=verdict, user=editor, action="corrections", text="We misnamed the firm.")
    assert (verdict.state, verdict.slug, verdict.published_at) == ("published", slug, published_at)
    assert verdict.public_updated_at > published_at
    assert [c.text for c in verdict.corrections.all()] == ["We misnamed the firm."]


@pytest.mark.parametrize(
    "action, field",
    [("request-changes", "comment"), ("retract", "reason"), ("corrections", "text")],
)
def test_actions_that_need_words_name_the_missing_field(fact_checker, editor, action, field):
    state = {"request-changes": "in_review"}.get(action, "published")
    verdict = make_verdict(author=fact_checker, reviewer=editor, state=state)
    with pytest.raises(ValidationError) as error:
        services.verdict_act(verdict=verdict, user=editor, action=action)
    assert field in error.value.message_dict
    verdict.refresh_from_db()
    assert verdict.state == state


def test_submit_names_what_the_draft_lacks(fact_checker):
    verdict = services.verdict_save(claim=make_claim(), user=fact_checker, headline="Only a headline")
    with pytest.raises(ValidationError) as error:
        services.verdict_act(verdict=verdict, user=fact_checker, action="submit")
    assert set(error.value.message_dict) == {"rating", "summary"}


def test_role_refusals_are_permission_errors_and_state_refusals_validation_errors(fact_checker, editor):
    verdict = make_verdict(author=fact_checker, reviewer=editor, state="approved")
    with pytest.raises(PermissionDenied, match="Only editors may publish"):
        services.verdict_act(verdict=verdict, user=fact_checker, action="publish")
    with pytest.raises(ValidationError) as error:
        services.verdict_act(verdict=verdict, user=editor, action="approve")
    assert "it must be in review" in error.value.message_dict["state"][0]


def test_an_editor_cannot_approve_their_own_verdict(editor, second_editor):
    verdict = make_verdict(author=editor, reviewer=second_editor, state="in_review")
    with pytest.raises(PermissionDenied, match="another editor"):
        services.verdict_act(verdict=verdict, user=editor, action="approve")


def test_published_verdicts_cannot_be_edited_only_corrected(fact_checker, editor):
    verdict = make_verdict(author=fact_checker, reviewer=editor, state="published")
    with pytest.raises(ValidationError) as error:
        services.verdict_save(claim=verdict.claim, user=editor, rating="true", headline="Changed", summary="x")
    assert "Cannot edit a verdict that is published" in error.value.message_dict["state"][0]


def test_a_retracted_verdict_is_superseded_by_a_new_draft(fact_checker, editor):
    old = make_verdict(author=fact_checker, reviewer=editor, state="retracted")
    assert (old.retraction_reason, old.retracted_at is not None) == ("The figure was wrong.", True)
    new = services.verdict_save(claim=old.claim, user=fact_checker, rating="half-true", headline="Partly right",
                                summary="Some look-ups happened.")
    assert new.pk != old.pk and new.supersedes == old and new.state == "draft"


def test_rating_is_looked_up_in_the_default_scale_unless_another_is_named(fact_checker, settings):
    claim = make_claim()
    verdict = services.verdict_save(claim=claim, user=fact_checker, rating="pants-on-fire")
    assert verdict.rating.scale.slug == "politifact"
    verdict = services.verdict_save(claim=claim, user=fact_checker, rating="mixture", scale="snopes")
    assert verdict.rating.scale.slug == "snopes"
    with pytest.raises(ValidationError) as error:
        services.verdict_save(claim=claim, user=fact_checker, rating="mixture")
    assert "“mixture” is not a rating of the PolitiFact-style six-step scale" in error.value.message_dict["rating"][0]

    RatingScale.objects.filter(slug="snopes").update(is_default=True)
    assert services.verdict_save(claim=claim, user=fact_checker, rating="mixture").rating.scale.slug == "snopes"
    RatingScale.objects.update(is_default=False)
    settings.FACTCHECK_DEFAULT_RATING_SCALE = "nowhere"
    with pytest.raises(ValidationError) as error:
        services.verdict_save(claim=claim, user=fact_checker, rating="true")
    assert "scale" in error.value.message_dict


def test_shipped_scales_have_the_ratings_of_the_issue():
    labels = {
        scale: list(Rating.objects.filter(scale__slug=scale).order_by("-value", "label").values_list("label", flat=True))
        for scale in ("politifact", "snopes")
    }
    assert labels["politifact"] == ["True", "Mostly True", "Half True", "Mostly False", "False", "Pants on Fire"]
    assert {"Mixture", "Unproven", "Outdated"} <= set(labels["snopes"])


def test_history_records_who_changed_what(fact_checker, editor):
    verdict = make_verdict(author=fact_checker, reviewer=editor, state="approved")
    records = list(verdict.history.order_by("history_date"))
    assert [(r.state, r.history_user) for r in records] == [
        ("draft", fact_checker), ("in_review", fact_checker), ("approved", editor),
    ]
    delta = records[2].diff_against(records[1])
    assert {change.field for change in delta.changes} >= {"state", "reviewer"}


def test_outsiders_cannot_draft(outsider):
    with pytest.raises(PermissionDenied):
        services.verdict_save(claim=make_claim(), user=outsider, rating="true")
    assert not Verdict.objects.exists()


def test_history_names_the_user_a_service_is_given_outside_requests(fact_checker):
    claim = make_claim(user=fact_checker)
    item = make_evidence(claim=claim, excerpt="Two servers sent look-ups.", user=fact_checker)
    # Logged, then moved to researching by the evidence: both changes name the user.
    assert [(record.state, record.history_user) for record in claim.history.order_by("history_date")] == [
        ("new", fact_checker), ("researching", fact_checker)]
    assert item.history.get().history_user == fact_checker
