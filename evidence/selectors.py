"""Reads of evidence items, shaped for pages and the API."""

from django.db.models import QuerySet

from .models import EvidenceItem


def evidence_for_list(*, claim_id: int | None = None) -> QuerySet[EvidenceItem]:
    """Evidence items oldest first with their source and snapshot, optionally of one claim."""
    items = EvidenceItem.objects.select_related("source", "snapshot")
    if claim_id is not None:
        items = items.filter(claim_id=claim_id)
    return items
