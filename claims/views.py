"""The desk's pages for articles and claims: thin views over services and selectors.

Every page needs a logged-in desk member (fact-checker, editor or superuser);
other users get 403. Actions are POSTs that say what happened in a message.
"""

from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from evidence import ingest
from evidence import services as evidence_services
from evidence.forms import EvidenceForm
from factcheck.roles import EDITOR_ROLES, role_of

from . import charts, desk_search, selectors, services, workflow
from .forms import (
    ArticleEditForm,
    ArticleForm,
    ClaimEditForm,
    ClaimFilterForm,
    ClaimForm,
    DeskSearchForm,
    NoteForm,
    VerdictActionForm,
    VerdictAmendForm,
    VerdictForm,
    add_service_errors,
    first_error,
)
from .attribution import speaker_of
from .highlight import Span, highlight, quote_context
from .models import Article, Claim, SupportStatus, Verdict
from .public_lists import position_encode
from .status import FLAG_PENDING

PAGE_SIZE = 25
TOP_SENTENCES = 12  # shown before "Show all" on the article page
HISTORY_SHOWN = 30  # timeline entries shown before "earlier changes" on the claim page
# Breakdown keys of claims.status, in the order the status box lists them.
_EVIDENCE_GROUPS = (
    ("strong_supporting", "Strong supporting evidence"),
    ("strong_refuting", "Strong refuting evidence"),
    ("weak_supporting", "Weak supporting evidence"),
    ("weak_refuting", "Weak refuting evidence"),
)


def desk_view(view):
    """Let only logged-in desk members through; others are sent to log in or get 403.
    The member's role is kept as ``request.desk_role``."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        # Kept on the request: the verdict panel asks again which actions the role allows.
        request.desk_role = role_of(request.user)
        if request.desk_role is None:
            raise PermissionDenied("Your account is not a member of the desk, which is for the newsroom's "
                                   "fact-checkers and editors: ask an editor to add you.")
        return view(request, *args, **kwargs)

    return wrapped


def desk_page(request, rows, size: int):
    """The page of ``rows`` that ``?page=`` names, and whether that parameter was well formed.

    A malformed number (empty, not a whole number from 1) shows the first page with a
    message naming the parameter; a page past the end shows the last one, which is what
    a stale link wants."""
    value = request.GET.get("page")
    if value is not None and not (value.isascii() and value.isdigit() and int(value) >= 1):
        messages.error(request, f"“page” must be a page number (1, 2, 3…), not “{value}”: showing the first page.")
        return Paginator(rows, size).get_page(1), False
    return Paginator(rows, size).get_page(value), True


def _article_or_404(article_id: int) -> Article:
    article = selectors.article_detail(article_id=article_id)
    if article is None:
        raise Http404("No such article.")
    return article


def get_claim_or_404(claim_id: int) -> Claim:
    """The claim with everything its page shows (see ``selectors.claim_detail``), or 404."""
    claim = selectors.claim_detail(claim_id=claim_id)
    if claim is None:
        raise Http404("No such claim.")
    return claim


# Dashboard and lists


def _count_table(counts: dict[str, dict[str, int]]) -> dict:
    """The dashboard's matrix: one row per claim state, one column per support status."""
    rows = [
        {
            "state": state,
            "label": label,
            "cells": [(status, counts[state][status]) for status in SupportStatus.values],
            "total": sum(counts[state].values()),
        }
        for state, label in Claim.State.choices
    ]
    return {
        "columns": SupportStatus.choices,
        "rows": rows,
        "totals": [sum(counts[s][status] for s in counts) for status in SupportStatus.values],
        "total": sum(row["total"] for row in rows),
    }


