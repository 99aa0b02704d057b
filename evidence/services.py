"""Writes to sources, snapshots and evidence, and the check engine.

The engine prepares each check's inputs, fingerprints them, stores one
CheckResult per (target, check, fingerprint), queues the runs after commit and
recomputes the claim's support status from the current results.
"""

import contextlib
import hashlib
import json
import logging
from contextvars import ContextVar
from datetime import timedelta
from functools import partial

from celery import current_app
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from claims.models import Claim
from claims.services import claim_public_changed, claim_work_started
from claims.status import EvidenceFacts, compute_support_status

from . import checks  # noqa: F401  (registers the built-in checks)
from . import preparations
from .checks import registry
from .checks.base import Check, TransientCheckError
from .checks.excerpt_in_source import NOT_FOUND as EXCERPT_NOT_FOUND
from .checks.link_archive import DEAD_LINK, UNREADABLE
from .documents import UnreadableDocument, extract_text, guess_content_type, html_title
from .domains import registrable_domain
from .matching import index as matching_index
from .models import CheckResult, EvidenceItem, Snapshot, Source

logger = logging.getLogger(__name__)

UNRELIABLE_SOURCE = "source rated unreliable"
# An item that cites a link or a document counts as strong only once that source was
# archived and its excerpt found there (DESIGN.md, "Support status"); until then it is weak.
NOT_YET_ARCHIVED = "not archived yet"
NOT_ARCHIVED = "the address could not be archived"
EXCERPT_UNCHECKED = "excerpt not yet found in the archived copy"
LINK_CHECK, EXCERPT_CHECK = "evidence.link_archive", "evidence.excerpt_in_source"
# What to do about each reason an item is weak, as its evidence card says it.
WEAK_REASON_ADVICE = {
    NOT_YET_ARCHIVED: "wait for the checks to archive the link, or paste the document instead",
    NOT_ARCHIVED: "paste or upload the document instead, or try “Fetch a copy” again later",
    EXCERPT_UNCHECKED: "re-run the checks; if the archived copy has no text, paste the document instead",
    DEAD_LINK: "paste or upload the document, or cite another copy of it",
    UNREADABLE: "the page could not be read as text: paste or upload the document instead",
    EXCERPT_NOT_FOUND: "copy the excerpt exactly from the archived source, or correct the link",
    UNRELIABLE_SOURCE: "find the same fact in a source that is not rated unreliable",
}


# Sources and snapshots


def source_for_url(url: str) -> Source | None:
    """The Source for a URL's registrable domain (``news.bbc.co.uk`` is ``bbc.co.uk``), created if new."""
    domain = registrable_domain(url)
    if not domain:
        return None
    source, _ = Source.objects.get_or_create(domain=domain, defaults={"name": domain})
    return source


@transaction.atomic
def source_update(*, source: Source, **fields) -> Source:
    """Edit a source. A new reliability rating or owner re-checks the claims whose
    evidence cites it: an unreliable source makes its evidence weak, and sources
    with one owner count as one for independence."""
    checks_affected = any(
        name in fields and fields[name] != getattr(source, name) for name in ("reliability", "owner")
    )
    for name, value in fields.items():
        setattr(source, name, value)
    source.full_clean()
    source.save()
    if checks_affected:
        claim_ids = EvidenceItem.objects.filter(source=source).values_list("claim_id", flat=True)
        for claim_id in sorted(set(claim_ids)):
            checks_queue(claim_id=claim_id)
    return source


# The snapshot bodies written in the current snapshot_transaction, as (storage, name).
_bodies_written: ContextVar[list | None] = ContextVar("snapshot_bodies_written", default=None)


@contextlib.contextmanager
def snapshot_transaction():
    """``transaction.atomic`` for writes that store snapshot bodies: when it fails, the
    bodies written inside it are deleted again, so no file outlives the row it was
    written for. Nested blocks delete their own; use it as a decorator or a ``with``.

    A body is written before its row (reads in the same transaction need it), so only
    a process killed mid-transaction, or an enclosing plain ``atomic`` that rolls back
    later, can still leave one behind.
    """
    written = _bodies_written.get()
    token = _bodies_written.set([]) if written is None else None
    written = _bodies_written.get()
    start = len(written)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        for storage, name in written[start:]:
            with contextlib.suppress(OSError):
                storage.delete(name)
        del written[start:]
        raise
    finally:
        if token is not None:
            _bodies_written.reset(token)


