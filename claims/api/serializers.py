"""What the article and claim endpoints read and answer.

Input serializers only check the shape of a request and name the service's
arguments (``source=``); ``claims.services`` decides the rest. Output
serializers render what the selectors fetched.
"""

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims import models as limits
from claims import workflow
from claims.models import Article, Claim, Correction, Rating, SupportStatus, Verdict
from claims.selectors import desk_members, verdict_actions
from evidence.api.serializers import CheckResultSerializer, EvidenceSerializer
from factcheck.api_input import IdParameter, StrictInput
from factcheck.api_schema import OptionalURLField
from factcheck.roles import role_of

# Articles


class ArticleClaimSerializer(serializers.ModelSerializer):
    """A claim as listed under its article: where its quote is and how it stands."""

    class Meta:
        model = Claim
        fields = ["id", "quote", "span_start", "span_end", "support_status"]
        read_only_fields = fields


class SentenceSerializer(serializers.Serializer):
    """A check-worthy sentence of the article, as ranked at ingestion."""

    start = serializers.IntegerField()
    end = serializers.IntegerField()
    score = serializers.FloatField()
    reason = serializers.CharField()


class ArticleListSerializer(serializers.ModelSerializer):
    outlet = serializers.CharField(source="outlet.name", read_only=True, allow_null=True)
    claim_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Article
        fields = [
            "id", "slug", "title", "url", "outlet", "authors", "published_on", "language", "state",
            "claim_count", "created_at",
        ]
        read_only_fields = fields


class ArticleDetailSerializer(serializers.ModelSerializer):
    outlet = serializers.CharField(source="outlet.name", read_only=True, allow_null=True)
    claims = ArticleClaimSerializer(many=True, read_only=True)
    sentences = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id", "slug", "title", "url", "outlet", "authors", "published_on", "language", "text",
            "state", "failure_code", "failure_reason", "created_at", "updated_at", "claims", "sentences",
        ]
        read_only_fields = fields

    @extend_schema_field(SentenceSerializer(many=True))
    def get_sentences(self, article) -> list:
        """The article's sentences in ranked order (most check-worthy first)."""
        return SentenceSerializer(article.sentences.all(), many=True).data


class _ArticleFieldsSerializer(StrictInput):
    url = serializers.URLField(required=False, allow_blank=True, max_length=2000)
    outlet = serializers.CharField(
        required=False, allow_blank=True, max_length=200, source="outlet_name",
        help_text="The outlet's name; a source of that name is created if new.",
    )
    authors = serializers.CharField(
        required=False, allow_blank=True, max_length=500, help_text="Comma-separated names."
    )
    published_on = serializers.DateField(required=False, allow_null=True)
    language = serializers.CharField(required=False, allow_blank=True, max_length=12)


class ArticleCreateSerializer(_ArticleFieldsSerializer):
    """Give the article's ``text`` or its ``html`` (sanitised, then reduced to text) with its
    ``title``; or only its ``url`` to fetch it; or a multipart ``file`` (HTML, PDF, text)
    alone."""

    title = serializers.CharField(max_length=500, required=False, allow_blank=True)
    text = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, max_length=settings.MAX_DOCUMENT_BYTES
    )
    html = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, max_length=settings.MAX_DOCUMENT_BYTES
    )
    file = serializers.FileField(required=False, allow_empty_file=True)

    # What an uploaded file's article reads from the file itself.
    NOT_WITH_FILE = ("url", "title", "text", "html", "outlet", "authors", "published_on", "language")

    def validate(self, data):
        if data.get("file") is not None:
            given = [name for name in self.NOT_WITH_FILE if data.get(self.fields[name].source) not in (None, "")]
            if given:
                raise serializers.ValidationError({
                    name: "Not taken with a file: the article's text and metadata are read from the file; "
                    "edit them once it is read (PATCH)." for name in given
                })
        pasted = data.get("text") or data.get("html")
        if pasted and not data.get("title", "").strip():
            raise serializers.ValidationError({"title": "Give the title of a pasted article."})
        if not (pasted or data.get("file") or data.get("url")):
            # A title alone means a pasted article without its text.
            field = "text" if data.get("title", "").strip() else "url"
            raise serializers.ValidationError({field: "Give the article's url, a file, or its text or html."})
        return data


class ArticleUpdateSerializer(_ArticleFieldsSerializer):
    """Fields to change; a new ``text`` re-checks the quotes of the article's claims."""

    title = serializers.CharField(required=False, max_length=500)
    text = serializers.CharField(required=False, trim_whitespace=False, max_length=settings.MAX_DOCUMENT_BYTES)

    def validate_url(self, value: str) -> str | None:
        # An article without a URL stores NULL: the column is unique when present.
        return value or None


