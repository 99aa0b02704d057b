"""What the evidence endpoints read and answer, and how check results are shown.

Input serializers only check the shape of a request; ``evidence.services``
decides the rest. Output serializers render rows the selectors fetched.
"""

from django.conf import settings
from rest_framework import serializers

from claims.models import Claim
from evidence.models import EXCERPT_MAX_CHARS, CheckResult, EvidenceItem, Snapshot, Source
from factcheck.api_input import IdParameter, StrictInput
from factcheck.api_schema import OptionalURLField


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["id", "name", "domain", "reliability"]
        read_only_fields = fields


class SnapshotSerializer(serializers.ModelSerializer):
    """An archived copy's metadata; its raw body is never served by the API."""

    url = OptionalURLField()
    final_url = OptionalURLField()

    class Meta:
        model = Snapshot
        fields = [
            "id", "origin", "url", "final_url", "http_status", "content_type", "sha256", "size",
            "filename", "fetched_at",
        ]
        read_only_fields = fields


class EvidenceSerializer(serializers.ModelSerializer):
    url = OptionalURLField()
    source = SourceSerializer(read_only=True, allow_null=True)
    snapshot = SnapshotSerializer(read_only=True, allow_null=True)

    class Meta:
        model = EvidenceItem
        fields = [
            "id", "claim", "kind", "url", "title", "source", "snapshot", "excerpt", "stance",
            "visibility", "added_by", "created_at", "updated_at",
        ]
        read_only_fields = fields


class CheckResultSerializer(serializers.ModelSerializer):
    """One current automated check result for a claim or one of its evidence items."""

    check = serializers.CharField(source="check_id", read_only=True)

    class Meta:
        model = CheckResult
        fields = ["check", "target", "state", "score", "message", "details", "finished_at"]
        read_only_fields = fields


class EvidenceFilterSerializer(StrictInput):
    claim = IdParameter(required=False, source="claim_id", help_text="Only the evidence of this claim (id).")


class _EvidenceFieldsSerializer(StrictInput):
    url = serializers.URLField(required=False, allow_blank=True, max_length=2000)
    excerpt = serializers.CharField(
        required=False, allow_blank=True, max_length=EXCERPT_MAX_CHARS, help_text="The passage of the source relied on."
    )
    document = serializers.FileField(
        required=False,
        help_text="An uploaded document (PDF, HTML or text), archived as a snapshot.",
    )
    pasted_text = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, max_length=settings.MAX_DOCUMENT_BYTES,
        help_text="A document pasted as text or HTML, archived as a snapshot.",
    )
    title = serializers.CharField(required=False, allow_blank=True, max_length=300)
    kind = serializers.ChoiceField(choices=EvidenceItem.Kind.choices, required=False)
    visibility = serializers.ChoiceField(choices=EvidenceItem.Visibility.choices, required=False)


class EvidenceCreateSerializer(_EvidenceFieldsSerializer):
    """Give at least one of ``url``, ``excerpt``, ``document`` or ``pasted_text``."""

    claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all())
    stance = serializers.ChoiceField(choices=EvidenceItem.Stance.choices)


class EvidenceUpdateSerializer(_EvidenceFieldsSerializer):
    """Fields to change; a new ``document`` or ``pasted_text`` replaces the snapshot."""

    stance = serializers.ChoiceField(choices=EvidenceItem.Stance.choices, required=False)
