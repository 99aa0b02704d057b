"""Reads behind the public lists of fact-checks: the list page with its search and
filters, keyset pages, the feeds, the ClaimReview DataFeed and the API.

Only published verdicts are ever listed (drafts, verdicts in review and retracted
verdicts never are), and only the columns a list shows are read: bodies, review
comments and the article's text stay in the database.

Search works on both databases with one promise: every word of the query appears
in the verdict's headline or summary, the claim's wording or quote, or the
claimant's name (case-insensitively). PostgreSQL adds what full-text search
gives: English stemming ("servers" finds "server"), "quoted phrases", ``-word``
to exclude and ``or``. SQLite matches substrings.
"""

import datetime as dt
import operator
import re
from dataclasses import dataclass
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from .models import Appearance, Verdict

SEARCH_CONFIG = "english"
# The columns a search reads, as one document.
SEARCHED_FIELDS = ("headline", "summary", "claim__text", "claim__quote", "claim__claimant__name")
# Never shown by a list, feed or the API.
_NOT_LISTED = ("body", "body_html", "claimant_response", "review_comment", "claim__support_breakdown")

Keyset = tuple[dt.datetime, int]


def fact_checks_listed(
    *,
    query: str = "",
    rating_class: str = "",
    claimant_name: str = "",
    published_from: dt.date | None = None,
    published_to: dt.date | None = None,
) -> QuerySet[Verdict]:
    """Published verdicts newest first (by ``(published_at, id)``) with their claim,
    claimant and rating (what a list row shows), narrowed by the filters given: the
    search ``query``, a rating class, a claimant's name (exact, any case) and a range
    of publication dates (both ends included, in the site's time zone)."""
    verdicts = (
        Verdict.objects.filter(state=Verdict.State.PUBLISHED)
        .select_related("claim__claimant", "rating")
        .defer(*_NOT_LISTED)
        .order_by("-published_at", "-id")
    )
    if rating_class:
        verdicts = verdicts.filter(rating__rating_class=rating_class)
    if claimant_name.strip():
        verdicts = verdicts.filter(claim__claimant__name__iexact=claimant_name.strip())
    # Bounds as instants, not published_at__date: a bare column keeps the keyset index usable.
    # A bound at either end of the calendar bounds nothing (and has no instant after it).
    start = _start_of_day(published_from) if published_from else None
    if start is not None:
        verdicts = verdicts.filter(published_at__gte=start)
    end = _start_of_day(published_to + dt.timedelta(days=1)) if published_to and published_to < dt.date.max else None
    if end is not None:
        verdicts = verdicts.filter(published_at__lt=end)
    if query.strip():
        search = _search_postgresql if connection.vendor == "postgresql" else _search_substrings
        verdicts = search(verdicts, query.strip())
    return verdicts


def with_claimreview(verdicts: QuerySet[Verdict]) -> QuerySet[Verdict]:
    """``verdicts`` (from ``fact_checks_listed``) with what their ClaimReview needs
    besides: the claim's article and its appearances (one more query)."""
    appearances = Appearance.objects.select_related("article").defer("article__text")
    return (
        verdicts.select_related("claim__article")
        .defer("claim__article__text")
        .prefetch_related(Prefetch("claim__appearances", queryset=appearances))
    )


def _start_of_day(day: dt.date) -> dt.datetime | None:
    """Midnight of ``day`` in the site's time zone, or None when that instant falls
    outside the years 1 to 9999 in UTC (the first day, in a zone ahead of UTC)."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min), timezone.get_current_timezone())
    try:
        start.astimezone(dt.UTC)
    except OverflowError:
        return None
    return start


def _search_substrings(verdicts: QuerySet[Verdict], query: str) -> QuerySet[Verdict]:
    """SQLite: each word of ``query`` is somewhere in the searched fields."""
    for word in query.split():
        word = word.strip("\"'()")
        if word:
            verdicts = verdicts.filter(
                reduce(operator.or_, (Q(**{f"{name}__icontains": word}) for name in SEARCHED_FIELDS))
            )
    return verdicts


# Each table's part of the document, exactly as migration 0011 indexes it.
_INDEXED_MATCHES = (
    ("pk", "SELECT id FROM claims_verdict WHERE to_tsvector('english'::regconfig, "
           "COALESCE(headline, '') || ' ' || COALESCE(summary, '')) @@ %s::tsquery"),
    ("claim", "SELECT id FROM claims_claim WHERE to_tsvector('english'::regconfig, "
              "COALESCE(text, '') || ' ' || COALESCE(quote, '')) @@ %s::tsquery"),
    ("claim__claimant", "SELECT id FROM claims_claimant WHERE to_tsvector('english'::regconfig, "
                        "COALESCE(name, '')) @@ %s::tsquery"),
)
# Enough words to narrow a search to a few candidates; any subset of them is sound.
_NARROWING_WORDS = 6


def _lexemes(text: str) -> list[str]:
    """The words of ``text`` as PostgreSQL's English configuration indexes them
    (stemmed, stop words left out), in a form a ``::tsquery`` cast reads as is."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT lexeme FROM unnest(to_tsvector(%s::regconfig, %s)) ORDER BY lexeme",
                       [SEARCH_CONFIG, text])
        lexemes = [row[0] for row in cursor.fetchall()]
    return ["'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'" for lexeme in lexemes]


