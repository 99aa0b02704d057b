"""Who may use the API: tokens, sessions, anonymous callers and outsiders."""

import pytest
from rest_framework.test import APIClient

from evidence.models import EvidenceItem

PASSWORD = "correct horse battery"  # tests.factories.UserFactory's


def endpoints(article, claim, evidence_item):
    """Every contract endpoint of this issue, with a body a desk member could send."""
    return [
        ("get", "/api/v1/articles/", None),
        ("post", "/api/v1/articles/", {"title": "A story", "text": "Some text."}),
        ("get", f"/api/v1/articles/{article.pk}/", None),
        ("patch", f"/api/v1/articles/{article.pk}/", {"title": "Renamed"}),
        ("get", "/api/v1/claims/", None),
        ("post", "/api/v1/claims/", {"article": article.pk, "quote": "an email marketing firm"}),
        ("get", f"/api/v1/claims/{claim.pk}/", None),
        ("patch", f"/api/v1/claims/{claim.pk}/", {"text": "Renamed"}),
        ("post", f"/api/v1/claims/{claim.pk}/run-checks/", None),
        ("get", "/api/v1/evidence/", None),
        ("post", "/api/v1/evidence/", {"claim": claim.pk, "stance": "refutes", "excerpt": "No."}),
        ("get", f"/api/v1/evidence/{evidence_item.pk}/", None),
        ("patch", f"/api/v1/evidence/{evidence_item.pk}/", {"stance": "refutes"}),
        ("delete", f"/api/v1/evidence/{evidence_item.pk}/", None),
    ]


def call(client, method, url, body):
    return getattr(client, method)(url, body, format="json")


def test_anonymous_callers_get_401_with_a_token_challenge_everywhere(
    api_client, article, claim, evidence_item
):
    for method, url, body in endpoints(article, claim, evidence_item):
        response = call(api_client, method, url, body)
        assert response.status_code == 401, (method, url)
        assert response["WWW-Authenticate"] == "Token", (method, url)
    assert EvidenceItem.objects.filter(pk=evidence_item.pk, stance="supports").exists()


def test_logged_in_outsiders_get_403_everywhere(outsider_api, article, claim, evidence_item):
    for method, url, body in endpoints(article, claim, evidence_item):
        response = call(outsider_api, method, url, body)
        assert response.status_code == 403, (method, url)
    assert EvidenceItem.objects.filter(pk=evidence_item.pk, stance="supports").exists()


@pytest.mark.parametrize("role", ["fact-checker", "editor"])
def test_desk_members_reach_every_endpoint(role, request, api_client, article, claim, evidence_item):
    user = request.getfixturevalue("fact_checker" if role == "fact-checker" else "editor")
    api_client.force_authenticate(user)
    for method, url, body in endpoints(article, claim, evidence_item):
        response = call(api_client, method, url, body)
        assert response.status_code in (200, 201, 202, 204), (method, url, response.data)


def test_a_token_obtained_with_a_password_authenticates_later_calls(fact_checker, claim):
    client = APIClient()
    response = client.post(
        "/api/v1/auth/token/", {"username": "checker", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]

    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    listing = client.get("/api/v1/claims/")
    assert listing.status_code == 200
    assert [c["id"] for c in listing.json()["results"]] == [claim.pk]

    again = APIClient().post("/api/v1/auth/token/", {"username": "checker", "password": PASSWORD})
    assert again.json()["token"] == token


def test_a_wrong_password_is_a_400_with_a_message(fact_checker):
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "checker", "password": "wrong"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == ["Unable to log in with provided credentials."]
    assert "token" not in response.json()


def test_missing_credentials_are_named(db):
    response = APIClient().post("/api/v1/auth/token/", {"username": "checker"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"password"}


def test_a_bad_token_is_a_401(fact_checker):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.get("/api/v1/claims/")
    assert response.status_code == 401
    assert response.json()["detail"] == "Invalid token."


def test_an_outsiders_token_is_refused_with_403(outsider):
    client = APIClient()
    token = client.post(
        "/api/v1/auth/token/", {"username": "outsider", "password": PASSWORD}
    ).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/claims/").status_code == 403


def test_session_login_works_and_writes_need_the_csrf_token(fact_checker, article):
    client = APIClient(enforce_csrf_checks=True)
    client.login(username="checker", password=PASSWORD)
    assert client.get(f"/api/v1/articles/{article.pk}/").status_code == 200

    body = {"article": article.pk, "quote": "an email marketing firm"}
    refused = client.post("/api/v1/claims/", body, format="json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]

    csrf_secret = "s3cr3t" * 5 + "ab"  # what the CSRF cookie of a desk page holds
    client.cookies["csrftoken"] = csrf_secret
    created = client.post("/api/v1/claims/", body, format="json", HTTP_X_CSRFTOKEN=csrf_secret)
    assert created.status_code == 201