def snapshot_body_write(snapshot: Snapshot, body: bytes) -> None:
    """Store ``body`` as the snapshot's file (named by its SHA-256; a name taken by an
    earlier copy gets a suffix). Call inside ``snapshot_transaction``, which deletes
    the file again if the transaction fails."""
    snapshot.body.save(snapshot.sha256, ContentFile(body), save=False)
    written = _bodies_written.get()
    if written is not None:
        written.append((snapshot.body.storage, snapshot.body.name))


@snapshot_transaction()
def snapshot_from_document(
    *, body: bytes, filename: str = "", content_type: str = "", url: str = "",
    origin: str = Snapshot.Origin.UPLOADED, user=None,
) -> Snapshot:
    """Archive an uploaded or pasted document, with its original URL if known."""
    field = "document" if origin == Snapshot.Origin.UPLOADED else "pasted_text"
    if len(body) > settings.MAX_DOCUMENT_BYTES:
        raise ValidationError(
            {field: f"The document is too large ({len(body):,} bytes; at most {settings.MAX_DOCUMENT_BYTES:,})."}
        )
    content_type = guess_content_type(filename, body, content_type)
    try:
        text = extract_text(body, content_type)
    except UnreadableDocument as exc:
        raise ValidationError({field: str(exc)}) from exc
    sha256 = hashlib.sha256(body).hexdigest()
    snapshot = Snapshot(
        url=url, origin=origin, content_type=content_type, sha256=sha256, size=len(body),
        filename=filename, text=text, created_by=user, title=html_title(body, content_type),
    )
    snapshot_body_write(snapshot, body)
    snapshot.full_clean()
    snapshot.save()
    return snapshot


# Evidence


def _document_snapshot(*, document, pasted_text: str, url: str, user) -> Snapshot | None:
    if document is not None:
        return snapshot_from_document(
            body=document.read(), filename=getattr(document, "name", ""),
            content_type=getattr(document, "content_type", "") or "", url=url, user=user,
        )
    if pasted_text.strip():
        is_html = pasted_text.lstrip().startswith("<")
        return snapshot_from_document(
            body=pasted_text.encode(), content_type="text/html" if is_html else "text/plain",
            url=url, origin=Snapshot.Origin.PASTED, user=user,
        )
    return None


@snapshot_transaction()
def evidence_create(
    *,
    claim: Claim,
    stance: str,
    url: str = "",
    excerpt: str = "",
    title: str = "",
    kind: str = "",
    visibility: str = EvidenceItem.Visibility.PUBLIC,
    document=None,
    pasted_text: str = "",
    source: Source | None = None,
    user=None,
) -> EvidenceItem:
    """Attach evidence to a claim: a URL, an excerpt, and/or a document
    (uploaded file or pasted text, archived as a Snapshot). Queues checks."""
    if not (url or excerpt.strip() or document is not None or pasted_text.strip()):
        raise ValidationError({"url": "Give a URL, an excerpt or a document."})
    snapshot = _document_snapshot(document=document, pasted_text=pasted_text, url=url, user=user)
    item = EvidenceItem(
        claim=claim,
        stance=stance,
        url=url,
        excerpt=excerpt.strip(),
        # A document's own <title> until somebody types another.
        title=title.strip() or (snapshot.title if snapshot else ""),
        kind=kind or (EvidenceItem.Kind.DOCUMENT if snapshot and not url else EvidenceItem.Kind.WEB_PAGE),
        visibility=visibility,
        snapshot=snapshot,
        source=source or (source_for_url(url) if url else None),
        added_by=user,
    )
    item._history_user = user  # outside a request (commands, the demo) the middleware knows no user
    item.full_clean()
    item.save()
    claim_work_started(claim_id=claim.pk, user=user)
    checks_queue(claim_id=claim.pk)
    claim_public_changed(claim_id=claim.pk)
    return item


