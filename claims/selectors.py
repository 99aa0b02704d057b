"""Reads of articles, claims and what hangs off them, shaped for pages and the API.

Each function fetches its related rows up front (``select_related`` /
``prefetch_related``) so that the number of queries does not grow with the rows
shown. Evidence and check models are reached through the claim's relations, not
imported: this app does not import the evidence app.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import TruncWeek
from django.urls import reverse
from django.utils import timezone

from factcheck.roles import DESK_GROUPS

from . import workflow
from .models import (
    Appearance,
    Article,
    ArticleSentence,
    Claim,
    Claimant,
    Correction,
    Note,
    Rating,
    RatingScale,
    SupportStatus,
    Verdict,
    unique_slug,
)


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
    # The newest verdict's state and rating label come as subqueries: one query for the page.
    newest_verdict = Verdict.objects.filter(claim=OuterRef("pk")).order_by("-created_at", "-pk")
    claims = (
        Claim.objects.select_related("article", "claimant", "assignee")
        .defer("article__text", "support_breakdown")
        .annotate(
            verdict_state=Subquery(newest_verdict.values("state")[:1]),
            verdict_rating=Subquery(newest_verdict.values("rating__label")[:1]),
        )
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
    evidence items), ``notes`` with their authors, ``verdicts_newest_first`` (with
    rating and scale, author, reviewer and corrections) and ``latest_verdict`` (the
    first of them, or None).
    """
    evidence = _related_model("evidence").objects.select_related("source", "snapshot", "added_by")
    current_checks = _related_model("checks").objects.filter(is_current=True)
    verdicts = (
        Verdict.objects.select_related("rating__scale", "author", "reviewer")
        .prefetch_related(Prefetch("corrections", queryset=Correction.objects.select_related("author")))
        .order_by("-created_at", "-pk")
    )
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


CLAIMANT_SUGGESTIONS = 300


def claimant_names() -> list[str]:
    """Names for the pick-or-create list of the claim forms: the claimants of the most claims, in
    name order (at most ``CLAIMANT_SUGGESTIONS``, so the list stays small; any name can be typed)."""
    names = (
        Claimant.objects.annotate(n=Count("claims")).order_by("-n", "name")
        .values_list("name", flat=True)[:CLAIMANT_SUGGESTIONS]
    )
    return sorted(names)


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


# Verdicts on the desk


def rating_scales() -> list[RatingScale]:
    """Every rating scale with its ratings (``rating_list``, best first), the newsroom's default first.

    The default is the scale marked in the admin, else the one
    ``FACTCHECK_DEFAULT_RATING_SCALE`` names; it is flagged ``is_newsroom_default``.
    """
    # One query: the scales come with their ratings (a scale without ratings offers nothing).
    scales: dict[int, RatingScale] = {}
    for rating in Rating.objects.select_related("scale").order_by("scale__name", "scale_id", "-value", "pk"):
        if rating.scale_id not in scales:
            scales[rating.scale_id] = rating.scale
            rating.scale.rating_list = []
        scales[rating.scale_id].rating_list.append(rating)
    scales = list(scales.values())
    default = next((s for s in scales if s.is_default), None) or next(
        (s for s in scales if s.slug == settings.FACTCHECK_DEFAULT_RATING_SCALE), None
    )
    for scale in scales:
        scale.is_newsroom_default = scale is default
    return sorted(scales, key=lambda scale: not scale.is_newsroom_default)


def verdict_current(*, claim_id: int) -> Verdict | None:
    """The claim's newest verdict (the one the workflow acts on) with its rating and
    scale, author, reviewer and corrections, or None."""
    return (
        Verdict.objects.filter(claim_id=claim_id)
        .select_related("rating__scale", "author", "reviewer")
        .prefetch_related(Prefetch("corrections", queryset=Correction.objects.select_related("author")))
        .order_by("-created_at", "-pk")
        .first()
    )


def verdict_writers(*, verdict: Verdict) -> frozenset[int]:
    """The ids of the people who wrote ``verdict`` in the sense of the two-person review
    (``workflow.verdict_writers``): its author and whoever changed its wording since its
    last approval, read from its change history. One query."""
    versions = (
        Verdict.history.model.objects.filter(id=verdict.pk)
        .order_by("history_date", "history_id")
        .values_list("history_user_id", "state", *(f"{name}_id" if name == "rating" else name
                                                     for name in Verdict.WORDING_FIELDS))
    )
    return workflow.verdict_writers(
        author=verdict.author_id,
        versions=(workflow.Version(user=user, state=state, wording=tuple(wording))
                  for user, state, *wording in versions),
    )


