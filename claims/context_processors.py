"""What every desk page's menu shows."""

from functools import cache

from . import selectors


def desk_menu(request) -> dict:
    """``review_waiting``: how many verdicts wait for review, for the Review menu item.

    Lazy (a callable the template calls): pages that do not show the desk's menu, such
    as the public ones, run no query; only desk members (``request.desk_role``, set by
    the desk's views) see it.
    """
    if getattr(request, "desk_role", None) is None:
        return {}
    return {"review_waiting": cache(selectors.verdicts_waiting_for_review_count)}