def _dashboard_pictures(trends: dict, counts: dict[str, dict[str, int]]) -> dict:
    """The dashboard's SVG pictures: claims and published verdicts week by week, and
    claims by support status beside verdicts by state."""
    timeline = charts.timeline_chart(
        weeks=trends["weeks"], stacks=trends["claims"], series=SupportStatus.choices,
        line=trends["published"], line_label="Verdicts published",
    )
    by_status = [
        (status, label, sum(counts[state][status] for state in counts)) for status, label in SupportStatus.choices
    ]
    by_state = [(state, label, trends["verdict_states"][state]) for state, label in Verdict.State.choices]
    states = charts.bar_chart(groups=[("Claims by support status", by_status), ("Verdicts by state", by_state)])
    return {"timeline": timeline, "states": states}


@require_GET
@desk_view
def dashboard(request):
    """The verdicts sent back to this user for changes, claim counts by state and status,
    then the filtered, paginated claim list."""
    form = ClaimFilterForm(request.GET)
    valid = form.is_valid()  # invalid filters are left out (answered 400); the form shows why
    filters = form.filters()
    page, page_valid = desk_page(request, selectors.claims_for_list(**filters), PAGE_SIZE)
    counts = selectors.claim_status_counts()
    return render(request, "claims/dashboard.html", {
        "form": form,
        "filtered": any(filters.values()),
        "table": _count_table(counts),
        "pictures": _dashboard_pictures(selectors.dashboard_trends(), counts),
        "page": page,
        "claimant_names": selectors.claimant_names(),
        "sent_back": selectors.verdicts_sent_back(author_id=request.user.pk),
    }, status=200 if valid and page_valid else 400)


SEARCH_PAGE_SIZE = 25


@require_GET
@desk_view
def search(request):
    """The desk's search (the box in the menu): claims found by their quote, wording or
    claimant, or by their evidence, verdicts or notes, each with what matched; newest
    first, a "Next page" link at a time (keyset pages: no OFFSET)."""
    form = DeskSearchForm(request.GET)
    valid = form.is_valid()
    query = form.cleaned_data.get("q", "").strip() if valid else ""
    page = None
    next_url = ""
    if query:
        page = desk_search.search_page(query, size=SEARCH_PAGE_SIZE, before=form.cleaned_data["before"])
        if page.older:
            params = request.GET.copy()
            params["before"] = position_encode(page.older)
            next_url = f"?{params.urlencode()}"
    return render(request, "claims/search.html", {
        "form": form, "query": query, "current_search": query, "page": page, "next_url": next_url,
        "paged": valid and bool(form.cleaned_data["before"]),
    }, status=200 if valid else 400)


@require_GET
@desk_view
def article_list(request):
    page, page_valid = desk_page(request, selectors.articles_for_list(), PAGE_SIZE)
    return render(request, "claims/article_list.html", {"page": page}, status=200 if page_valid else 400)


def _ingest(form: ArticleForm, user) -> tuple[Article, bool]:
    source = form.cleaned_data["source"]
    if source == ArticleForm.SOURCE_URL:
        return ingest.article_ingest_url(url=form.cleaned_data["url"], user=user)
    if source == ArticleForm.SOURCE_FILE:
        return ingest.article_ingest_file(upload=form.cleaned_data["file"], user=user)
    return ingest.article_ingest_text(**form.service_kwargs(), user=user)


@desk_view
def article_create(request):
    """A new article from a URL, an uploaded file, or pasted text or HTML; one that
    is already on the desk (the same address or text) is opened instead."""
    form = ArticleForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                article, created = _ingest(form, request.user)
            except ValidationError as error:
                add_service_errors(form, error, ArticleForm.SERVICE_FIELDS)
            else:
                if not created:
                    messages.info(request, f"This article is already on the desk as “{article.title}”.")
                elif article.state == Article.State.QUEUED:
                    messages.success(request, "The article will be fetched and read by a worker; this page updates "
                                              "itself when it is ready.", extra_tags="queued")
                else:
                    messages.success(
                        request, f"Article “{article.title}” saved. Select a passage of it to log a claim."
                    )
                return redirect(article)
        messages.error(request, f"The article was not saved: {first_error(form)}")
    # A refused form answers 400, with what was typed and why.
    return render(request, "claims/article_form.html", {"form": form}, status=400 if form.is_bound else 200)


