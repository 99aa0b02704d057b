"""Text fields take at most a documented number of characters: the API and the desk
answer 400 naming the field, and the services (full_clean) refuse the same, so no path
stores a megabyte of quote, note or excerpt."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from claims import models as claim_models
from claims import services
from evidence import models as evidence_models
from evidence import services as evidence_services
from tests.factories import make_claim, make_evidence, make_verdict

pytestmark = pytest.mark.django_db

LIMITS = {
    "quote": claim_models.QUOTE_MAX_CHARS,
    "note": claim_models.NOTE_MAX_CHARS,
    "excerpt": evidence_models.EXCERPT_MAX_CHARS,
    "summary": claim_models.SUMMARY_MAX_CHARS,
    "body": claim_models.VERDICT_BODY_MAX_CHARS,
    "claimant_response": claim_models.CLAIMANT_RESPONSE_MAX_CHARS,
    "comment": claim_models.REVIEW_COMMENT_MAX_CHARS,
    "reason": claim_models.RETRACTION_REASON_MAX_CHARS,
    "correction": claim_models.CORRECTION_MAX_CHARS,
}


@pytest.fixture
def claim(db):
    return make_claim()


@pytest.fixture
def evidence_item(claim):
    return make_evidence(claim=claim, url="https://www.example.org/report", excerpt="2,700 look-up messages")


def too_long(name: str) -> str:
    return "x" * (LIMITS[name] + 1)


def test_the_limits_are_far_above_what_the_demo_and_real_fact_checks_use():
    assert LIMITS["quote"] >= 5_000 and LIMITS["excerpt"] >= 10_000 and LIMITS["body"] >= 100_000


@pytest.mark.parametrize(("url", "field", "limit_name"), [
    ("/api/v1/claims/", "quote", "quote"),
    ("/api/v1/claims/{claim}/", "quote", "quote"),
    ("/api/v1/evidence/", "excerpt", "excerpt"),
    ("/api/v1/evidence/{evidence}/", "excerpt", "excerpt"),
    ("/api/v1/claims/{claim}/verdict/", "summary", "summary"),
    ("/api/v1/claims/{claim}/verdict/", "body", "body"),
    ("/api/v1/claims/{claim}/verdict/", "claimant_response", "claimant_response"),
    ("/api/v1/claims/{claim}/verdict/request-changes/", "comment", "comment"),
    ("/api/v1/claims/{claim}/verdict/retract/", "reason", "reason"),
    ("/api/v1/claims/{claim}/verdict/corrections/", "text", "correction"),
])
def test_the_api_answers_400_naming_the_field(
    api_client, fact_checker, editor, claim, evidence_item, url, field, limit_name
):
    make_verdict(claim=claim, author=fact_checker, reviewer=editor)
    api_client.force_authenticate(editor)
    url = url.format(claim=claim.pk, evidence=evidence_item.pk)
    body = {"claim": claim.pk, "stance": "supports", "article": claim.article_id, field: too_long(limit_name)}
    method = "put" if url.endswith("/verdict/") else "patch" if url.count("/") == 5 else "post"
    response = getattr(api_client, method)(url, body, format="json")
    assert response.status_code == 400
    assert f"no more than {LIMITS[limit_name]} characters" in response.json()[field][0]


def test_the_schema_shows_the_limits(api_client):
    schemas = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    components = schemas["components"]["schemas"]
    assert components["ClaimCreateRequest"]["properties"]["quote"]["maxLength"] == LIMITS["quote"]
    assert components["EvidenceCreateRequest"]["properties"]["excerpt"]["maxLength"] == LIMITS["excerpt"]
    assert components["VerdictInputRequest"]["properties"]["body"]["maxLength"] == LIMITS["body"]


@pytest.mark.parametrize(("name", "data", "field"), [
    ("desk:note_add", {"text": too_long("note")}, "text"),
    ("desk:evidence_add", {"stance": "supports", "visibility": "public", "excerpt": too_long("excerpt")}, "excerpt"),
    ("desk:verdict_save", {"headline": "h", "summary": too_long("summary")}, "summary"),
])
def test_the_desk_answers_400_keeping_the_text_and_naming_the_field(checker_client, claim, name, data, field):
    response = checker_client.post(reverse(name, args=[claim.pk]), data)
    assert response.status_code == 400
    assert "at most" in response.content.decode() and "characters" in response.content.decode()


def test_the_services_refuse_what_forms_and_the_api_would(claim, evidence_item, fact_checker, editor):
    with pytest.raises(ValidationError) as error:
        services.note_create(claim=claim, text=too_long("note"), user=fact_checker)
    assert "text" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.claim_create(article=claim.article, quote=too_long("quote"))
    assert "quote" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        evidence_services.evidence_create(claim=claim, stance="supports", excerpt=too_long("excerpt"))
    assert "excerpt" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.verdict_save(claim=claim, user=fact_checker, body=too_long("body"))
    assert "body" in error.value.message_dict
    published = make_verdict(author=fact_checker, reviewer=editor, state="published")
    with pytest.raises(ValidationError) as error:
        services.verdict_act(verdict=published, user=editor, action="corrections", text=too_long("correction"))
    assert "text" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.verdict_act(verdict=published, user=editor, action="retract", reason=too_long("reason"))
    assert "reason" in error.value.message_dict


def test_a_text_at_the_limit_is_kept_whole(claim, fact_checker):
    note = services.note_create(claim=claim, text="y" * LIMITS["note"], user=fact_checker)
    assert len(note.text) == LIMITS["note"]


def test_the_readme_lists_every_limit():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme.split("### Limits", 1)[1].split("\n## ", 1)[0]
    listed = {int(number.replace(",", "")) for number in re.findall(r"\b\d{1,3}(?:,\d{3})+\b|\b\d{3,}\b", section)}
    assert set(LIMITS.values()) <= listed