def _in_some_table(tsquery: str) -> Q:
    """Verdicts whose headline and summary, claim, or claimant match ``tsquery`` (by the indexes)."""
    return reduce(operator.or_, (Q(**{f"{field}__in": RawSQL(sql, [tsquery])}) for field, sql in _INDEXED_MATCHES))


def _search_postgresql(verdicts: QuerySet[Verdict], query: str) -> QuerySet[Verdict]:
    """PostgreSQL: the query, in web-search syntax, matches the searched fields read
    as one English document.

    That document spans three tables, so no index holds it. The per-table GIN
    indexes narrow the search first: to verdicts where each of the query's words is
    in some table (plain words and phrases need them all), or where any of them is
    (a query with ``or``); a query that excludes words (``-word``) is not narrowed.
    Then the document itself is tested on the candidates only. A query of stop
    words only ("the") asks for nothing and finds nothing.
    """
    tokens = re.findall(r'-?"[^"]*"?|\S+', query)
    if not any(token.startswith("-") and len(token) > 1 for token in tokens):
        has_or = any(token.lower() == "or" for token in tokens)
        lexemes = _lexemes(" ".join(token.strip('"') for token in tokens if token.lower() != "or"))
        if not lexemes:  # only stop words: the query asks for nothing
            return verdicts.none()
        if has_or:
            verdicts = verdicts.filter(_in_some_table(" | ".join(lexemes)))
        else:
            for lexeme in lexemes[:_NARROWING_WORDS]:
                verdicts = verdicts.filter(_in_some_table(lexeme))
    exact = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    return verdicts.alias(document=SearchVector(*SEARCHED_FIELDS, config=SEARCH_CONFIG)).filter(document=exact)


# Keyset pages: "older" and "newer" from a position (published_at, id), so a page deep
# in the list costs what the first one costs (no OFFSET to count through).


@dataclass(frozen=True)
class KeysetPage:
    rows: list
    newer: Keyset | None  # pass as ``after`` for the newer page; None on the newest page
    older: Keyset | None  # pass as ``before`` for the older page; None on the oldest page


def position_of(verdict: Verdict) -> Keyset:
    return (verdict.published_at, verdict.pk)


def _older_than(position: Keyset) -> Q:
    published_at, pk = position
    # The bare bound first lets the index range scan start at the position.
    return Q(published_at__lte=published_at) & (
        Q(published_at__lt=published_at) | Q(published_at=published_at, pk__lt=pk)
    )


def _newer_than(position: Keyset) -> Q:
    published_at, pk = position
    return Q(published_at__gte=published_at) & (
        Q(published_at__gt=published_at) | Q(published_at=published_at, pk__gt=pk)
    )


def keyset_page(
    verdicts: QuerySet[Verdict], *, size: int, before: Keyset | None = None, after: Keyset | None = None
) -> KeysetPage:
    """One page of ``verdicts`` (ordered newest first by ``(published_at, id)``):
    the newest ``size`` rows, those just older than ``before``, or those just newer
    than ``after``. One query, two when a cursor is given (to know whether the page
    on the other side exists). A position past either end gives an empty page
    with no links."""
    if after is not None:
        rows = list(verdicts.filter(_newer_than(after)).order_by("published_at", "id")[: size + 1])
        more_newer = len(rows) > size
        rows = rows[:size][::-1]
        if not rows:
            return KeysetPage([], None, None)
        newer = position_of(rows[0]) if more_newer else None
        older = position_of(rows[-1]) if verdicts.filter(_older_than(position_of(rows[-1]))).exists() else None
        return KeysetPage(rows, newer, older)
    if before is not None:
        verdicts_older = verdicts.filter(_older_than(before))
    else:
        verdicts_older = verdicts
    rows = list(verdicts_older[: size + 1])
    older = position_of(rows[size - 1]) if len(rows) > size else None
    rows = rows[:size]
    newer = None
    if before is not None and rows:
        newer = position_of(rows[0]) if verdicts.filter(_newer_than(position_of(rows[0]))).exists() else None
    return KeysetPage(rows, newer, older)