# Claims


class ClaimFilterSerializer(StrictInput):
    support_status = serializers.ChoiceField(choices=SupportStatus.choices, required=False)
    state = serializers.ChoiceField(choices=Claim.State.choices, required=False)
    assignee = IdParameter(required=False, source="assignee_id", help_text="The assignee's user id.")
    article = IdParameter(required=False, source="article_id", help_text="The article's id.")
    claimant = serializers.CharField(
        required=False, max_length=200, source="claimant_name", help_text="The claimant's name (any case)."
    )
    q = serializers.CharField(
        required=False, max_length=200, source="query",
        help_text="Words to find in the quote, the claim as checked or the claimant's name.",
    )


class ClaimListSerializer(serializers.ModelSerializer):
    claimant = serializers.CharField(source="claimant.name", read_only=True, allow_null=True)
    appearance_url = OptionalURLField()

    class Meta:
        model = Claim
        fields = [
            "id", "article", "appearance_url", "quote", "text", "claimant", "claim_date",
            "date_precision", "language", "state", "support_status", "checks_pending",
            "assignee", "revision", "created_at", "updated_at",
        ]
        read_only_fields = fields


class SupportBreakdownSerializer(serializers.Serializer):
    """Why the support status is what it is: flags and the evidence ids in each group.

    Empty until the checks of a new claim have been queued by a worker.
    """

    flags = serializers.ListField(child=serializers.CharField(), default=list)
    strong_supporting = serializers.ListField(child=serializers.IntegerField(), default=list)
    strong_refuting = serializers.ListField(child=serializers.IntegerField(), default=list)
    weak_supporting = serializers.ListField(child=serializers.IntegerField(), default=list)
    weak_refuting = serializers.ListField(child=serializers.IntegerField(), default=list)
    weak_reasons = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), default=dict,
        help_text="Why each weak evidence item (keyed by id) is weak.",
    )


class VerdictRatingSerializer(serializers.ModelSerializer):
    """A verdict's rating: its slug within its scale, label, scale slug and class."""

    scale = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Rating
        fields = ["slug", "label", "scale", "rating_class"]
        read_only_fields = fields


class VerdictSummarySerializer(serializers.ModelSerializer):
    """The claim's current verdict in brief; ``slug`` and ``url`` (its public page) are
    null until it is published."""

    rating = VerdictRatingSerializer(read_only=True, allow_null=True)
    url = serializers.SerializerMethodField(help_text="The public page, once published (null before).")

    class Meta:
        model = Verdict
        fields = ["id", "state", "rating", "headline", "summary", "slug", "url"]
        read_only_fields = fields

    def get_url(self, verdict) -> str | None:
        if not verdict.slug:
            return None
        return self.context["request"].build_absolute_uri(verdict.get_absolute_url())


class CorrectionChangeSerializer(serializers.Serializer):
    field = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)
    old = serializers.CharField(read_only=True)
    new = serializers.CharField(read_only=True)


class CorrectionSerializer(serializers.ModelSerializer):
    author = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    changes = CorrectionChangeSerializer(many=True, read_only=True,
                                         help_text="What an amendment changed; empty for a note alone.")

    class Meta:
        model = Correction
        fields = ["text", "changes", "author", "created_at"]
        read_only_fields = fields


class VerdictSerializer(VerdictSummarySerializer):
    """The claim's current verdict with everything the desk sees, and the workflow
    ``actions`` the caller may take on it now (``edit`` means a PUT is allowed)."""

    author = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    reviewer = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    corrections = CorrectionSerializer(many=True, read_only=True)
    actions = serializers.SerializerMethodField()

    class Meta(VerdictSummarySerializer.Meta):
        fields = VerdictSummarySerializer.Meta.fields + [
            "body", "body_html", "claimant_response", "author", "reviewer", "review_comment",
            "published_at", "public_updated_at", "retraction_reason", "retracted_at", "supersedes",
            "corrections", "actions", "created_at", "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=list(workflow.ACTIONS)))
    )
    def get_actions(self, verdict) -> list[str]:
        user = self.context["request"].user
        return verdict_actions(verdict=verdict, user=user, role=role_of(user))


