"""The Django admin for sources, snapshots, evidence items and check results.

Evidence is written through the evidence services, which queue its checks.
Snapshots are immutable archives and check results are written by the engine:
both are read-only here. Raw snapshot bodies are not linked, since serving
them from the app's origin would be stored XSS.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count

from . import services
from .models import CheckResult, EvidenceItem, Snapshot, Source


class ReadOnlyAdmin(admin.ModelAdmin):
    """Viewable, deletable with what owns it, never added or edited by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "domain", "owner", "reliability", "evidence_count")
    list_filter = ("reliability",)
    list_editable = ("reliability",)
    search_fields = ("name", "domain", "owner", "notes")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(evidence_count=Count("evidence"))

    @admin.display(description="Evidence items", ordering="evidence_count")
    def evidence_count(self, source):
        return source.evidence_count

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        # The form already wrote the new values onto obj: hand the service the
        # stored source and the changed fields, so it sees what changed.
        stored = Source.objects.get(pk=obj.pk)
        services.source_update(
            source=stored, **{name: form.cleaned_data[name] for name in form.changed_data}
        )


@admin.register(Snapshot)
class SnapshotAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "origin", "content_type", "http_status", "size", "fetched_at")
    list_filter = ("origin", "content_type", "fetched_at")
    search_fields = ("url", "final_url", "filename", "sha256")
    date_hierarchy = "fetched_at"
    fields = (
        "url", "final_url", "origin", "http_status", "content_type", "sha256", "size", "filename",
        "fetched_at", "created_by", "text",
    )


class EvidenceItemForm(forms.ModelForm):
    """The fields a person sets on an evidence item (also used inline on the claim)."""

    class Meta:
        model = EvidenceItem
        fields = ("claim", "stance", "kind", "title", "url", "source", "excerpt", "visibility")
        widgets = {"excerpt": forms.Textarea(attrs={"rows": 3, "cols": 60})}

    def clean(self):
        cleaned = super().clean()
        has_snapshot = self.instance.pk is not None and self.instance.snapshot_id is not None
        if not (cleaned.get("url") or (cleaned.get("excerpt") or "").strip() or has_snapshot):
            raise ValidationError("Give a URL or an excerpt.")
        return cleaned


class CurrentCheckResultInline(admin.TabularInline):
    """Current check results of the parent (an evidence item; the claim admin subclasses it)."""

    model = CheckResult
    fk_name = "evidence"
    fields = ("check_id", "target", "state", "score", "message", "finished_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = "Current check results"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(is_current=True)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(EvidenceItem)
class EvidenceItemAdmin(admin.ModelAdmin):
    form = EvidenceItemForm
    list_display = ("__str__", "claim", "stance", "kind", "source", "visibility", "added_by", "created_at")
    list_filter = ("stance", "kind", "visibility", "source__reliability")
    search_fields = ("title", "url", "excerpt", "claim__quote", "claim__text", "source__name")
    list_select_related = ("claim", "source", "added_by")
    autocomplete_fields = ("claim", "source")
    readonly_fields = ("snapshot", "added_by", "created_at", "updated_at")
    inlines = (CurrentCheckResultInline,)

    def get_readonly_fields(self, request, obj=None):
        # Checks were run for this claim; moving the item means adding it anew.
        if obj is not None:
            return ("claim", *self.readonly_fields)
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        values = {name: form.cleaned_data[name] for name in form.changed_data}
        if change:
            services.evidence_update(
                item=EvidenceItem.objects.get(pk=obj.pk), user=request.user, **values
            )
        else:
            data = form.cleaned_data
            obj.pk = services.evidence_create(
                claim=data["claim"], stance=data["stance"], url=data["url"], excerpt=data["excerpt"],
                title=data["title"], kind=data["kind"], visibility=data["visibility"],
                source=data["source"], user=request.user,
            ).pk
        obj.refresh_from_db()

    def delete_model(self, request, obj):
        services.evidence_delete(item=obj)

    def delete_queryset(self, request, queryset):
        for item in queryset:
            services.evidence_delete(item=item)


@admin.register(CheckResult)
class CheckResultAdmin(ReadOnlyAdmin):
    list_display = (
        "check_id", "target", "state", "score", "is_current", "claim", "attempts", "finished_at",
    )
    list_filter = ("state", "is_current", "check_id")
    search_fields = ("check_id", "target", "message", "fingerprint")
    list_select_related = ("claim",)
    raw_id_fields = ("claim", "evidence")
    date_hierarchy = "finished_at"
