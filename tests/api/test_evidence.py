"""/api/v1/evidence/: attach by URL, excerpt, upload or paste; list, detail, edit, delete."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import make_claim, make_evidence

pytestmark = pytest.mark.django_db


def test_evidence_is_attached_by_url_and_excerpt(checker_api, fact_checker, claim):
    response = checker_api.post(
        "/api/v1/evidence/",
        {
            "claim": claim.pk, "stance": "refutes", "url": "https://www.nytimes.example/2016/10/31/",
            "excerpt": "the F.B.I. found no conclusive link", "title": "Investigating Donald Trump",
            "visibility": "internal",
        },
        format="json",
    )
    assert response.status_code == 201
    item = response.json()
    assert (item["claim"], item["stance"], item["kind"], item["visibility"]) == (
        claim.pk, "refutes", "web_page", "internal",
    )
    assert item["source"]["domain"] == "nytimes.example"
    assert item["snapshot"] is None
    assert item["added_by"] == fact_checker.pk

    claim_detail = checker_api.get(f"/api/v1/claims/{claim.pk}/").json()
    assert [e["id"] for e in claim_detail["evidence"]] == [item["id"]]
    targets = {c["target"] for c in claim_detail["checks"]}
    assert f"claim:{claim.pk}" in targets
    assert targets <= {f"claim:{claim.pk}", f"evidence:{item['id']}"}
    assert {c["state"] for c in claim_detail["checks"]} == {"queued"}


def test_an_uploaded_document_is_archived_as_a_snapshot(checker_api, claim):
    body = b"Annual report.\n\nThe bank's servers made 2,700 look-ups.\n"
    upload = SimpleUploadedFile("report.txt", body, content_type="text/plain")
    response = checker_api.post(
        "/api/v1/evidence/",
        {"claim": claim.pk, "stance": "supports", "document": upload,
         "excerpt": "made 2,700 look-ups"},
        format="multipart",
    )
    assert response.status_code == 201
    item = response.json()
    assert item["kind"] == "document"
    snapshot = item["snapshot"]
    assert (snapshot["origin"], snapshot["filename"], snapshot["content_type"]) == (
        "uploaded", "report.txt", "text/plain",
    )
    assert snapshot["sha256"] == hashlib.sha256(body).hexdigest()
    assert snapshot["size"] == len(body)
    assert "body" not in snapshot and "text" not in snapshot


def test_pasted_html_is_archived_as_a_snapshot(checker_api, claim):
    response = checker_api.post(
        "/api/v1/evidence/",
        {"claim": claim.pk, "stance": "context", "pasted_text": "<p>Statement from Alfa Bank.</p>"},
        format="json",
    )
    assert response.status_code == 201
    snapshot = response.json()["snapshot"]
    assert (snapshot["origin"], snapshot["content_type"]) == ("pasted", "text/html")


@pytest.mark.parametrize(
    "body, field",
    [
        ({"stance": "agrees", "excerpt": "x"}, "stance"),
        ({"excerpt": "x"}, "stance"),
        ({"stance": "supports"}, "url"),
        ({"stance": "supports", "url": "not a url"}, "url"),
        ({"stance": "supports", "excerpt": "x", "kind": "rumour"}, "kind"),
        ({"stance": "supports", "excerpt": "x", "visibility": "secret"}, "visibility"),
    ],
)
def test_bad_evidence_input_is_a_400_naming_the_field(checker_api, claim, body, field):
    response = checker_api.post("/api/v1/evidence/", {"claim": claim.pk} | body, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()


@pytest.mark.parametrize("claim_field", [{}, {"claim": 999999}, {"claim": "first"}])
def test_evidence_for_a_missing_claim_is_a_400_naming_claim(checker_api, claim_field):
    response = checker_api.post(
        "/api/v1/evidence/", {"stance": "supports", "excerpt": "x"} | claim_field, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["claim"]


def test_an_unreadable_upload_is_a_400_on_document(checker_api, claim):
    upload = SimpleUploadedFile(
        "blob.bin", b"\x00\x01\x02binary", content_type="application/octet-stream"
    )
    response = checker_api.post(
        "/api/v1/evidence/", {"claim": claim.pk, "stance": "supports", "document": upload},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["document"] == ["This file is binary, not text or HTML."]


def test_a_nul_byte_after_the_first_4_kb_is_a_400_on_document_and_leaves_no_file(
    checker_api, claim, settings, tmp_path
):
    from evidence.models import Snapshot

    settings.MEDIA_ROOT = tmp_path
    body = b"Some readable text about the servers. " * 200 + b"\x00" + b"more text"
    document = SimpleUploadedFile("notes.txt", body, content_type="text/plain")
    response = checker_api.post(
        "/api/v1/evidence/", {"claim": claim.pk, "stance": "supports", "document": document}, format="multipart"
    )
    assert response.status_code == 400
    assert "binary" in response.json()["document"][0]
    assert not Snapshot.objects.exists()
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []


def test_evidence_refused_after_its_document_was_archived_leaves_no_file(claim, settings, tmp_path):
    from django.core.exceptions import ValidationError

    from evidence import services
    from evidence.models import EXCERPT_MAX_CHARS, Snapshot

    settings.MEDIA_ROOT = tmp_path
    document = SimpleUploadedFile("notes.txt", b"A readable document.", content_type="text/plain")
    with pytest.raises(ValidationError) as error:
        services.evidence_create(
            claim=claim, stance="supports", document=document, excerpt="x" * (EXCERPT_MAX_CHARS + 1)
        )
    assert "excerpt" in error.value.message_dict
    assert not Snapshot.objects.exists()
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []


def test_the_list_filters_by_claim(checker_api, claim, evidence_item):
    other = make_evidence(claim=make_claim(article=claim.article), stance="refutes", excerpt="No.")
    everything = checker_api.get("/api/v1/evidence/").json()
    assert [e["id"] for e in everything["results"]] == [evidence_item.pk, other.pk]
    assert everything["count"] == 2
    of_claim = checker_api.get("/api/v1/evidence/", {"claim": claim.pk}).json()
    assert [e["id"] for e in of_claim["results"]] == [evidence_item.pk]
    assert checker_api.get("/api/v1/evidence/", {"claim": "x"}).status_code == 400


def test_detail_patch_and_delete(checker_api, claim, evidence_item):
    url = f"/api/v1/evidence/{evidence_item.pk}/"
    assert checker_api.get(url).json()["excerpt"] == evidence_item.excerpt

    patched = checker_api.patch(
        url, {"stance": "refutes", "url": "https://other.example/page"}, format="json"
    )
    assert patched.status_code == 200
    assert patched.json()["stance"] == "refutes"
    assert patched.json()["source"]["domain"] == "other.example"

    refused = checker_api.patch(url, {"stance": "maybe"}, format="json")
    assert refused.status_code == 400
    assert "stance" in refused.json()
    emptied = checker_api.patch(url, {"url": "", "excerpt": ""}, format="json")
    assert emptied.status_code == 400
    assert "url" in emptied.json()

    assert checker_api.delete(url).status_code == 204
    assert checker_api.get(url).status_code == 404
    assert checker_api.get(f"/api/v1/claims/{claim.pk}/").json()["evidence"] == []


def test_an_unknown_evidence_item_is_a_404(checker_api):
    assert checker_api.get("/api/v1/evidence/999999/").status_code == 404
    patched = checker_api.patch("/api/v1/evidence/999999/", {"stance": "supports"}, format="json")
    assert patched.status_code == 404
    assert checker_api.delete("/api/v1/evidence/999999/").status_code == 404
