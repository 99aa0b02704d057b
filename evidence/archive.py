"""Link archiving: fetch an evidence URL through ``evidence.fetch`` and keep it as a Snapshot.

``snapshot_fetch`` stores one immutable copy of a URL. The ``archive``
preparation step runs before ``evidence.link_archive``: it reuses the latest
copy of the item's URL (any claim's) or fetches one, attaches it to the item,
and tells the check what it found, including how the text changed since the
previous copy. ``evidence_links_recheck`` asks for fresh copies of old links
(the periodic re-check); ``evidence_refetch`` asks for one item's fresh copy now
(the editor's "Fetch a fresh copy").
"""

import difflib
import hashlib
import re
from datetime import datetime, timedelta
from functools import partial

import trafilatura
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from factcheck.html import html_to_text, normalise_text

from .checks.base import TransientCheckError
from .documents import (
    HTML_TYPES, PDF_TYPE, TEXT_TYPES, UnreadableDocument, decode_text, extract_text, html_title,
)
from .fetch import FetchError, FetchUndecodable, fetch
from .models import EvidenceItem, Snapshot
from .preparations import preparation
from .services import checks_queue, snapshot_body_write, snapshot_transaction

# Runs of the check that retry a transient fetch failure (a timeout, a reset
# connection) before the check reports it as a warning instead.
TRANSIENT_ATTEMPTS = 3
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def readable_text(body: bytes, content_type: str) -> str:
    """The text an editor reads: the main content of HTML (trafilatura, precision
    first), the text of a PDF, plain text as is; empty for other types and for a
    PDF without text. Raises UnreadableDocument for an HTML or text body that is
    not text at all (compressed or binary data)."""
    if content_type in HTML_TYPES:
        html = decode_text(body)
        text = trafilatura.extract(html, favor_precision=True, include_comments=False)
        return (text or html_to_text(html)).strip()
    if content_type in TEXT_TYPES:
        return normalise_text(decode_text(body))
    if content_type == PDF_TYPE:
        try:
            return extract_text(body, content_type)
        except UnreadableDocument:
            return ""
    return ""


@snapshot_transaction()
def snapshot_fetch(*, url: str, user=None) -> Snapshot:
    """Fetch ``url`` now and store a new Snapshot of whatever answered, error pages included.

    Raises ``evidence.fetch.FetchError`` (and its kinds) when nothing answered, and
    FetchUndecodable when a page that answered cannot be read as text: nothing
    is stored then, rather than noise as its text.
    """
    result = fetch(url)
    try:
        text = readable_text(result.body, result.content_type)
    except UnreadableDocument as exc:
        if result.status < 400:
            reason = str(exc).rstrip(".")
            raise FetchUndecodable(f"{url} cannot be read as text: {reason[:1].lower()}{reason[1:]}") from exc
        text = ""  # an error page: its status is what counts
    sha256 = hashlib.sha256(result.body).hexdigest()
    snapshot = Snapshot(
        url=url, final_url=result.final_url, origin=Snapshot.Origin.FETCHED,
        http_status=result.status, content_type=result.content_type[:200], sha256=sha256,
        size=len(result.body), text=text, created_by=user,
        title=html_title(result.body, result.content_type) if result.status < 400 else "",
    )
    snapshot_body_write(snapshot, result.body)
    snapshot.full_clean()
    snapshot.save()
    return snapshot


def latest_snapshot(url: str) -> Snapshot | None:
    """The newest fetched copy of ``url``, whichever claim it was fetched for."""
    return Snapshot.objects.filter(url=url, origin=Snapshot.Origin.FETCHED).order_by("-fetched_at", "-pk").first()


def previous_snapshot(snapshot: Snapshot) -> Snapshot | None:
    """The fetched copy of the same URL made just before ``snapshot``."""
    return (
        Snapshot.objects.filter(url=snapshot.url, origin=Snapshot.Origin.FETCHED)
        .filter(Q(fetched_at__lt=snapshot.fetched_at) | Q(fetched_at=snapshot.fetched_at, pk__lt=snapshot.pk))
        .order_by("-fetched_at", "-pk")
        .first()
    )