@require_GET
@desk_view
def article_state(request, article_id: int):
    """The article's ingestion state (htmx polls it); once it is final, the page reloads
    so that the text and ranked sentences appear."""
    article = _article_or_404(article_id)
    response = render(request, "claims/partials/article_state.html", {"article": article})
    if request.htmx and article.state in ingest.FINAL_STATES:
        response["HX-Refresh"] = "true"
    return response


@require_POST
@desk_view
def article_retry(request, article_id: int):
    """Try a failed ingestion again from what was entered."""
    article = _article_or_404(article_id)
    try:
        ingest.article_ingest_retry(article=article)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "A worker will try again; this page updates itself.", extra_tags="queued")
    return redirect(article)


# The article page


def _sentence_entries(article: Article, rows, claims: list[Claim], claimant_names: list[str]) -> list[dict]:
    """The ranked sentences as the article page lists them: each with the claim logged
    over it, if any, and the claimant it suggests (the speaker it names)."""
    spans = [Span(c.span_start, c.span_end, c) for c in claims if c.span_start is not None]

    def logged_claim(row):
        return next((span.payload for span in spans if span.start < row.end and row.start < span.end), None)

    entries = []
    for row in rows:
        text = article.text[row.start:row.end]
        claim = logged_claim(row)
        speaker = "" if claim else speaker_of(text, text=article.text, known=claimant_names)
        entries.append({"row": row, "text": text, "claim": claim, "speaker": speaker})
    return entries


def _render_article(request, article: Article, claim_form: ClaimForm, status: int = 200):
    claims = list(article.claims.all())
    spans = [Span(c.span_start, c.span_end, c) for c in claims if c.span_start is not None]
    claimant_names = selectors.claimant_names()
    sentences = _sentence_entries(article, article.sentences.all(), claims, claimant_names)
    return render(request, "claims/article_detail.html", {
        "article": article,
        "claims": claims,
        "top_sentences": sentences[:TOP_SENTENCES],
        "more_sentences": sentences[TOP_SENTENCES:],
        "sentence_count": len(sentences),
        "paragraphs": highlight(article.text, spans),
        "claim_form": claim_form,
        "claimant_names": claimant_names,
    }, status=status)


@require_GET
@desk_view
def article_detail(request, article_id: int):
    """The article with its claims highlighted, and the form to log one."""
    return _render_article(request, _article_or_404(article_id), ClaimForm())


def _logged_words(claim: Claim) -> str:
    """What a new claim's message says was logged."""
    details = [f"claimant {claim.claimant}" if claim.claimant else "no claimant",
               f"dated {claim.claim_date:%-d %B %Y}" if claim.claim_date else "no date"]
    return f"Claim #{claim.pk} logged ({', '.join(details)}); its checks are queued."


@require_POST
@desk_view
def claim_log(request, article_id: int):
    """Log a claim of the article; a quote not in it is refused with the closest passage.

    The reader keeps their place: a ranked sentence logged in one click (its ``sentence``
    field) is answered in place under htmx, else the page comes back at that sentence, or
    at the new claim's mark in the text."""
    article = _article_or_404(article_id)
    form = ClaimForm(request.POST)
    sentence = article.sentences.filter(pk=_int_or_none(request.POST.get("sentence"))).first()
    if form.is_valid():
        try:
            claim = services.claim_create(article=article, **form.service_kwargs(), user=request.user)
        except ValidationError as error:
            add_service_errors(form, error, ClaimForm.SERVICE_FIELDS)
        else:
            if sentence is not None and request.htmx:
                return _render_sentence(request, article, sentence, outcome=_logged_words(claim))
            messages.success(request, _logged_words(claim), extra_tags=f"at-sentence-{sentence.pk}" if sentence else "")
            place = f"sentence-{sentence.pk}" if sentence is not None else f"logged-claim-{claim.pk}"
            return redirect(f"{article.get_absolute_url()}#{place}")
    if sentence is not None and request.htmx:
        return _render_sentence(request, article, sentence, error=f"Not logged: {first_error(form)}", status=400)
    messages.error(request, f"The claim was not logged: {first_error(form)}")
    return _render_article(request, article, form, status=400)


