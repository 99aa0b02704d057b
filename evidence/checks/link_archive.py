"""evidence.link_archive: the evidence link answers, and an archived copy of it is kept.

The ``archive`` preparation step (``evidence.archive``) fetches or reuses a
copy of the link and reports it under ``inputs["archive"]``; this check only
judges that report.

Outcomes:

* ``skipped`` when the item has neither a link nor a document.
* ``passed`` when a copy with readable text was archived (from the web, or
  from the pasted or uploaded document), with its status, type and size.
* ``failed`` when the page answered but cannot be read as text (compressed
  although no compression was asked for, or binary data declared as a page):
  nothing is archived and the item is weak ("source unreadable").
* ``warning`` when the link answered with an error status, could not be
  fetched (unreachable, timed out, refused as a private address, too large,
  redirecting in circles), serves something other than text, HTML or PDF, has
  no readable text, or, on a re-check, disappeared or changed since the
  previous copy (with a summary of the change). A 404, 410 or 5xx answer and an
  unreachable host make the item weak ("dead link"); the older copy is kept.
"""

from datetime import datetime
from http import HTTPStatus

from evidence.documents import HTML_TYPES, PDF_TYPE, TEXT_TYPES

from .base import FAILED, PASSED, SKIPPED, WARNING, Check, Outcome
from .registry import register

DEAD_LINK = "dead link"
UNREADABLE = "source unreadable"
READABLE_TYPES = HTML_TYPES | TEXT_TYPES | {PDF_TYPE}
DEAD_STATUSES = {404, 410}
ERROR_LABELS = {
    "blocked": "refused",
    "timeout": "timed out",
    "too_large": "too large",
    "redirects": "redirect loop",
    "unreachable": "unreachable",
    "certificate": "invalid certificate",
    "undecodable": "unreadable",
}


def _day(iso: str) -> str:
    return datetime.fromisoformat(iso).strftime("%-d %b %Y")


def _size(size: int) -> str:
    for unit in ("bytes", "kB", "MB"):
        if size < 1000 or unit == "MB":
            return f"{size:,} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1000
    return ""  # pragma: no cover - the loop always returns


def _status(code: int) -> str:
    try:
        return f"HTTP {code} {HTTPStatus(code).phrase}"
    except ValueError:
        return f"HTTP {code}"


def _is_dead(code: int) -> bool:
    return code in DEAD_STATUSES or code >= 500


@register
class LinkArchive(Check):
    check_id = "evidence.link_archive"
    version = 1
    target_kind = "evidence"
    title = "Link is archived and answers"
    uses = ("url", "snapshot_id", "recheck")
    prepare = "archive"

    def run(self, inputs: dict) -> Outcome:
        report = inputs.get("archive") or {}
        snapshot, previous, error = report.get("snapshot"), report.get("previous"), report.get("error")
        details = {key: report.get(key) for key in ("snapshot", "previous", "error", "change_summary")}
        kept = f"; the copy archived on {_day(previous['fetched_at'])} is kept" if previous else ""

        if error:
            kind = error.get("kind", "unreachable")
            label = ERROR_LABELS.get(kind, kind.replace("_", " "))
            if kind == "undecodable":
                return Outcome(
                    FAILED, f"Not archived ({label}): {error.get('message', '')}{kept}.", score=0.0,
                    details=details, weak_reason=UNREADABLE,
                )
            lead = "The page disappeared" if previous and kind == "unreachable" else "Not archived"
            return Outcome(
                WARNING, f"{lead} ({label}): {error.get('message', '')}{kept}.", score=0.0, details=details,
                weak_reason=DEAD_LINK if kind == "unreachable" else None,
            )
        if snapshot is None:
            return Outcome(SKIPPED, "No link or document to archive.")

        day = _day(snapshot["fetched_at"])
        if snapshot["origin"] != "fetched":
            return Outcome(
                PASSED,
                f"Archived from the {snapshot['origin']} document on {day} "
                f"({_size(snapshot['size'])}); nothing was fetched.",
                score=1.0, details=details,
            )
        status = snapshot["status"] or 0
        if status >= 400:
            was_alive = previous and (previous.get("status") or 0) < 400
            lead = "The page disappeared" if was_alive else "Dead link" if _is_dead(status) else "The site refused the archiver"
            return Outcome(
                WARNING, f"{lead}: {_status(status)} on {day}{kept if was_alive else ''}.",
                score=0.0, details=details, weak_reason=DEAD_LINK if _is_dead(status) else None,
            )
        content_type = snapshot["content_type"] or "an unknown type"
        if snapshot["content_type"] not in READABLE_TYPES:
            return Outcome(
                WARNING, f"The link serves {content_type}, not a page or document: no text was archived ({day}).",
                score=0.0, details=details,
            )
        if not snapshot["text_length"]:
            return Outcome(
                WARNING, f"Archived on {day}, but the {content_type} has no readable text.", score=0.0, details=details
            )
        if report.get("changed") and previous:
            return Outcome(
                WARNING, f"The page changed since {_day(previous['fetched_at'])}: {report['change_summary']}.",
                score=0.5, details=details,
            )
        return Outcome(
            PASSED,
            f"Archived on {day}: {_status(status)}, {content_type}, {_size(snapshot['size'])}, "
            f"{snapshot['text_length']:,} characters of text.",
            score=1.0, details=details,
        )
