"""The Django admin over the demo data: every page answers, search finds, writes go through services."""

import io

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from claims.models import Claim, Claimant, Correction, Note, Rating, RatingScale, Verdict
from claims.services import note_create
from evidence.models import CheckResult, EvidenceItem, Snapshot, Source
from tests.factories import UserFactory, make_claim, make_evidence

ADMIN_APPS = ("claims", "evidence")
EXPECTED_MODELS = {
    "claimant", "article", "claim", "appearance", "note", "ratingscale", "rating", "verdict",
    "correction", "source", "snapshot", "evidenceitem", "checkresult",
}


def registered_models():
    return sorted(
        (model for model in admin.site._registry if model._meta.app_label in ADMIN_APPS),
        key=lambda model: model._meta.label,
    )


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def form_data(response) -> dict:
    """The POST body a browser would send for an admin change page, unchanged."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms.append(inline.formset.management_form)
        forms.extend(inline.formset.forms)
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            data[bound.html_name] = "on" if value is True else value
    return data


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
    claim = Claim.objects.get(quote__contains="2,700")
    scale = RatingScale.objects.create(name="Truth scale", slug="truth-scale")
    rating = Rating.objects.create(
        scale=scale, label="Mostly true", slug="mostly-true", value=4, best_value=5, worst_value=0,
        rating_class=Rating.RatingClass.MOSTLY_TRUE,
    )
    verdict = Verdict.objects.create(
        claim=claim, rating=rating, headline="The logs are real", summary="The Times saw them.",
        state=Verdict.State.PUBLISHED, slug="the-logs-are-real",
    )
    Correction.objects.create(verdict=verdict, text="An earlier version misstated the count.")
    claim.appearances.create(url="https://slate.com/news-and-politics/2016/10/server.html")


@pytest.fixture
def superuser_client(client, db):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


def test_every_model_of_the_desk_is_registered():
    assert {model._meta.model_name for model in registered_models()} == EXPECTED_MODELS


@pytest.mark.parametrize("model", registered_models(), ids=lambda model: model._meta.label)
def test_changelist_and_change_page_answer(model, demo, superuser_client):
    assert model.objects.exists()
    assert superuser_client.get(admin_url(model, "changelist")).status_code == 200
    obj = model.objects.order_by("pk").first()
    assert superuser_client.get(admin_url(model, "change", obj.pk)).status_code == 200


def test_search_finds_claims_evidence_and_sources(demo, superuser_client):
    found = superuser_client.get(admin_url(Claim, "changelist"), {"q": "Cendyn"}).context["cl"].result_list
    assert len(found) == 2
    assert all("Cendyn" in claim.quote for claim in found)

    found = superuser_client.get(admin_url(Claim, "changelist"), {"q": "originally registered"}).context[
        "cl"
    ].result_list
    assert [claim.claimant.name for claim in found] == ["Franklin Foer"]

    found = superuser_client.get(admin_url(Claim, "changelist"), {"q": "Sam Biddle"}).context["cl"].result_list
    assert [claim.support_status for claim in found] == ["unverified"]

    found = superuser_client.get(admin_url(EvidenceItem, "changelist"), {"q": "Russell Brandom"}).context["cl"].result_list
    assert {item.source.domain for item in found} == {"theverge.com"}

    found = superuser_client.get(admin_url(Source, "changelist"), {"q": "Vox Media"}).context["cl"].result_list
    assert {source.domain for source in found} == {"vox.com", "theverge.com"}


def test_filters_narrow_the_claim_list(demo, superuser_client):
    response = superuser_client.get(admin_url(Claim, "changelist"), {"support_status__exact": "disputed"})
    assert {claim.support_status for claim in response.context["cl"].result_list} == {"disputed"}
    assert len(response.context["cl"].result_list) == 2


@pytest.mark.parametrize("model", [Claim, EvidenceItem, CheckResult, Note, Verdict, Snapshot])
def test_list_pages_do_not_query_per_row(model, demo, superuser_client, django_assert_max_num_queries):
    url = admin_url(model, "changelist")
    with django_assert_max_num_queries(100) as captured:
        superuser_client.get(url)
    baseline = len(captured)
    article = Claim.objects.get(quote__contains="2,700").article
    checker = User.objects.get(username="checker")
    for quote in ("Cendyn", "Alfa Bank", "Spectrum Health", "Sam Biddle"):
        claim = make_claim(article=article, quote=quote, claimant_name=f"Claimant of {quote}")
        make_evidence(
            claim=claim, excerpt=quote, url="https://example.org/", pasted_text=f"A document on {quote}."
        )
        note_create(claim=claim, text=f"About {quote}", user=checker)
    with django_assert_max_num_queries(baseline):
        superuser_client.get(url)


def test_snapshots_and_check_results_are_read_only(demo, superuser_client):
    for model in (Snapshot, CheckResult):
        assert superuser_client.get(admin_url(model, "add")).status_code == 403
        obj = model.objects.first()
        page = superuser_client.get(admin_url(model, "change", obj.pk))
        assert page.context["has_change_permission"] is False
        assert superuser_client.post(admin_url(model, "change", obj.pk), {}).status_code == 403


def test_claim_page_shows_computed_fields_read_only(demo, superuser_client):
    claim = Claim.objects.get(quote__contains="one of just two entities")
    page = superuser_client.get(admin_url(Claim, "change", claim.pk))
    form_fields = page.context["adminform"].form.fields
    for computed in ("support_status", "support_breakdown", "checks_pending", "revision", "span_start", "span_end"):
        assert computed not in form_fields
    content = page.content.decode()
    assert "Disputed" in content
    assert "Dyn&#x27;s statement to The Verge&#x27;s Russell Brandom" in content


def test_editing_a_quote_in_the_admin_relocates_it_and_rechecks(demo, superuser_client):
    claim = Claim.objects.get(quote__contains="email marketing firm called Cendyn")
    url = admin_url(Claim, "change", claim.pk)
    data = form_data(superuser_client.get(url))
    data["quote"] = "a service Cendyn has been providing since the Trump server was registered in 2009"

    response = superuser_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    claim.refresh_from_db()
    text = claim.article.text
    assert text[claim.span_start:claim.span_end] == claim.quote
    assert claim.quote.startswith("a service Cendyn")
    # The service raised the revision and queued the checks: the status waits for them.
    assert claim.revision == 2
    assert claim.checks_pending
    assert claim.support_status == "supported"


def test_a_claim_added_in_the_admin_is_logged_through_the_service(demo, superuser_client):
    article = Claim.objects.get(quote__contains="2,700").article
    url = admin_url(Claim, "add")
    data = form_data(superuser_client.get(url))
    data.update({
        "article": article.pk,
        "quote": "Trump’s former campaign manager, Paul Manafort, had close ties to the Russian government.",
        "claimant": Claimant.objects.get(name="Franklin Foer").pk,
        "state": "researching",
    })

    response = superuser_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    claim = Claim.objects.get(quote__contains="Paul Manafort")
    assert article.text[claim.span_start:claim.span_end] == claim.quote
    assert (claim.claimant.name, claim.state, claim.created_by.username) == ("Franklin Foer", "researching", "admin")
    assert claim.checks_pending


def test_a_quote_not_in_the_article_is_refused_on_the_form(demo, superuser_client):
    claim = Claim.objects.get(quote__contains="email marketing firm called Cendyn")
    url = admin_url(Claim, "change", claim.pk)
    data = form_data(superuser_client.get(url))
    data["quote"] = "The server was run from the Kremlin by a team of ten engineers."

    response = superuser_client.post(url, data)

    assert response.status_code == 200
    assert "This quote is not in the article" in str(response.context["adminform"].form.errors["quote"])


def test_evidence_added_inline_goes_through_the_evidence_service(demo, superuser_client):
    claim = Claim.objects.get(quote__contains="very small handful of IP addresses")
    url = admin_url(Claim, "change", claim.pk)
    data = form_data(superuser_client.get(url))
    prefix = "evidence"
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    data.update({
        f"{prefix}-{index}-stance": "supports",
        f"{prefix}-{index}-kind": "web_page",
        f"{prefix}-{index}-title": "Foer's sources, as quoted by Slate",
        f"{prefix}-{index}-url": "https://slate.com/news-and-politics/2016/10/was-a-trump-server-communicating-with-russia.html",
        f"{prefix}-{index}-excerpt": "they received error messages",
        f"{prefix}-{index}-visibility": "public",
    })

    response = superuser_client.post(url, data)

    assert response.status_code == 302
    item = EvidenceItem.objects.get(claim=claim, url__startswith="https://slate.com/")
    assert item.added_by.username == "admin"
    assert item.source.domain == "slate.com"
    # The claim's checks read its evidence, so they were queued again.
    assert CheckResult.objects.filter(claim=claim, is_current=True, state="queued").exists()
    claim.refresh_from_db()
    assert claim.checks_pending


def test_rating_a_source_unreliable_recomputes_the_statuses_it_feeds(demo, superuser_client):
    nyt = Source.objects.get(domain="nytimes.com")
    claim = Claim.objects.get(quote__contains="innocuous explanation")
    assert claim.support_status == "supported"
    url = admin_url(Source, "change", nyt.pk)
    data = form_data(superuser_client.get(url))
    data["reliability"] = "unreliable"

    assert superuser_client.post(url, data).status_code == 302

    claim.refresh_from_db()
    assert claim.support_breakdown["weak_supporting"]
    assert "source rated unreliable" in str(claim.support_breakdown["weak_reasons"])


def test_a_published_verdict_is_read_only_and_a_draft_body_is_sanitised(demo, superuser_client):
    published = Verdict.objects.get(slug="the-logs-are-real")
    page = superuser_client.get(admin_url(Verdict, "change", published.pk))
    assert "headline" not in page.context["adminform"].form.fields

    draft = Verdict.objects.create(claim=published.claim, headline="Draft", state=Verdict.State.DRAFT,
                                   author=User.objects.get(username="checker"))
    url = admin_url(Verdict, "change", draft.pk)
    data = form_data(superuser_client.get(url))
    data["body"] = '<p onclick="steal()">Logs<script>alert(1)</script> checked.</p>'
    assert superuser_client.post(url, data).status_code == 302
    draft.refresh_from_db()
    # Saved through verdict_save: the Markdown source is kept, the HTML shown is sanitised.
    assert draft.body == data["body"]
    assert draft.body_html == "<p>Logs checked.</p>"


def test_the_demo_editor_can_use_the_admin(demo, client):
    assert client.login(username="editor", password="editor-demo-pass")
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert "Claims" in index.content.decode()
    assert client.get(admin_url(Claim, "changelist")).status_code == 200
    assert client.get(admin_url(Source, "changelist")).status_code == 200


def test_the_demo_fact_checker_is_not_staff(demo, client):
    assert client.login(username="checker", password="checker-demo-pass")
    assert client.get(reverse("admin:index")).status_code == 302
