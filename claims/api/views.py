"""The articles and claims endpoints of /api/v1/.

Each action parses its input with a serializer, calls one service (writes) or
selector (reads) and renders the result. Services' ValidationErrors become 400
responses in ``factcheck.api_errors``. Action docstrings are the operations'
descriptions in the OpenAPI schema.
"""

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from claims import selectors, services
from evidence import ingest
from evidence import services as evidence_services

from .serializers import (
    ArticleCreateSerializer,
    ArticleDetailSerializer,
    ArticleListSerializer,
    ArticleUpdateSerializer,
    ClaimChecksSerializer,
    ClaimCreateSerializer,
    ClaimDetailSerializer,
    ClaimFilterSerializer,
    ClaimListSerializer,
    ClaimUpdateSerializer,
    RunChecksSerializer,
    VerdictCommentSerializer,
    VerdictAmendSerializer,
    VerdictCorrectionSerializer,
    VerdictInputSerializer,
    VerdictReasonSerializer,
    VerdictSerializer,
)

# How the verdict endpoints refuse: a role that may not (403), a state or input that
# does not allow it (400, keyed by the field or "state"), no verdict yet (404).
VERDICT_ERRORS = {
    400: OpenApiResponse(description="The verdict's state or the input does not allow it: "
                         "messages keyed by `state` or the field."),
    403: OpenApiResponse(description="Your role may not take this action on this verdict; "
                         "`detail` says why."),
    404: OpenApiResponse(description="No such claim, or the claim has no verdict yet."),
}


class DeskViewSet(viewsets.GenericViewSet):
    """Parsing and lookups shared by the desk's endpoints; ids in URLs are integers."""

    lookup_value_converter = "int"
    filter_backends = ()
    # The serializer of the body each action reads, for OPTIONS to describe.
    input_serializers: dict[str, type[serializers.Serializer]] = {}

    def get_serializer_class(self):
        """The input serializer of the action (an empty one for actions that read no
        body). OPTIONS (action ``metadata``) asks for it with the request's method set
        to each method it describes."""
        action = self.action_map.get(self.request.method.lower(), self.action)
        return self.input_serializers.get(action, serializers.Serializer)

    def parse(self, serializer_class, data) -> dict:
        """The validated input, or a 400 naming the fields that are wrong."""
        serializer = serializer_class(data=data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @staticmethod
    def found(obj):
        """``obj``, or a 404 when the selector found nothing."""
        if obj is None:
            raise Http404
        return obj


@extend_schema(tags=["articles"])
class ArticleViewSet(DeskViewSet):
    input_serializers = {"create": ArticleCreateSerializer, "partial_update": ArticleUpdateSerializer}

    def get_queryset(self):
        return selectors.articles_for_list()

    def _detail(self, article_id: int) -> dict:
        article = self.found(selectors.article_detail(article_id=article_id))
        return ArticleDetailSerializer(article).data

    @extend_schema(responses=ArticleListSerializer(many=True))
    def list(self, request):
        """Articles, newest first."""
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ArticleListSerializer(page, many=True).data)

    @extend_schema(
        request={"application/json": ArticleCreateSerializer, "multipart/form-data": ArticleCreateSerializer},
        responses={201: ArticleDetailSerializer, 202: ArticleDetailSerializer, 200: ArticleDetailSerializer},
    )
    def create(self, request):
        """Add an article from pasted `text` or `html` with its `title` (201; ranked in the
        background), from a `url` alone or an uploaded `file` (202: state `queued`, fetched and
        read in the background). An article already on the desk with the same address or text
        is answered with 200."""
        data = dict(self.parse(ArticleCreateSerializer, request.data))
        upload = data.pop("file", None)
        if upload is not None:
            article, created = ingest.article_ingest_file(upload=upload, user=request.user)
        elif data.get("text") or data.get("html"):
            article, created = ingest.article_ingest_text(**data, user=request.user)
        else:
            article, created = ingest.article_ingest_url(url=data["url"], user=request.user)
        if not created:
            code = status.HTTP_200_OK
        elif article.state == article.State.QUEUED:
            code = status.HTTP_202_ACCEPTED
        else:
            code = status.HTTP_201_CREATED
        return Response(self._detail(article.pk), status=code)

    @extend_schema(request=None, responses={202: ArticleDetailSerializer})
    @action(detail=True, methods=["post"])
    def retry(self, request, pk):
        """Try a failed ingestion again from what was entered (400 unless it failed)."""
        article = self.found(selectors.article_detail(article_id=pk))
        ingest.article_ingest_retry(article=article)
        return Response(self._detail(article.pk), status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses=ArticleDetailSerializer)
    def retrieve(self, request, pk):
        """An article with its text, its claims and its ranked check-worthy sentences."""
        return Response(self._detail(pk))

    @extend_schema(request=ArticleUpdateSerializer, responses=ArticleDetailSerializer)
    def partial_update(self, request, pk):
        """Edit an article's metadata or text; a new text re-checks its claims' quotes."""
        article = self.get_object()
        services.article_update(
            article=article, **self.parse(ArticleUpdateSerializer, request.data)
        )
        return Response(self._detail(article.pk))


