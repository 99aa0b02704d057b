"""Sources, archived snapshots, evidence items and automated check results."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from claims.models import bounded_text

# Longest excerpt and source notes, in characters (README, "Limits").
EXCERPT_MAX_CHARS = 10_000
SOURCE_NOTES_MAX_CHARS = 20_000


class Source(models.Model):
    """A publisher or domain, rated by editors."""

    class Reliability(models.TextChoices):
        RELIABLE = "reliable", "Reliable"
        MIXED = "mixed", "Mixed"
        UNRELIABLE = "unreliable", "Unreliable"
        UNKNOWN = "unknown", "Unknown"

    name = models.CharField(max_length=200)
    domain = models.CharField(max_length=253, unique=True, null=True, blank=True)
    owner = models.CharField(
        max_length=200, blank=True, help_text="Owning organisation, for independence checks."
    )
    reliability = models.CharField(
        max_length=10, choices=Reliability.choices, default=Reliability.UNKNOWN
    )
    notes = bounded_text(SOURCE_NOTES_MAX_CHARS, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


def snapshot_path(snapshot, filename):
    return f"snapshots/{snapshot.sha256[:2]}/{snapshot.sha256}"


class Snapshot(models.Model):
    """An immutable archived copy of a URL or an uploaded or pasted document."""

    class Origin(models.TextChoices):
        FETCHED = "fetched", "Fetched"
        UPLOADED = "uploaded", "Uploaded"
        PASTED = "pasted", "Pasted"

    url = models.URLField(max_length=2000, blank=True, help_text="Original URL, when known.")
    final_url = models.URLField(max_length=2000, blank=True)
    origin = models.CharField(max_length=10, choices=Origin.choices)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveIntegerField(default=0)
    body = models.FileField(upload_to=snapshot_path, max_length=300, blank=True)
    filename = models.CharField(max_length=255, blank=True)
    text = models.TextField(blank=True)
    title = models.CharField(max_length=300, blank=True, help_text="The HTML document's <title>, when it has one.")
    fetched_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-fetched_at"]
        get_latest_by = "fetched_at"

    def __str__(self):
        return f"{self.url or self.filename or 'document'} @ {self.fetched_at:%Y-%m-%d %H:%M}"


class EvidenceItem(models.Model):
    class Kind(models.TextChoices):
        WEB_PAGE = "web_page", "Web page"
        DOCUMENT = "document", "Document"
        DATASET = "dataset", "Dataset"
        STATEMENT = "statement", "Statement"

    class Stance(models.TextChoices):
        SUPPORTS = "supports", "Supports"
        REFUTES = "refutes", "Refutes"
        CONTEXT = "context", "Context"

    class Visibility(models.TextChoices):
        PUBLIC = "public", "Public"
        INTERNAL = "internal", "Internal"

    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.WEB_PAGE)
    url = models.URLField(max_length=2000, blank=True)
    title = models.CharField(max_length=300, blank=True)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence"
    )
    snapshot = models.ForeignKey(
        Snapshot, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence"
    )
    excerpt = bounded_text(EXCERPT_MAX_CHARS, blank=True, help_text="The passage relied on.")
    stance = models.CharField(max_length=8, choices=Stance.choices)
    visibility = models.CharField(
        max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    link_recheck_at = models.DateTimeField(
        null=True, blank=True,
        help_text="When a fresh copy of the link was last asked for; the archive is re-fetched if older.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["link_recheck_at"])

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.title or self.url or f"Evidence {self.pk}"

    @property
    def target(self) -> str:
        return f"evidence:{self.pk}"


class CheckResult(models.Model):
    """One automated check's outcome for one target at one input fingerprint.

    The current result of a check for a target is the row flagged ``is_current``:
    the one whose fingerprint matches the target's input when checks were last queued.
    """

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        PASSED = "passed", "Passed"
        WARNING = "warning", "Warning"
        FAILED = "failed", "Failed"
        ERROR = "error", "Error"
        SKIPPED = "skipped", "Skipped"

    PENDING_STATES = (State.QUEUED, State.RUNNING)

    check_id = models.CharField(max_length=64)
    check_version = models.PositiveIntegerField()
    target = models.CharField(max_length=40, help_text="claim:<id> or evidence:<id>")
    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="checks")
    evidence = models.ForeignKey(
        EvidenceItem, null=True, blank=True, on_delete=models.CASCADE, related_name="checks"
    )
    fingerprint = models.CharField(max_length=64)
    is_current = models.BooleanField(default=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    score = models.FloatField(null=True, blank=True)
    message = models.CharField(max_length=300, blank=True)
    details = models.JSONField(default=dict, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["target", "check_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "check_id", "fingerprint"], name="unique_check_result"
            )
        ]
        indexes = [
            models.Index(fields=["claim", "is_current"]),
            models.Index(fields=["state", "is_current"]),
        ]

    def __str__(self):
        return f"{self.check_id} on {self.target}: {self.state}"

    @property
    def is_pending(self) -> bool:
        return self.state in self.PENDING_STATES

    @property
    def duration_ms(self) -> int | None:
        if self.started_at and self.finished_at:
            return int((self.finished_at - self.started_at).total_seconds() * 1000)
        return None
