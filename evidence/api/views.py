"""The evidence endpoints of /api/v1/.

Each action parses its input with a serializer, calls one service (writes) or
selector (reads) and renders the result. Uploaded documents arrive as
multipart form data; everything else may also be JSON.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from claims.api.views import DeskViewSet
from evidence import archive, selectors, services

from .serializers import (
    EvidenceCreateSerializer,
    EvidenceFilterSerializer,
    EvidenceSerializer,
    EvidenceUpdateSerializer,
)


@extend_schema(tags=["evidence"])
class EvidenceViewSet(DeskViewSet):
    input_serializers = {"create": EvidenceCreateSerializer, "partial_update": EvidenceUpdateSerializer}

    def get_queryset(self):
        return selectors.evidence_for_list()

    @extend_schema(parameters=[EvidenceFilterSerializer], responses=EvidenceSerializer(many=True))
    def list(self, request):
        """Evidence items, oldest first, optionally of one claim."""
        filters = self.parse(EvidenceFilterSerializer, request.query_params)
        page = self.paginate_queryset(selectors.evidence_for_list(**filters))
        return self.get_paginated_response(EvidenceSerializer(page, many=True).data)

    @extend_schema(request=EvidenceCreateSerializer, responses={201: EvidenceSerializer})
    def create(self, request):
        """Attach evidence to a claim: a URL, an excerpt and/or a document. Queues checks."""
        item = services.evidence_create(
            **self.parse(EvidenceCreateSerializer, request.data), user=request.user
        )
        return Response(EvidenceSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=EvidenceSerializer)
    def retrieve(self, request, pk):
        """One evidence item with its source and archived snapshot."""
        return Response(EvidenceSerializer(self.get_object()).data)

    @extend_schema(request=EvidenceUpdateSerializer, responses=EvidenceSerializer)
    def partial_update(self, request, pk):
        """Edit an evidence item; a new document replaces its snapshot. Queues checks."""
        item = services.evidence_update(
            item=self.get_object(), user=request.user,
            **self.parse(EvidenceUpdateSerializer, request.data),
        )
        return Response(EvidenceSerializer(item).data)

    @extend_schema(responses={204: None})
    def destroy(self, request, pk):
        """Remove an evidence item; the claim's checks and status follow."""
        services.evidence_delete(item=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses={202: EvidenceSerializer})
    @action(detail=True, methods=["post"])
    def refetch(self, request, pk):
        """Fetch a fresh copy of the item's link: queues its `evidence.link_archive`
        check, which compares the new copy with the last one. 400 when the item has
        no link or is archived from a pasted or uploaded document."""
        item = archive.evidence_refetch(item=self.get_object())
        return Response(EvidenceSerializer(item).data, status=status.HTTP_202_ACCEPTED)
