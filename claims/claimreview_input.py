"""Reading ClaimReview JSON-LD as fact-checkers publish it (pure: no models, no I/O).

Accepted shapes: one object, a list, an ``@graph``, a Data Commons ``DataFeed``
(``dataFeedElement`` → ``item``), and HTML or text holding
``<script type="application/ld+json">`` blocks. Every record comes with its
position in the file so a bad one can be reported and skipped.
"""

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

_SCRIPT = re.compile(
    r"<script[^>]*type\s*=\s*[\"']application/ld\+json[\"'][^>]*>(.*?)</script>", re.IGNORECASE | re.DOTALL
)


class BadRecord(ValueError):
    """A record that cannot be imported; the message says why."""


@dataclass(frozen=True)
class Found:
    position: str
    record: dict | None = None
    error: str = ""


def _types(node: dict) -> list[str]:
    kind = node.get("@type", [])
    return [kind] if isinstance(kind, str) else [k for k in kind if isinstance(k, str)]


def _walk(node, position: str) -> Iterator[Found]:
    if isinstance(node, list):
        for index, child in enumerate(node):
            yield from _walk(child, f"{position}[{index}]")
    elif not isinstance(node, dict):
        yield Found(position, error=f"expected a JSON object, found {type(node).__name__}")
    elif "@graph" in node:
        yield from _walk(node["@graph"], f"{position}.@graph")
    elif "DataFeed" in _types(node):
        yield from _walk(node.get("dataFeedElement", []), f"{position}.dataFeedElement")
    elif "DataFeedItem" in _types(node):
        yield from _walk(node.get("item", []), f"{position}.item")
    elif "ClaimReview" in _types(node):
        yield Found(position, record=node)
    else:
        kind = ", ".join(_types(node)) or "no @type"
        yield Found(position, error=f"not a ClaimReview ({kind})")


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def claimreviews_in(text: str) -> Iterator[Found]:
    """Every ClaimReview in a file's text, or the reason a part of it is unusable."""
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            yield Found(f"line {exc.lineno}", error=f"invalid JSON: {exc.msg}")
            return
        yield from _walk(document, "$")
        return
    scripts = list(_SCRIPT.finditer(text))
    if not scripts:
        yield Found("line 1", error="neither JSON nor HTML with a JSON-LD script")
    for number, match in enumerate(scripts, start=1):
        position = f"script {number} (line {_line(text, match.start())})"
        try:
            document = json.loads(match.group(1))
        except json.JSONDecodeError as exc:
            yield Found(position, error=f"invalid JSON: {exc.msg}")
            continue
        yield from _walk(document, position)


def _first(value):
    return value[0] if isinstance(value, list) and value else value


def _name(value) -> str:
    value = _first(value)
    if isinstance(value, dict):
        return str(value.get("name") or value.get("alternateName") or "").strip()
    return str(value or "").strip()


def _date(value) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise BadRecord(f"datePublished {value!r} is not a date") from exc


def _rating(value) -> str:
    value = _first(value)
    if not isinstance(value, dict):
        return str(value or "").strip()
    label = str(value.get("alternateName") or value.get("name") or "").strip()
    if label:
        return label
    if value.get("ratingValue") not in (None, ""):
        best = value.get("bestRating")
        return f"{value['ratingValue']}/{best}" if best not in (None, "") else str(value["ratingValue"])
    return ""


def claimreview_fields(record: dict) -> dict:
    """The fields of an external fact-check from one ClaimReview object.

    Raises BadRecord when the URL or the claim reviewed is missing or unusable.
    """
    url = str(record.get("url") or "").strip()
    if not url:
        raise BadRecord("no url")
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        raise BadRecord(f"url {url[:100]!r} is not an http(s) address")
    claim = str(record.get("claimReviewed") or "").strip()
    if not claim:
        raise BadRecord("no claimReviewed")
    author = _first(record.get("author")) or {}
    author = author if isinstance(author, dict) else {"name": str(author)}
    publisher_url = str(author.get("url") or "").strip()
    publisher = _name(author) or (urlsplit(publisher_url).hostname or "").removeprefix("www.")
    item = _first(record.get("itemReviewed")) or {}
    item = item if isinstance(item, dict) else {}
    language = record.get("inLanguage") or ""
    return {
        "url": url,
        "claim_reviewed": claim,
        "title": str(record.get("name") or record.get("headline") or "").strip()[:1000],
        "publisher": publisher[:300],
        "publisher_url": publisher_url if urlsplit(publisher_url).scheme in ("http", "https") else "",
        "claimant": _name(item.get("author") or item.get("creator"))[:300],
        "rating": _rating(record.get("reviewRating"))[:300],
        "date_published": _date(record.get("datePublished")),
        "language": (_name(language) if isinstance(language, dict) else str(language))[:12],
        "raw": record,
    }
