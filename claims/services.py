"""Writes to articles, claimants, claims, notes and verdicts.

Each function runs in one transaction and validates with ``full_clean()``.
Checks are queued by task name after commit: this app never imports the
evidence app.
"""

import datetime as dt
import hashlib
from functools import partial

import markdown
from celery import current_app
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from factcheck.html import html_to_text, normalise_text, sanitise
from factcheck.roles import role_of

from . import selectors, workflow
from .claimreview_input import BadRecord, claimreview_fields
from .matching import closest_passage, locate_quote
from .quotation import balance_span
from .models import (
    Article,
    Claim,
    Claimant,
    Correction,
    ExternalFactCheck,
    Note,
    Rating,
    RatingScale,
    Verdict,
    unique_slug,
)
from .public_cache import public_pages_changed
from .sentences import article_sentences_rank

MAX_ARTICLE_CHARS = 500_000


def _queue(task_name: str, **kwargs) -> None:
    # robust: a broker outage must not turn a saved edit into an error page; the
    # request is recorded in the database, and the sweep sends it again.
    transaction.on_commit(partial(current_app.send_task, task_name, kwargs=kwargs), robust=True)


def queue_claim_checks(claim: Claim) -> None:
    """Mark the claim's checks pending and queue them once the transaction commits.

    The request is recorded (``checks_requested_at``) in the same transaction, so
    that when its message is lost (the broker was down or restarted empty) the
    sweep still finds it and queues the checks (evidence.services.checks_sweep_stuck).
    """
    now = timezone.now()
    Claim.objects.filter(pk=claim.pk).update(checks_pending=True, checks_requested_at=now)
    claim.checks_pending, claim.checks_requested_at = True, now
    _queue("evidence.queue_claim_checks", claim_id=claim.pk)


def _article_text(*, text: str, html: str) -> str:
    if text and html:
        raise ValidationError({"text": "Give either text or html, not both."})
    body = html_to_text(html) if html else normalise_text(text)
    if not body:
        raise ValidationError({"text" if not html else "html": "The article has no text."})
    if len(body) > MAX_ARTICLE_CHARS:
        raise ValidationError(
            {"text": f"The article is too long ({len(body):,} characters; at most {MAX_ARTICLE_CHARS:,})."}
        )
    return body


def _outlet(name: str):
    """The Source named ``name``, created if new (named through the FK: no evidence import)."""
    if not name.strip():
        return None
    source_model = Article._meta.get_field("outlet").related_model
    source, _ = source_model.objects.get_or_create(name=name.strip())
    return source


@transaction.atomic
def article_create(
    *,
    title: str,
    text: str = "",
    html: str = "",
    url: str = "",
    outlet_name: str = "",
    authors: str = "",
    published_on: dt.date | None = None,
    language: str = "en",
    user=None,
) -> Article:
    """Create a ready article from pasted text or HTML (HTML is sanitised first), its sentences ranked."""
    body = _article_text(text=text, html=html)
    article = Article(
        title=title.strip(),
        text=body,
        text_sha256=hashlib.sha256(body.encode()).hexdigest(),
        url=url or None,
        outlet=_outlet(outlet_name),
        authors=authors.strip(),
        published_on=published_on,
        language=language or "en",
        state=Article.State.READY,
        created_by=user,
    )
    article.slug = unique_slug(Article, title or "article")
    article.full_clean()
    article.save()
    article_sentences_rank(article=article)
    return article


@transaction.atomic
def article_update(*, article: Article, text: str | None = None, **fields) -> Article:
    """Edit an article's metadata or text; a new text is re-ranked and re-checks its claims' quotes."""
    outlet_name = fields.pop("outlet_name", None)
    if outlet_name is not None:
        article.outlet = _outlet(outlet_name)
    for name, value in fields.items():
        setattr(article, name, value)
    text_changed = text is not None and normalise_text(text) != article.text
    if text_changed:
        article.text = _article_text(text=text, html="")
        article.text_sha256 = hashlib.sha256(article.text.encode()).hexdigest()
    article.full_clean()
    article.save()
    if text_changed:
        article_sentences_rank(article=article)
        for claim in article.claims.all():
            Claim.objects.filter(pk=claim.pk).update(revision=claim.revision + 1)
            queue_claim_checks(claim)
    return article


