"""Reads of articles, claims and what hangs off them, shaped for pages and the API.

Each function fetches its related rows up front (``select_related`` /
``prefetch_related``) so that the number of queries does not grow with the rows
shown. Evidence and check models are reached through the claim's relations, not
imported: this app does not import the evidence app.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone

from factcheck.roles import DESK_GROUPS

from .models import Appearance, Article, ArticleSentence, Claim, Claimant, Note, SupportStatus, Verdict


def _related_model(name: str):
    return Claim._meta.get_field(name).related_model


def articles_for_list() -> QuerySet[Article]:
    """Articles newest first, with their outlet and how many claims each has."""
    return (
        Article.objects.select_related("outlet")
        .defer("text")
        .annotate(claim_count=Count("claims"))
        .order_by("-created_at", "-pk")
    )


def article_detail(*, article_id: int) -> Article | None:
    """One article with its outlet, creator, its claims in reading order (with
    claimant and assignee) and its sentences in ranked order, or None."""
    claims_in_order = Claim.objects.select_related("claimant", "assignee").order_by("span_start", "pk")
    return (
        Article.objects.select_related("outlet", "created_by")
        .prefetch_related(Prefetch("claims", queryset=claims_in_order),
                          Prefetch("sentences", queryset=ArticleSentence.objects.order_by("rank")))
        .filter(pk=article_id)
        .first()
    )


def claims_for_list(
    *,
    support_status: str = "",
    state: str = "",
    assignee_id: int | None = None,
    article_id: int | None = None,
    claimant_name: str = "",
    query: str = "",
) -> QuerySet[Claim]:
    """Claims newest first, narrowed by whichever filters are given.

    ``query`` searches the quote, the claim as checked and the claimant's name.
    """
    # Lists never show the article's text or the breakdown: leave them in the database.
    claims = (
        Claim.objects.select_related("article", "claimant", "assignee")
        .defer("article__text", "support_breakdown")
        .order_by("-created_at", "-pk")
    )
    if support_status:
        claims = claims.filter(support_status=support_status)
    if state:
        claims = claims.filter(state=state)
    if assignee_id is not None:
        claims = claims.filter(assignee_id=assignee_id)
    if article_id is not None:
        claims = claims.filter(article_id=article_id)
    if claimant_name:
        claims = claims.filter(claimant__name__iexact=claimant_name.strip())
    if query.strip():
        words = query.strip()
        # The claimant part is a subquery, not a join, so that PostgreSQL can
        # combine the trigram indexes of all three columns.
        claimants = Claimant.objects.filter(name__icontains=words).values("pk")
        claims = claims.filter(
            Q(quote__icontains=words) | Q(text__icontains=words) | Q(claimant__in=claimants)
        )
    return claims


def claim_detail(*, claim_id: int) -> Claim | None:
    """One claim with everything that explains its status, or None.

    The claim comes with ``evidence`` (source, snapshot and who added it),
    ``current_checks`` (the current CheckResult rows for the claim and each of its
    evidence items), ``notes`` with their authors, and ``latest_verdict`` (a
    Verdict or None).
    """
    evidence = _related_model("evidence").objects.select_related("source", "snapshot", "added_by")
    current_checks = _related_model("checks").objects.filter(is_current=True)
    verdicts = Verdict.objects.select_related("rating").order_by("-created_at", "-pk")
    claim = (
        Claim.objects.select_related("article", "claimant", "assignee", "created_by")
        .prefetch_related(
            Prefetch("evidence", queryset=evidence),
            Prefetch("checks", queryset=current_checks, to_attr="current_checks"),
            Prefetch("verdicts", queryset=verdicts, to_attr="verdicts_newest_first"),
            Prefetch("notes", queryset=Note.objects.select_related("author")),
        )
        .filter(pk=claim_id)
        .first()
    )
    if claim is not None:
        claim.latest_verdict = claim.verdicts_newest_first[0] if claim.verdicts_newest_first else None
    return claim


def desk_members() -> QuerySet:
    """Active users who may work on claims: fact-checkers, editors and superusers."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name__in=DESK_GROUPS) | Q(is_superuser=True))
        .distinct()
    )


def claim_status_counts() -> dict[str, dict[str, int]]:
    """How many claims each claim state holds per support status: ``counts[state][status]``.

    Every state and status is present, zero where there is no claim; one query.
    """
    counts = {state: dict.fromkeys(SupportStatus.values, 0) for state in Claim.State.values}
    rows = Claim.objects.order_by().values("state", "support_status").annotate(n=Count("pk"))
    for row in rows:
        counts[row["state"]][row["support_status"]] = row["n"]
    return counts