def _int_or_none(value) -> int | None:
    return int(value) if value and value.isascii() and value.isdigit() else None


def _render_sentence(request, article: Article, sentence, *, outcome: str = "", error: str = "", status: int = 200):
    """One ranked sentence of the article page (an htmx fragment), with what became of logging it."""
    # The article's prefetched claims predate the new one.
    claims = list(Claim.objects.filter(article=article).select_related("claimant"))
    [entry] = _sentence_entries(article, [sentence], claims, selectors.claimant_names())
    spans = [Span(c.span_start, c.span_end, c) for c in claims if c.span_start is not None]
    return render(request, "claims/partials/sentence_logged.html", {
        "article": article, "sentence": entry, "outcome": outcome, "error": error,
        "claims": claims, "paragraphs": highlight(article.text, spans),
    }, status=status)


@desk_view
def article_edit(request, article_id: int):
    """Edit an article's metadata and text."""
    article = _article_or_404(article_id)
    form = ArticleEditForm(request.POST or None, initial=ArticleEditForm.initial_for(article))
    if request.method == "POST":
        if form.is_valid():
            try:
                services.article_update(article=article, **form.service_kwargs())
            except ValidationError as error:
                add_service_errors(form, error, ArticleEditForm.SERVICE_FIELDS)
            else:
                messages.success(request, "Article saved.")
                return redirect(article)
        messages.error(request, f"The article was not saved: {first_error(form)}")
    return render(request, "claims/article_edit.html", {"article": article, "form": form},
                  status=400 if form.is_bound else 200)


# The claim page


NO_WORKER_NOTICE_AFTER = timedelta(minutes=1)


def checks_panel_context(claim: Claim) -> dict:
    """What the live status box and checks list show; ``claim`` comes from a claim selector."""
    items = {item.pk: item for item in claim.evidence.all()}
    breakdown = claim.support_breakdown or {}
    weak_reasons = breakdown.get("weak_reasons", {})
    groups = [
        {
            "label": label,
            "entries": [
                {"item": items.get(item_id), "id": item_id, "reasons": weak_reasons.get(str(item_id), [])}
                for item_id in breakdown.get(key, [])
            ],
        }
        for key, label in _EVIDENCE_GROUPS
        if breakdown.get(key)
    ]
    checks = [
        {"result": result, "item": items.get(result.evidence_id)} for result in claim.current_checks
    ]
    pending = claim.checks_pending or any(result.is_pending for result in claim.current_checks)
    finished = sum(1 for result in claim.current_checks if not result.is_pending)
    # Queued for a while and none started: most likely no worker runs. Say so, and poll less.
    queued = [result.queued_at for result in claim.current_checks if result.state == "queued" and result.queued_at]
    running = any(result.state == "running" for result in claim.current_checks)
    waiting_since = min(queued) if queued and not running else None
    if waiting_since and timezone.now() - waiting_since < NO_WORKER_NOTICE_AFTER:
        waiting_since = None
    return {
        "claim": claim,
        "groups": groups,
        # "checks pending" has its own indicator, driven by the rows themselves.
        "flags": [flag for flag in breakdown.get("flags", []) if flag != FLAG_PENDING],
        "checks": checks,
        "pending": pending,
        "progress": {"done": finished, "total": len(claim.current_checks)},
        "waiting_since": waiting_since,
    }


