"""An evidence link's title: once the page is archived, the item is titled with the
page's own <title> instead of its raw address, and the title stays editable."""

import pytest
from django.urls import reverse

from evidence import archive
from evidence import services as evidence_services
from evidence.models import CheckResult, EvidenceItem
from tests.factories import make_claim, make_evidence
from tests.integration.web_server import Page, start_site, stop_site

pytestmark = pytest.mark.django_db

PAGE = (
    "<html><head><title>Point-in-Time Count 2025 &amp; trends | City of Riverton</title></head>"
    "<body><article><p>Street homelessness fell by 12 percent between 2023 and 2025.</p></article></body></html>"
).encode()
TITLE = "Point-in-Time Count 2025 & trends | City of Riverton"


@pytest.fixture
def site(settings):
    settings.FETCH_ALLOW_PRIVATE_HOSTS = ["127.0.0.1"]
    site = start_site()
    site.pages["/count"] = Page(PAGE)
    yield site
    stop_site(site)


def run_checks(claim_id: int) -> None:
    evidence_services.checks_queue(claim_id=claim_id)
    for row in CheckResult.objects.filter(claim_id=claim_id, is_current=True, state="queued"):
        evidence_services.check_run(result_id=row.pk)


def test_an_archived_page_titles_its_evidence_and_the_claim_page_shows_it(site, checker_client):
    item = make_evidence(claim=make_claim(), url=site.url("/count"))
    run_checks(item.claim_id)
    item.refresh_from_db()
    assert item.title == TITLE
    html = checker_client.get(item.claim.get_absolute_url()).content.decode()
    assert "Point-in-Time Count 2025 &amp; trends | City of Riverton" in html


def test_an_item_titled_with_its_bare_address_takes_the_page_title(site):
    item = make_evidence(claim=make_claim(), url=site.url("/count"), title=site.url("/count"))
    run_checks(item.claim_id)
    item.refresh_from_db()
    assert item.title == TITLE


def test_a_title_typed_on_the_desk_is_kept_through_fresh_copies(site, checker_client):
    item = make_evidence(claim=make_claim(), url=site.url("/count"))
    run_checks(item.claim_id)
    response = checker_client.post(reverse("desk:evidence_edit", args=[item.pk]), {
        "stance": "supports", "url": item.url, "title": "Riverton's own count", "excerpt": "",
        "kind": "web_page", "visibility": "public",
    })
    assert response.status_code == 302
    archive.evidence_refetch(item=EvidenceItem.objects.select_related("snapshot").get(pk=item.pk))
    run_checks(item.claim_id)
    item.refresh_from_db()
    assert item.title == "Riverton's own count"
    assert len(site.requests) == 2


def test_a_pasted_html_document_is_titled_by_its_title():
    item = make_evidence(claim=make_claim(), pasted_text=PAGE.decode(), url="https://riverton.example/count")
    assert item.title == TITLE