def dashboard_trends(*, weeks: int = 12, today: dt.date | None = None) -> dict:
    """What the dashboard's pictures show, in three queries whatever the number of rows.

    ``weeks``: the Mondays that start the last ``weeks`` weeks (this one included), oldest
    first. ``claims``: for each week, support status -> how many claims logged that week
    have it now. ``published``: for each week, how many verdicts were first published then.
    ``verdict_states``: verdict state -> how many verdicts are in it (every state present).
    """
    today = today or timezone.localdate()
    this_monday = today - dt.timedelta(days=today.weekday())
    mondays = [this_monday - dt.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    start = timezone.make_aware(dt.datetime.combine(mondays[0], dt.time.min))
    position = {monday: index for index, monday in enumerate(mondays)}

    claims = [dict.fromkeys(SupportStatus.values, 0) for _ in mondays]
    rows = (
        Claim.objects.filter(created_at__gte=start).annotate(week=TruncWeek("created_at"))
        .order_by().values("week", "support_status").annotate(n=Count("pk"))
    )
    for row in rows:
        index = position.get(timezone.localtime(row["week"]).date())
        if index is not None:
            claims[index][row["support_status"]] += row["n"]

    published = [0] * len(mondays)
    rows = (
        Verdict.objects.filter(published_at__gte=start).annotate(week=TruncWeek("published_at"))
        .order_by().values("week").annotate(n=Count("pk"))
    )
    for row in rows:
        index = position.get(timezone.localtime(row["week"]).date())
        if index is not None:
            published[index] += row["n"]

    verdict_states = dict.fromkeys(Verdict.State.values, 0)
    for row in Verdict.objects.order_by().values("state").annotate(n=Count("pk")):
        verdict_states[row["state"]] = row["n"]
    return {"weeks": mondays, "claims": claims, "published": published, "verdict_states": verdict_states}


def claimant_names() -> list[str]:
    """Every claimant's name, for the pick-or-create list of the claim forms."""
    return list(Claimant.objects.order_by("name").values_list("name", flat=True))


# Public pages: only published (and, for their own pages, retracted) verdicts.

PUBLIC_VERDICT_STATES = (Verdict.State.PUBLISHED, Verdict.State.RETRACTED)


def fact_checks_published() -> QuerySet[Verdict]:
    """Published verdicts, newest first, with what a list row or feed item shows.

    Ordered by (published_at, id) descending: the keyset for deep pagination.
    """
    return (
        Verdict.objects.filter(state=Verdict.State.PUBLISHED)
        .select_related("claim__claimant", "claim__article", "rating__scale", "author", "reviewer")
        .order_by("-published_at", "-id")
    )


def fact_check_detail(*, slug: str) -> Verdict | None:
    """A published or retracted verdict by its slug, with all its public page shows:
    the claim with claimant, article and appearances; public evidence only (with
    source and snapshot); corrections; the verdicts it supersedes or is superseded by."""
    public_evidence = (
        _related_model("evidence")
        .objects.filter(visibility="public")
        .select_related("source", "snapshot")
        .order_by("stance", "pk")
    )
    return (
        Verdict.objects.filter(slug=slug, state__in=PUBLIC_VERDICT_STATES)
        .select_related(
            "claim__claimant", "claim__article__outlet", "rating__scale", "author", "reviewer",
            "supersedes", "superseded_by",
        )
        .prefetch_related(
            "corrections",
            Prefetch("claim__appearances", queryset=Appearance.objects.select_related("article", "snapshot")),
            Prefetch("claim__evidence", queryset=public_evidence, to_attr="public_evidence"),
        )
        .first()
    )

def fact_check_checks(*, claim: Claim) -> list:
    """The current automated check results a verdict page may show: those on the
    claim itself and on its public evidence (never on internal evidence)."""
    return list(
        claim.checks.filter(is_current=True)
        .filter(Q(evidence__isnull=True) | Q(evidence__visibility="public"))
        .order_by("evidence_id", "check_id")
    )


def article_report(*, slug: str) -> tuple[Article, list[Verdict]] | None:
    """An article by its slug with its claims' published verdicts in reading order
    (claim, claimant and rating loaded), or None when it has no published verdict."""
    article = Article.objects.select_related("outlet").filter(slug=slug).first()
    if article is None:
        return None
    verdicts = list(
        Verdict.objects.filter(state=Verdict.State.PUBLISHED, claim__article=article)
        .select_related("claim__claimant", "rating__scale")
        .order_by("claim__span_start", "claim_id")
    )
    return (article, verdicts) if verdicts else None


def public_snapshot(*, snapshot_id: int):
    """A Snapshot that a public page links to, or None: the archived copy of the
    article, of an appearance or of public evidence of a claim whose verdict is
    published or retracted. Readers may see its extracted text, never its body."""
    public_claims = Claim.objects.filter(verdicts__state__in=PUBLIC_VERDICT_STATES)
    snapshot_model = Article._meta.get_field("snapshot").related_model
    evidence_model = _related_model("evidence")
    linked = (
        Exists(Article.objects.filter(snapshot=OuterRef("pk"), claims__in=public_claims))
        | Exists(Appearance.objects.filter(snapshot=OuterRef("pk"), claim__in=public_claims))
        | Exists(Appearance.objects.filter(article__snapshot=OuterRef("pk"), claim__in=public_claims))
        | Exists(evidence_model.objects.filter(
            snapshot=OuterRef("pk"), visibility="public", claim__in=public_claims))
    )
    return snapshot_model.objects.defer("body").filter(linked, pk=snapshot_id).first()
