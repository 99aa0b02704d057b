"""Reads of evidence items and sources, shaped for pages and the API."""

from django.db.models import Count, Q, QuerySet

from .models import EvidenceItem, Snapshot, Source


def evidence_for_list(*, claim_id: int | None = None) -> QuerySet[EvidenceItem]:
    """Evidence items oldest first with their source and snapshot, optionally of one claim."""
    items = EvidenceItem.objects.select_related("source", "snapshot")
    if claim_id is not None:
        items = items.filter(claim_id=claim_id)
    return items


def sources_for_list(*, query: str = "", reliability: str = "") -> QuerySet[Source]:
    """Sources by name with how many evidence items cite each, narrowed by a search
    of name, domain and owner, and by reliability rating."""
    sources = Source.objects.annotate(evidence_count=Count("evidence")).order_by("name", "pk")
    if query:
        sources = sources.filter(Q(name__icontains=query) | Q(domain__icontains=query) | Q(owner__icontains=query))
    if reliability:
        sources = sources.filter(reliability=reliability)
    return sources


def source_detail(*, source_id: int) -> Source | None:
    """One source with its evidence count, or None."""
    return Source.objects.annotate(evidence_count=Count("evidence")).filter(pk=source_id).first()


def other_snapshots(items: list[EvidenceItem], limit: int = 10) -> dict[int, list[Snapshot]]:
    """For each item with a link, the other fetched copies of its URL (newest
    first, at most ``limit``), read in one query: its archive history."""
    urls = {item.url for item in items if item.url}
    copies = (
        Snapshot.objects.filter(origin=Snapshot.Origin.FETCHED, url__in=urls)
        .defer("text")
        .order_by("-fetched_at", "-pk")
        if urls else []
    )
    by_url: dict[str, list[Snapshot]] = {}
    for copy in copies:
        by_url.setdefault(copy.url, []).append(copy)
    return {
        item.pk: [c for c in by_url.get(item.url, []) if c.pk != item.snapshot_id][:limit]
        for item in items
    }