def claimant_get_or_create(*, name: str) -> Claimant | None:
    """The claimant with this name (case-insensitive), created if new."""
    name = " ".join(name.split())
    if not name:
        return None
    existing = Claimant.objects.filter(name__iexact=name).first()
    if existing:
        return existing
    claimant = Claimant(name=name)
    claimant.full_clean()
    claimant.save()
    return claimant


def _validate_field(model, field_name: str, value, key: str = "") -> None:
    """Run the validators of ``model.field_name`` on ``value``; a ValidationError keyed
    by ``key`` (the argument's name, by default the field's) when it is refused."""
    try:
        model._meta.get_field(field_name).run_validators(value)
    except ValidationError as error:
        raise ValidationError({key or field_name: error.messages}) from None


def resolve_quote(article: Article, quote: str) -> tuple[int, int, str]:
    """Find ``quote`` in the article; return its span and the article's own wording.

    Raises a ValidationError on ``quote`` that shows the closest passage when it is not there.
    """
    if not quote.strip():
        raise ValidationError({"quote": "Give the exact quote from the article."})
    _validate_field(Claim, "quote", quote)  # the length limit first: the fuzzy search is slow on long text
    match = locate_quote(article.text, quote)
    if match is None:
        nearest = closest_passage(article.text, quote)
        hint = ""
        if nearest and nearest.score >= 50:
            hint = f" The closest passage is: “{article.text[nearest.start:nearest.end]}”"
        raise ValidationError({"quote": "This quote is not in the article." + hint})
    # A quote never carries half a pair of quotation marks: it reaches the other one.
    start, end = balance_span(article.text, match.start, match.end)
    return start, end, article.text[start:end]


@transaction.atomic
def claim_create(
    *,
    quote: str,
    article: Article | None = None,
    appearance_url: str = "",
    text: str = "",
    claimant_name: str = "",
    claim_date: dt.date | None = None,
    date_precision: str = Claim.DatePrecision.DAY,
    language: str = "",
    assignee=None,
    user=None,
) -> Claim:
    """Log a claim. With an article, the quote must be in its text; the stored
    quote and span are the article's own."""
    if article is None and not appearance_url:
        raise ValidationError({"article": "Give the article the claim is in, or an appearance URL."})
    span_start = span_end = None
    if article is not None:
        span_start, span_end, quote = resolve_quote(article, quote)
    claim = Claim(
        article=article,
        appearance_url=appearance_url,
        quote=quote.strip(),
        span_start=span_start,
        span_end=span_end,
        text=text.strip(),
        claimant=claimant_get_or_create(name=claimant_name),
        claim_date=claim_date,
        date_precision=date_precision,
        language=language or (article.language if article else "en"),
        assignee=assignee,
        created_by=user,
    )
    claim._history_user = user  # outside a request (commands, the demo) the middleware knows no user
    claim.full_clean()
    claim.save()
    queue_claim_checks(claim)
    return claim


# Edits to these fields change what the checks read.
_CHECKED_FIELDS = {"quote", "text", "article", "claim_date"}


