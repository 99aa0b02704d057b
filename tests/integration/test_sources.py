"""The desk's sources pages: everyone on the desk reads them, editors change them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence import services as evidence_services
from evidence.models import CheckResult, Source
from tests.factories import SourceFactory, UserFactory, make_claim, make_evidence
from tests.integration.desk_helpers import settle

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def source_data(source, **changes):
    return {"name": source.name, "owner": source.owner, "reliability": source.reliability,
            "notes": source.notes, **changes}


def test_evidence_urls_make_one_source_per_registrable_domain():
    claim = make_claim()
    first = make_evidence(claim=claim, url="https://news.bbc.co.uk/2/hi/uk_news/1.stm", excerpt="One.")
    second = make_evidence(claim=claim, url="https://www.bbc.co.uk/news/uk-1", excerpt="Two.")
    assert first.source == second.source
    assert (first.source.domain, first.source.name) == ("bbc.co.uk", "bbc.co.uk")


def test_the_list_shows_sources_with_owner_rating_and_evidence_count(checker_client):
    claim = make_claim()
    make_evidence(claim=claim, url="https://www.nytimes.com/a", excerpt="One.")
    make_evidence(claim=claim, url="https://nytimes.com/b", excerpt="Two.")
    Source.objects.filter(domain="nytimes.com").update(name="The New York Times",
                                                       owner="The New York Times Company")
    SourceFactory(name="Rumour Mill", domain="rumours.example", reliability="unreliable")

    page = checker_client.get(reverse("desk:sources")).content.decode()

    assert "The New York Times Company" in page
    assert '<td data-label="Evidence">2</td>' in page
    assert "Rumour Mill" in page and 'class="badge check-failed">Unreliable<' in page
    assert 'href="/desk/sources/" aria-current="page">Sources</a>' in page


def test_search_and_reliability_filter(checker_client):
    SourceFactory(name="Vox", domain="vox.com", owner="Vox Media", reliability="reliable")
    SourceFactory(name="The Verge", domain="theverge.com", owner="Vox Media", reliability="mixed")
    SourceFactory(name="Rumour Mill", domain="rumours.example", reliability="unreliable")
    url = reverse("desk:sources")

    by_owner = checker_client.get(url, {"q": "vox media"}).content.decode()
    assert "The Verge" in by_owner and "Rumour Mill" not in by_owner
    assert "2 sources found" in by_owner
    by_domain = checker_client.get(url, {"q": "rumours.ex"}).content.decode()
    assert "Rumour Mill" in by_domain and "The Verge" not in by_domain
    mixed = checker_client.get(url, {"reliability": "mixed"}).content.decode()
    assert "The Verge" in mixed and "Vox Media</td>" in mixed and ">Vox</a>" not in mixed
    nothing = checker_client.get(url, {"q": "nowhere"}).content.decode()
    assert "No source matches these filters." in nothing


def test_the_list_is_paginated(checker_client):
    for n in range(30):
        SourceFactory(name=f"Outlet {n:02d}")
    first = checker_client.get(reverse("desk:sources")).content.decode()
    assert "Outlet 24" in first and "Outlet 25" not in first
    assert "Page 1 of 2 · 30 in all" in first
    second = checker_client.get(reverse("desk:sources"), {"page": 2}).content.decode()
    assert "Outlet 25" in second


def test_fact_checkers_read_a_source_but_may_not_change_it(checker_client):
    source = SourceFactory(name="Vox", owner="Vox Media")
    url = reverse("desk:source_edit", args=[source.pk])

    page = checker_client.get(url).content.decode()
    assert "Only editors change sources." in page
    assert 'value="Vox Media"' in page and "disabled" in page
    assert "Save source" not in page

    response = checker_client.post(url, source_data(source, reliability="unreliable"))
    assert response.status_code == 403
    source.refresh_from_db()
    assert source.reliability == "reliable"


def test_people_off_the_desk_see_nothing(client, outsider):
    source = SourceFactory()
    assert client.get(reverse("desk:sources")).status_code == 302  # to the login page
    client.force_login(outsider)
    assert client.get(reverse("desk:sources")).status_code == 403
    assert client.post(reverse("desk:source_edit", args=[source.pk]), source_data(source)).status_code == 403


def test_an_editor_saves_a_source(editor_client):
    source = SourceFactory(name="vox.com", domain="vox.com", reliability="unknown")
    response = editor_client.post(
        reverse("desk:source_edit", args=[source.pk]),
        source_data(source, name="Vox", owner="Vox Media", reliability="reliable", notes="Explainer site."),
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("desk:sources")
    assert "Source “Vox” saved. Now rated reliable" in response.content.decode()
    source.refresh_from_db()
    assert (source.name, source.owner, source.reliability, source.notes) == (
        "Vox", "Vox Media", "reliable", "Explainer site.")


def test_a_superuser_may_edit_too(client):
    client.force_login(UserFactory(is_superuser=True))
    source = SourceFactory(owner="")
    client.post(reverse("desk:source_edit", args=[source.pk]), source_data(source, owner="Owner Inc"))
    source.refresh_from_db()
    assert source.owner == "Owner Inc"


def test_a_refused_edit_keeps_what_was_typed(editor_client):
    source = SourceFactory(name="Vox", owner="")
    response = editor_client.post(
        reverse("desk:source_edit", args=[source.pk]),
        source_data(source, name="", owner="Vox Media", reliability="excellent"),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "The source was not saved: Name: This field is required." in page
    assert 'value="Vox Media"' in page
    assert "Select a valid choice. excellent is not one of the available choices." in page
    assert '<label for="id_owner">Owner</label>' in page
    source.refresh_from_db()
    assert (source.name, source.owner) == ("Vox", "")


def test_rating_a_source_unreliable_recomputes_the_claims_citing_it(editor_client):
    claim = make_claim()
    # A pasted copy: archived from the document, without fetching.
    item = make_evidence(claim=claim, url="https://rumours.example/story", excerpt="It happened.",
                         pasted_text="Sources say it happened. More soon.")
    claim = settle(claim)
    assert claim.support_status == "supported"

    editor_client.post(reverse("desk:source_edit", args=[item.source.pk]),
                       source_data(item.source, reliability="unreliable"))
    claim.refresh_from_db()
    assert claim.checks_pending  # the source's claims are re-checked
    claim = settle(claim)
    assert claim.support_status == "unverified"
    assert claim.support_breakdown["weak_reasons"] == {str(item.pk): ["source rated unreliable"]}
    independence = CheckResult.objects.get(claim=claim, check_id="claim.sources_independence", is_current=True)
    assert independence.state == "warning"
    assert "source rated unreliable: rumours.example" in independence.message


def test_independence_counts_owners_through_the_engine(editor_client):
    claim = make_claim()
    make_evidence(claim=claim, url="https://www.vox.com/a", excerpt="One.")
    make_evidence(claim=claim, url="https://www.theverge.com/b", excerpt="Two.")
    claim = settle(claim)
    row = CheckResult.objects.get(claim=claim, check_id="claim.sources_independence", is_current=True)
    assert (row.state, row.details["independent"]) == ("passed", 2)

    for domain in ("vox.com", "theverge.com"):
        source = Source.objects.get(domain=domain)
        evidence_services.source_update(source=source, owner="Vox Media")
    claim.refresh_from_db()
    assert claim.checks_pending  # a new owner re-checks the claims citing the source
    claim = settle(claim)
    row = CheckResult.objects.get(claim=claim, check_id="claim.sources_independence", is_current=True)
    assert row.state == "warning"
    assert row.message == "Only 1 independent source supports this claim: vox.com + theverge.com."


def test_the_list_runs_the_same_queries_for_5_and_50_sources(editor_client):
    claim = make_claim()

    def grow_to(size):
        while Source.objects.count() < size:
            n = Source.objects.count()
            make_evidence(claim=claim, url=f"https://outlet{n}.example/story", excerpt=f"Item {n}.")

    counts = {}
    for size in (5, 50):
        grow_to(size)
        with CaptureQueriesContext(connection) as queries:
            page = editor_client.get(reverse("desk:sources"), {"page": 2 if size > 25 else 1})
        assert page.status_code == 200
        counts[size] = len(queries)
    assert counts[5] == counts[50], counts
    # session, user, groups, the menu's review count, count, the page's rows (and a savepoint on some backends)
    assert counts[5] <= 7