def _evidence_with_weak_reasons(claim: Claim) -> list:
    """The claim's evidence items, each with ``weak_reasons`` from the status breakdown."""
    evidence = list(claim.evidence.all())
    weak_reasons = (claim.support_breakdown or {}).get("weak_reasons", {})
    for item in evidence:
        item.weak_reasons = weak_reasons.get(str(item.pk), [])
    return evidence


def _evidence_context(request, claim: Claim) -> dict:
    """The claim's evidence items, and whether this user may download their raw archived
    files (editors only; everyone on the desk reads the extracted text)."""
    return {
        "evidence": _evidence_with_weak_reasons(claim),
        "can_download_archives": request.desk_role in EDITOR_ROLES,
    }


def render_claim_page(
    request, claim: Claim, *, edit_form=None, evidence_form=None, note_form=None, verdict_form=None,
    action_form=None, amend_form=None, status: int = 200,
):
    """The claim page, with any form that failed shown bound to what the user typed
    (and ``status`` 400 or 403 when that is why it is shown)."""
    context = checks_panel_context(claim)
    context.update(verdict_panel_context(request, claim, verdict_form=verdict_form, action_form=action_form,
                                         amend_form=amend_form))
    history = selectors.claim_history(claim_id=claim.pk)
    context.update({
        "history": history[:HISTORY_SHOWN], "history_older": history[HISTORY_SHOWN:], "history_count": len(history),
    })
    if claim.article_id and claim.span_start is not None:
        context["quote_context"] = quote_context(claim.article.text, claim.span_start, claim.span_end)
    context.update(_evidence_context(request, claim))
    context.update({
        "notes": list(claim.notes.all()),
        "edit_form": edit_form or ClaimEditForm(initial=ClaimEditForm.initial_for(claim)),
        "evidence_form": evidence_form or EvidenceForm(),
        "note_form": note_form or NoteForm(),
        "claimant_names": selectors.claimant_names(),
    })
    return render(request, "claims/claim_detail.html", context, status=status)


@require_GET
@desk_view
def claim_detail(request, claim_id: int):
    return render_claim_page(request, get_claim_or_404(claim_id))


@require_POST
@desk_view
def claim_edit(request, claim_id: int):
    """Save the claim's fields, state and assignee; an edit that matters to checks queues them."""
    claim = get_claim_or_404(claim_id)
    form = ClaimEditForm(request.POST)
    if form.is_valid():
        try:
            saved = services.claim_update(claim=claim, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error, ClaimEditForm.SERVICE_FIELDS)
        else:
            queued = " Its checks are queued again." if saved.revision != claim.revision else ""
            messages.success(request, f"Claim saved.{queued}", extra_tags="at-claim")
            return redirect(saved)
    messages.error(request, f"The claim was not saved: {first_error(form)}", extra_tags="at-claim")
    return render_claim_page(request, claim, edit_form=form, status=400)


