"""Link archiving: the snapshot service, the archive step with the link check, the
download of raw bodies, and a real worker archiving evidence served on 127.0.0.1."""

import gzip
import random
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from claims.models import Claim
from evidence import archive
from evidence import services as evidence_services
from evidence.models import CheckResult, EvidenceItem, Snapshot
from tests.factories import UserFactory, make_claim, make_evidence
from tests.integration.test_desk_claims import tiny_pdf
from tests.integration.web_server import Page, start_site, stop_site
from tests.worker import fetching_worker, wait_until

ARTICLE = (
    "<html><head><title>Report</title></head><body><nav>Home · World · Sport</nav>"
    "<article><h1>Server logs reviewed</h1>"
    "<p>Computer logs show that two servers sent more than 2,700 look-up messages in the spring.</p>"
    "<p>The company said the traffic came from spam marketing, according to its statement.</p>"
    "</article><footer>Copyright 2016 · Cookie policy</footer></body></html>"
).encode()
EXCERPT = "two servers sent more than 2,700 look-up messages"


@pytest.fixture
def site(settings):
    settings.FETCH_ALLOW_PRIVATE_HOSTS = ["127.0.0.1"]
    site = start_site()
    site.pages["/report"] = Page(ARTICLE)
    yield site
    stop_site(site)


def link_check(item: EvidenceItem) -> CheckResult:
    return CheckResult.objects.get(evidence=item, check_id="evidence.link_archive", is_current=True)


def run_link_check(item: EvidenceItem) -> CheckResult:
    evidence_services.checks_queue(claim_id=item.claim_id)
    return evidence_services.check_run(result_id=link_check(item).pk)


# The snapshot service


@pytest.mark.django_db
def test_an_html_page_is_archived_with_its_main_text(site):
    snapshot = archive.snapshot_fetch(url=site.url("/report"))
    assert (snapshot.origin, snapshot.http_status, snapshot.content_type) == ("fetched", 200, "text/html")
    assert snapshot.final_url == site.url("/report")
    assert snapshot.body.read() == ARTICLE
    assert snapshot.size == len(ARTICLE) and len(snapshot.sha256) == 64
    assert EXCERPT in snapshot.text
    assert "Cookie policy" not in snapshot.text and "Home · World" not in snapshot.text


@pytest.mark.django_db
def test_pdf_and_plain_text_are_archived_as_text_and_redirects_recorded(site):
    site.pages["/report.pdf"] = Page(tiny_pdf("Budget rose by 12 percent"), content_type="application/pdf")
    site.pages["/notes.txt"] = Page(b"Line one.\nLine two.", content_type="text/plain; charset=utf-8")
    pdf = archive.snapshot_fetch(url=site.url(f"/redirect?to={site.url('/report.pdf')}"))
    assert (pdf.content_type, pdf.final_url) == ("application/pdf", site.url("/report.pdf"))
    assert "Budget rose by 12 percent" in pdf.text
    assert archive.snapshot_fetch(url=site.url("/notes.txt")).text == "Line one.\nLine two."


@pytest.mark.django_db
def test_each_fetch_makes_a_new_immutable_snapshot(site):
    first = archive.snapshot_fetch(url=site.url("/report"))
    site.pages["/report"] = Page(ARTICLE.replace(b"2,700", b"3,000"))
    second = archive.snapshot_fetch(url=site.url("/report"))
    assert second.pk != first.pk
    first.refresh_from_db()
    assert "2,700" in first.text and "3,000" in second.text
    assert archive.latest_snapshot(site.url("/report")) == second
    assert archive.previous_snapshot(second) == first


# The archive step and the check, in process


@pytest.mark.django_db
def test_evidence_link_is_archived_attached_and_passes(site, django_capture_on_commit_callbacks):
    item = make_evidence(claim=make_claim(), url=site.url("/report"), excerpt=EXCERPT)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = run_link_check(item)
    assert result.state == "passed", result.message
    assert result.message.startswith("Archived on ") and "HTTP 200 OK, text/html" in result.message
    item.refresh_from_db()
    assert item.snapshot.origin == "fetched" and EXCERPT in item.snapshot.text
    # The new snapshot changes the inputs of the item's other checks: they are queued again.
    assert callbacks
    excerpt_row = CheckResult.objects.get(evidence=item, check_id="evidence.excerpt_in_source", is_current=True)
    assert excerpt_row.fingerprint == evidence_services.fingerprint(
        evidence_services.registry.get("evidence.excerpt_in_source"), evidence_services.evidence_inputs(item)
    )