def snapshot_summary(snapshot: Snapshot | None) -> dict | None:
    """What the check needs to know of a snapshot, as JSON-friendly values."""
    if snapshot is None:
        return None
    return {
        "id": snapshot.pk,
        "origin": snapshot.origin,
        "url": snapshot.url,
        "final_url": snapshot.final_url,
        "status": snapshot.http_status,
        "content_type": snapshot.content_type,
        "size": snapshot.size,
        "sha256": snapshot.sha256,
        "text_length": len(snapshot.text),
        "fetched_at": snapshot.fetched_at.isoformat(),
    }


def _sentences(text: str) -> list[str]:
    return [" ".join(s.split()) for s in SENTENCE_END.split(text) if s.strip()]


def text_change(old: str, new: str) -> tuple[bool, str]:
    """Whether the readable text changed, and a one-line summary: how much of it
    is the same and the first changed sentence. Compares sentences, not
    characters, so long pages stay fast."""
    if old == new:
        return False, ""
    before, after = _sentences(old), _sentences(new)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    ratio = same / max(len(before), len(after), 1)
    first = next((op for op in matcher.get_opcodes() if op[0] != "equal"), None)
    if first is None:  # same sentences, different spacing
        return False, ""
    tag, i1, i2, j1, j2 = first
    if tag == "delete":
        change = f"removed “{_clip(before[i1])}”"
    elif tag == "insert":
        change = f"added “{_clip(after[j1])}”"
    else:
        change = f"“{_clip(before[i1])}” now reads “{_clip(after[j1])}”"
    return True, f"{ratio:.0%} of its sentences are unchanged; first change: {change}"


def _clip(sentence: str, limit: int = 90) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def _requested_after(inputs: dict) -> datetime | None:
    return datetime.fromisoformat(inputs["recheck"]) if inputs.get("recheck") else None


def _is_fresh(snapshot: Snapshot | None, url: str, requested_after: datetime | None) -> bool:
    return (
        snapshot is not None
        and snapshot.origin == Snapshot.Origin.FETCHED
        and snapshot.url == url
        and (requested_after is None or snapshot.fetched_at >= requested_after)
    )


def _attach(item: EvidenceItem, snapshot: Snapshot) -> None:
    """Point the item at a new snapshot; its other checks read it, so queue them again.

    An item with no title of its own (none, or its bare URL) takes the archived
    page's ``<title>``; a title somebody typed is kept."""
    with transaction.atomic():
        changed = EvidenceItem.objects.filter(pk=item.pk).exclude(snapshot=snapshot).update(snapshot=snapshot)
        if snapshot.title:
            EvidenceItem.objects.filter(pk=item.pk).filter(Q(title="") | Q(title=item.url)).update(
                title=snapshot.title
            )
        if changed:
            transaction.on_commit(partial(checks_queue, claim_id=item.claim_id), robust=True)


def _report(snapshot: Snapshot | None, *, error: dict | None = None, previous: Snapshot | None = None) -> dict:
    changed, summary = False, ""
    if snapshot is not None and previous is not None and snapshot.sha256 != previous.sha256:
        changed, summary = text_change(previous.text, snapshot.text)
    return {
        "archive": {
            "snapshot": snapshot_summary(snapshot),
            "previous": snapshot_summary(previous),
            "error": error,
            "changed": changed,
            "change_summary": summary,
        }
    }


