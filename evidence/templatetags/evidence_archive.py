"""Template helpers for archived copies of evidence links."""

from django import template

from evidence.selectors import other_snapshots
from evidence.services import WEAK_REASON_ADVICE

register = template.Library()


@register.filter
def weak_advice(reason: str) -> str:
    """What to do about a reason that makes evidence weak (empty when there is no advice)."""
    return WEAK_REASON_ADVICE.get(reason, "")


@register.filter
def with_archive_history(items):
    """The evidence items, each given ``other_snapshots``: the other archived
    copies of its link, newest first (one query for the whole list)."""
    items = list(items)
    history = other_snapshots(items)
    for item in items:
        item.other_snapshots = history.get(item.pk, [])
    return items