@transaction.atomic
def claim_update(*, claim: Claim, **fields) -> Claim:
    """Edit a claim. A changed quote is located again; an edit that matters to
    checks raises the revision and queues them."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if "claimant_name" in fields:
        claim.claimant = claimant_get_or_create(name=fields.pop("claimant_name"))
    new_quote = fields.pop("quote", None)
    changed = {name for name, value in fields.items() if getattr(claim, name) != value}
    if new_quote is not None and new_quote.strip() != claim.quote:
        if claim.article is not None:
            claim.span_start, claim.span_end, claim.quote = resolve_quote(claim.article, new_quote)
        else:
            claim.quote = new_quote.strip()
        changed.add("quote")
    for name, value in fields.items():
        setattr(claim, name, value)
    if claim.state != Claim.State.DISMISSED:
        claim.dismissed_reason = ""
    elif not claim.dismissed_reason.strip():
        raise ValidationError({"dismissed_reason": "Say why the claim is dismissed."})
    if changed & _CHECKED_FIELDS:
        claim.revision += 1
    claim.full_clean()
    claim.save()
    if changed & _CHECKED_FIELDS:
        queue_claim_checks(claim)
    claim_public_changed(claim_id=claim.pk)
    return claim


def claim_work_started(*, claim_id: int, user=None) -> None:
    """Move a new claim to ``researching``: someone started work on it (added evidence
    or drafted its verdict). The change is kept in the claim's history under ``user``;
    a claim already researching or dismissed is left as it is."""
    with transaction.atomic():
        claim = Claim.objects.select_for_update().filter(pk=claim_id, state=Claim.State.NEW).first()
        if claim is None:
            return
        claim.state = Claim.State.RESEARCHING
        claim._history_user = user
        claim.save(update_fields=["state", "updated_at"])  # the status the workers write stays theirs


def claim_public_changed(*, claim_id: int) -> None:
    """Invalidate the public pages when this claim has a published or retracted verdict."""
    public = (Verdict.State.PUBLISHED, Verdict.State.RETRACTED)
    if Verdict.objects.filter(claim_id=claim_id, state__in=public).exists():
        public_pages_changed()


@transaction.atomic
def note_create(*, claim: Claim, text: str, user) -> Note:
    note = Note(claim=claim, text=text.strip(), author=user)
    note.full_clean()
    note.save()
    return note


# External fact-checks


@transaction.atomic
def external_factcheck_import(*, record: dict) -> tuple[ExternalFactCheck, bool]:
    """Create or update (by URL) the external fact-check of one ClaimReview object.

    Returns the row and whether it is new. Raises ValidationError with the reason
    when the record is unusable. A changed claim text empties the stored vector,
    so the matching index encodes it again.
    """
    try:
        fields = claimreview_fields(record)
    except BadRecord as exc:
        raise ValidationError(str(exc)) from exc
    factcheck = ExternalFactCheck.objects.select_for_update().filter(url=fields["url"]).first()
    created = factcheck is None
    if created:
        factcheck = ExternalFactCheck(url=fields["url"])
    elif factcheck.claim_reviewed != fields["claim_reviewed"]:
        factcheck.embedding = factcheck.mpnet_embedding = None
    for name, value in fields.items():
        setattr(factcheck, name, value)
    factcheck.full_clean(validate_unique=False)
    factcheck.save()
    return factcheck, created


# Verdicts: drafting, the editorial workflow and publishing


def default_rating_scale() -> RatingScale:
    """The scale marked as default in the admin, else the one the settings name."""
    scale = RatingScale.objects.filter(is_default=True).first()
    if scale is None:
        scale = RatingScale.objects.filter(slug=settings.FACTCHECK_DEFAULT_RATING_SCALE).first()
    if scale is None:
        raise ValidationError(
            {"scale": f"No default rating scale: mark one in the admin or set FACTCHECK_DEFAULT_RATING_SCALE "
                      f"(now “{settings.FACTCHECK_DEFAULT_RATING_SCALE}”)."}
        )
    return scale


@transaction.atomic
def rating_scale_save(*, scale: RatingScale) -> RatingScale:
    """Save a rating scale; marking it as the default unmarks the scale that was."""
    if scale.is_default:
        RatingScale.objects.filter(is_default=True).exclude(pk=scale.pk).update(is_default=False)
    scale.full_clean()
    scale.save()
    return scale


def rating_lookup(*, slug: str, scale: str = "") -> Rating:
    """The rating ``slug`` in the scale named ``scale``, or in the default scale."""
    if scale:
        rating_scale = RatingScale.objects.filter(slug=scale).first()
        if rating_scale is None:
            raise ValidationError({"scale": f"There is no rating scale “{scale}”."})
    else:
        rating_scale = default_rating_scale()
    rating = Rating.objects.filter(scale=rating_scale, slug=slug).select_related("scale").first()
    if rating is None:
        choices = ", ".join(rating_scale.ratings.values_list("slug", flat=True))
        raise ValidationError({"rating": f"“{slug}” is not a rating of the {rating_scale.name} ({choices})."})
    return rating


def _check_allowed(verdict: Verdict, user, action: str) -> None:
    refused = workflow.refusal(
        action, state=verdict.state, role=role_of(user), user=user.pk,
        writers=selectors.verdict_writers(verdict=verdict),
    )
    if refused is None:
        return
    if refused.kind == "role":
        raise PermissionDenied(refused.message)
    raise ValidationError({"state": refused.message})


def _save_verdict(verdict: Verdict, user) -> None:
    verdict._history_user = user  # the history names who changed it, also outside requests
    verdict.full_clean()
    verdict.save()


def render_body(body: str) -> str:
    """The verdict body as safe HTML: Markdown rendered, then sanitised."""
    return sanitise(markdown.markdown(body, extensions=["extra", "sane_lists"]))


@transaction.atomic
def verdict_save(
    *,
    claim: Claim,
    user,
    rating: str = "",
    scale: str = "",
    headline: str = "",
    summary: str = "",
    body: str = "",
    claimant_response: str = "",
) -> Verdict:
    """Write the claim's verdict draft: the open verdict is edited, or a new one is
    started (superseding the last one when it was retracted). Only drafts and
    verdicts sent back for changes can be edited; published ones change by correction."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    verdict = claim.verdicts.order_by("-created_at", "-pk").first()
    if verdict is None or verdict.state == Verdict.State.RETRACTED:
        if role_of(user) is None:
            raise PermissionDenied("Only desk members may draft verdicts.")
        verdict = Verdict(claim=claim, author=user, supersedes=verdict)
        claim_work_started(claim_id=claim.pk, user=user)
    else:
        _check_allowed(verdict, user, "edit")
    verdict.rating = rating_lookup(slug=rating, scale=scale) if rating else None
    verdict.headline = headline.strip()
    verdict.summary = summary.strip()
    verdict.body = body.strip()
    verdict.body_html = render_body(verdict.body)
    verdict.claimant_response = claimant_response.strip()
    _save_verdict(verdict, user)
    return verdict