def verdict_actions(*, verdict: Verdict, user, role: str | None) -> list[str]:
    """The workflow actions ``user`` (whose desk role is ``role``) may take on ``verdict`` now."""
    return workflow.available_actions(
        state=verdict.state, role=role, user=user.pk, writers=verdict_writers(verdict=verdict)
    )


def verdict_public_address(*, verdict: Verdict) -> str:
    """The path of the public page ``verdict`` has, or would have if published now."""
    slug = verdict.slug or unique_slug(Verdict, verdict.headline or verdict.claim.checked_text, max_length=100)
    return reverse("public:fact-check", args=[slug])


# The desk's review queue

REVIEW_STATES = (Verdict.State.IN_REVIEW, Verdict.State.APPROVED, Verdict.State.CHANGES_REQUESTED)


def verdicts_for_review() -> QuerySet[Verdict]:
    """Verdicts waiting for someone: in review (for an editor who did not write them),
    approved (to be published) and sent back for changes (to their author), longest
    waiting first, with the claim, claimant, rating, author and reviewer."""
    return (
        Verdict.objects.filter(state__in=REVIEW_STATES)
        .select_related("claim__claimant", "rating__scale", "author", "reviewer")
        .defer("body", "body_html", "claim__support_breakdown")
        .order_by("updated_at", "pk")
    )


def review_counts() -> dict[str, int]:
    """How many verdicts wait in each review state (every review state present); one query."""
    counts = dict.fromkeys(REVIEW_STATES, 0)
    rows = Verdict.objects.filter(state__in=REVIEW_STATES).order_by().values("state").annotate(n=Count("pk"))
    counts.update({row["state"]: row["n"] for row in rows})
    return counts


def verdicts_waiting_for_review_count() -> int:
    """How many verdicts are in review (the Review menu's count): one count on the
    state index (``verdict_published_keyset`` leads with the state)."""
    return Verdict.objects.filter(state=Verdict.State.IN_REVIEW).count()


SENT_BACK_SHOWN = 20


def verdicts_sent_back(*, author_id: int) -> list[Verdict]:
    """The verdicts an editor sent back to ``author_id`` for changes, longest waiting
    first (at most ``SENT_BACK_SHOWN``), with their claim, claimant and reviewer."""
    return list(
        Verdict.objects.filter(state=Verdict.State.CHANGES_REQUESTED, author_id=author_id)
        .select_related("claim__claimant", "reviewer")
        .defer("body", "body_html", "claim__support_breakdown")
        .order_by("updated_at", "pk")[:SENT_BACK_SHOWN]
    )


# The claim page's change history

# What the timeline shows of each record: fields people edit, in reading order.
# Computed fields (status, revision, spans, slugs, dates set by the workflow) stay out.
_TIMELINE_FIELDS = {
    "claim": (
        "quote", "text", "claimant", "claim_date", "date_precision", "language", "state",
        "dismissed_reason", "assignee", "appearance_url",
    ),
    "evidence": ("stance", "kind", "title", "url", "excerpt", "visibility"),
    "verdict": (
        "rating", "headline", "summary", "body", "claimant_response", "review_comment", "retraction_reason",
    ),
}
# Who created each kind of row: named for changes made outside a request (a
# command, a worker), where the history has no user of its own.
_CREATOR_FIELDS = {"claim": "created_by", "evidence": "added_by", "verdict": "author"}
_ACTION_WORDS = {
    "submit": "submitted the verdict for review",
    "request-changes": "requested changes to the verdict",
    "approve": "approved the verdict",
    "publish": "published the verdict",
    "retract": "retracted the verdict",
}
_SHORT_VALUE = 80


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    """One change on the claim page's timeline: who did what to which part, and when.

    ``who`` is the person's name, empty for changes made by the system (a worker);
    ``action`` reads after it ("edited evidence “Logs”").
    """

    when: dt.datetime
    who: str
    kind: str  # claim, evidence, verdict or correction
    action: str
    changes: list[FieldChange] = field(default_factory=list)
    text: str = ""
    anchor: str = ""