class VerdictInputSerializer(StrictInput):
    """The whole draft: fields left out are emptied. ``rating`` is a slug in the
    newsroom's default scale, or in ``scale`` when given."""

    rating = serializers.SlugField(required=False, allow_blank=True, max_length=50)
    scale = serializers.SlugField(
        required=False, allow_blank=True, max_length=50, help_text="A rating scale's slug; the default scale if empty.",
    )
    headline = serializers.CharField(required=False, allow_blank=True, max_length=300)
    summary = serializers.CharField(
        required=False, allow_blank=True, max_length=limits.SUMMARY_MAX_CHARS,
        help_text="One or two sentences (ClaimReview text).",
    )
    body = serializers.CharField(
        required=False, allow_blank=True, max_length=limits.VERDICT_BODY_MAX_CHARS,
        help_text="Markdown; HTML in it is sanitised.",
    )
    claimant_response = serializers.CharField(
        required=False, allow_blank=True, max_length=limits.CLAIMANT_RESPONSE_MAX_CHARS
    )


class VerdictCommentSerializer(StrictInput):
    comment = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.REVIEW_COMMENT_MAX_CHARS,
        help_text="Required: what needs to change; the author reads it.",
    )


class VerdictReasonSerializer(StrictInput):
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.RETRACTION_REASON_MAX_CHARS,
        help_text="Required: the public reason, shown on the verdict page.",
    )


class VerdictCorrectionSerializer(StrictInput):
    text = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.CORRECTION_MAX_CHARS,
        help_text="Required: the correction as readers will see it, dated, on the verdict page.",
    )


class VerdictAmendSerializer(VerdictInputSerializer):
    """A published verdict's new wording with the correction that explains it. Unlike
    the draft's PUT, fields left out keep their value; ``text`` is required."""

    text = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.CORRECTION_MAX_CHARS,
        help_text="Required: the correction as readers will see it, dated, with what changed.",
    )


class ClaimDetailSerializer(ClaimListSerializer):
    support_breakdown = SupportBreakdownSerializer(read_only=True)
    checks = CheckResultSerializer(many=True, read_only=True, source="current_checks")
    evidence = EvidenceSerializer(many=True, read_only=True)
    verdict = VerdictSummarySerializer(read_only=True, allow_null=True, source="latest_verdict")

    class Meta(ClaimListSerializer.Meta):
        fields = ClaimListSerializer.Meta.fields + [
            "span_start", "span_end", "checkworthiness", "dismissed_reason", "support_breakdown",
            "checks", "evidence", "verdict",
        ]
        read_only_fields = fields


class ClaimChecksSerializer(serializers.ModelSerializer):
    """A claim's current checks, as answered when they are re-run."""

    checks = CheckResultSerializer(many=True, read_only=True, source="current_checks")

    class Meta:
        model = Claim
        fields = ["id", "support_status", "checks_pending", "checks"]
        read_only_fields = fields


class RunChecksSerializer(StrictInput):
    """Which checks to re-run: all of them when both fields are left out."""

    check = serializers.CharField(
        required=False, help_text="Re-run only this check, e.g. `evidence.link_archive`."
    )
    target = serializers.RegexField(
        r"^(claim|evidence):[0-9]+$", required=False,
        help_text="Re-run only the checks on this target: `claim:<id>` or `evidence:<id>`.",
    )


class _ClaimFieldsSerializer(StrictInput):
    text = serializers.CharField(
        required=False, allow_blank=True, max_length=500,
        help_text="The claim as checked: short normalised wording.",
    )
    claimant = serializers.CharField(
        required=False, allow_blank=True, max_length=200, source="claimant_name",
        help_text="The claimant's name; an existing claimant of that name is reused.",
    )
    claim_date = serializers.DateField(required=False, allow_null=True)
    date_precision = serializers.ChoiceField(choices=Claim.DatePrecision.choices, required=False)
    appearance_url = serializers.URLField(required=False, allow_blank=True, max_length=2000)
    language = serializers.CharField(required=False, allow_blank=True, max_length=12)
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=desk_members(), required=False, allow_null=True,
        help_text="A fact-checker's or editor's user id.",
    )


class ClaimCreateSerializer(_ClaimFieldsSerializer):
    """Give the ``article`` and the exact ``quote`` from it, or an ``appearance_url``."""

    article = serializers.PrimaryKeyRelatedField(
        queryset=Article.objects.all(), required=False, allow_null=True
    )
    quote = serializers.CharField(trim_whitespace=False, max_length=limits.QUOTE_MAX_CHARS)


class ClaimUpdateSerializer(_ClaimFieldsSerializer):
    """Fields to change; a new quote must be in the article, and checks re-run when it matters."""

    quote = serializers.CharField(required=False, trim_whitespace=False, max_length=limits.QUOTE_MAX_CHARS)
    state = serializers.ChoiceField(choices=Claim.State.choices, required=False)
    dismissed_reason = serializers.CharField(required=False, allow_blank=True, max_length=300)
