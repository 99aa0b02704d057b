"""The Django admin for articles, claims, notes, rating scales and verdicts.

A back office for editors. Writes that the check engine depends on go through
the same services as the desk: an article's text, a claim's quote, its evidence
and notes. Computed fields are read-only. Verdicts follow the workflow's rules
(claims.workflow) as on the desk and in the API: edited only while the user's role
and the verdict's state allow it, acted on through ``verdict_act``.
"""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.flatpages.admin import FlatPageAdmin
from django.contrib.flatpages.models import FlatPage
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from simple_history.admin import SimpleHistoryAdmin

from evidence import services as evidence_services
from evidence.admin import CurrentCheckResultInline, EvidenceItemForm
from evidence.models import EvidenceItem
from factcheck.roles import is_editor, role_of

from . import selectors, services
from .public_cache import public_pages_changed
from .models import (
    Appearance,
    Article,
    Claim,
    Claimant,
    Correction,
    Note,
    Rating,
    RatingScale,
    Verdict,
)

class CachedFlatPageAdmin(FlatPageAdmin):
    """The methodology and corrections-policy pages are cached like every public
    page: an edit here starts a new cache generation so that readers see it at once."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        public_pages_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        public_pages_changed()


admin.site.unregister(FlatPage)
admin.site.register(FlatPage, CachedFlatPageAdmin)

admin.site.site_header = "Fact-check desk administration"
admin.site.site_title = "Fact-check desk admin"
admin.site.index_title = "Records"


def _changed_values(form) -> dict:
    return {name: form.cleaned_data[name] for name in form.changed_data}


@admin.register(Claimant)
class ClaimantAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "description", "claim_count")
    list_filter = ("kind",)
    search_fields = ("name", "description")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_count=Count("claims"))

    @admin.display(description="Claims", ordering="claim_count")
    def claim_count(self, claimant):
        return claimant.claim_count


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    """Articles are ingested on the desk; here their metadata and text can be corrected."""

    list_display = ("title", "outlet", "published_on", "state", "language", "claim_count", "created_at")
    list_filter = ("state", "language", ("outlet", admin.RelatedOnlyFieldListFilter))
    search_fields = ("title", "url", "slug", "authors")
    list_select_related = ("outlet",)
    autocomplete_fields = ("outlet",)
    readonly_fields = ("slug", "text_sha256", "snapshot", "created_by", "created_at", "updated_at")
    date_hierarchy = "published_on"
    fieldsets = (
        (None, {"fields": ("title", "url", "slug", "outlet", "authors", "published_on", "language")}),
        ("Ingestion", {"fields": ("state", "failure_reason", "snapshot", "text_sha256")}),
        ("Text", {"fields": ("text",)}),
        ("History", {"fields": ("created_by", "created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_count=Count("claims"))

    @admin.display(description="Claims", ordering="claim_count")
    def claim_count(self, article):
        return article.claim_count

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        # A new text must re-check its claims' quotes: article_update does that.
        values = _changed_values(form)
        text = values.pop("text", None)
        services.article_update(article=Article.objects.get(pk=obj.pk), text=text, **values)
        obj.refresh_from_db()


class ClaimAdminForm(forms.ModelForm):
    """Checks what the claim services would refuse, so the admin shows it on the form."""

    class Meta:
        model = Claim
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        # On a change page the article is read-only, so not in the form.
        article = cleaned.get("article") if "article" in self.fields else self.instance.article
        quote = cleaned.get("quote")
        if article is None and not cleaned.get("appearance_url"):
            raise ValidationError("Give the article the claim is in, or an appearance URL.")
        if article is not None and quote and "quote" in self.changed_data:
            try:
                services.resolve_quote(article, quote)
            except ValidationError as exc:
                self.add_error("quote", exc.message_dict["quote"])
        if cleaned.get("state") == Claim.State.DISMISSED and not (cleaned.get("dismissed_reason") or "").strip():
            self.add_error("dismissed_reason", "Say why the claim is dismissed.")
        return cleaned


class EvidenceItemInline(admin.TabularInline):
    model = EvidenceItem
    form = EvidenceItemForm
    fields = ("stance", "kind", "title", "url", "excerpt", "visibility", "source")
    extra = 0
    show_change_link = True
    autocomplete_fields = ("source",)


class NoteInline(admin.TabularInline):
    model = Note
    fields = ("text", "author", "created_at")
    readonly_fields = ("author", "created_at")
    extra = 0
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 80})}}


class AppearanceInline(admin.TabularInline):
    model = Appearance
    fk_name = "claim"
    extra = 0
    autocomplete_fields = ("article",)
    raw_id_fields = ("snapshot",)


class ClaimCheckResultInline(CurrentCheckResultInline):
    """The current check results of the claim and its evidence: why the status is what it is."""

    fk_name = "claim"


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    form = ClaimAdminForm
    list_display = (
        "__str__", "claimant", "article", "support_status", "checks_pending", "state", "assignee",
        "updated_at",
    )
    list_filter = ("support_status", "checks_pending", "state", "language")
    search_fields = ("quote", "text", "claimant__name", "article__title")
    list_select_related = ("claimant", "article", "assignee")
    autocomplete_fields = ("claimant", "article")
    raw_id_fields = ("assignee",)
    readonly_fields = (
        "span_start", "span_end", "support_status", "support_breakdown", "checks_pending", "revision",
        "created_by", "created_at", "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("article", "appearance_url", "quote", "span_start", "span_end", "text")}),
        ("Who and when", {"fields": ("claimant", "claim_date", "date_precision", "language")}),
        ("Desk", {"fields": ("state", "dismissed_reason", "assignee", "checkworthiness")}),
        (
            "Computed by the checks",
            {"fields": ("support_status", "support_breakdown", "checks_pending", "revision")},
        ),
        ("History", {"fields": ("created_by", "created_at", "updated_at")}),
    )
    inlines = (EvidenceItemInline, NoteInline, AppearanceInline, ClaimCheckResultInline)

    def get_readonly_fields(self, request, obj=None):
        # The span was found in this article: moving the claim means logging it anew.
        if obj is not None:
            return ("article", *self.readonly_fields)
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        values = _changed_values(form)
        if "claimant" in values:
            claimant = values.pop("claimant")
            values["claimant_name"] = claimant.name if claimant else ""
        if change:
            services.claim_update(claim=obj, **values)
        else:
            data = form.cleaned_data
            created = services.claim_create(
                quote=data["quote"],
                article=data["article"],
                appearance_url=data["appearance_url"],
                text=data["text"],
                claimant_name=data["claimant"].name if data["claimant"] else "",
                claim_date=data["claim_date"],
                date_precision=data["date_precision"],
                language=data["language"],
                assignee=data["assignee"],
                user=request.user,
            )
            desk_values = {
                name: values[name] for name in ("state", "dismissed_reason", "checkworthiness") if name in values
            }
            if desk_values:
                services.claim_update(claim=created, **desk_values)
            obj.pk = created.pk
        obj.refresh_from_db()

    def save_formset(self, request, form, formset, change):
        if formset.model is EvidenceItem:
            self._save_evidence(request, form.instance, formset)
        elif formset.model is Note:
            formset.save(commit=False)
            for note in formset.deleted_objects:
                note.delete()
            for note, _changed in formset.changed_objects:
                note.full_clean()
                note.save()
            for note in formset.new_objects:
                services.note_create(claim=form.instance, text=note.text, user=request.user)
        else:
            super().save_formset(request, form, formset, change)

    @staticmethod
    def _save_evidence(request, claim, formset):
        """Evidence goes through the evidence services, which queue its checks."""
        formset.save(commit=False)
        for item in formset.deleted_objects:
            evidence_services.evidence_delete(item=item)
        for item, changed in formset.changed_objects:
            evidence_services.evidence_update(
                item=item, user=request.user, **{name: getattr(item, name) for name in changed}
            )
        for item in formset.new_objects:
            evidence_services.evidence_create(
                claim=claim, stance=item.stance, url=item.url, excerpt=item.excerpt,
                title=item.title, kind=item.kind, visibility=item.visibility, source=item.source,
                user=request.user,
            )


@admin.register(Appearance)
class AppearanceAdmin(admin.ModelAdmin):
    list_display = ("url", "claim", "article", "appeared_on")
    list_filter = ("appeared_on",)
    search_fields = ("url", "claim__quote", "claim__text")
    list_select_related = ("claim", "article")
    autocomplete_fields = ("claim", "article")
    raw_id_fields = ("snapshot",)


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    list_display = ("__str__", "claim", "author", "created_at")
    list_filter = ("created_at",)
    search_fields = ("text", "claim__quote", "claim__text", "author__username")
    list_select_related = ("claim", "author")
    autocomplete_fields = ("claim",)
    readonly_fields = ("author", "created_at")

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            obj.pk = services.note_create(claim=obj.claim, text=obj.text, user=request.user).pk
            obj.refresh_from_db()


class EditorsWriteMixin:
    """Rating scales are the newsroom's editorial policy: editors and admins change
    them; other staff may only look."""

    def has_add_permission(self, request, *args):
        return is_editor(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return is_editor(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_editor(request.user) and super().has_delete_permission(request, obj)


class RatingInline(EditorsWriteMixin, admin.TabularInline):
    model = Rating
    extra = 0
    prepopulated_fields = {"slug": ("label",)}


class RatingScaleForm(forms.ModelForm):
    class Meta:
        model = RatingScale
        fields = "__all__"

    def validate_constraints(self):
        # Marking this scale as the default unmarks the old default when it is saved
        # (rating_scale_save), so "one default scale" is not an error here.
        try:
            self.instance.validate_constraints(exclude={*self._get_validation_exclusions(), "is_default"})
        except ValidationError as error:
            self._update_errors(error)


@admin.register(RatingScale)
class RatingScaleAdmin(EditorsWriteMixin, admin.ModelAdmin):
    form = RatingScaleForm
    list_display = ("name", "slug", "is_default", "rating_count")
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (RatingInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(rating_count=Count("ratings"))

    @admin.display(description="Ratings", ordering="rating_count")
    def rating_count(self, scale):
        return scale.rating_count

    def save_model(self, request, obj, form, change):
        services.rating_scale_save(scale=obj)


@admin.register(Rating)
class RatingAdmin(EditorsWriteMixin, admin.ModelAdmin):
    list_display = ("label", "scale", "slug", "value", "best_value", "worst_value", "rating_class")
    list_filter = ("scale", "rating_class")
    search_fields = ("label", "slug", "description", "scale__name")
    list_select_related = ("scale",)
    prepopulated_fields = {"slug": ("label",)}


class CorrectionInline(admin.TabularInline):
    """Corrections are added with the "Add a correction" action; here they are listed."""

    model = Correction
    fields = ("text", "changed", "author", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="Amended")
    def changed(self, correction):
        """The fields an amendment changed with it (amended on the desk or through the API)."""
        return ", ".join(change["label"] for change in correction.changes) or "—"

    def has_change_permission(self, request, obj=None):
        return False


class HistoryWithoutRevertAdmin(SimpleHistoryAdmin):
    """The change history of each record, to read: reverting to an old version would
    skip the services' rules (a published verdict back to a draft), so it is refused."""

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied("Old versions are shown, not restored.")
        return super().history_form_view(request, object_id, version_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        # django-simple-history's list of versions has one inline style attribute.
        view = csp_override({**settings.SECURE_CSP, "style-src-attr": [CSP.UNSAFE_INLINE]})(super().history_view)
        return view(request, object_id, extra_context)


# Set by the verdict workflow; editing them here would skip its rules.
VERDICT_WORKFLOW_FIELDS = (
    "claim", "state", "author", "reviewer", "slug", "published_at", "public_updated_at", "review_comment",
    "retraction_reason", "retracted_at", "supersedes", "created_at", "updated_at",
)
# The workflow actions offered on the verdict list: their label and the words they need.
VERDICT_ADMIN_ACTIONS = {
    "submit": ("Submit for review", None),
    "request-changes": ("Request changes on", "comment"),
    "approve": ("Approve", None),
    "publish": ("Publish", None),
    "retract": ("Retract", "reason"),
    "corrections": ("Add a correction to", "text"),
}
VERDICT_ACTION_WORDS = {
    "comment": ("What needs to change", "The author reads this on the claim page."),
    "reason": ("Public reason for the retraction", "Shown on the verdict page."),
    "text": ("Correction", "As readers will see it, dated, on the verdict page."),
}


def _verdict_admin_action(name: str):
    label, _words = VERDICT_ADMIN_ACTIONS[name]

    def take(modeladmin, request, queryset):
        return modeladmin.workflow_act(request, queryset, name)

    take.__name__ = "verdict_" + name.replace("-", "_")
    return admin.action(description=f"{label} the selected verdicts", permissions=["change"])(take)


@admin.register(Verdict)
class VerdictAdmin(HistoryWithoutRevertAdmin):
    """The same rules as the desk: a verdict's wording can be edited only by those the
    workflow lets edit it now (drafts and verdicts sent back for changes); published and
    retracted verdicts change only by correction. Workflow actions run from the list,
    through the same service, and say per verdict what was refused and why."""

    # Display methods rather than the foreign keys and the date themselves, which the admin
    # keeps on one line (its "nowrap" cells): the table then fits a 1280-pixel screen.
    list_display = ("__str__", "claim_text", "rating_label", "state", "people", "published")
    list_filter = ("state", "rating__scale", "published_at")
    search_fields = ("headline", "summary", "slug", "claim__quote", "claim__text")
    list_select_related = ("claim", "rating__scale", "author", "reviewer")
    autocomplete_fields = ("rating",)
    readonly_fields = VERDICT_WORKFLOW_FIELDS
    fields = ("claim", "rating", "headline", "summary", "body", "claimant_response", *VERDICT_WORKFLOW_FIELDS[1:])
    inlines = (CorrectionInline,)
    actions = [_verdict_admin_action(name) for name in VERDICT_ADMIN_ACTIONS]

    def has_add_permission(self, request):
        return False  # verdicts are started on a claim, on the desk or through the API

    @admin.display(description="Claim", ordering="claim")
    def claim_text(self, verdict):
        return f"#{verdict.claim_id} {Truncator(verdict.claim.checked_text).chars(90)}"

    @admin.display(description="Rating", ordering="rating__value")
    def rating_label(self, verdict):
        return verdict.rating.label if verdict.rating else "-"

    @admin.display(description="Author, reviewer")
    def people(self, verdict):
        return ", ".join(str(person) for person in (verdict.author, verdict.reviewer) if person) or "-"

    @admin.display(description="Published", ordering="published_at")
    def published(self, verdict):
        return date_format(timezone.localtime(verdict.published_at), "j M Y H:i") if verdict.published_at else "-"

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or "edit" in selectors.verdict_actions(
            verdict=obj, user=request.user, role=role_of(request.user)
        )

    def has_delete_permission(self, request, obj=None):
        # Published and retracted verdicts stay: a public page is retracted, not removed.
        return super().has_delete_permission(request, obj) and (obj is None or not obj.is_public)

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if any(verdict.is_public for verdict in objs):
            perms_needed = {*perms_needed, "published or retracted verdicts (retract them instead)"}
        return deleted, model_count, perms_needed, protected

    def save_model(self, request, obj, form, change):
        # Through the service: the body is rendered and sanitised, the history names the user.
        rating = obj.rating
        services.verdict_save(
            claim=obj.claim, user=request.user, rating=rating.slug if rating else "",
            scale=rating.scale.slug if rating else "", headline=obj.headline, summary=obj.summary,
            body=obj.body, claimant_response=obj.claimant_response,
        )

    def workflow_act(self, request, queryset, action: str):
        """Take ``action`` on each selected verdict; an action that needs words first
        asks for them on an intermediate page."""
        words_field = VERDICT_ADMIN_ACTIONS[action][1]
        if (words_field or action == "publish") and "apply" not in request.POST:
            # Publishing asks first too, naming the public addresses, as the desk does.
            label, help_text = VERDICT_ACTION_WORDS.get(words_field, ("", ""))
            verdicts = list(queryset.select_related("claim"))
            if action == "publish":
                for verdict in verdicts:
                    verdict.public_address = selectors.verdict_public_address(verdict=verdict)
            return TemplateResponse(request, "admin/claims/verdict/workflow_words.html", {
                **self.admin_site.each_context(request),
                "title": f"{VERDICT_ADMIN_ACTIONS[action][0]} {len(verdicts)} verdict{pluralize(len(verdicts))}",
                "opts": self.opts, "verdicts": verdicts, "action": request.POST.get("action", ""),
                "publishing": action == "publish",
                "field": words_field, "label": label, "help_text": help_text,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            })
        words = {words_field: request.POST.get(words_field, "")} if words_field else {}
        done = 0
        for verdict in queryset.order_by("pk"):
            try:
                services.verdict_act(verdict=verdict, user=request.user, action=action, **words)
            except PermissionDenied as refused:
                self.message_user(request, f"“{verdict}”: {refused}", messages.ERROR)
            except ValidationError as refused:
                self.message_user(request, f"“{verdict}”: {' '.join(refused.messages)}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, f"{VERDICT_ADMIN_ACTIONS[action][0]}: done for {done} verdict{pluralize(done)}.",
                              messages.SUCCESS)
        return None


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "verdict", "author", "created_at")
    list_filter = ("created_at",)
    search_fields = ("text", "verdict__headline")
    list_select_related = ("verdict", "author")
    readonly_fields = ("verdict", "text", "changes", "author", "created_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# Login lockouts (django-axes): the failed logins it counts. Deleting them unlocks the
# user names and addresses they name at once (README, "Locked-out accounts").
admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class LoginLockoutAdmin(AccessAttemptAdmin):
    """Editors see the failed logins and unlock accounts, without a model permission of
    their own (as they keep the rating scales); other staff need axes' permissions."""

    actions = ["unlock"]

    def has_module_permission(self, request):
        return is_editor(request.user) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_editor(request.user) or super().has_view_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_editor(request.user) or super().has_delete_permission(request, obj)

    @admin.action(description="Unlock: forget these failed logins", permissions=["delete"])
    def unlock(self, request, queryset):
        names = sorted({f"{attempt.username or '(no name)'} from {attempt.ip_address}" for attempt in queryset})
        queryset.delete()
        self.message_user(request, f"Unlocked {len(names)}: {', '.join(names)}. They can log in again now.",
                          messages.SUCCESS)