@pytest.mark.django_db
def test_the_same_url_on_another_claim_reuses_the_snapshot(site):
    first = make_evidence(claim=make_claim(), url=site.url("/report"))
    run_link_check(first)
    second = make_evidence(claim=make_claim(quote="registered in 2009 by Cendyn"), url=site.url("/report"))
    assert run_link_check(second).state == "passed"
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.snapshot_id == first.snapshot_id
    assert len(site.requests) == 1


@pytest.mark.django_db
def test_a_pasted_document_is_the_archive_and_nothing_is_fetched(site):
    item = make_evidence(claim=make_claim(), url=site.url("/report"), pasted_text="The memo says 2,700.")
    result = run_link_check(item)
    assert result.state == "passed"
    assert "pasted document" in result.message
    assert site.requests == []


@pytest.mark.django_db
def test_a_404_is_a_dead_link_and_makes_the_evidence_weak(site):
    claim = make_claim()
    item = make_evidence(claim=claim, url=site.url("/gone"), stance="supports")
    result = run_link_check(item)
    assert (result.state, result.details["weak_reason"]) == ("warning", "dead link")
    assert "Dead link: HTTP 404 Not Found" in result.message
    claim.refresh_from_db()
    assert "dead link" in claim.support_breakdown["weak_reasons"][str(item.pk)]


# A gzip bomb: 50 MB of zeros in 50 kB. The fetcher asks for no compression and never unpacks.
GZIP_BOMB = gzip.compress(bytes(50_000_000), compresslevel=9)
NOISE = random.Random(15).randbytes(200_000)


@pytest.mark.parametrize(("page", "words"), [
    (Page(GZIP_BOMB, headers={"Content-Encoding": "gzip"}), "gzip-encoded although asked for none"),
    (Page(GZIP_BOMB), "gzip-compressed data"),
    (Page(NOISE), "binary"),
    (Page(NOISE, content_type="text/plain"), "binary"),
])
@pytest.mark.django_db
def test_a_page_that_cannot_be_read_as_text_fails_the_check_stores_nothing_and_makes_the_evidence_weak(
    site, page, words
):
    site.pages["/bomb"] = page
    claim = make_claim()
    item = make_evidence(claim=claim, url=site.url("/bomb"), stance="supports", excerpt=EXCERPT)
    result = run_link_check(item)
    assert (result.state, result.details["weak_reason"]) == ("failed", "source unreadable")
    assert result.message.startswith("Not archived (unreadable)") and words in result.message
    assert not Snapshot.objects.filter(url=site.url("/bomb")).exists()
    item.refresh_from_db()
    assert item.snapshot is None
    claim.refresh_from_db()
    assert "source unreadable" in claim.support_breakdown["weak_reasons"][str(item.pk)]


@pytest.mark.django_db
def test_a_gzip_encoded_error_page_is_still_a_dead_link(site):
    site.pages["/gone"] = Page(gzip.compress(b"<h1>Gone</h1>"), status=410, headers={"Content-Encoding": "gzip"})
    item = make_evidence(claim=make_claim(), url=site.url("/gone"), stance="supports")
    result = run_link_check(item)
    assert (result.state, result.details["weak_reason"]) == ("warning", "dead link")


@pytest.mark.django_db
def test_refused_too_large_and_non_text_links_warn_saying_which(site, settings):
    settings.FETCH_MAX_BYTES = 100
    site.pages["/photo.png"] = Page(b"\x89PNG" + b"0" * 50, content_type="image/png")
    claim = make_claim()
    refused = make_evidence(claim=claim, url="http://10.0.0.1/report")
    large = make_evidence(claim=claim, url=site.url("/report"))
    image = make_evidence(claim=claim, url=site.url("/photo.png"))
    assert "Not archived (refused)" in run_link_check(refused).message
    assert "Not archived (too large)" in run_link_check(large).message
    image_result = run_link_check(image)
    assert image_result.state == "warning" and "serves image/png" in image_result.message


@pytest.mark.django_db
def test_a_timeout_is_retried_then_reported(site, settings):
    settings.FETCH_TIMEOUT = 0.5
    item = make_evidence(claim=make_claim(), url=site.url("/hang"))
    evidence_services.checks_queue(claim_id=item.claim_id)
    row = link_check(item)
    for _ in range(archive.TRANSIENT_ATTEMPTS - 1):
        with pytest.raises(evidence_services.TransientCheckError):
            evidence_services.check_run(result_id=row.pk)
    result = evidence_services.check_run(result_id=row.pk)
    assert result.state == "warning" and "Not archived (timed out)" in result.message


