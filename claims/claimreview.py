"""schema.org ClaimReview for a published verdict, as the page, the API and the DataFeed publish it.

The object says only what the verdict page shows: one builder, so the page's JSON-LD,
the DataFeed and the API cannot drift apart. See https://schema.org/ClaimReview.
"""

from django.conf import settings
from django.utils import timezone

from .models import Claim, Verdict

_CLAIMANT_TYPES = {"person": "Person", "organisation": "Organization", "publication": "Organization"}


def partial_date(date, precision: str) -> str:
    """An ISO 8601 date cut to what is known: ``2020``, ``2020-05`` or ``2020-05-17``."""
    text = date.isoformat()
    return {Claim.DatePrecision.YEAR: text[:4], Claim.DatePrecision.MONTH: text[:7]}.get(precision, text)


def claim_appearances(claim: Claim) -> list[dict]:
    """Where the claim was made, first appearance first, as CreativeWork objects.

    The claim's article (or its appearance URL) comes first unless an appearance is
    dated earlier. Needs ``claim.article`` and ``claim.appearances`` loaded.
    """
    works = []
    if claim.article_id and claim.article.url:
        works.append((claim.article.published_on, claim.article.url, claim.article.title))
    elif claim.appearance_url:
        works.append((claim.claim_date, claim.appearance_url, ""))
    seen = {url for _, url, _ in works}
    for appearance in claim.appearances.all():
        if appearance.url not in seen:
            seen.add(appearance.url)
            title = appearance.article.title if appearance.article_id else ""
            works.append((appearance.appeared_on, appearance.url, title))
    # Undated ones keep their place after the dated ones (sort is stable).
    works.sort(key=lambda work: (work[0] is None, work[0] or 0))
    result = []
    for date, url, title in works:
        work = {"@type": "CreativeWork", "url": url}
        if title:
            work["headline"] = title
        if date:
            work["datePublished"] = date.isoformat()
        result.append(work)
    return result


def claimreview(verdict: Verdict, *, url: str) -> dict:
    """The ClaimReview of a published verdict whose page is at ``url`` (absolute).

    Needs the verdict's claim with its claimant, article and appearances, and its
    rating with the scale (``selectors.fact_check_detail`` loads them).
    """
    claim = verdict.claim
    rating = verdict.rating
    item = {"@type": "Claim"}
    if claim.claimant_id:
        author = {"@type": _CLAIMANT_TYPES.get(claim.claimant.kind, "Thing"), "name": claim.claimant.name}
        if claim.claimant.url:
            author["url"] = claim.claimant.url
        item["author"] = author
    if claim.claim_date:
        item["datePublished"] = partial_date(claim.claim_date, claim.date_precision)
    appearances = claim_appearances(claim)
    if appearances:
        item["appearance"] = appearances
        item["firstAppearance"] = appearances[0]
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim.checked_text,
        "author": {
            "@type": "Organization",
            "name": settings.FACTCHECK_ORG_NAME,
            "url": settings.FACTCHECK_ORG_URL,
        },
        # Local dates, as the page shows them: near midnight the UTC date would differ.
        "datePublished": timezone.localdate(verdict.published_at).isoformat(),
        "itemReviewed": item,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": rating.value,
            "bestRating": rating.best_value,
            "worstRating": rating.worst_value,
            "alternateName": rating.label,
        },
    }
    if verdict.headline:
        review["headline"] = verdict.headline
    if verdict.public_updated_at:
        modified = timezone.localdate(verdict.public_updated_at)
        if modified != timezone.localdate(verdict.published_at):
            review["dateModified"] = modified.isoformat()
    return review
