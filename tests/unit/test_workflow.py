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
    Version,
    available_actions,
    next_state,
    refusal,
    verdict_writers,
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
    "amend": {PUBLISHED: PUBLISHED},
}
EDITOR_ONLY = {"request-changes", "approve", "publish", "retract", "corrections", "amend"}
NOT_BY_WRITERS = {"request-changes", "approve"}
ME, OTHER = 1, 2  # the user asking and someone else


def test_the_map_covers_exactly_the_actions_of_design_md():
    assert set(workflow.ACTIONS) == set(ALLOWED)


@pytest.mark.parametrize("action", sorted(ALLOWED))
@pytest.mark.parametrize("state", STATES)
def test_transitions_for_an_editor_who_is_not_the_author(action, state):
    refused = refusal(action, state=state, role="editor", user=ME, writers=frozenset({OTHER}))
    if state in ALLOWED[action]:
        assert refused is None
        assert next_state(action, state) == ALLOWED[action][state]
    else:
        assert refused.kind == "state"
        assert workflow.STATE_LABELS[state] in refused.message


@pytest.mark.parametrize("action", sorted(ALLOWED))
@pytest.mark.parametrize("role", ["fact-checker", "editor", "admin", None])
@pytest.mark.parametrize("writers", [frozenset({ME}), frozenset({OTHER, ME}), frozenset({OTHER})])
def test_who_may_take_each_action_from_a_state_that_allows_it(action, role, writers):
    state = next(iter(ALLOWED[action]))
    refused = refusal(action, state=state, role=role, user=ME, writers=writers)
    may = role is not None and (role != "fact-checker" or action not in EDITOR_ONLY)
    may = may and not (ME in writers and action in NOT_BY_WRITERS)
    assert (refused is None) == may
    if refused is not None:
        assert refused.kind == "role"


def test_an_editor_is_told_why_they_cannot_approve_their_own_verdict():
    refused = refusal("approve", state=IN_REVIEW, role="editor", user=ME, writers=frozenset({OTHER, ME}))
    assert refused.message == "You wrote or edited this verdict: another editor must approve it."


def test_publishing_a_verdict_in_review_says_it_must_be_approved_first():
    refused = refusal("publish", state=IN_REVIEW, role="editor", user=ME, writers=frozenset({OTHER}))
    assert refused.message == "Cannot publish a verdict that is in review: it must be approved."


def test_unknown_action_is_refused():
    assert refusal("delete", state=DRAFT, role="admin", user=ME, writers=frozenset()).kind == "state"


@pytest.mark.parametrize(
    "state, role, writers, expected",
    [
        (DRAFT, "fact-checker", {ME}, ["edit", "submit"]),
        (IN_REVIEW, "fact-checker", {ME}, []),
        (IN_REVIEW, "editor", {OTHER}, ["request-changes", "approve"]),
        (IN_REVIEW, "editor", {ME}, []),
        (IN_REVIEW, "editor", {OTHER, ME}, []),
        (APPROVED, "editor", {ME}, ["publish"]),
        (PUBLISHED, "admin", {OTHER}, ["retract", "corrections", "amend"]),
        (PUBLISHED, "fact-checker", {ME}, []),
        (RETRACTED, "editor", {OTHER}, []),
    ],
)
def test_available_actions_are_the_buttons_to_show(state, role, writers, expected):
    assert available_actions(state=state, role=role, user=ME, writers=frozenset(writers)) == expected


def test_nobody_is_a_writer_when_the_user_is_unknown():
    assert refusal("approve", state=IN_REVIEW, role="editor", user=None, writers=frozenset({OTHER})) is None


# Who wrote a verdict: its author and whoever changed its wording since the last approval.
# Each version: (who saved it, the state it was saved in, its wording).
A, B, C = "author", "second", "third"
FIRST, SECOND = ("false", "Headline"), ("mostly-false", "Headline, revised")


@pytest.mark.parametrize(
    "versions, writers",
    [
        ([], {A}),
        ([(A, DRAFT, FIRST)], {A}),
        ([(A, DRAFT, FIRST), (A, IN_REVIEW, FIRST)], {A}),
        # An editor edits the fact-checker's draft: both wrote it (the bypass of issue 15).
        ([(A, DRAFT, FIRST), (B, DRAFT, SECOND), (A, IN_REVIEW, SECOND)], {A, B}),
        # Saving the draft without changing its wording writes nothing.
        ([(A, DRAFT, FIRST), (B, DRAFT, FIRST), (B, IN_REVIEW, FIRST)], {A}),
        # Changes after an approval: only their writers (and the author) count.
        ([(A, DRAFT, FIRST), (A, IN_REVIEW, FIRST), (B, APPROVED, FIRST), (C, CHANGES_REQUESTED, FIRST),
          (C, CHANGES_REQUESTED, SECOND), (C, IN_REVIEW, SECOND)], {A, C}),
        ([(B, DRAFT, FIRST), (B, IN_REVIEW, FIRST), (C, APPROVED, FIRST), (C, CHANGES_REQUESTED, FIRST),
          (A, CHANGES_REQUESTED, SECOND), (A, IN_REVIEW, SECOND)], {A}),
        # Publishing an approved verdict is not a second approval.
        ([(A, DRAFT, FIRST), (A, IN_REVIEW, FIRST), (B, APPROVED, FIRST), (B, PUBLISHED, FIRST)], {A}),
        # Versions saved by nobody known (a command without a user) name nobody.
        ([(None, DRAFT, FIRST), (B, DRAFT, SECOND)], {A, B}),
    ],
)
def test_writers_are_the_author_and_who_changed_the_wording_since_the_last_approval(versions, writers):
    history = [Version(user=user, state=state, wording=wording) for user, state, wording in versions]
    assert verdict_writers(author=A, versions=history) == writers
