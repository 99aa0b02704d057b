"""Articles, claimants, claims and the verdicts published about them.

These models never import the evidence app: they name its models in string
foreign keys and leave its work to its services and tasks.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords


# The longest text each field takes, in characters: far above what a newsroom writes
# (README, "Limits"), they bound what one request can store. Forms, the API and
# full_clean() refuse longer text naming the field.
QUOTE_MAX_CHARS = 5_000
NOTE_MAX_CHARS = 20_000
SUMMARY_MAX_CHARS = 2_000
VERDICT_BODY_MAX_CHARS = 100_000
CLAIMANT_RESPONSE_MAX_CHARS = 20_000
REVIEW_COMMENT_MAX_CHARS = 10_000
RETRACTION_REASON_MAX_CHARS = 5_000
CORRECTION_MAX_CHARS = 5_000
DESCRIPTION_MAX_CHARS = 5_000


def bounded_text(max_length: int, **kwargs) -> models.TextField:
    """A TextField whose full_clean() refuses more than ``max_length`` characters.

    A validator, not the field's max_length, which full_clean() ignores on a
    TextField and which would make SQLite rebuild the table in the migration."""
    return models.TextField(validators=[MaxLengthValidator(max_length)], **kwargs)


class SupportStatus(models.TextChoices):
    UNVERIFIED = "unverified", "Unverified"
    SUPPORTED = "supported", "Supported"
    REFUTED = "refuted", "Refuted"
    DISPUTED = "disputed", "Disputed"


class Claimant(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"
        PUBLICATION = "publication", "Publication"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PERSON)
    description = models.CharField(max_length=300, blank=True)
    url = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Article(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        FETCHING = "fetching", "Fetching"
        EXTRACTING = "extracting", "Extracting"
        RANKING = "ranking", "Ranking"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    url = models.URLField(max_length=2000, unique=True, null=True, blank=True)
    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=500)
    outlet = models.ForeignKey(
        "evidence.Source", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    authors = models.CharField(max_length=500, blank=True, help_text="Comma-separated names.")
    published_on = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=12, default="en")
    text = models.TextField(blank=True)
    text_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.READY)
    # Why ingestion failed: a short code for programs (see evidence.ingest.FAILURES)
    # beside the message a user reads.
    failure_code = models.CharField(max_length=20, blank=True)
    failure_reason = models.CharField(max_length=300, blank=True)
    # When the ingestion state last changed, and how many runs of the ingestion task
    # started: the sweep (evidence.ingest.articles_sweep_stuck) queues an article left
    # unfinished too long again, and records it as failed after too many runs.
    state_changed_at = models.DateTimeField(default=timezone.now)
    ingest_attempts = models.PositiveSmallIntegerField(default=0)
    snapshot = models.ForeignKey(
        "evidence.Snapshot", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["created_at", "id"], name="article_newest_first"),
            # The sweep's look-up of unfinished ingestions: only those rows are in it.
            models.Index(
                fields=["state_changed_at"], name="article_unfinished",
                condition=models.Q(state__in=["queued", "fetching", "extracting", "ranking"]),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("desk:article", args=[self.pk])


def unique_slug(model, text: str, max_length: int = 100) -> str:
    """Return a slug of ``text`` not yet used by ``model`` (suffixing -2, -3...)."""
    base = slugify(text)[:max_length].strip("-") or "item"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug = f"{base[: max_length - 6]}-{n}"
        n += 1
    return slug


class ArticleSentence(models.Model):
    """A sentence of an article with its check-worthiness score and the reason for it.

    ``start`` and ``end`` point into ``Article.text`` exactly; ``rank`` 1 is the most
    check-worthy. Written by the ranking step of ingestion; replaced when the text changes.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sentences")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    score = models.FloatField()
    reason = models.CharField(max_length=200, blank=True)
    rank = models.PositiveIntegerField()

    class Meta:
        ordering = ["article", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["article", "start"], name="unique_sentence_start"),
        ]

    def __str__(self):
        return f"{self.article_id}:{self.start}-{self.end} ({self.score:.2f})"


