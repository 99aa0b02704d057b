"""The desk's roles, as Django groups created by a migration."""

FACT_CHECKER = "fact-checker"
EDITOR = "editor"
DESK_GROUPS = (FACT_CHECKER, EDITOR)


def is_desk_member(user) -> bool:
    """Fact-checkers, editors and superusers may work on the desk."""
    if not user or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(group.name in DESK_GROUPS for group in user.groups.all())
