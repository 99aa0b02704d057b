"""The verdict workflow map: every action from every state, for every role."""

import pytest

from claims import workflow
from claims.workflow import (
    APPROVED,
    CHANGES_REQUESTED,
    DRAFT,
    IN_REVIEW,
    PUBLISHED,
    RETRACTED,
    available_actions,
    next_state,
    refusal,
)

STATES = [DRAFT, IN_REVIEW, CHANGES_REQUESTED, APPROVED, PUBLISHED, RETRACTED]

# action: {state it may be taken from: state it leads to}
ALLOWED = {
    "edit": {DRAFT: DRAFT, CHANGES_REQUESTED: CHANGES_REQUESTED},
    "submit": {DRAFT: IN_REVIEW, CHANGES_REQUESTED: IN_REVIEW},
    "request-changes": {IN_REVIEW: CHANGES_REQUESTED, APPROVED: CHANGES_REQUESTED},
    "approve": {IN_REVIEW: APPROVED},
    "publish": {APPROVED: PUBLISHED},
    "retract": {PUBLISHED: RETRACTED},
    "corrections": {PUBLISHED: PUBLISHED},
}
EDITOR_ONLY = {"request-changes", "approve", "publish", "retract", "corrections"}
NOT_BY_AUTHOR = {"request-changes", "approve"}


def test_the_map_covers_exactly_the_actions_of_design_md():
    assert set(workflow.ACTIONS) == set(ALLOWED)


@pytest.mark.parametrize("action", sorted(ALLOWED))
@pytest.mark.parametrize("state", STATES)
def test_transitions_for_an_editor_who_is_not_the_author(action, state):
    refused = refusal(action, state=state, role="editor", is_author=False)
    if state in ALLOWED[action]:
        assert refused is None
        assert next_state(action, state) == ALLOWED[action][state]
    else:
        assert refused.kind == "state"
        assert workflow.STATE_LABELS[state] in refused.message


@pytest.mark.parametrize("action", sorted(ALLOWED))
@pytest.mark.parametrize("role", ["fact-checker", "editor", "admin", None])
@pytest.mark.parametrize("is_author", [True, False])
def test_who_may_take_each_action_from_a_state_that_allows_it(action, role, is_author):
    state = next(iter(ALLOWED[action]))
    refused = refusal(action, state=state, role=role, is_author=is_author)
    may = role is not None and (role != "fact-checker" or action not in EDITOR_ONLY)
    may = may and not (is_author and action in NOT_BY_AUTHOR)
    assert (refused is None) == may
    if refused is not None:
        assert refused.kind == "role"


def test_an_editor_is_told_why_they_cannot_approve_their_own_verdict():
    refused = refusal("approve", state=IN_REVIEW, role="editor", is_author=True)
    assert refused.message == "You wrote this verdict: another editor must approve it."


def test_publishing_a_verdict_in_review_says_it_must_be_approved_first():
    refused = refusal("publish", state=IN_REVIEW, role="editor", is_author=False)
    assert refused.message == "Cannot publish a verdict that is in review: it must be approved."


def test_unknown_action_is_refused():
    assert refusal("delete", state=DRAFT, role="admin", is_author=False).kind == "state"


@pytest.mark.parametrize(
    "state, role, is_author, expected",
    [
        (DRAFT, "fact-checker", True, ["edit", "submit"]),
        (IN_REVIEW, "fact-checker", True, []),
        (IN_REVIEW, "editor", False, ["request-changes", "approve"]),
        (IN_REVIEW, "editor", True, []),
        (APPROVED, "editor", True, ["publish"]),
        (PUBLISHED, "admin", False, ["retract", "corrections"]),
        (RETRACTED, "editor", False, []),
    ],
)
def test_available_actions_are_the_buttons_to_show(state, role, is_author, expected):
    assert available_actions(state=state, role=role, is_author=is_author) == expected