@pytest.mark.django_db
def test_a_recheck_fetches_anew_and_reports_change_then_disappearance(site):
    claim = make_claim()
    item = make_evidence(claim=claim, url=site.url("/report"))
    run_link_check(item)
    item.refresh_from_db()
    original = item.snapshot

    site.pages["/report"] = Page(ARTICLE.replace(b"more than 2,700", b"about 1,000"))
    assert archive.evidence_links_recheck(older_than=timedelta(0)) == 1
    item.refresh_from_db()
    result = run_link_check(item)
    assert result.state == "warning"
    assert "The page changed since" in result.message and "about 1,000" in result.message
    item.refresh_from_db()
    assert item.snapshot_id != original.pk
    assert Snapshot.objects.filter(pk=original.pk).exists()

    del site.pages["/report"]
    archive.evidence_links_recheck(older_than=timedelta(0))
    result = run_link_check(item)
    assert (result.state, result.details["weak_reason"]) == ("warning", "dead link")
    assert "The page disappeared: HTTP 404" in result.message and "is kept" in result.message
    # The item keeps the last good copy to check its excerpt against.
    item.refresh_from_db()
    assert item.snapshot.http_status == 200


@pytest.mark.django_db
def test_recent_links_are_not_rechecked(site):
    item = make_evidence(claim=make_claim(), url=site.url("/report"))
    run_link_check(item)
    assert archive.evidence_links_recheck(older_than=timedelta(hours=24)) == 0


# Downloading raw bodies


@pytest.mark.django_db
def test_editors_download_raw_bodies_as_attachments_never_as_html(site, client, editor):
    snapshot = archive.snapshot_fetch(url=site.url("/report"))
    url = reverse("desk:snapshot_download", args=[snapshot.pk])
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert b"".join(response.streaming_content) == ARTICLE


@pytest.mark.django_db
@pytest.mark.parametrize("role, expected", [
    ("anonymous", 302), ("outsider", 403), ("fact-checker", 403), ("editor", 200), ("admin", 200), ("superuser", 200),
])
def test_only_editors_download_raw_bodies(site, client, role, expected):
    """README and DESIGN.md: editors download raw copies; everyone on the desk reads
    their extracted text. Anonymous visitors are sent to log in."""
    snapshot = archive.snapshot_fetch(url=site.url("/report"))
    url = reverse("desk:snapshot_download", args=[snapshot.pk])
    if role != "anonymous":
        user = UserFactory(is_superuser=role == "superuser",
                           role=role if role in ("fact-checker", "editor", "admin") else None)
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == expected
    if expected == 302:
        assert "login" in response["Location"]
    if role == "fact-checker":
        assert "Only editors may download raw archived files" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["fact-checker", "editor"])
def test_the_claim_page_links_the_archive_and_older_copies_for_editors(site, client, role):
    claim = make_claim()
    item = make_evidence(claim=claim, url=site.url("/report"))
    run_link_check(item)
    older = Snapshot.objects.get()
    archive.evidence_links_recheck(older_than=timedelta(0))
    run_link_check(EvidenceItem.objects.get(pk=item.pk))
    item.refresh_from_db()
    client.force_login(UserFactory(role=role))
    for address in (claim.get_absolute_url(), reverse("desk:claim_evidence", args=[claim.pk])):
        page = client.get(address).content.decode()
        assert "archived on" in page and "as archived on" in page
        assert "Extracted text" in page
        for snapshot in (item.snapshot_id, older.pk):
            assert (reverse("desk:snapshot_download", args=[snapshot]) in page) == (role == "editor")


# A real worker


@pytest.fixture
def archiving_worker(tmp_path, site):
    with fetching_worker(tmp_path / "worker.log", "archive") as worker:
        yield worker


def settled(claim_id: int) -> Claim | None:
    claim = Claim.objects.get(pk=claim_id)
    pending = CheckResult.objects.filter(claim=claim, is_current=True, state__in=["queued", "running"])
    return None if claim.checks_pending or pending.exists() else claim


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_archives_evidence_and_a_dead_link_makes_it_weak(archiving_worker, site):
    assert django_settings.FETCH_ALLOW_PRIVATE_HOSTS == ["127.0.0.1"]
    claim = make_claim()
    item = make_evidence(claim=claim, url=site.url("/report"), excerpt=EXCERPT)
    claim = wait_until(lambda: settled(claim.pk), message="checks of the archived evidence")
    assert link_check(item).state == "passed"
    assert claim.support_status == "supported"
    item.refresh_from_db()
    assert item.snapshot.origin == "fetched"

    evidence_services.evidence_update(item=item, url=site.url("/gone"))
    claim = wait_until(lambda: settled(claim.pk), message="checks after the link died")
    result = link_check(item)
    assert (result.state, result.details["weak_reason"]) == ("warning", "dead link")
    assert claim.support_status == "unverified"
    assert "dead link" in claim.support_breakdown["weak_reasons"][str(item.pk)]
