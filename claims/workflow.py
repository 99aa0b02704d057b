"""The verdict workflow: which action takes a verdict from which state to which, and who may.

Pure: no models. The services ask ``refusal()`` before every change, so the desk,
the API and the admin enforce the same map. DESIGN.md names the states and actions.
"""

from dataclasses import dataclass

from factcheck.roles import ADMIN, EDITOR, FACT_CHECKER

DRAFT = "draft"
IN_REVIEW = "in_review"
CHANGES_REQUESTED = "changes_requested"
APPROVED = "approved"
PUBLISHED = "published"
RETRACTED = "retracted"

DESK = frozenset({FACT_CHECKER, EDITOR, ADMIN})
EDITORS = frozenset({EDITOR, ADMIN})


@dataclass(frozen=True)
class Action:
    name: str
    verb: str  # for messages: "publish", "request changes on"
    sources: frozenset[str]
    target: str | None  # None: the state does not change
    roles: frozenset[str]
    author_may: bool = True


ACTIONS: dict[str, Action] = {
    action.name: action
    for action in (
        Action("edit", "edit", frozenset({DRAFT, CHANGES_REQUESTED}), None, DESK),
        Action("submit", "submit", frozenset({DRAFT, CHANGES_REQUESTED}), IN_REVIEW, DESK),
        # An editor never reviews their own verdict: another editor must.
        Action("request-changes", "request changes on", frozenset({IN_REVIEW, APPROVED}),
               CHANGES_REQUESTED, EDITORS, author_may=False),
        Action("approve", "approve", frozenset({IN_REVIEW}), APPROVED, EDITORS, author_may=False),
        Action("publish", "publish", frozenset({APPROVED}), PUBLISHED, EDITORS),
        Action("retract", "retract", frozenset({PUBLISHED}), RETRACTED, EDITORS),
        Action("corrections", "correct", frozenset({PUBLISHED}), None, EDITORS),
    )
}

STATE_LABELS = {
    DRAFT: "a draft",
    IN_REVIEW: "in review",
    CHANGES_REQUESTED: "waiting for changes",
    APPROVED: "approved",
    PUBLISHED: "published",
    RETRACTED: "retracted",
}


@dataclass(frozen=True)
class Refusal:
    """Why an action is refused. ``kind`` is ``role`` (the person may not) or ``state``
    (nobody may, now); the API answers 403 and 400 respectively."""

    kind: str
    message: str


def refusal(action: str, *, state: str, role: str | None, is_author: bool) -> Refusal | None:
    """None when a user with ``role`` may take ``action`` on a verdict in ``state``."""
    rule = ACTIONS.get(action)
    if rule is None:
        return Refusal("state", f"Unknown action “{action}”.")
    if role not in rule.roles:
        who = "editors" if rule.roles == EDITORS else "desk members"
        return Refusal("role", f"Only {who} may {rule.verb} a verdict.")
    if is_author and not rule.author_may:
        return Refusal("role", f"You wrote this verdict: another editor must {rule.verb} it.")
    if state not in rule.sources:
        allowed = " or ".join(sorted(STATE_LABELS[source] for source in rule.sources))
        return Refusal(
            "state", f"Cannot {rule.verb} a verdict that is {STATE_LABELS[state]}: it must be {allowed}."
        )
    return None


def next_state(action: str, state: str) -> str:
    """The state after ``action`` (which must be allowed from ``state``)."""
    return ACTIONS[action].target or state


def available_actions(*, state: str, role: str | None, is_author: bool) -> list[str]:
    """The actions this user may take now, in workflow order (for buttons)."""
    return [name for name in ACTIONS if refusal(name, state=state, role=role, is_author=is_author) is None]
