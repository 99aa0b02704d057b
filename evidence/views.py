"""The desk's evidence actions: add, edit and remove a claim's evidence items.

Thin views over ``evidence.services``; every change queues the claim's checks.
Pages and access rules are the claim page's (see claims.views).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from claims.forms import add_service_errors, first_error
from claims.views import desk_view, get_claim_or_404, render_claim_page

from . import selectors, services
from .forms import EvidenceEditForm, EvidenceForm
from .models import EvidenceItem, Snapshot


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
            messages.success(request, "Evidence added; its checks are queued.")
            return redirect(_evidence_anchor(item))
    messages.error(request, f"The evidence was not added: {first_error(form)}")
    return render_claim_page(request, claim, evidence_form=form)


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
                messages.success(request, "Evidence saved; its checks are queued.")
                return redirect(_evidence_anchor(item))
        messages.error(request, f"The evidence was not saved: {first_error(form)}")
    return render(
        request, "evidence/evidence_edit.html", {"item": item, "form": form, "back_url": _evidence_anchor(item)}
    )


@desk_view
def evidence_remove(request, item_id: int):
    """Ask to confirm, then remove the evidence item (a POST)."""
    item = _item_or_404(item_id)
    if request.method == "POST":
        claim = item.claim
        services.evidence_delete(item=item)
        messages.success(request, "Evidence removed; the claim's checks are queued.")
        return redirect(f"{claim.get_absolute_url()}#evidence")
    return render(
        request, "evidence/evidence_confirm_remove.html", {"item": item, "back_url": _evidence_anchor(item)}
    )


@desk_view
def snapshot_download(request, snapshot_id: int):
    """An archived body as a download. Never rendered: a page archived from the
    web must not run as this site (stored XSS), so the browser is told it is
    opaque bytes, not to sniff a type, and to sandbox it if it opens it anyway."""
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
