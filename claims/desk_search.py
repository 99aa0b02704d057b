"""The desk's search: claims found by their own words or by anything attached to them.

A claim is found when the query matches, within one item: the claim's quote and
wording, its claimant's name, one of its evidence items (title and excerpt), one of
its verdicts (headline, summary and body) or one of its notes. PostgreSQL matches
with full-text search as the public search does (English stemming, "quoted phrases",
``-word``, ``or``), each table through its GIN index (migrations 0011 and
0015_desk_search_indexes); SQLite, as the public fallback, asks every word of
the query to appear (any case) in the item.

Results come newest claim first by ``(created_at, id)`` in keyset pages (no OFFSET),
and what matched on each claim of a page is fetched in a constant number of queries.
"""

import datetime as dt
import operator
from dataclasses import dataclass, field
from functools import reduce

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from .models import Claim, Claimant, Note, Verdict

SEARCH_CONFIG = "english"
Position = tuple[dt.datetime, int]


def _evidence_model():
    return Claim._meta.get_field("evidence").related_model


def _searched_fields(model) -> tuple[str, ...]:
    """The columns of ``model`` the search reads, in the order its full-text index joins them."""
    if model is Claim:
        return ("text", "quote")
    if model is Claimant:
        return ("name",)
    if model is Verdict:
        return ("headline", "summary", "body")
    if model is Note:
        return ("text",)
    return ("title", "excerpt")  # evidence items


def matching(rows: QuerySet, query: str) -> QuerySet:
    """The rows of ``rows`` (claims, claimants, evidence items, verdicts or notes) whose
    searched columns match ``query``."""
    fields = _searched_fields(rows.model)
    if connection.vendor == "postgresql":
        document = " || ' ' || ".join(f"COALESCE({name}, '')" for name in fields)
        sql = (f"SELECT id FROM {rows.model._meta.db_table} WHERE to_tsvector('english'::regconfig, {document}) "
               f"@@ websearch_to_tsquery('english'::regconfig, %s)")
        return rows.filter(pk__in=RawSQL(sql, [query]))
    words = [word.strip("\"'()") for word in query.split()]
    for word in filter(None, words):
        rows = rows.filter(reduce(operator.or_, (Q(**{f"{name}__icontains": word}) for name in fields)))
    return rows


def claims_found(query: str) -> QuerySet[Claim]:
    """Claims matching ``query`` themselves or through their claimant, evidence,
    verdicts or notes, newest first, with what a result row shows."""
    found = (
        Q(pk__in=matching(Claim.objects.all(), query).values("pk"))
        | Q(claimant__in=matching(Claimant.objects.all(), query).values("pk"))
        | Q(pk__in=matching(_evidence_model().objects.all(), query).values("claim_id"))
        | Q(pk__in=matching(Verdict.objects.all(), query).values("claim_id"))
        | Q(pk__in=matching(Note.objects.all(), query).values("claim_id"))
    )
    return (
        Claim.objects.filter(found)
        .select_related("article", "claimant", "assignee")
        .defer("article__text", "support_breakdown")
        .order_by("-created_at", "-pk")
    )


@dataclass
class Hit:
    """One claim of a results page and what in it matched."""

    claim: Claim
    claim_matched: bool = False
    claimant_matched: bool = False
    evidence: list = field(default_factory=list)
    verdicts: list = field(default_factory=list)
    notes: list = field(default_factory=list)


@dataclass
class SearchPage:
    hits: list[Hit]
    older: Position | None  # the position to pass as ``before`` for the next page


def search_page(query: str, *, size: int, before: Position | None = None) -> SearchPage:
    """The ``size`` newest claims matching ``query`` (older than ``before`` when given),
    each with its matching parts. Six queries whatever the size."""
    claims = claims_found(query)
    if before is not None:
        created_at, pk = before
        claims = claims.filter(Q(created_at__lte=created_at) & (Q(created_at__lt=created_at) | Q(pk__lt=pk)))
    rows = list(claims[: size + 1])
    older = (rows[size - 1].created_at, rows[size - 1].pk) if len(rows) > size else None
    hits = {claim.pk: Hit(claim) for claim in rows[:size]}
    if hits:
        ids = list(hits)
        for pk in matching(Claim.objects.filter(pk__in=ids), query).values_list("pk", flat=True):
            hits[pk].claim_matched = True
        claimants = set(matching(Claimant.objects.filter(claims__in=ids), query).values_list("pk", flat=True))
        for hit in hits.values():
            hit.claimant_matched = hit.claim.claimant_id in claimants
        for name, rows_of_kind in (
            ("evidence", _evidence_model().objects.filter(claim_id__in=ids).only(
                "pk", "claim_id", "title", "url", "stance", "excerpt")),
            ("verdicts", Verdict.objects.filter(claim_id__in=ids).only(
                "pk", "claim_id", "headline", "summary", "state")),
            ("notes", Note.objects.filter(claim_id__in=ids).select_related("author")),
        ):
            for row in matching(rows_of_kind, query).order_by("pk"):
                getattr(hits[row.claim_id], name).append(row)
    return SearchPage(list(hits.values()), older)