class Claim(models.Model):
    class State(models.TextChoices):
        NEW = "new", "New"
        RESEARCHING = "researching", "Researching"
        DISMISSED = "dismissed", "Dismissed"

    class DatePrecision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month"
        YEAR = "year", "Year"

    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    appearance_url = models.URLField(max_length=2000, blank=True)
    quote = bounded_text(QUOTE_MAX_CHARS)
    span_start = models.PositiveIntegerField(null=True, blank=True)
    span_end = models.PositiveIntegerField(null=True, blank=True)
    text = models.CharField(
        "claim as checked", max_length=500, blank=True,
        help_text="Short normalised wording; becomes claimReviewed.",
    )
    claimant = models.ForeignKey(
        Claimant, null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    claim_date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    language = models.CharField(max_length=12, default="en")
    checkworthiness = models.FloatField(null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="assigned_claims",
    )
    state = models.CharField(max_length=12, choices=State.choices, default=State.NEW)
    dismissed_reason = models.CharField(max_length=300, blank=True)
    support_status = models.CharField(
        max_length=12, choices=SupportStatus.choices, default=SupportStatus.UNVERIFIED,
        db_index=True,
    )
    # Why the status is what it is: written with it by the evidence services.
    support_breakdown = models.JSONField(default=dict, blank=True)
    checks_pending = models.BooleanField(default=False)
    # When checks were asked for and not yet queued (set by claims.services, cleared by
    # evidence.services.checks_queue): the sweep queues them when this gets old, because
    # the message that should have done it was lost.
    checks_requested_at = models.DateTimeField(null=True, blank=True)
    revision = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Edits by people; the computed status is written with update() and not kept here.
    history = HistoricalRecords(excluded_fields=["support_breakdown", "checks_pending", "checks_requested_at"])

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["state", "support_status"]),
            models.Index(fields=["created_at", "id"], name="claim_newest_first"),
            # The sweep's look-up of lost check requests: only flagged claims are in it.
            models.Index(
                fields=["checks_requested_at"], name="claim_checks_requested",
                condition=models.Q(checks_requested_at__isnull=False),
            ),
        ]

    def __str__(self):
        return self.checked_text[:80]

    @property
    def checked_text(self) -> str:
        return self.text or self.quote

    def get_absolute_url(self):
        return reverse("desk:claim", args=[self.pk])


