"""/api/v1/fact-checks/: published fact-checks, readable without logging in.

The only endpoint of the API open to anonymous clients, and it shows only what the
public pages show: published verdicts (never drafts, verdicts in review or
retracted ones), their claim and claimant, the rating and the same ClaimReview the
verdict page carries. Lists page by a cursor on (published_at, id), so a page deep
in the archive costs what the first one costs. Anonymous answers come from the
public page cache (``public_page``), invalidated by every publication, correction
and retraction.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import AllowAny

from claims import fact_check_lists
from claims.claimreview import claimreview
from claims.models import Claim, Claimant, Rating, Verdict
from claims.public_cache import public_page
from factcheck.api_input import StrictInput
from factcheck.api_schema import OptionalURLField
from factcheck.throttling import UserRateThrottle, anonymous_rate


class FactCheckRatingSerializer(serializers.ModelSerializer):
    scale = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    scale_name = serializers.CharField(source="scale.name", read_only=True)

    class Meta:
        model = Rating
        fields = [
            "slug", "label", "rating_class", "value", "best_value", "worst_value", "description",
            "scale", "scale_name",
        ]
        read_only_fields = fields


class FactCheckClaimantSerializer(serializers.ModelSerializer):
    url = OptionalURLField()

    class Meta:
        model = Claimant
        fields = ["name", "kind", "url"]
        read_only_fields = fields


class FactCheckClaimSerializer(serializers.ModelSerializer):
    checked_text = serializers.CharField(
        read_only=True,
        help_text="The claim as the desk checked it (claimReviewed): our wording, not the claimant's words.",
    )
    quote = serializers.CharField(
        read_only=True, help_text="The claimant's own words, as the article or appearance quotes them.",
    )
    appearance_url = OptionalURLField()

    class Meta:
        model = Claim
        fields = ["checked_text", "quote", "claim_date", "date_precision", "language", "appearance_url"]
        read_only_fields = fields


class FactCheckSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The fact-check's public page.")
    claim = FactCheckClaimSerializer(read_only=True)
    claimant = FactCheckClaimantSerializer(source="claim.claimant", read_only=True, allow_null=True)
    rating = FactCheckRatingSerializer(read_only=True)
    updated_at = serializers.DateTimeField(
        source="public_updated_at", read_only=True, help_text="Last public change: publication or correction."
    )
    claimreview = serializers.SerializerMethodField(help_text="The page's schema.org ClaimReview.")

    class Meta:
        model = Verdict
        fields = [
            "id", "url", "slug", "headline", "summary", "rating", "claim", "claimant",
            "published_at", "updated_at", "claimreview",
        ]
        read_only_fields = fields

    def get_url(self, verdict) -> str:
        return self.context["request"].build_absolute_uri(verdict.get_absolute_url())

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_claimreview(self, verdict) -> dict:
        return claimreview(verdict, url=self.get_url(verdict))


class FactCheckFilterSerializer(StrictInput):
    """The list's search and filters, the same as the public list page's (whose form
    sends ``q``, ``rating`` and ``claimant`` empty when not used)."""

    q = serializers.CharField(
        required=False, allow_blank=True, max_length=200,
        help_text="Words in the headline, summary, claim or claimant (PostgreSQL: web-search syntax).",
    )
    rating = serializers.ChoiceField(
        choices=Rating.RatingClass.choices, required=False, allow_blank=True, help_text="A rating class."
    )
    claimant = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="A claimant's name (exact, any case)."
    )
    since = serializers.DateField(required=False, help_text="Published on or after this date.")
    until = serializers.DateField(required=False, help_text="Published on or before this date.")

    def validate(self, data):
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise serializers.ValidationError({"until": "The end date is before the start date."})
        return data


class FactCheckPagination(CursorPagination):
    """Newest first by (published_at, id); a bad ``cursor`` is a 400 naming it."""

    ordering = ("-published_at", "-id")
    page_size = 20
    invalid_cursor_message = "Not a cursor of this list; follow the next and previous links."

    def decode_cursor(self, request):
        if request.query_params.get(self.cursor_query_param) == "":
            raise serializers.ValidationError({self.cursor_query_param: [self.invalid_cursor_message]})
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise serializers.ValidationError({self.cursor_query_param: [self.invalid_cursor_message]}) from None


@extend_schema(tags=["fact-checks"])
class FactCheckViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Published fact-checks, open to everyone."""

    permission_classes = [AllowAny]
    serializer_class = FactCheckSerializer
    pagination_class = FactCheckPagination
    lookup_value_converter = "int"
    filter_backends = ()

    # Anonymous callers are counted before the page cache (factcheck.throttling.anonymous_rate).
    throttle_classes = [UserRateThrottle]

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        # Anonymous reads are served from the public page cache.
        return anonymous_rate(public_page(super().as_view(actions, **initkwargs)))

    def get_queryset(self):
        filters = {}
        if self.action == "list":
            parsed = FactCheckFilterSerializer(data=self.request.query_params)
            parsed.is_valid(raise_exception=True)
            data = parsed.validated_data
            filters = {
                "query": data.get("q", ""), "rating_class": data.get("rating", ""),
                "claimant_name": data.get("claimant", ""),
                "published_from": data.get("since"), "published_to": data.get("until"),
            }
        verdicts = fact_check_lists.fact_checks_listed(**filters).select_related("rating__scale")
        return fact_check_lists.with_claimreview(verdicts)

    @extend_schema(parameters=[FactCheckFilterSerializer])
    def list(self, request, *args, **kwargs):
        """Published fact-checks, newest first, optionally searched and filtered.
        Pages follow ``next`` and ``previous`` (a cursor)."""
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        """One published fact-check by id; 404 for anything not published."""
        return super().retrieve(request, *args, **kwargs)