@snapshot_transaction()
def evidence_update(*, item: EvidenceItem, document=None, pasted_text: str = "", user=None, **fields) -> EvidenceItem:
    """Edit an evidence item; a new document replaces its snapshot. Queues checks."""
    for name, value in fields.items():
        setattr(item, name, value.strip() if isinstance(value, str) else value)
    if "url" in fields and "source" not in fields:
        item.source = source_for_url(item.url) if item.url else None
    snapshot = _document_snapshot(document=document, pasted_text=pasted_text, url=item.url, user=user)
    if snapshot is not None:
        item.snapshot = snapshot
        if snapshot.title and item.title in ("", item.url):
            item.title = snapshot.title
    if not (item.url or item.excerpt or item.snapshot_id):
        raise ValidationError({"url": "Give a URL, an excerpt or a document."})
    if user is not None:
        item._history_user = user
    item.full_clean()
    item.save()
    checks_queue(claim_id=item.claim_id)
    claim_public_changed(claim_id=item.claim_id)
    return item


@transaction.atomic
def evidence_delete(*, item: EvidenceItem) -> None:
    claim_id = item.claim_id
    item.delete()
    checks_queue(claim_id=claim_id)
    claim_public_changed(claim_id=claim_id)


# The check engine


def _source_facts(source: Source | None) -> dict | None:
    if source is None:
        return None
    return {
        "id": source.pk, "domain": source.domain or "", "name": source.name,
        "owner": source.owner, "reliability": source.reliability,
    }


def claim_inputs(claim: Claim, items: list[EvidenceItem]) -> dict:
    """Everything a claim check may read. Only supporting and refuting evidence counts."""
    article = claim.article if claim.article_id else None
    outlet = _source_facts(article.outlet) if article and article.outlet_id else None
    if article and article.url and not (outlet and outlet["domain"]):
        domain = registrable_domain(article.url)
        outlet = {**(outlet or {"id": None, "name": domain, "owner": "", "reliability": None}), "domain": domain}
    claimant = claim.claimant if claim.claimant_id else None
    return {
        "quote": claim.quote,
        "claim_text": claim.checked_text,
        "span_start": claim.span_start,
        "span_end": claim.span_end,
        "article_text": claim.article.text if claim.article_id else None,
        "claim_date": claim.claim_date.isoformat() if claim.claim_date else None,
        # Changes when fact-checks are imported or published, so prior_fact_checks runs again.
        "match_index_version": matching_index.database_version(),
        "evidence": [
            {"id": item.pk, "stance": item.stance, "title": item.title, "excerpt": item.excerpt}
            for item in items
            if item.stance != EvidenceItem.Stance.CONTEXT
        ],
        # Where each counted item comes from, the claim's own outlet and its
        # claimant: what claim.sources_independence weighs.
        "evidence_sources": [
            {"id": item.pk, "stance": item.stance, "source": _source_facts(item.source)}
            for item in items
            if item.stance != EvidenceItem.Stance.CONTEXT
        ],
        "outlet": outlet,
        "claimant": {
            "name": claimant.name,
            "domain": registrable_domain(claimant.url) if claimant.url else "",
        } if claimant else None,
    }


def evidence_inputs(item: EvidenceItem) -> dict:
    """Everything an evidence check may read."""
    return {
        "url": item.url,
        "excerpt": item.excerpt,
        "stance": item.stance,
        "snapshot_id": item.snapshot_id,
        "snapshot_text": item.snapshot.text if item.snapshot_id else None,
        "source_reliability": item.source.reliability if item.source_id else None,
        "recheck": item.link_recheck_at.isoformat() if item.link_recheck_at else None,
    }