_AMENDED_LABELS = {
    "rating": "Rating", "headline": "Headline", "summary": "Summary", "body": "Text",
    "claimant_response": "Claimant's response",
}


def _reader_value(verdict: Verdict, name: str) -> str:
    """A wording field as readers see it (the rating by its label and scale)."""
    if name == "rating":
        return f"{verdict.rating.label} ({verdict.rating.scale.name})" if verdict.rating else ""
    return getattr(verdict, name)


@transaction.atomic
def verdict_amend(
    *,
    verdict: Verdict,
    user,
    text: str,
    rating: str | None = None,
    scale: str = "",
    headline: str | None = None,
    summary: str | None = None,
    body: str | None = None,
    claimant_response: str | None = None,
) -> Verdict:
    """Change a published verdict's wording together with the dated, public correction
    ``text`` that explains it (editors; ``claims.workflow`` action ``amend``).

    Fields left as None keep their value. The correction records each changed field's
    old and new value, which the public page shows; the verdict's history keeps every
    version; the address never changes; the public pages are invalidated. Raises
    PermissionDenied or ValidationError (on ``state``, ``text``, a wording field, or
    ``__all__`` when nothing changed)."""
    verdict = Verdict.objects.select_for_update(of=("self",)).select_related("rating__scale").get(pk=verdict.pk)
    _check_allowed(verdict, user, "amend")
    if not text.strip():
        raise ValidationError({"text": "Write the correction that tells readers what changed and why."})
    before = {name: _reader_value(verdict, name) for name in Verdict.WORDING_FIELDS}
    if rating is not None:
        verdict.rating = rating_lookup(slug=rating, scale=scale) if rating else None
    for name, value in (("headline", headline), ("summary", summary), ("body", body),
                        ("claimant_response", claimant_response)):
        if value is not None:
            setattr(verdict, name, value.strip())
    changes = [
        {"field": name, "label": _AMENDED_LABELS[name], "old": before[name], "new": _reader_value(verdict, name)}
        for name in Verdict.WORDING_FIELDS
        if _reader_value(verdict, name) != before[name]
    ]
    if not changes:
        raise ValidationError("Nothing in the text changed: to add a note without amending, add a correction.")
    _require_publishable(verdict)
    verdict.body_html = render_body(verdict.body)
    correction = Correction(verdict=verdict, text=text.strip(), author=user, changes=changes)
    correction.full_clean()
    verdict.public_updated_at = timezone.now()
    _save_verdict(verdict, user)
    correction.save()
    public_pages_changed()
    return verdict


