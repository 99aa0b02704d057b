"""Template helpers of the desk's pages: badges that always carry a text label, and formats."""

import json

from django import template
from django.utils.dateformat import format as format_date
from django.utils.html import format_html

from claims.models import Verdict
from claims.quotation import quoted
from evidence.checks import registry

register = template.Library()

_DATE_FORMATS = {"day": "j F Y", "month": "F Y", "year": "Y"}


@register.simple_tag
def badge(kind: str, value: str, label: str = ""):
    """A coloured badge whose class says what it is and whose text says it in words.

    ``kind`` is "status" (support status), "check" (check state), "state" (claim state)
    or "stance"; ``label`` defaults to ``value``.
    """
    return format_html('<span class="badge {}-{}">{}</span>', kind, value, label or value)


@register.simple_tag
def verdict_badge(state: str):
    """The badge of a verdict state given by its value (lists annotate only the value)."""
    return badge("verdict", state, Verdict.State(state).label)


@register.filter(name="quoted")
def quoted_filter(text: str) -> str:
    """The text in double quotation marks, quotations inside it in single ones
    (``claims.quotation.quoted``); the template escapes the result."""
    return quoted(str(text or ""))


@register.filter
def check_title(check_id: str) -> str:
    """The human title of a registered check, or its id when it is not registered."""
    check_class = registry.get(check_id)
    return check_class.title if check_class else check_id


@register.filter
def pretty_json(value) -> str:
    """Structured details for a <pre> block; the template escapes the result."""
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True, default=str)


@register.filter
def duration(milliseconds: int | None) -> str:
    if milliseconds is None:
        return ""
    if milliseconds < 1000:
        return f"{milliseconds} ms"
    return f"{milliseconds / 1000:.1f} s"


@register.filter
def claim_date(claim) -> str:
    """The claim's date as precisely as it is known ("March 2017" for month precision)."""
    if not claim.claim_date:
        return ""
    return format_date(claim.claim_date, _DATE_FORMATS.get(claim.date_precision, "j F Y"))


@register.filter
def person(user) -> str:
    """A user's full name, or their username."""
    if not user:
        return ""
    return user.get_full_name() or user.get_username()


# Feedback where the person acted: a view adds a message with ``extra_tags="at-<place>"``
# when it sends the person back to that place of a page (``#notes``, ``#verdict``...);
# the page shows it there instead of in the banner at the top, out of sight.
PLACE_TAG = "at-"


def _places(message) -> set[str]:
    return {tag[len(PLACE_TAG):] for tag in (message.extra_tags or "").split() if tag.startswith(PLACE_TAG)}


@register.filter
def unplaced(messages) -> list:
    """The messages that belong to no place of the page: the banner at the top shows them."""
    return [message for message in messages if not _places(message)]


@register.inclusion_tag("partials/messages.html", takes_context=True)
def messages_at(context, *place):
    """The messages that belong to ``place`` (parts joined by "-": ``"sentence" 12`` is
    ``sentence-12``), shown beside the form the person used."""
    name = "-".join(str(part) for part in place)
    return {"messages": [message for message in context.get("messages", ()) if name in _places(message)],
            "placed": True}
