"""The desk's evidence actions (add, edit and remove a claim's evidence items) and
its sources pages (a list for everyone on the desk; editing for editors).

Thin views over ``evidence.services``; every change queues the claim's checks.
Pages and access rules are the claim page's (see claims.views).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from claims.forms import add_service_errors, first_error
from claims.views import desk_page, desk_view, get_claim_or_404, render_claim_page
from factcheck.roles import EDITOR, EDITOR_ROLES

from . import archive, selectors, services
from .forms import EvidenceEditForm, EvidenceForm, SourceFilterForm, SourceForm
from .models import EvidenceItem, Snapshot, Source


def _item_or_404(item_id: int) -> EvidenceItem:
    item = selectors.evidence_for_list().select_related("claim").filter(pk=item_id).first()
    if item is None:
        raise Http404("No such evidence item.")
    return item


def _evidence_anchor(item: EvidenceItem) -> str:
    return f"{item.claim.get_absolute_url()}#evidence-{item.pk}"


@require_POST
@desk_view
def evidence_add(request, claim_id: int):
    """Attach evidence from a URL, an excerpt, an uploaded file or a pasted document."""
    claim = get_claim_or_404(claim_id)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            item = services.evidence_create(claim=claim, **form.service_kwargs(), user=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Evidence added; its checks are queued.", extra_tags=f"at-evidence-{item.pk}")
            return redirect(_evidence_anchor(item))
    messages.error(request, f"The evidence was not added: {first_error(form)}", extra_tags="at-add-evidence")
    return render_claim_page(request, claim, evidence_form=form, status=400)


@desk_view
def evidence_edit(request, item_id: int):
    item = _item_or_404(item_id)
    form = EvidenceEditForm(
        request.POST or None, request.FILES or None, initial=EvidenceEditForm.initial_for(item)
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                services.evidence_update(item=item, **form.service_kwargs(), user=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Evidence saved; its checks are queued.", extra_tags=f"at-evidence-{item.pk}")
                return redirect(_evidence_anchor(item))
        messages.error(request, f"The evidence was not saved: {first_error(form)}")
    return render(
        request, "evidence/evidence_edit.html", {"item": item, "form": form, "back_url": _evidence_anchor(item)},
        status=400 if form.is_bound else 200,
    )


@desk_view
def evidence_remove(request, item_id: int):
    """Ask to confirm, then remove the evidence item (a POST)."""
    item = _item_or_404(item_id)
    if request.method == "POST":
        claim = item.claim
        services.evidence_delete(item=item)
        messages.success(request, "Evidence removed; the claim's checks are queued.", extra_tags="at-evidence")
        return redirect(f"{claim.get_absolute_url()}#evidence")
    return render(
        request, "evidence/evidence_confirm_remove.html", {"item": item, "back_url": _evidence_anchor(item)}
    )


@require_POST
@desk_view
def evidence_refetch(request, item_id: int):
    """Fetch a fresh copy of the item's link: its link check runs again and
    compares the new copy with the last one."""
    item = _item_or_404(item_id)
    try:
        archive.evidence_refetch(item=item)
    except ValidationError as error:
        messages.error(request, error.messages[0], extra_tags=f"at-evidence-{item.pk}")
    else:
        messages.success(request, "A worker will fetch a fresh copy of the link and run its link check again.",
                         extra_tags=f"queued at-evidence-{item.pk}")
    return redirect(_evidence_anchor(item))


@require_GET
@desk_view
def snapshot_download(request, snapshot_id: int):
    """An archived body as a download, for editors (fact-checkers read the extracted
    text on the claim page: raw files from the web or from uploads are opened outside
    the desk's protections, so fewer hands get them). Never rendered: a page archived
    from the web must not run as this site (stored XSS), so the browser is told it is
    opaque bytes, not to sniff a type, and to sandbox it if it opens it anyway."""
    if request.desk_role not in EDITOR_ROLES:
        raise PermissionDenied("Only editors may download raw archived files; the claim page shows their text.")
    snapshot = Snapshot.objects.filter(pk=snapshot_id).exclude(body="").first()
    if snapshot is None:
        raise Http404("No such archived copy.")
    name = snapshot.filename or f"snapshot-{snapshot.pk}-{snapshot.fetched_at:%Y%m%d-%H%M%S}"
    response = FileResponse(
        snapshot.body.open("rb"), as_attachment=True, filename=name, content_type="application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


# Sources

SOURCES_PAGE_SIZE = 25
# The badge colour of each reliability rating (the badge's text says it in words).
RELIABILITY_TONES = {
    Source.Reliability.RELIABLE: "passed",
    Source.Reliability.MIXED: "warning",
    Source.Reliability.UNRELIABLE: "failed",
    Source.Reliability.UNKNOWN: "skipped",
}


def can_edit_sources(user) -> bool:
    """Editors and superusers rate sources; fact-checkers only read them."""
    return user.is_superuser or any(group.name == EDITOR for group in user.groups.all())


@require_GET
@desk_view
def source_list(request):
    """Sources with their owner, rating and evidence count; search and a reliability filter."""
    form = SourceFilterForm(request.GET)
    valid = form.is_valid()  # invalid filters are left out (answered 400); the form shows why
    filters = form.filters()
    page, page_valid = desk_page(request, selectors.sources_for_list(**filters), SOURCES_PAGE_SIZE)
    for source in page.object_list:
        source.tone = RELIABILITY_TONES[source.reliability]
    return render(request, "evidence/source_list.html", {
        "form": form,
        "filtered": any(filters.values()),
        "page": page,
        "can_edit": can_edit_sources(request.user),
    }, status=200 if valid and page_valid else 400)


@desk_view
def source_edit(request, source_id: int):
    """A source's page: editors change its name, owner, rating and notes; others read it."""
    source = selectors.source_detail(source_id=source_id)
    if source is None:
        raise Http404("No such source.")
    can_edit = can_edit_sources(request.user)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied("Only editors may change sources.")
    form = SourceForm(request.POST or None, initial=SourceForm.initial_for(source))
    if request.method == "POST":
        if form.is_valid():
            old_reliability = source.reliability
            try:
                services.source_update(source=source, **form.service_kwargs())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if source.reliability != old_reliability:
                    messages.success(
                        request, f"Source “{source.name}” saved. Now rated {source.get_reliability_display().lower()}: "
                        "the checks of the claims citing it are queued.",
                    )
                else:
                    messages.success(request, f"Source “{source.name}” saved.")
                return redirect("desk:sources")
        messages.error(request, f"The source was not saved: {first_error(form)}")
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    source.tone = RELIABILITY_TONES[source.reliability]
    return render(request, "evidence/source_edit.html", {"source": source, "form": form, "can_edit": can_edit},
                  status=400 if form.is_bound else 200)