def _require_publishable(verdict: Verdict) -> None:
    missing = {
        name: f"A verdict needs a {label} before it goes to review."
        for name, label in (("rating", "rating"), ("headline", "headline"), ("summary", "summary"))
        if not getattr(verdict, name)
    }
    if missing:
        raise ValidationError(missing)


@transaction.atomic
def verdict_save_and_submit(*, claim: Claim, user, **fields) -> Verdict:
    """Save the draft as given and submit it for review, as one action: when the
    submission is refused, nothing is saved (the form keeps what was typed)."""
    verdict = verdict_save(claim=claim, user=user, **fields)
    return verdict_act(verdict=verdict, user=user, action="submit")


@transaction.atomic
def verdict_act(*, verdict: Verdict, user, action: str, comment: str = "", reason: str = "",
                text: str = "") -> Verdict:
    """Take a workflow action (``claims.workflow.ACTIONS``) on a verdict.

    ``comment`` goes with ``request-changes``, ``reason`` with ``retract`` (public),
    ``text`` with ``corrections``. Raises PermissionDenied when the user's role may
    not, ValidationError (on ``state`` or the missing field) when the verdict's state
    or the input does not allow it. Public changes invalidate the public pages.
    """
    verdict = Verdict.objects.select_for_update().get(pk=verdict.pk)
    _check_allowed(verdict, user, action)
    now = timezone.now()
    if action == "submit":
        _require_publishable(verdict)
    elif action == "request-changes":
        if not comment.strip():
            raise ValidationError({"comment": "Say what needs to change."})
        _validate_field(Verdict, "review_comment", comment.strip(), "comment")
        verdict.review_comment = comment.strip()
        verdict.reviewer = user
    elif action == "approve":
        _require_publishable(verdict)
        verdict.reviewer = user
    elif action == "publish":
        _require_publishable(verdict)
        if not verdict.slug:  # set once: a published address never changes
            verdict.slug = unique_slug(Verdict, verdict.headline or verdict.claim.checked_text, max_length=100)
        verdict.published_at = verdict.published_at or now
        verdict.public_updated_at = now
    elif action == "retract":
        if not reason.strip():
            raise ValidationError({"reason": "Give the public reason for the retraction."})
        _validate_field(Verdict, "retraction_reason", reason.strip(), "reason")
        verdict.retraction_reason = reason.strip()
        verdict.retracted_at = verdict.public_updated_at = now
    elif action == "corrections":
        if not text.strip():
            raise ValidationError({"text": "Write the correction as readers will see it."})
        correction = Correction(verdict=verdict, text=text.strip(), author=user)
        correction.full_clean()
        correction.save()
        verdict.public_updated_at = now
    verdict.state = workflow.next_state(action, verdict.state)
    _save_verdict(verdict, user)
    if verdict.is_public:
        public_pages_changed()
    return verdict