class Appearance(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="appearances")
    url = models.URLField(max_length=2000)
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    appeared_on = models.DateField(null=True, blank=True)
    snapshot = models.ForeignKey(
        "evidence.Snapshot", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["appeared_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["claim", "url"], name="unique_appearance")]

    def __str__(self):
        return self.url


class Note(models.Model):
    """An internal comment on a claim; never shown to readers."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = bounded_text(NOTE_MAX_CHARS)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return self.text[:60]


class RatingScale(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=50, unique=True)
    description = bounded_text(DESCRIPTION_MAX_CHARS, blank=True)
    is_default = models.BooleanField(
        "default scale", default=False,
        help_text="Verdicts use this scale unless they name another. "
        "When no scale is marked, FACTCHECK_DEFAULT_RATING_SCALE names it.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="one_default_rating_scale"
            )
        ]

    def __str__(self):
        return self.name


class Rating(models.Model):
    class RatingClass(models.TextChoices):
        TRUE = "true", "True"
        MOSTLY_TRUE = "mostly_true", "Mostly true"
        MIXED = "mixed", "Mixed"
        MOSTLY_FALSE = "mostly_false", "Mostly false"
        FALSE = "false", "False"
        UNPROVEN = "unproven", "Unproven"
        OTHER = "other", "Other"

    scale = models.ForeignKey(RatingScale, on_delete=models.CASCADE, related_name="ratings")
    label = models.CharField(max_length=100)
    slug = models.SlugField(max_length=50)
    value = models.IntegerField()
    best_value = models.IntegerField()
    worst_value = models.IntegerField()
    description = bounded_text(DESCRIPTION_MAX_CHARS, blank=True)
    rating_class = models.CharField(max_length=14, choices=RatingClass.choices)

    class Meta:
        ordering = ["scale", "-value"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "slug"], name="unique_rating_slug_in_scale")
        ]

    def __str__(self):
        return f"{self.label} ({self.scale.slug})"


class Verdict(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"
        RETRACTED = "retracted", "Retracted"

    # What readers see of it: whoever changes these writes the verdict (see claims.workflow).
    WORDING_FIELDS = ("rating", "headline", "summary", "body", "claimant_response")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="verdicts")
    rating = models.ForeignKey(Rating, null=True, blank=True, on_delete=models.PROTECT)
    headline = models.CharField(max_length=300, blank=True)
    summary = bounded_text(SUMMARY_MAX_CHARS, blank=True, help_text="One or two sentences; the ClaimReview text.")
    body = bounded_text(VERDICT_BODY_MAX_CHARS, blank=True, help_text="Markdown; HTML in it is sanitised.")
    # body rendered from Markdown and sanitised by the services: the only form shown as HTML.
    body_html = models.TextField(blank=True, editable=False)
    claimant_response = bounded_text(CLAIMANT_RESPONSE_MAX_CHARS, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    slug = models.SlugField(max_length=120, unique=True, null=True, blank=True)
    review_comment = bounded_text(
        REVIEW_COMMENT_MAX_CHARS, blank=True, help_text="The editor's comment when changes were last requested."
    )
    published_at = models.DateTimeField(null=True, blank=True)
    # Last public change (publication, correction or retraction): the page's modified date.
    public_updated_at = models.DateTimeField(null=True, blank=True)
    retraction_reason = bounded_text(RETRACTION_REASON_MAX_CHARS, blank=True)
    retracted_at = models.DateTimeField(null=True, blank=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="superseded_by"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["body_html"])

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["state", "published_at", "id"], name="verdict_published_keyset"),
        ]

    def __str__(self):
        return self.headline or f"Verdict on claim {self.claim_id}"

    def get_absolute_url(self):
        """The public page; only published and retracted verdicts have one."""
        return reverse("public:fact-check", args=[self.slug]) if self.slug else ""

    @property
    def is_public(self) -> bool:
        return self.state in (self.State.PUBLISHED, self.State.RETRACTED)


class Correction(models.Model):
    """A dated public note on a published verdict; when it came with an amendment of the
    verdict's text, ``changes`` lists what changed: ``{"field", "label", "old", "new"}``
    per wording field, as readers saw it before and see it after."""

    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="corrections")
    text = bounded_text(CORRECTION_MAX_CHARS)
    changes = models.JSONField(default=list, blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return self.text[:60]


class ExternalFactCheck(models.Model):
    """A fact-check published elsewhere, imported from its ClaimReview JSON-LD.

    ``embedding`` and ``mpnet_embedding`` hold the sentence vectors of ``claim_reviewed``
    by MiniLM and MPNet (little-endian float32) that the claim-matching index searches;
    they are filled by the evidence app after import, and emptied whenever the claim
    text changes.
    """

    url = models.URLField(max_length=2000, unique=True)
    publisher = models.CharField(max_length=300, blank=True)
    publisher_url = models.URLField(max_length=2000, blank=True)
    title = models.CharField(max_length=1000, blank=True)
    claim_reviewed = models.TextField()
    claimant = models.CharField(max_length=300, blank=True)
    rating = models.CharField(max_length=300, blank=True)
    date_published = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=12, blank=True)
    raw = models.JSONField(default=dict)
    embedding = models.BinaryField(null=True, blank=True, editable=False)
    mpnet_embedding = models.BinaryField(null=True, blank=True, editable=False)
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date_published", "pk"]

    def __str__(self):
        return f"{self.publisher}: {self.claim_reviewed[:60]}"


class VerdictEmbedding(models.Model):
    """The matching index's vectors (MiniLM's and MPNet's) for a published verdict, with the
    text they encode (re-encoded when that text changes)."""

    verdict = models.OneToOneField(Verdict, on_delete=models.CASCADE, related_name="embedding")
    text = models.TextField()
    vector = models.BinaryField()
    mpnet_vector = models.BinaryField(null=True)
