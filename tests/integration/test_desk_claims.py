"""The claim page: the claim in context, its status and why, evidence, notes and live checks."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from claims import services as claim_services
from claims.models import Claim
from evidence import services as evidence_services
from evidence.checks import registry
from evidence.models import CheckResult, EvidenceItem
from tests.factories import make_article, make_claim, make_evidence
from tests.integration.desk_helpers import WEAK_MARKER, ExcerptIsSourced, settle

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def sourced_check():
    """An evidence check, so that evidence items get check rows of their own."""
    with registry.temporarily(ExcerptIsSourced):
        yield


@pytest.fixture
def claim():
    return make_claim(article=make_article(), claimant_name="Franklin Foer")


def tiny_pdf(text: str) -> bytes:
    """A one-page PDF whose page says ``text`` (built by hand: no PDF writer needed)."""
    content = f"BT /F1 18 Tf 20 100 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 200] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def evidence_data(**overrides):
    data = {"stance": "supports", "url": "", "title": "", "excerpt": "", "kind": "",
            "visibility": "public", "pasted_text": ""}
    return {**data, **overrides}


# What the page shows


def test_the_claim_page_shows_the_quote_in_context_and_the_claims_facts(checker_client, claim, editor):
    claim = claim_services.claim_update(
        claim=claim, text="Alfa Bank servers sent 2,700 look-ups", assignee=editor, state="researching",
    )
    claim_services.claim_update(claim=claim, claim_date=dt.date(2016, 10, 31), date_precision="month")
    page = checker_client.get(claim.get_absolute_url()).content.decode()
    assert "Alfa Bank servers sent 2,700 look-ups" in page
    assert ("Computer logs show that two servers at Alfa Bank sent "
            '<mark class="hl hl-unverified">more than 2,700 look-up messages</mark>'
            " to a Trump-connected server") in page
    assert "Franklin Foer" in page
    assert ">October 2016</time>" in page and "(precision: month)" in page
    assert '<span class="badge state-researching">Researching</span>' in page
    assert "<dd>editor</dd>" in page


def test_the_page_explains_the_status_with_strong_and_weak_evidence(checker_client, claim):
    strong = make_evidence(claim=claim, stance="supports", title="Server logs", excerpt="2,700 look-ups.")
    weak = make_evidence(claim=claim, stance="refutes", title="Anonymous post",
                         excerpt=f"No such traffic. {WEAK_MARKER}")
    settle(claim)
    assert claim.support_status == "supported"
    page = checker_client.get(claim.get_absolute_url()).content.decode()
    assert '<span class="badge status-supported">Supported</span>' in page
    assert "Strong supporting evidence" in page and "Weak refuting evidence" in page
    assert f'<a href="#evidence-{strong.pk}">Server logs</a>' in page
    assert (f'<a href="#evidence-{weak.pk}">Anonymous post</a>'
            '<span class="breakdown__why">weak: excerpt not found in source</span>') in page
    assert '<li class="flag">Contested by weak evidence</li>' in page
    assert "Weak: excerpt not found in source" in page  # on the evidence item itself


def test_only_weak_evidence_is_flagged(checker_client, claim):
    make_evidence(claim=claim, stance="supports", excerpt=f"Maybe. {WEAK_MARKER}")
    settle(claim)
    page = checker_client.get(claim.get_absolute_url()).content.decode()
    assert '<span class="badge status-unverified">Unverified</span>' in page
    assert '<li class="flag">Only weak evidence</li>' in page


def test_the_page_lists_current_checks_with_title_target_state_message_and_details(checker_client, claim):
    item = make_evidence(claim=claim, stance="refutes", title="Blog", excerpt=f"Nope {WEAK_MARKER}")
    settle(claim)
    page = checker_client.get(claim.get_absolute_url()).content.decode()
    assert "Quote is in the article" in page  # a claim check's title from the registry
    assert "Excerpt is sourced (test)" in page
    assert f'On evidence <a href="#evidence-{item.pk}">Blog</a>' in page
    assert '<span class="badge check-failed">Failed</span>' in page
    assert '<span class="badge check-passed">Passed</span>' in page
    assert "The excerpt was not found in its source." in page
    assert "&quot;searched&quot;: &quot;Nope UNSOURCED&quot;" in page  # details, escaped, in <details>
    assert "took " in page


def test_evidence_items_show_kind_url_source_excerpt_stance_and_visibility(checker_client, claim):
    make_evidence(claim=claim, stance="refutes", url="https://www.example.com/report", title="Report",
                  excerpt="Traffic <b>was</b> spam.", visibility="internal")
    page = checker_client.get(claim.get_absolute_url()).content.decode()
    assert '<span class="badge stance-refutes">Refutes</span>' in page
    assert '<span class="badge visibility-internal">Internal</span>' in page
    assert '<span class="tag">Web page</span>' in page
    assert 'href="https://www.example.com/report" rel="noopener noreferrer nofollow"' in page
    assert "Source: example.com" in page
    assert "Traffic &lt;b&gt;was&lt;/b&gt; spam." in page


# Editing the claim and notes


def test_editing_the_claim_saves_and_requeues_checks_when_the_wording_changes(checker_client, claim, editor):
    response = checker_client.post(
        reverse("desk:claim_edit", args=[claim.pk]),
        {"quote": claim.quote, "text": "Servers exchanged 2,700 look-ups", "claimant": "Dexter Filkins",
         "claim_date": "2016-10-31", "date_precision": "day", "state": "researching",
         "dismissed_reason": "", "assignee": editor.pk},
        follow=True,
    )
    claim.refresh_from_db()
    assert claim.text == "Servers exchanged 2,700 look-ups"
    assert claim.claimant.name == "Dexter Filkins"
    assert claim.assignee == editor and claim.state == "researching"
    assert claim.revision == 2
    assert "Claim saved. Its checks are queued again." in response.content.decode()


def test_dismissing_without_a_reason_is_refused_and_the_form_stays_open(checker_client, claim):
    response = checker_client.post(
        reverse("desk:claim_edit", args=[claim.pk]),
        {"quote": claim.quote, "text": "Typed wording", "claimant": "", "claim_date": "",
         "date_precision": "day", "state": "dismissed", "dismissed_reason": "", "assignee": ""},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Say why the claim is dismissed." in page
    assert '<details class="edit-claim" open>' in page
    assert 'value="Typed wording"' in page
    claim.refresh_from_db()
    assert claim.state == "new" and claim.text == ""


def test_a_changed_quote_must_still_be_in_the_article(checker_client, claim):
    response = checker_client.post(
        reverse("desk:claim_edit", args=[claim.pk]),
        {"quote": "servers at Beta Bank sent more than 9,000 messages", "claimant": "",
         "date_precision": "day", "state": "new"},
    )
    assert "This quote is not in the article." in response.content.decode()
    claim.refresh_from_db()
    assert claim.quote == "more than 2,700 look-up messages"


def test_notes_are_listed_and_added(checker_client, claim, fact_checker):
    claim_services.note_create(claim=claim, text="Ask the <bank> for comment.", user=fact_checker)
    response = checker_client.post(reverse("desk:note_add", args=[claim.pk]),
                                   {"text": "Called the press office."}, follow=True)
    page = response.content.decode()
    assert "Note added." in page
    assert "Ask the &lt;bank&gt; for comment." in page
    assert "Called the press office." in page
    assert [n.text for n in claim.notes.all()] == ["Ask the <bank> for comment.", "Called the press office."]


def test_an_empty_note_is_refused(checker_client, claim):
    response = checker_client.post(reverse("desk:note_add", args=[claim.pk]), {"text": "  "})
    assert response.status_code == 400
    assert "The note was not added: New note: This field is required." in response.content.decode()
    assert claim.notes.count() == 0


# Adding, editing and removing evidence


def test_evidence_is_added_from_a_url_and_excerpt(checker_client, claim, fact_checker):
    response = checker_client.post(
        reverse("desk:evidence_add", args=[claim.pk]),
        evidence_data(url="https://news.example.org/logs", excerpt="The logs show 2,700 look-ups.",
                      title="Logs story"),
        follow=True,
    )
    item = EvidenceItem.objects.get()
    assert response.redirect_chain[-1][0] == f"{claim.get_absolute_url()}#evidence-{item.pk}"
    assert (item.url, item.kind, item.stance, item.added_by) == (
        "https://news.example.org/logs", "web_page", "supports", fact_checker)
    assert item.source.domain == "example.org"  # the registrable domain
    assert "Evidence added; its checks are queued." in response.content.decode()
    assert CheckResult.objects.filter(evidence=item, is_current=True, state="queued").exists()


def test_evidence_needs_a_url_an_excerpt_or_a_document(checker_client, claim):
    response = checker_client.post(reverse("desk:evidence_add", args=[claim.pk]),
                                   evidence_data(title="Only a title"))
    page = response.content.decode()
    assert "Give a URL, an excerpt or a document." in page
    assert 'value="Only a title"' in page
    assert EvidenceItem.objects.count() == 0


def test_evidence_from_pasted_html_is_archived_and_shown_as_escaped_text(checker_client, claim):
    pasted = "<h1>Statement</h1><p>We sent <em>no</em> messages.</p><script>alert(1)</script>"
    checker_client.post(reverse("desk:evidence_add", args=[claim.pk]),
                        evidence_data(stance="refutes", pasted_text=pasted, excerpt="We sent no messages."))
    item = EvidenceItem.objects.get()
    assert item.kind == "document"
    assert item.snapshot.origin == "pasted" and item.snapshot.content_type == "text/html"
    page = checker_client.get(claim.get_absolute_url()).content.decode()
    assert "Archived document: <strong>Pasted</strong>" in page
    assert "<summary>Extracted text (" in page
    assert "We sent no messages." in page
    assert "<script>alert(1)" not in page and "<em>no</em>" not in page


@pytest.mark.parametrize(
    ("name", "body", "content_type", "expected_text"),
    [
        ("statement.txt", b"Plain statement: 2,700 look-ups.\n", "text/plain", "Plain statement: 2,700 look-ups."),
        ("page.html", b"<html><body><p>HTML <b>statement</b></p><script>x()</script></body></html>",
         "text/html", "HTML statement"),
        ("report.pdf", tiny_pdf("PDF statement 2700"), "application/pdf", "PDF statement 2700"),
    ],
)
def test_evidence_from_an_uploaded_file(checker_client, claim, name, body, content_type, expected_text):
    upload = SimpleUploadedFile(name, body, content_type=content_type)
    response = checker_client.post(reverse("desk:evidence_add", args=[claim.pk]),
                                   evidence_data(document=upload), follow=True)
    item = EvidenceItem.objects.get()
    assert item.snapshot.filename == name
    assert item.snapshot.content_type == content_type
    assert expected_text in item.snapshot.text
    page = response.content.decode()
    assert f"Archived document: <strong>{name}</strong>" in page
    assert content_type in page
    assert expected_text in page


def test_an_unreadable_upload_is_refused_with_the_reason(checker_client, claim):
    upload = SimpleUploadedFile("broken.pdf", b"%PDF-1.4 not really", content_type="application/pdf")
    response = checker_client.post(reverse("desk:evidence_add", args=[claim.pk]),
                                   evidence_data(document=upload, title="Broken"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "The evidence was not added" in page
    assert "This PDF cannot be read" in page
    assert EvidenceItem.objects.count() == 0


def test_evidence_is_edited(checker_client, claim):
    item = make_evidence(claim=claim, stance="supports", excerpt="Old excerpt.")
    form = checker_client.get(reverse("desk:evidence_edit", args=[item.pk])).content.decode()
    assert "Old excerpt.</textarea>" in form
    response = checker_client.post(
        reverse("desk:evidence_edit", args=[item.pk]),
        evidence_data(stance="context", kind="statement", excerpt="New excerpt.", title="Bank statement",
                      visibility="internal", pasted_text="The bank's own words."),
        follow=True,
    )
    item.refresh_from_db()
    assert (item.stance, item.kind, item.excerpt, item.title, item.visibility) == (
        "context", "statement", "New excerpt.", "Bank statement", "internal")
    assert item.snapshot.text == "The bank's own words."
    assert "Evidence saved; its checks are queued." in response.content.decode()


def test_a_refused_evidence_edit_answers_400_and_keeps_what_was_typed(checker_client, claim):
    item = make_evidence(claim=claim, stance="supports", excerpt="Old excerpt.")
    response = checker_client.post(
        reverse("desk:evidence_edit", args=[item.pk]),
        evidence_data(stance="", excerpt="Typed excerpt.", title="Typed title"),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "The evidence was not saved: Stance: This field is required." in page
    assert "Typed excerpt.</textarea>" in page and 'value="Typed title"' in page
    item.refresh_from_db()
    assert item.excerpt == "Old excerpt."


def test_evidence_is_removed_after_confirmation(checker_client, claim):
    item = make_evidence(claim=claim, stance="supports", excerpt="Remove me.")
    confirm = checker_client.get(reverse("desk:evidence_remove", args=[item.pk]))
    assert "Remove this evidence?" in confirm.content.decode()
    assert EvidenceItem.objects.filter(pk=item.pk).exists()
    response = checker_client.post(reverse("desk:evidence_remove", args=[item.pk]), follow=True)
    assert not EvidenceItem.objects.filter(pk=item.pk).exists()
    assert "Evidence removed; the claim&#x27;s checks are queued." in response.content.decode()


# Live checks


def test_the_checks_partial_polls_while_checks_are_pending(checker_client, claim):
    make_evidence(claim=claim, stance="supports", excerpt="Logs.")
    assert CheckResult.objects.filter(claim=claim, is_current=True, state="queued").exists()
    response = checker_client.get(reverse("desk:claim_checks", args=[claim.pk]), **HTMX)
    fragment = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in fragment and "<body" not in fragment
    assert f'hx-get="{reverse("desk:claim_checks", args=[claim.pk])}" hx-trigger="every 2s"' in fragment
    assert '<span class="badge check-queued">Queued</span>' in fragment
    assert "Checks pending" in fragment
    assert "Support status" in fragment
    assert "HX-Trigger" not in response.headers
    done, total = CheckResult.objects.filter(claim=claim, is_current=True).exclude(
        state__in=["queued", "running"]).count(), CheckResult.objects.filter(claim=claim, is_current=True).count()
    assert done < total
    assert (f'<label for="checks-progress-{claim.pk}">{done} of {total} checks finished</label> '
            f'<progress id="checks-progress-{claim.pk}" max="{total}" value="{done}">') in fragment


def test_checks_left_queued_say_that_no_worker_took_them_and_poll_less(checker_client, claim):
    make_evidence(claim=claim, stance="supports", excerpt="Logs.")
    url = reverse("desk:claim_checks", args=[claim.pk])
    assert "No worker has started" not in checker_client.get(url, **HTMX).content.decode()

    CheckResult.objects.filter(claim=claim, state="queued").update(queued_at=timezone.now() - dt.timedelta(minutes=5))
    fragment = checker_client.get(url, **HTMX).content.decode()
    assert "No worker has started these checks since" in fragment and "make run" in fragment
    assert f'hx-get="{url}" hx-trigger="every 10s"' in fragment

    # Once one check runs, a worker is there: no notice.
    first = CheckResult.objects.filter(claim=claim, state="queued").first()
    CheckResult.objects.filter(pk=first.pk).update(state="running")
    assert "No worker has started" not in checker_client.get(url, **HTMX).content.decode()


def test_the_checks_partial_stops_polling_once_every_check_is_final(checker_client, claim):
    make_evidence(claim=claim, stance="supports", excerpt="Logs.")
    for row in CheckResult.objects.filter(claim=claim, is_current=True, state="queued"):
        evidence_services.check_run(result_id=row.pk)
    response = checker_client.get(reverse("desk:claim_checks", args=[claim.pk]), **HTMX)
    fragment = response.content.decode()
    assert "hx-trigger" not in fragment
    assert response.headers["HX-Trigger"] == "checks-settled"  # the evidence list refreshes itself
    assert "Checks pending" not in fragment
    assert '<span class="badge status-supported">Supported</span>' in fragment
    assert "checks-progress" not in fragment
    assert '<span class="badge check-queued">' not in fragment


def test_the_claim_page_polls_only_while_checks_are_pending(checker_client, claim):
    make_evidence(claim=claim, stance="supports", excerpt="Logs.")
    assert 'hx-trigger="every 2s"' in checker_client.get(claim.get_absolute_url()).content.decode()
    settle(claim)
    assert 'hx-trigger="every' not in checker_client.get(claim.get_absolute_url()).content.decode()


def test_the_evidence_list_fetches_itself_again_when_checks_settle(checker_client, claim):
    item = make_evidence(claim=claim, stance="supports", excerpt="Logs.", pasted_text="Logs show it.")
    evidence_list = reverse("desk:claim_evidence", args=[claim.pk])
    page = checker_client.get(claim.get_absolute_url()).content.decode()
    assert f'hx-get="{evidence_list}" hx-trigger="checks-settled from:body" hx-swap="outerHTML"' in page
    response = checker_client.get(evidence_list, **HTMX)
    fragment = response.content.decode()
    assert response.status_code == 200 and "<html" not in fragment
    assert fragment.lstrip().startswith('<section class="card" id="evidence"')
    assert f'id="evidence-{item.pk}"' in fragment and "Archived document" in fragment


def test_re_run_checks_queues_them_after_commit_and_returns_a_polling_panel(
    checker_client, claim, django_capture_on_commit_callbacks
):
    make_evidence(claim=claim, stance="supports", excerpt="Logs.")
    settle(claim)
    assert not claim.checks_pending
    with django_capture_on_commit_callbacks() as callbacks:
        response = checker_client.post(reverse("desk:claim_run_checks", args=[claim.pk]), **HTMX)
    current = CheckResult.objects.filter(claim=claim, is_current=True)
    assert {row.state for row in current} == {"queued"}
    assert len(callbacks) == current.count()  # one task per check, sent once the transaction commits
    fragment = response.content.decode()
    assert 'hx-trigger="every 2s"' in fragment
    # The answer is beside the button, in the panel, not in the banner at the top of the page.
    assert 'id="messages"' not in fragment
    feedback = fragment[fragment.index('<div id="checks-feedback">'):]
    assert feedback.index(f"{current.count()} checks will run again") < feedback.index("</div>")
    assert Claim.objects.get(pk=claim.pk).checks_pending


def test_re_run_checks_without_htmx_redirects_with_a_message(checker_client, claim,
                                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        response = checker_client.post(reverse("desk:claim_run_checks", args=[claim.pk]), follow=True)
    assert response.redirect_chain[-1][0] == claim.get_absolute_url()
    assert "checks will run again" in response.content.decode()


def test_the_checks_partial_only_answers_get(checker_client, claim):
    assert checker_client.post(reverse("desk:claim_checks", args=[claim.pk])).status_code == 405