def _short(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= _SHORT_VALUE else value[: _SHORT_VALUE - 1] + "…"


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


@dataclass
class _Step:
    """One history record beside the one before it of the same row (None when it is
    the row's first), with the shown fields that changed between them."""

    kind: str
    record: object
    previous: object
    changed: list[str]


def _steps(records: list) -> list[_Step]:
    """Each record paired with its row's previous record; ``records`` come ordered by
    row, then time."""
    steps, previous = [], {}
    for kind, record in records:
        before = previous.get((kind, record.id))
        changed = []
        if before is not None and record.history_type != "-":
            fields = _TIMELINE_FIELDS[kind]
            delta = set(record.diff_against(before, included_fields=fields).changed_fields)
            changed = [name for name in fields if name in delta]
        steps.append(_Step(kind, record, before, changed))
        previous[(kind, record.id)] = record
    return steps


def _related_lookups(steps: list[_Step]) -> dict:
    """The objects named by the foreign keys that changed (and by the creators of rows
    whose history has no user), one query per model, as ``{(model, pk): text}``."""
    wanted: dict = {}

    def want(record, name: str) -> None:
        model_field = record._meta.get_field(name)
        value = getattr(record, model_field.attname)
        if model_field.is_relation and value is not None:
            wanted.setdefault(model_field.related_model, set()).add(value)

    for step in steps:
        for name in step.changed:
            want(step.record, name)
            want(step.previous, name)
        if step.previous is None and step.record.history_user_id is None:
            want(step.record, _CREATOR_FIELDS[step.kind])
    texts = {}
    for model, pks in wanted.items():
        manager = model._default_manager
        if model is Rating:
            manager = manager.select_related("scale")
        for pk, obj in manager.in_bulk(pks).items():
            texts[(model, pk)] = _person(obj) if model is get_user_model() else str(obj)
    return texts


def _value_text(record, name: str, lookups: dict) -> str:
    model_field = record._meta.get_field(name)
    value = getattr(record, model_field.attname)
    if value in (None, ""):
        return "—"
    if model_field.is_relation:
        return lookups.get((model_field.related_model, value), f"#{value} (deleted)")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return _short(str(value))


def _action_between(old_state: str, new_state: str) -> str | None:
    """The workflow action that takes a verdict from ``old_state`` to ``new_state``."""
    return next(
        (name for name, rule in workflow.ACTIONS.items() if old_state in rule.sources and rule.target == new_state),
        None,
    )


def _evidence_name(record) -> str:
    return f"evidence “{_short(record.title or record.url or f'#{record.id}')}”"


def _entry(step: _Step, lookups: dict) -> HistoryEntry | None:
    """The timeline entry of one history record, or None when nothing shown changed."""
    kind, record, previous = step.kind, step.record, step.previous
    if record.history_user is not None:
        who = _person(record.history_user)
    elif previous is None:
        creator = _value_text(record, _CREATOR_FIELDS[kind], lookups)
        who = "" if creator == "—" else creator
    else:
        who = ""
    entry = HistoryEntry(when=record.history_date, who=who, kind=kind, action="")
    if kind == "evidence":
        entry.anchor = f"#evidence-{record.id}"
    elif kind == "verdict":
        entry.anchor = "#verdict"
    if record.history_type == "-":
        entry.action = f"removed {_evidence_name(record)}" if kind == "evidence" else f"deleted the {kind}"
        entry.anchor = ""
        return entry
    if previous is None:
        if kind == "claim":
            entry.action = "logged the claim"
        elif kind == "evidence":
            entry.action = f"added {_evidence_name(record)} ({_value_text(record, 'stance', lookups).lower()})"
        else:
            superseding = " superseding the retracted one" if record.supersedes_id else ""
            entry.action = f"started a verdict draft{superseding}"
        return entry
    entry.changes = [
        FieldChange(
            label=str(record._meta.get_field(name).verbose_name),
            old=_value_text(previous, name, lookups),
            new=_value_text(record, name, lookups),
        )
        for name in step.changed
    ]
    action = _action_between(previous.state, record.state) if kind == "verdict" else None
    if action:
        entry.action = _ACTION_WORDS[action]
    elif not entry.changes:
        return None  # only computed fields changed (a worker's save, a correction's date)
    else:
        entry.action = f"edited {_evidence_name(record)}" if kind == "evidence" else f"edited the {kind}"
    return entry


def claim_history(*, claim_id: int) -> list[HistoryEntry]:
    """Every change of the claim, its evidence items (also removed ones) and its
    verdicts, and each correction, newest first.

    A constant number of queries: one per history table, one for corrections, and
    one per kind of object that changed foreign keys name (people, claimants, ratings)
    or that created rows outside a request (people).
    """
    evidence_history = _related_model("evidence").history.model
    sources = {
        "claim": Claim.history.model.objects.filter(id=claim_id),
        "evidence": evidence_history.objects.filter(claim_id=claim_id),
        "verdict": Verdict.history.model.objects.filter(claim_id=claim_id),
    }
    records = [
        (kind, record)
        for kind, queryset in sources.items()
        for record in queryset.select_related("history_user").order_by("id", "history_date", "history_id")
    ]
    steps = _steps(records)
    lookups = _related_lookups(steps)
    entries = [entry for entry in (_entry(step, lookups) for step in steps) if entry is not None]
    corrections = Correction.objects.filter(verdict__claim_id=claim_id).select_related("author")
    entries.extend(
        HistoryEntry(when=c.created_at, who=_person(c.author) if c.author else "", kind="correction",
                     action="added a correction", text=c.text, anchor="#verdict")
        for c in corrections
    )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries
