"""Public pages readers see without logging in: verdict pages, article reports and
archived text.

Every view here is wrapped with ``public_page`` (cached for anonymous readers,
answers conditional GETs) and shows only what a published or retracted verdict
makes public: never drafts, internal evidence, notes or raw archived bodies.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404
from django.shortcuts import render
from django.utils.dateformat import format as date_format
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from . import selectors
from .claimreview import claimreview, partial_date
from .highlight import Span, highlight
from .models import Claim, Verdict
from .public_cache import public_page

# The characters that could end a <script> element or start markup, as JSON escapes
# (the set django.utils.html.json_script escapes).
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

_STATUS_EXPLAINED = {
    "supported": "Strong evidence supports the claim and none strongly refutes it.",
    "refuted": "Strong evidence refutes the claim and none strongly supports it.",
    "disputed": "Strong evidence both supports and refutes the claim.",
    "unverified": "No strong evidence supports or refutes the claim.",
}

_STANCE_WORDS = {
    "supports": "Supports the claim",
    "refutes": "Refutes the claim",
    "context": "Context",
}

_DATE_FORMATS = {
    Claim.DatePrecision.DAY: "j F Y",
    Claim.DatePrecision.MONTH: "F Y",
    Claim.DatePrecision.YEAR: "Y",
}


def json_ld(data: dict) -> str:
    """``data`` as JSON that is safe inside a ``<script type="application/ld+json">`` element."""
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES))


# What a reader is told an automated check verified, in plain words (the checks' own
# messages and details are diagnostics for the desk: statuses, offsets, scores).
_EXCERPT_WORDS = {
    "passed": "We found the quoted passage in our archived copy.",
    "warning": "The quoted passage is in our archived copy, worded slightly differently.",
    "failed": "We could not find the quoted passage in our archived copy.",
}
_WEAK_WORDS = {
    "dead link": "the original address no longer answers",
    "source unreadable": "the source could not be read as text",
    "excerpt not found in source": "the passage was not found in the source",
    "source rated unreliable": "we rate this source as unreliable",
    "not archived yet": "we have not archived the source yet",
    "the address could not be archived": "we could not archive the source",
    "excerpt not yet found in the archived copy": "the passage has not been found in our archived copy yet",
}


def _verified_words(item, results: list) -> list[str]:
    """What was verified about one piece of evidence, in a reader's words."""
    words = []
    by_check = {result.check_id: result for result in results if not result.is_pending}
    if item.snapshot_id and item.snapshot.fetched_at:
        day = date_format(item.snapshot.fetched_at, "j F Y")
        if item.snapshot.origin == "fetched":
            words.append(f"We archived a copy of the page on {day}.")
        else:
            words.append(f"We archived a copy of the document on {day}.")
    excerpt = by_check.get("evidence.excerpt_in_source")
    if item.excerpt and excerpt is not None and excerpt.state in _EXCERPT_WORDS:
        words.append(_EXCERPT_WORDS[excerpt.state])
    return words


def _sources_words(public_evidence: list) -> str:
    names = list(dict.fromkeys(item.source.name for item in public_evidence if item.source_id))
    if not names:
        return ""
    return f"Sources: {', '.join(names)}."


def _support_context(claim: Claim, public_evidence: list, checks: list) -> dict:
    """The computed support status in words, why, and a summary of the automated
    checks a reader may see (those on the claim and on public evidence)."""
    breakdown = claim.support_breakdown or {}
    weak_reasons = breakdown.get("weak_reasons", {})
    evidence_checks: dict[int, list] = {}
    for result in checks:
        if result.evidence_id is not None:
            evidence_checks.setdefault(result.evidence_id, []).append(result)
    counted = {
        item_id
        for key in ("strong_supporting", "strong_refuting", "weak_supporting", "weak_refuting")
        for item_id in breakdown.get(key, [])
    }
    for item in public_evidence:
        item.stance_words = _STANCE_WORDS.get(item.stance, item.get_stance_display())
        item.weak_reasons = [_WEAK_WORDS.get(reason, reason) for reason in weak_reasons.get(str(item.pk), [])]
        item.verified = _verified_words(item, evidence_checks.get(item.pk, []))
    return {
        "status": claim.support_status,
        "status_label": claim.get_support_status_display(),
        "explained": _STATUS_EXPLAINED.get(claim.support_status, ""),
        "flags": breakdown.get("flags", []),
        # The status counts every item the desk gathered; some (private
        # correspondence, for instance) are not published. Say so rather than
        # let the reader wonder where the rest went.
        "counts_unpublished": bool(counted - {item.pk for item in public_evidence}),
        "sources": _sources_words(public_evidence),
        "checks_pending": any(result.is_pending for result in checks),
    }


@require_safe
@public_page
def fact_check(request, slug: str):
    """A published or retracted verdict's page, with one ClaimReview for published ones.

    A retracted page keeps its content under a retraction notice but carries no
    ClaimReview: the review no longer stands, and search engines should drop it.
    """
    verdict = selectors.fact_check_detail(slug=slug)
    if verdict is None:
        raise Http404("No fact-check at this address.")
    claim = verdict.claim
    url = request.build_absolute_uri(verdict.get_absolute_url())
    is_published = verdict.state == Verdict.State.PUBLISHED
    superseded_by = getattr(verdict, "superseded_by", None)
    # What supports or refutes the claim first, context after (sorted() keeps the selector's order within each).
    public_evidence = sorted(claim.public_evidence, key=lambda item: item.stance == "context")
    context = {
        "verdict": verdict,
        "claim": claim,
        "rating": verdict.rating,
        "scale_ratings": list(verdict.rating.scale.ratings.all()) if verdict.rating_id else [],
        "appearances": list(claim.appearances.all()),
        "evidence": public_evidence,
        "corrections": list(verdict.corrections.all()),
        "support": _support_context(claim, public_evidence, selectors.fact_check_checks(claim=claim)),
        "claim_date_iso": partial_date(claim.claim_date, claim.date_precision) if claim.claim_date else "",
        "claim_date_format": _DATE_FORMATS.get(claim.date_precision, "j F Y"),
        "canonical_url": url,
        "is_published": is_published,
        "supersedes": verdict.supersedes if verdict.supersedes_id else None,
        "superseded_by": superseded_by if superseded_by is not None and superseded_by.is_public else None,
        "claimreview_json": json_ld(claimreview(verdict, url=url)) if is_published else "",
    }
    return render(request, "claims/public/fact_check.html", context)


@require_safe
@public_page
def report(request, slug: str):
    """An article's text with each claim that has a published verdict marked at its
    span with the rating, and the list of those verdicts."""
    found = selectors.article_report(slug=slug)
    if found is None:
        raise Http404("No published fact-checks for this article.")
    article, verdicts = found
    spans = [
        Span(v.claim.span_start, v.claim.span_end, v) for v in verdicts if v.claim.span_start is not None
    ]
    return render(request, "claims/public/report.html", {
        "article": article,
        "verdicts": verdicts,
        "paragraphs": highlight(article.text, spans),
        "canonical_url": request.build_absolute_uri(request.path),
    })


@require_safe
@public_page
def archived_text(request, snapshot_id: int):
    """The extracted text of an archived copy that a public page links to, shown as
    escaped text. The raw body is never served from this site (it could carry
    scripts); editors download it from the desk as an attachment."""
    snapshot = selectors.public_snapshot(snapshot_id=snapshot_id)
    if snapshot is None:
        raise Http404("No public archived copy with this number.")
    return render(request, "claims/public/archived_text.html", {"snapshot": snapshot})