@require_POST
@desk_view
def note_add(request, claim_id: int):
    claim = get_claim_or_404(claim_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_create(claim=claim, text=form.cleaned_data["text"], user=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Note added.", extra_tags="at-notes")
            return redirect(f"{claim.get_absolute_url()}#notes")
    messages.error(request, f"The note was not added: {first_error(form)}", extra_tags="at-notes")
    return render_claim_page(request, claim, note_form=form, status=400)


@require_GET
@desk_view
def claim_checks(request, claim_id: int):
    """The live status box and checks list (an htmx fragment that polls while checks run).

    The poll that finds the checks finished tells the page so (the ``checks-settled``
    event), and the evidence list fetches itself again: archived copies and weak flags
    are known only then.
    """
    context = checks_panel_context(get_claim_or_404(claim_id))
    response = render(request, "claims/partials/checks_panel.html", context)
    if request.htmx and not context["pending"]:
        response["HX-Trigger"] = "checks-settled"
    return response


@require_GET
@desk_view
def claim_evidence(request, claim_id: int):
    """The claim page's evidence list (an htmx fragment, fetched when checks settle)."""
    claim = get_claim_or_404(claim_id)
    return render(request, "claims/partials/evidence_section.html", {"claim": claim, **_evidence_context(request, claim)})


@require_POST
@desk_view
def claim_run_checks(request, claim_id: int):
    """Re-run every check of the claim and its evidence, or the one check named by
    the ``check`` and ``target`` fields; the panel shows them queued."""
    claim = get_claim_or_404(claim_id)
    try:
        queued = evidence_services.checks_rerun(
            claim_id=claim.pk, check_id=request.POST.get("check") or None,
            target=request.POST.get("target") or None,
        )
    except ValidationError as error:
        messages.error(request, f"Nothing was re-run: {' '.join(error.messages)}", extra_tags="at-checks")
    else:
        counted = "1 check" if len(queued) == 1 else f"{len(queued)} checks"
        messages.success(request, f"{counted} will run again: results appear here as they finish.", extra_tags="queued at-checks")
    claim = get_claim_or_404(claim_id)
    if request.htmx:
        context = checks_panel_context(claim)
        context["with_messages"] = True
        return render(request, "claims/partials/checks_panel.html", context)
    return redirect(claim)


# Verdicts: the draft, the editorial workflow and the review queue

# The buttons of the workflow actions, in workflow order: label, the form field
# the action needs (a box shown with its button), and whether it undoes public work.
VERDICT_BUTTONS = {
    "submit": ("Submit for review", None, False),
    "request-changes": ("Request changes", "comment", False),
    "approve": ("Approve", None, False),
    "publish": ("Publish", None, False),
    "retract": ("Retract", "reason", True),
    "corrections": ("Add a correction", "text", False),
}
VERDICT_DONE = {
    "submit": "Verdict submitted for review: an editor who did not write it reviews it next.",
    "request-changes": "Changes requested: the author sees your comment on this page.",
    "approve": "Verdict approved: an editor can publish it now.",
    "publish": "Verdict published: its page is public.",
    "retract": "Verdict retracted: its page stays online and says why.",
    "corrections": "Correction added: it is shown, dated, on the verdict page.",
}


def verdict_panel_context(request, claim: Claim, *, verdict_form=None, action_form=None, amend_form=None) -> dict:
    """The verdict section of the claim page: the current verdict, the draft form for
    those who may edit it, and a button for each action this user may take now."""
    verdict = claim.latest_verdict
    role = request.desk_role if hasattr(request, "desk_role") else role_of(request.user)
    starts_new = verdict is None or verdict.state == Verdict.State.RETRACTED
    writers = frozenset() if verdict is None else selectors.verdict_writers(verdict=verdict)
    allowed = [] if verdict is None else workflow.available_actions(
        state=verdict.state, role=role, user=request.user.pk, writers=writers
    )
    actions = [name for name in allowed if name in VERDICT_BUTTONS]
    can_edit = (role is not None) if starts_new else "edit" in allowed
    # Beside the draft form, submitting is the form's own "Save and submit" button: a
    # separate button would send the saved draft and drop what was typed.
    can_submit = can_edit and (starts_new or "submit" in allowed)
    if can_edit:
        actions = [name for name in actions if name != "submit"]
    if can_edit and verdict_form is None:
        initial = {} if starts_new else VerdictForm.initial_for(verdict)
        verdict_form = VerdictForm(initial=initial, scales=selectors.rating_scales())
    if "amend" in allowed and amend_form is None:
        amend_form = VerdictAmendForm(initial=VerdictForm.initial_for(verdict), scales=selectors.rating_scales())
    action_form = action_form or VerdictActionForm()
    posted_action = action_form.data.get("action", "") if action_form.is_bound else ""
    # A refused action may have no button here: its words are still shown, not lost.
    posted_field = VERDICT_BUTTONS.get(posted_action, (None, None, None))[1]
    kept_text = None
    if posted_action not in actions and posted_field and action_form.data.get(posted_field, "").strip():
        kept_text = action_form[posted_field]
    return {
        "verdict": verdict,
        "verdict_starts_new": starts_new,
        "verdict_state_words": workflow.STATE_LABELS.get(verdict.state, "") if verdict else "",
        "verdict_is_author": verdict is not None and verdict.author_id == request.user.pk,
        "verdict_is_writer": request.user.pk in writers,
        "verdict_form": verdict_form if can_edit else None,
        "verdict_can_submit": can_submit,
        "verdict_actions": [
            {"name": name, "label": label, "field": action_form[field] if field else None, "danger": danger,
             "open": name == posted_action}
            for name, (label, field, danger) in VERDICT_BUTTONS.items()
            if name in actions
        ],
        "action_form": action_form,
        "amend_form": amend_form if "amend" in allowed else None,
        "kept_text": kept_text,
        "earlier_verdicts": claim.verdicts_newest_first[1:],
    }


@require_POST
@desk_view
def verdict_save(request, claim_id: int):
    """Save the claim's verdict draft (a new draft when there is none or the last was retracted)."""
    claim = get_claim_or_404(claim_id)
    form = VerdictForm(request.POST, scales=selectors.rating_scales())
    # "Save and submit for review" sends what is in the form, never an older saved draft.
    then_submit = request.POST.get("then") == "submit"
    save = services.verdict_save_and_submit if then_submit else services.verdict_save
    if form.is_valid():
        try:
            verdict = save(claim=claim, user=request.user, **form.service_kwargs())
        except PermissionDenied as refused:
            messages.error(request, f"The verdict was not saved: {refused}", extra_tags="at-verdict")
            return render_claim_page(request, claim, verdict_form=form, status=403)
        except ValidationError as error:
            add_service_errors(form, error, {"scale": "rating"})
        else:
            if then_submit:
                messages.success(request, f"Verdict saved. {VERDICT_DONE['submit']}")
                return redirect(f"{claim.get_absolute_url()}#verdict")
            submit_hint = " Submit it for review when it is ready." if verdict.state == Verdict.State.DRAFT else ""
            messages.success(request, f"Verdict draft saved.{submit_hint}", extra_tags="at-verdict")
            return redirect(f"{claim.get_absolute_url()}#verdict")
    messages.error(request, f"The verdict was not saved: {first_error(form)}", extra_tags="at-verdict")
    return render_claim_page(request, claim, verdict_form=form, status=400)


@require_POST
@desk_view
def verdict_act(request, claim_id: int):
    """Take one workflow action (the ``action`` field) on the claim's current verdict.

    Answers 403 with the reason when the user's role may not, 400 when the verdict's
    state or the input does not allow it; the page keeps what was typed.
    """
    claim = get_claim_or_404(claim_id)
    form = VerdictActionForm(request.POST)
    verdict = claim.latest_verdict
    if form.is_valid():
        action = form.cleaned_data["action"]
        if (action == "publish" and not form.cleaned_data["confirm"] and verdict is not None
                and "publish" in selectors.verdict_actions(verdict=verdict, user=request.user, role=request.desk_role)):
            # One click never publishes: the confirmation says what becomes public.
            return redirect("desk:verdict_publish", claim_id=claim.pk)
        if verdict is None or form.cleaned_data["verdict"] != verdict.pk:
            form.add_error(None, "The claim's verdict changed since this page was loaded: look again and retry.")
        else:
            try:
                services.verdict_act(
                    verdict=verdict, user=request.user, action=action,
                    comment=form.cleaned_data["comment"], reason=form.cleaned_data["reason"],
                    text=form.cleaned_data["text"],
                )
            except PermissionDenied as refused:
                messages.error(request, str(refused), extra_tags="at-verdict")
                return render_claim_page(request, claim, action_form=form, status=403)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, VERDICT_DONE[action], extra_tags="at-verdict")
                return redirect(f"{claim.get_absolute_url()}#verdict")
    messages.error(request, first_error(form), extra_tags="at-verdict")
    return render_claim_page(request, claim, action_form=form, status=400)


@require_GET
@desk_view
def verdict_publish(request, claim_id: int):
    """The confirmation before publishing: what becomes public (the verdict's wording,
    the claim, the public evidence, the address) and what stays on the desk; its button
    publishes. Answers 403 to those who may not publish; a verdict that cannot be
    published now sends the user back to the claim page, saying why."""
    claim = get_claim_or_404(claim_id)
    verdict = claim.latest_verdict
    if verdict is None:
        messages.error(request, "This claim has no verdict to publish.")
        return redirect(claim)
    refused = workflow.refusal(
        "publish", state=verdict.state, role=request.desk_role, user=request.user.pk,
        writers=selectors.verdict_writers(verdict=verdict),
    )
    if refused is not None:
        if refused.kind == "role":
            raise PermissionDenied(refused.message)
        messages.error(request, refused.message)
        return redirect(f"{claim.get_absolute_url()}#verdict")
    evidence = list(claim.evidence.all())
    return render(request, "claims/verdict_publish.html", {
        "claim": claim,
        "verdict": verdict,
        "address": selectors.verdict_public_address(verdict=verdict),
        "public_evidence": [item for item in evidence if item.visibility == "public"],
        "internal_evidence_count": sum(1 for item in evidence if item.visibility != "public"),
        "note_count": len(claim.notes.all()),
    })


@require_POST
@desk_view
def verdict_amend(request, claim_id: int):
    """Change the published verdict's wording with a dated correction (editors): the
    public page shows the correction and what changed. Refusals keep what was typed
    (403 for the role, 400 for the state or the input)."""
    claim = get_claim_or_404(claim_id)
    verdict = claim.latest_verdict
    form = VerdictAmendForm(request.POST, scales=selectors.rating_scales())
    if verdict is None:
        raise Http404("This claim has no verdict.")
    if form.is_valid():
        try:
            services.verdict_amend(verdict=verdict, user=request.user, **form.service_kwargs())
        except PermissionDenied as refused:
            messages.error(request, f"The verdict was not amended: {refused}")
            return render_claim_page(request, claim, amend_form=form, status=403)
        except ValidationError as error:
            add_service_errors(form, error, {"scale": "rating", "text": "correction"})
        else:
            messages.success(request, "Verdict amended: its public page shows the new text and, dated, "
                                      "the correction with what changed.")
            return redirect(f"{claim.get_absolute_url()}#verdict")
    messages.error(request, f"The verdict was not amended: {first_error(form)}")
    return render_claim_page(request, claim, amend_form=form, status=400)


REVIEW_SECTION_SIZE = 50
REVIEW_SECTIONS = (
    (Verdict.State.IN_REVIEW, "In review", "Waiting for an editor who did not write them to approve them or request changes."),
    (Verdict.State.APPROVED, "Approved, waiting to be published", "Any editor may publish them."),
    (Verdict.State.CHANGES_REQUESTED, "Changes requested", "Back with their authors, who edit and submit them again."),
)


@require_GET
@desk_view
def review_queue(request):
    """Verdicts in review, approved and sent back for changes, longest waiting first
    (the first REVIEW_SECTION_SIZE of each state, with how many wait in all)."""
    counts = selectors.review_counts()
    waiting = selectors.verdicts_for_review()
    sections = [
        {"state": state, "title": title, "help": help_text, "count": counts[state],
         "verdicts": list(waiting.filter(state=state)[:REVIEW_SECTION_SIZE])}
        for state, title, help_text in REVIEW_SECTIONS
    ]
    return render(request, "claims/review_queue.html", {"sections": sections, "total": sum(counts.values())})
