"""The desk's roles, as Django groups created by migrations.

A fact-checker works on claims, evidence, notes and verdict drafts; an editor
also reviews, approves, publishes, retracts and corrects; an admin can do what an
editor can and runs the Django admin. Superusers count as admins.
"""

FACT_CHECKER = "fact-checker"
EDITOR = "editor"
ADMIN = "admin"
DESK_GROUPS = (FACT_CHECKER, EDITOR, ADMIN)
# The roles that review, publish, retract, correct and download raw archived files.
EDITOR_ROLES = frozenset({EDITOR, ADMIN})


def role_of(user) -> str | None:
    """The strongest desk role of ``user``: ``admin``, ``editor``, ``fact-checker`` or None."""
    if not user or not user.is_authenticated:
        return None
    if user.is_superuser:
        return ADMIN
    names = {group.name for group in user.groups.all()}
    return next((role for role in (ADMIN, EDITOR, FACT_CHECKER) if role in names), None)


def is_desk_member(user) -> bool:
    """Fact-checkers, editors, admins and superusers may work on the desk."""
    return role_of(user) is not None


def is_editor(user) -> bool:
    """Editors and admins review, publish, retract and correct."""
    return role_of(user) in EDITOR_ROLES