@extend_schema(tags=["claims"])
class ClaimViewSet(DeskViewSet):
    input_serializers = {
        "create": ClaimCreateSerializer, "partial_update": ClaimUpdateSerializer,
        "run_checks": RunChecksSerializer, "verdict": VerdictInputSerializer,
        "verdict_request_changes": VerdictCommentSerializer, "verdict_retract": VerdictReasonSerializer,
        "verdict_corrections": VerdictCorrectionSerializer, "verdict_amend": VerdictAmendSerializer,
    }

    def get_queryset(self):
        return selectors.claims_for_list()

    def _detail(self, claim_id: int) -> dict:
        claim = self.found(selectors.claim_detail(claim_id=claim_id))
        return ClaimDetailSerializer(claim, context=self.get_serializer_context()).data

    @extend_schema(parameters=[ClaimFilterSerializer], responses=ClaimListSerializer(many=True))
    def list(self, request):
        """Claims, newest first, narrowed by the filters given."""
        filters = self.parse(ClaimFilterSerializer, request.query_params)
        page = self.paginate_queryset(selectors.claims_for_list(**filters))
        return self.get_paginated_response(ClaimListSerializer(page, many=True).data)

    @extend_schema(request=ClaimCreateSerializer, responses={201: ClaimDetailSerializer})
    def create(self, request):
        """Log a claim: its exact quote must be in the article. Queues the claim's checks."""
        claim = services.claim_create(
            **self.parse(ClaimCreateSerializer, request.data), user=request.user
        )
        return Response(self._detail(claim.pk), status=status.HTTP_201_CREATED)

    @extend_schema(responses=ClaimDetailSerializer)
    def retrieve(self, request, pk):
        """A claim with its support status and why: evidence, current checks and verdict."""
        return Response(self._detail(pk))

    @extend_schema(request=ClaimUpdateSerializer, responses=ClaimDetailSerializer)
    def partial_update(self, request, pk):
        """Edit a claim; edits that matter to checks raise its revision and re-queue them."""
        claim = services.claim_update(
            claim=self.get_object(), **self.parse(ClaimUpdateSerializer, request.data)
        )
        return Response(self._detail(claim.pk))

    @extend_schema(request=RunChecksSerializer, responses={202: ClaimChecksSerializer})
    @action(detail=True, methods=["post"], url_path="run-checks")
    def run_checks(self, request, pk):
        """Re-run every check of the claim and its evidence, or only the `check` named
        (and/or only those on one `target`); answers with the claim's checks, the re-run
        ones queued."""
        claim = self.get_object()
        choice = self.parse(RunChecksSerializer, request.data)
        evidence_services.checks_rerun(
            claim_id=claim.pk, check_id=choice.get("check"), target=choice.get("target")
        )
        checks = ClaimChecksSerializer(selectors.claim_detail(claim_id=claim.pk)).data
        return Response(checks, status=status.HTTP_202_ACCEPTED)

    # The claim's verdict and its workflow

    def _verdict(self, claim_id: int) -> dict:
        verdict = selectors.verdict_current(claim_id=claim_id)
        if verdict is None:
            raise Http404("This claim has no verdict yet.")
        return VerdictSerializer(verdict, context=self.get_serializer_context()).data

    @extend_schema(
        methods=["GET"], request=None, responses={200: VerdictSerializer, 404: VERDICT_ERRORS[404]},
        description="The claim's current verdict, with the workflow `actions` you may take on it.",
    )
    @extend_schema(
        methods=["PUT"], request=VerdictInputSerializer,
        responses={200: VerdictSerializer, 201: VerdictSerializer, **VERDICT_ERRORS},
        description="Write the verdict draft (every field; those left out are emptied). Starts a "
        "verdict when the claim has none, or a new one superseding a retracted verdict (201); "
        "otherwise edits the current one, which only a draft or a verdict sent back for changes "
        "allows (200). 403 when your role may not, 400 naming the field or `state`.",
    )
    @action(detail=True, methods=["get", "put"])
    def verdict(self, request, pk):
        """Read or write the claim's verdict draft."""
        if request.method == "GET":
            self.found(selectors.claim_detail(claim_id=pk))
            return Response(self._verdict(pk))
        claim = self.get_object()
        previous = selectors.verdict_current(claim_id=claim.pk)
        verdict = services.verdict_save(
            claim=claim, user=request.user, **self.parse(VerdictInputSerializer, request.data)
        )
        created = previous is None or previous.pk != verdict.pk
        return Response(self._verdict(claim.pk), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def _act(self, request, pk, action_name: str, input_serializer=None) -> Response:
        claim = self.get_object()
        verdict = selectors.verdict_current(claim_id=claim.pk)
        if verdict is None:
            raise Http404("This claim has no verdict yet.")
        words = self.parse(input_serializer, request.data) if input_serializer else {}
        services.verdict_act(verdict=verdict, user=request.user, action=action_name, **words)
        return Response(self._verdict(claim.pk))

    @extend_schema(request=None, responses={200: VerdictSerializer, **VERDICT_ERRORS})
    @action(detail=True, methods=["post"], url_path="verdict/submit")
    def verdict_submit(self, request, pk):
        """Submit the draft (or the verdict sent back for changes) for review; it needs a
        rating, headline and summary. Any desk member."""
        return self._act(request, pk, "submit")

    @extend_schema(request=VerdictCommentSerializer, responses={200: VerdictSerializer, **VERDICT_ERRORS})
    @action(detail=True, methods=["post"], url_path="verdict/request-changes")
    def verdict_request_changes(self, request, pk):
        """Send a verdict in review (or approved) back to its author with a `comment`.
        Editors who did not write it."""
        return self._act(request, pk, "request-changes", VerdictCommentSerializer)

    @extend_schema(request=None, responses={200: VerdictSerializer, **VERDICT_ERRORS})
    @action(detail=True, methods=["post"], url_path="verdict/approve")
    def verdict_approve(self, request, pk):
        """Approve a verdict in review. Editors who did not write it."""
        return self._act(request, pk, "approve")

    @extend_schema(request=None, responses={200: VerdictSerializer, **VERDICT_ERRORS})
    @action(detail=True, methods=["post"], url_path="verdict/publish")
    def verdict_publish(self, request, pk):
        """Publish an approved verdict: it gets its page (`url`) and slug, which never
        changes. Editors."""
        return self._act(request, pk, "publish")

    @extend_schema(request=VerdictReasonSerializer, responses={200: VerdictSerializer, **VERDICT_ERRORS})
    @action(detail=True, methods=["post"], url_path="verdict/retract")
    def verdict_retract(self, request, pk):
        """Retract a published verdict with a public `reason`; its page stays online and
        says why. A new verdict may then supersede it (PUT). Editors."""
        return self._act(request, pk, "retract", VerdictReasonSerializer)

    @extend_schema(request=VerdictCorrectionSerializer, responses={200: VerdictSerializer, **VERDICT_ERRORS})
    @action(detail=True, methods=["post"], url_path="verdict/corrections")
    def verdict_corrections(self, request, pk):
        """Add a dated, public correction (`text`) to a published verdict; the page's
        updated date changes, its address does not. Editors."""
        return self._act(request, pk, "corrections", VerdictCorrectionSerializer)

    @extend_schema(request=VerdictAmendSerializer, responses={200: VerdictSerializer, **VERDICT_ERRORS})
    @action(detail=True, methods=["post"], url_path="verdict/amend")
    def verdict_amend(self, request, pk):
        """Change a published verdict's wording (`rating`, `scale`, `headline`, `summary`,
        `body`, `claimant_response`; those left out stay) together with a dated public
        correction (`text`) that the page shows with what changed. Editors."""
        claim = self.get_object()
        verdict = selectors.verdict_current(claim_id=claim.pk)
        if verdict is None:
            raise Http404("This claim has no verdict yet.")
        services.verdict_amend(verdict=verdict, user=request.user, **self.parse(VerdictAmendSerializer, request.data))
        return Response(self._verdict(claim.pk))
