"""The verdict workflow: which action takes a verdict from which state to which, and who may.

Pure: no models. The services ask ``refusal()`` before every change, so the desk,
the API and the admin enforce the same map. DESIGN.md names the states and actions.

Two people review every verdict: nobody who wrote it may approve it or send it back.
Its *writers* are its author and everyone who changed its wording since it was last
approved (``verdict_writers`` derives them from the verdict's saved versions), so an
editor who edits someone's draft cannot then approve it.
"""

from collections.abc import Hashable, Iterable
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
    writers_may: bool = True


ACTIONS: dict[str, Action] = {
    action.name: action
    for action in (
        Action("edit", "edit", frozenset({DRAFT, CHANGES_REQUESTED}), None, DESK),
        Action("submit", "submit", frozenset({DRAFT, CHANGES_REQUESTED}), IN_REVIEW, DESK),
        # An editor never reviews what they wrote: another editor must.
        Action("request-changes", "request changes on", frozenset({IN_REVIEW, APPROVED}),
               CHANGES_REQUESTED, EDITORS, writers_may=False),
        Action("approve", "approve", frozenset({IN_REVIEW}), APPROVED, EDITORS, writers_may=False),
        Action("publish", "publish", frozenset({APPROVED}), PUBLISHED, EDITORS),
        Action("retract", "retract", frozenset({PUBLISHED}), RETRACTED, EDITORS),
        Action("corrections", "correct", frozenset({PUBLISHED}), None, EDITORS),
        # A published verdict's wording changes only with a dated correction that says so.
        Action("amend", "amend", frozenset({PUBLISHED}), None, EDITORS),
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


def refusal(
    action: str, *, state: str, role: str | None, user: Hashable | None, writers: frozenset
) -> Refusal | None:
    """None when ``user``, whose role is ``role``, may take ``action`` on a verdict in
    ``state`` whose writers (see ``verdict_writers``) are ``writers``."""
    rule = ACTIONS.get(action)
    if rule is None:
        return Refusal("state", f"Unknown action “{action}”.")
    if role not in rule.roles:
        who = "editors" if rule.roles == EDITORS else "desk members"
        return Refusal("role", f"Only {who} may {rule.verb} a verdict.")
    if not rule.writers_may and user is not None and user in writers:
        return Refusal("role", f"You wrote or edited this verdict: another editor must {rule.verb} it.")
    if state not in rule.sources:
        allowed = " or ".join(sorted(STATE_LABELS[source] for source in rule.sources))
        return Refusal(
            "state", f"Cannot {rule.verb} a verdict that is {STATE_LABELS[state]}: it must be {allowed}."
        )
    return None


def next_state(action: str, state: str) -> str:
    """The state after ``action`` (which must be allowed from ``state``)."""
    return ACTIONS[action].target or state


def available_actions(*, state: str, role: str | None, user: Hashable | None, writers: frozenset) -> list[str]:
    """The actions this user may take now, in workflow order (for buttons)."""
    return [
        name for name in ACTIONS
        if refusal(name, state=state, role=role, user=user, writers=writers) is None
    ]


@dataclass(frozen=True)
class Version:
    """One saved version of a verdict: who saved it, its state, and its wording (the
    values of the fields readers see: rating, headline, summary, body, claimant's response)."""

    user: Hashable | None
    state: str
    wording: tuple


def verdict_writers(*, author: Hashable | None, versions: Iterable[Version]) -> frozenset:
    """Who wrote the verdict that is up for review: its author, and everyone whose saved
    version changed the wording since the last approval (or since the first version).

    ``versions`` oldest first. An approval (a version that enters ``approved``) clears
    the writers before it; saving a version without changing the wording writes nothing.
    """
    writers: set = set()
    previous = None
    for version in versions:
        if version.state == APPROVED and (previous is None or previous.state != APPROVED):
            writers.clear()
        if previous is None or version.wording != previous.wording:
            writers.add(version.user)
        previous = version
    return frozenset(writers | {author}) - {None}