@preparation("archive")
def archive_evidence_link(*, result, inputs: dict) -> dict:
    """Give ``evidence.link_archive`` an archived copy of the item's link.

    A pasted or uploaded document is the archive: nothing is fetched. Otherwise
    the item's own copy is kept unless a re-check asked for a newer one; then
    the latest copy of the URL (made for any claim) is reused, or the URL is
    fetched. A transient failure raises TransientCheckError for the first runs,
    then is reported to the check like any other failure.
    """
    item = EvidenceItem.objects.select_related("snapshot").get(pk=result.evidence_id)
    url = inputs["url"]
    if item.snapshot_id and item.snapshot.origin != Snapshot.Origin.FETCHED:
        return _report(item.snapshot)
    if not url:
        return _report(None)
    requested_after = _requested_after(inputs)
    own = item.snapshot if item.snapshot_id and item.snapshot.url == url else None
    if _is_fresh(own, url, requested_after):
        return _report(own, previous=previous_snapshot(own))
    latest = latest_snapshot(url)
    if _is_fresh(latest, url, requested_after):
        snapshot = latest
    else:
        try:
            snapshot = snapshot_fetch(url=url, user=item.added_by)
        except FetchError as exc:
            if exc.transient and result.attempts < TRANSIENT_ATTEMPTS:
                raise TransientCheckError(str(exc)) from exc
            return _report(None, error={"kind": exc.kind, "message": str(exc)}, previous=own or latest)
    # A page that has gone (an error status) does not replace a good copy: the
    # item keeps what its excerpt was taken from, and the check warns.
    if _usable(snapshot) or not _usable(own):
        _attach(item, snapshot)
    previous = own if own is not None and own.pk != snapshot.pk else previous_snapshot(snapshot)
    return _report(snapshot, previous=previous)


def _usable(snapshot: Snapshot | None) -> bool:
    return snapshot is not None and (snapshot.http_status or 0) < 400


@transaction.atomic
def evidence_links_recheck(*, older_than: timedelta) -> int:
    """Ask for a fresh copy of every evidence link whose archived copy is older
    than ``older_than`` (or that has none), and queue those claims' checks.

    The request is recorded on the item (``link_recheck_at``), which changes the
    link check's inputs: the check runs again, fetches anew, and warns when the
    page disappeared or its text changed. Items archived from a pasted or
    uploaded document are left alone. Returns how many items were asked for.
    """
    now = timezone.now()
    due = (
        EvidenceItem.objects.exclude(url="")
        .filter(Q(snapshot__isnull=True) | Q(snapshot__origin=Snapshot.Origin.FETCHED))
        .filter(Q(snapshot__isnull=True) | Q(snapshot__fetched_at__lt=now - older_than))
        .filter(Q(link_recheck_at__isnull=True) | Q(link_recheck_at__lt=now - older_than))
    )
    claim_ids = sorted(set(due.values_list("claim_id", flat=True)))
    count = due.update(link_recheck_at=now)
    for claim_id in claim_ids:
        checks_queue(claim_id=claim_id)
    return count


def can_refetch(item: EvidenceItem) -> bool:
    """Whether a fresh copy of the item's link can be asked for: it has a link,
    and its archive is not a pasted or uploaded document (which is never fetched)."""
    return bool(item.url) and (item.snapshot_id is None or item.snapshot.origin == Snapshot.Origin.FETCHED)


@transaction.atomic
def evidence_refetch(*, item: EvidenceItem) -> EvidenceItem:
    """Ask for a fresh copy of the item's link now and queue its link check again.

    The request is recorded on the item (``link_recheck_at``), as the periodic
    re-check does: the archive step then fetches anew instead of reusing any
    older copy, and the check warns when the page changed or disappeared.
    Raises ValidationError when the item has no link or is archived from a
    pasted or uploaded document. Returns the item as saved.
    """
    if not can_refetch(item):
        reason = "it has no link" if not item.url else "it is archived from its document, which is not fetched"
        raise ValidationError({"url": f"A fresh copy cannot be fetched: {reason}."})
    item.link_recheck_at = timezone.now()
    EvidenceItem.objects.filter(pk=item.pk).update(link_recheck_at=item.link_recheck_at)
    checks_queue(claim_id=item.claim_id, force=True, check_id="evidence.link_archive", target=item.target)
    return item
