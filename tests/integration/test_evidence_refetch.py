""""Fetch a fresh copy" of an evidence link: the service, the desk's button and the API."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from evidence import archive
from evidence import services as evidence_services
from evidence.models import CheckResult, EvidenceItem, Snapshot
from tests.factories import make_claim, make_evidence
from tests.integration.web_server import Page, start_site, stop_site

pytestmark = pytest.mark.django_db

LINK_CHECK = "evidence.link_archive"
PAGE = b"<html><body><article><p>Two servers sent more than 2,700 look-up messages in the spring.</p></article></body></html>"


@pytest.fixture
def site(settings):
    settings.FETCH_ALLOW_PRIVATE_HOSTS = ["127.0.0.1"]
    site = start_site()
    site.pages["/report"] = Page(PAGE)
    yield site
    stop_site(site)


def link_row(item: EvidenceItem) -> CheckResult:
    return CheckResult.objects.get(evidence=item, check_id=LINK_CHECK, is_current=True)


def run_queued_checks(item: EvidenceItem) -> None:
    for row in CheckResult.objects.filter(claim_id=item.claim_id, is_current=True, state="queued"):
        evidence_services.check_run(result_id=row.pk)


@pytest.fixture
def archived(site):
    """An evidence item whose link has been archived once and whose checks have all run."""
    item = make_evidence(claim=make_claim(), url=site.url("/report"))
    evidence_services.checks_queue(claim_id=item.claim_id)
    run_queued_checks(item)
    assert link_row(item).state == "passed"
    assert len(site.requests) == 1
    return EvidenceItem.objects.select_related("snapshot").get(pk=item.pk)


# The service


def test_a_refetch_fetches_anew_where_a_rerun_reuses_the_copy(site, archived):
    first_copy = archived.snapshot_id
    site.pages["/report"] = Page(PAGE.replace(b"more than 2,700", b"about 1,000"))

    evidence_services.checks_rerun(claim_id=archived.claim_id, check_id=LINK_CHECK, target=archived.target)
    run_queued_checks(archived)
    assert len(site.requests) == 1  # a plain re-run judges the copy it has

    archive.evidence_refetch(item=archived)
    assert link_row(archived).state == "queued"
    run_queued_checks(archived)
    assert len(site.requests) == 2
    result = link_row(archived)
    assert result.state == "warning"
    assert "The page changed since" in result.message and "about 1,000" in result.message
    archived.refresh_from_db()
    assert archived.snapshot_id != first_copy
    assert Snapshot.objects.filter(pk=first_copy).exists()


def test_a_refetch_queues_only_the_link_check_of_that_item(archived, django_capture_on_commit_callbacks):
    other = make_evidence(claim=archived.claim, excerpt="A statement without a link.")
    evidence_services.checks_queue(claim_id=archived.claim_id)
    run_queued_checks(archived)
    with django_capture_on_commit_callbacks() as callbacks:
        archive.evidence_refetch(item=archived)
    queued = CheckResult.objects.filter(claim_id=archived.claim_id, is_current=True, state="queued")
    assert [(row.target, row.check_id) for row in queued] == [(archived.target, LINK_CHECK)]
    assert len(callbacks) == 1
    assert not CheckResult.objects.filter(evidence=other, is_current=True, state="queued").exists()


def test_items_without_a_link_or_archived_from_a_document_cannot_be_refetched(site):
    claim = make_claim()
    statement = make_evidence(claim=claim, excerpt="The minister said so.")
    pasted = make_evidence(claim=claim, url=site.url("/report"), pasted_text="The memo says 2,700.")
    with pytest.raises(ValidationError, match="it has no link"):
        archive.evidence_refetch(item=statement)
    with pytest.raises(ValidationError, match="archived from its document"):
        archive.evidence_refetch(item=EvidenceItem.objects.select_related("snapshot").get(pk=pasted.pk))
    assert not EvidenceItem.objects.filter(link_recheck_at__isnull=False).exists()


# The desk's button


def refetch_url(item: EvidenceItem) -> str:
    return reverse("desk:evidence_refetch", args=[item.pk])


def test_the_button_sits_next_to_the_archived_copy_of_links_only(client, fact_checker, archived, site):
    pasted = make_evidence(claim=archived.claim, url=site.url("/other"), pasted_text="The memo says 2,700.")
    unarchived = make_evidence(claim=archived.claim, url=site.url("/later"))
    client.force_login(fact_checker)
    page = client.get(archived.claim.get_absolute_url()).content.decode()
    line = re.search(r'<p class="snapshot__line">.*?</p>', page[page.index(f'id="evidence-{archived.pk}"'):]).group()
    assert "archived on" in line and f'form="refetch-{archived.pk}"' in line and "Fetch a fresh copy" in line
    assert f'action="{refetch_url(archived)}"' in page
    assert f'action="{refetch_url(unarchived)}"' in page and "Fetch a copy</button>" in page
    assert refetch_url(pasted) not in page


@pytest.mark.parametrize("role", ["fact_checker", "editor"])
def test_fact_checkers_and_editors_ask_for_a_fresh_copy(client, request, archived, role):
    client.force_login(request.getfixturevalue(role))
    response = client.post(refetch_url(archived), follow=True)
    assert response.redirect_chain[-1][0] == f"{archived.claim.get_absolute_url()}#evidence-{archived.pk}"
    assert ("<strong class=\"message__kind\">Queued:</strong> A worker will fetch a fresh copy of the link and run "
            "its link check again.") in response.content.decode()
    assert link_row(archived).state == "queued"
    archived.refresh_from_db()
    assert archived.link_recheck_at is not None


def test_a_document_item_gets_an_error_message_and_nothing_is_queued(checker_client, site):
    item = make_evidence(claim=make_claim(), url=site.url("/report"), pasted_text="The memo says 2,700.")
    evidence_services.checks_queue(claim_id=item.claim_id)
    run_queued_checks(item)
    response = checker_client.post(refetch_url(item), follow=True)
    assert "A fresh copy cannot be fetched: it is archived from its document" in response.content.decode()
    assert link_row(item).state == "passed"


def test_outsiders_and_anonymous_visitors_cannot_refetch(client, outsider, archived):
    response = client.post(refetch_url(archived))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(outsider)
    assert client.post(refetch_url(archived)).status_code == 403
    archived.refresh_from_db()
    assert archived.link_recheck_at is None and link_row(archived).state == "passed"


def test_the_button_only_answers_posts_and_known_items(checker_client, archived):
    assert checker_client.get(refetch_url(archived)).status_code == 405
    assert checker_client.post(reverse("desk:evidence_refetch", args=[archived.pk + 1000])).status_code == 404


# The API


def api_url(item_id: int) -> str:
    return f"/api/v1/evidence/{item_id}/refetch/"


def test_the_api_answers_202_with_the_item_and_queues_the_link_check(checker_api, archived):
    response = checker_api.post(api_url(archived.pk))
    assert response.status_code == 202
    body = response.json()
    assert (body["id"], body["url"]) == (archived.pk, archived.url)
    assert body["snapshot"] is not None
    assert link_row(archived).state == "queued"


def test_the_api_refuses_unknown_items_documents_and_outsiders(checker_api, outsider, archived, site):
    assert checker_api.post(api_url(archived.pk + 1000)).status_code == 404
    statement = make_evidence(claim=archived.claim, excerpt="The minister said so.")
    refused = checker_api.post(api_url(statement.pk))
    assert refused.status_code == 400 and "no link" in refused.json()["url"][0]

    assert APIClient().post(api_url(archived.pk)).status_code == 401
    outsider_api = APIClient()
    outsider_api.force_authenticate(outsider)
    assert outsider_api.post(api_url(archived.pk)).status_code == 403
    archived.refresh_from_db()
    assert archived.link_recheck_at is None