def fingerprint(check_class: type[Check], inputs: dict) -> str:
    used = {key: inputs[key] for key in check_class.uses}
    payload = json.dumps(
        {"check": check_class.check_id, "version": check_class.version, "inputs": used},
        sort_keys=True, default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _targets(claim: Claim, items: list[EvidenceItem]):
    yield f"claim:{claim.pk}", None, claim_inputs(claim, items), "claim"
    for item in items:
        yield item.target, item, evidence_inputs(item), "evidence"


@transaction.atomic
def checks_queue(
    *, claim_id: int, force: bool = False, check_id: str | None = None, target: str | None = None
) -> list[CheckResult]:
    """Make the current check results of a claim and its evidence match their inputs.

    Results whose inputs are unchanged are kept (unless ``force``); new or
    changed inputs get a queued row, run after commit. ``check_id`` and
    ``target`` narrow what ``force`` re-runs. Returns the queued rows.
    """
    claim = (
        Claim.objects.select_for_update(of=("self",)).select_related("article__outlet", "claimant").filter(pk=claim_id).first()
    )
    if claim is None:
        return []
    items = list(claim.evidence.select_related("source", "snapshot"))
    wanted = [
        (target, item, check_class, fingerprint(check_class, inputs))
        for target, item, inputs, kind in _targets(claim, items)
        for check_class in registry.for_target(kind)
    ]
    existing = {
        (r.target, r.check_id, r.fingerprint): r
        for r in CheckResult.objects.filter(claim=claim, fingerprint__in={w[3] for w in wanted})
    }
    now = timezone.now()
    current_ids, queued = [], []
    for row_target, item, check_class, fp in wanted:
        row = existing.get((row_target, check_class.check_id, fp))
        forced = force and check_id in (None, check_class.check_id) and target in (None, row_target)
        rerun = row is None or forced or row.state == CheckResult.State.ERROR or row.details.get("stale")
        if row is None:
            row = CheckResult(
                target=row_target, check_id=check_class.check_id, check_version=check_class.version,
                claim=claim, evidence=item, fingerprint=fp,
            )
        if rerun:
            row.state, row.queued_at = CheckResult.State.QUEUED, now
            row.started_at = row.finished_at = None
            row.score, row.message, row.details = None, "Waiting for a worker.", {}
            # A fresh request: the sweep's limit counts the runs of this one only.
            row.attempts = 0
        row.is_current = True
        row.save()
        current_ids.append(row.pk)
        if rerun:
            queued.append(row)
    CheckResult.objects.filter(claim=claim, is_current=True).exclude(pk__in=current_ids).update(
        is_current=False
    )
    # The request is answered: what is left pending is in the rows (and their messages).
    Claim.objects.filter(pk=claim.pk).update(checks_requested_at=None)
    claim_status_recompute(claim_id=claim.pk)
    for row in queued:
        transaction.on_commit(
            partial(current_app.send_task, "evidence.run_check", kwargs={"result_id": row.pk}),
            robust=True,
        )
    return queued


def _target_inputs(result: CheckResult) -> dict:
    claim = Claim.objects.select_related("article__outlet", "claimant").get(pk=result.claim_id)
    if result.evidence_id is None:
        return claim_inputs(claim, list(claim.evidence.select_related("source")))
    item = EvidenceItem.objects.select_related("source", "snapshot").get(pk=result.evidence_id)
    return evidence_inputs(item)


def check_run(*, result_id: int) -> CheckResult | None:
    """Run one queued check and store its outcome; safe to call twice.

    Returns None when the row is gone, no longer current or already final.
    A check that raises is stored as ``error`` with the reason.
    """
    with transaction.atomic():
        result = CheckResult.objects.select_for_update().filter(pk=result_id).first()
        if result is None or not result.is_current or not result.is_pending:
            return None
        check_class = registry.get(result.check_id)
        try:
            inputs = _target_inputs(result)
        except (Claim.DoesNotExist, EvidenceItem.DoesNotExist):
            return None
        if check_class is None or fingerprint(check_class, inputs) != result.fingerprint:
            result.state = CheckResult.State.SKIPPED
            result.message = "Skipped: the inputs or the check changed since it was queued."
            result.details = {"stale": True}
            result.finished_at = timezone.now()
            result.save()
            return result
        result.state, result.started_at = CheckResult.State.RUNNING, timezone.now()
        # Its message said "Waiting for a worker"; the row now says what is happening.
        result.message = "Running: a worker started this check."
        result.attempts += 1
        result.save()

    try:
        if check_class.prepare:
            inputs = {**inputs, **preparations.prepare(check_class.prepare, result=result, inputs=inputs)}
        outcome = check_class().run(inputs)
        state, message, score = outcome.state, outcome.message, outcome.score
        details = dict(outcome.details)
        if outcome.weak_reason:
            details["weak_reason"] = outcome.weak_reason
    except TransientCheckError:
        raise  # the task retries it, then records the error (check_give_up)
    except SoftTimeLimitExceeded:
        state, message, score, details = CheckResult.State.ERROR, "The check took too long and was stopped.", None, {}
    except Exception as exc:  # a broken check must be recorded, never lost
        logger.exception("check %s failed on %s", result.check_id, result.target)
        state, score, details = CheckResult.State.ERROR, None, {"exception": type(exc).__name__}
        message = f"The check failed: {type(exc).__name__}: {exc}"
    return _store_outcome(result_id, state=state, message=message, score=score, details=details)


def check_give_up(*, result_id: int, reason: str) -> CheckResult | None:
    """Record a check that kept failing for a transient reason as ``error``."""
    return _store_outcome(
        result_id, state=CheckResult.State.ERROR, message=f"The check gave up after retries: {reason}",
        score=None, details={"transient": True},
    )


def checks_rerun(*, claim_id: int, check_id: str | None = None, target: str | None = None) -> list[CheckResult]:
    """Re-run the current checks of a claim and its evidence, or only one check
    (``check_id``) and/or only one target (``"claim:<id>"`` or ``"evidence:<id>"``).

    Replaces the matching current results with queued ones (run after commit);
    checks whose inputs changed are queued too. Returns the queued rows.
    """
    if check_id and registry.get(check_id) is None:
        raise ValidationError({"check": f"There is no check {check_id!r}."})
    if target and not CheckResult.objects.filter(claim_id=claim_id, target=target, is_current=True).exists():
        raise ValidationError({"target": f"The claim has no checks on {target!r}."})
    return checks_queue(claim_id=claim_id, force=True, check_id=check_id, target=target)


# At most this many claims per kind of stuck work in one sweep, oldest first, so that a
# sweep after a long outage stays well within its time limit; the next sweep goes on.
SWEEP_BATCH = 500


def checks_sweep_stuck(*, stuck_after: timedelta, queued_after: timedelta, max_attempts: int) -> dict[str, int]:
    """Queue again the checks whose message was lost or whose worker stopped.

    - A claim whose checks were asked for more than ``queued_after`` ago and never
      queued (its ``evidence.queue_claim_checks`` message was lost, or the task gave
      up during a database outage) gets them queued now (``checks_queue``).
    - A current check ``queued`` for longer than ``queued_after`` (its message was
      lost) or ``running`` for longer than ``stuck_after`` (its worker died, or it
      hit its hard time limit) goes back to ``queued`` and ``evidence.run_check`` is
      sent again after commit; a row whose runs already started ``max_attempts``
      times is recorded as ``error`` instead.

    Duplicate messages are harmless: a run finds the row final and returns. Each
    look-up uses an index that holds only flagged claims or pending rows.
    Returns how many claims' requests were queued, rows re-queued and rows given up.
    """
    now = timezone.now()
    counts = {"requested": 0, "requeued": 0, "given_up": 0}
    lost_requests = (
        Claim.objects.filter(checks_requested_at__lt=now - queued_after)
        .order_by("checks_requested_at").values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    for claim_id in lost_requests:
        checks_queue(claim_id=claim_id)
        counts["requested"] += 1

    stuck = (
        Q(state=CheckResult.State.QUEUED, queued_at__lt=now - queued_after)
        | Q(state=CheckResult.State.RUNNING, started_at__lt=now - stuck_after)
    )
    claim_ids = (
        CheckResult.objects.filter(stuck, is_current=True)
        .order_by("claim_id").values_list("claim_id", flat=True).distinct()[:SWEEP_BATCH]
    )
    for claim_id in claim_ids:
        with transaction.atomic():
            # The claim first, then its results: the order checks_queue and _store_outcome use.
            Claim.objects.select_for_update().filter(pk=claim_id).first()
            now = timezone.now()
            for row in CheckResult.objects.select_for_update().filter(stuck, claim_id=claim_id, is_current=True):
                if row.attempts >= max_attempts:
                    row.state, row.score, row.details = CheckResult.State.ERROR, None, {"stuck": True}
                    row.message = (
                        f"The check did not finish in {row.attempts} attempts (its worker stopped or it "
                        "ran out of time); re-run it to try again."
                    )
                    row.finished_at = now
                    counts["given_up"] += 1
                else:
                    row.state, row.queued_at, row.started_at = CheckResult.State.QUEUED, now, None
                    row.message = "Waiting for a worker (queued again after it stalled)."
                    transaction.on_commit(
                        partial(current_app.send_task, "evidence.run_check", kwargs={"result_id": row.pk}),
                        robust=True,
                    )
                    counts["requeued"] += 1
                row.save()
            claim_status_recompute(claim_id=claim_id)
    if any(counts.values()):
        logger.warning(
            "sweep of stuck checks: %(requested)d claims' checks queued, %(requeued)d checks re-queued, "
            "%(given_up)d given up", counts,
        )
    return counts


def _store_outcome(result_id: int, *, state: str, message: str, score, details: dict) -> CheckResult | None:
    """Store a running check's outcome and recompute its claim's status.

    A row superseded while it ran (its inputs changed meanwhile) still gets its
    outcome, as history: no row is left ``running`` for ever.
    """
    with transaction.atomic():
        # Lock the claim before its result, the order checks_queue takes them in:
        # the opposite order deadlocks against it on PostgreSQL.
        claim_id = CheckResult.objects.filter(pk=result_id).values_list("claim_id", flat=True).first()
        Claim.objects.select_for_update().filter(pk=claim_id).first()
        result = CheckResult.objects.select_for_update().filter(pk=result_id).first()
        if result is None or result.state != CheckResult.State.RUNNING:
            return result
        result.state, result.message, result.score, result.details = state, message[:300], score, details
        result.finished_at = timezone.now()
        result.save()
        claim_status_recompute(claim_id=result.claim_id)
    return result


def _unverified_source_reasons(item: EvidenceItem, by_check: dict, *, already_weak: bool) -> list[str]:
    """Why an item that cites a link or a document is not verified yet: its source has no
    usable archived copy (not yet, or archiving failed), or its excerpt was not yet found
    in that copy. A pasted or uploaded document is its own archived copy; an item with
    neither a link nor a document (a statement to the desk) is not judged here."""
    if not (item.url or item.snapshot_id):
        return []
    snapshot = item.snapshot
    archived = snapshot is not None and (
        snapshot.origin != Snapshot.Origin.FETCHED or (snapshot.http_status or 0) < 400
    )
    if not archived:
        link = by_check.get((item.pk, LINK_CHECK))
        if link is None or link.is_pending:
            return [NOT_YET_ARCHIVED]
        return [] if already_weak else [NOT_ARCHIVED]
    if item.excerpt:
        excerpt = by_check.get((item.pk, EXCERPT_CHECK))
        if excerpt is None or excerpt.state not in (CheckResult.State.PASSED, CheckResult.State.WARNING):
            return [] if already_weak else [EXCERPT_UNCHECKED]
    return []


@transaction.atomic
def claim_status_recompute(*, claim_id: int) -> Claim | None:
    """Recompute and store a claim's support status and its breakdown."""
    claim = Claim.objects.select_for_update().filter(pk=claim_id).first()
    if claim is None:
        return None
    current = list(CheckResult.objects.filter(claim=claim, is_current=True))
    weak: dict[int, list[str]] = {}
    for result in current:
        reason = result.details.get("weak_reason") if result.evidence_id else None
        if reason and result.state in (CheckResult.State.FAILED, CheckResult.State.WARNING):
            weak.setdefault(result.evidence_id, []).append(reason)
    by_check = {(result.evidence_id, result.check_id): result for result in current if result.evidence_id}
    facts = []
    for item in claim.evidence.select_related("source", "snapshot"):
        reasons = weak.get(item.pk, [])
        reasons += _unverified_source_reasons(item, by_check, already_weak=bool(reasons))
        if item.source_id and item.source.reliability == Source.Reliability.UNRELIABLE:
            reasons.append(UNRELIABLE_SOURCE)
        facts.append(EvidenceFacts(item.pk, item.stance, tuple(reasons)))
    # Checks asked for and not yet queued are pending too (their message is on its way).
    pending = claim.checks_requested_at is not None or any(result.is_pending for result in current)
    breakdown = compute_support_status(
        facts, checks_pending=pending, previous_status=claim.support_status
    )
    Claim.objects.filter(pk=claim.pk).update(
        support_status=breakdown.status,
        support_breakdown=breakdown.as_dict(),
        checks_pending=pending,
    )
    claim.support_status, claim.support_breakdown = breakdown.status, breakdown.as_dict()
    claim.checks_pending = pending
    claim_public_changed(claim_id=claim.pk)
    return claim
