"""The OpenAPI schema generates cleanly and the docs page works without a CDN."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_schema_generates_without_warnings_and_validates(tmp_path):
    # --fail-on-warn turns every schema warning or error into a failure.
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )


def test_the_schema_describes_the_contract(api_client):
    response = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    assert set(paths) >= {
        "/api/v1/auth/token/",
        "/api/v1/articles/", "/api/v1/articles/{id}/",
        "/api/v1/claims/", "/api/v1/claims/{id}/", "/api/v1/claims/{id}/run-checks/",
        "/api/v1/evidence/", "/api/v1/evidence/{id}/",
    }
    assert set(paths["/api/v1/evidence/{id}/"]) >= {"get", "patch", "delete"}
    assert "202" in paths["/api/v1/claims/{id}/run-checks/"]["post"]["responses"]
    [path_id] = paths["/api/v1/claims/{id}/"]["get"]["parameters"]
    assert path_id["schema"]["type"] == "integer"
    filters = {p["name"] for p in paths["/api/v1/claims/"]["get"]["parameters"]}
    assert filters >= {"support_status", "state", "assignee", "article", "claimant", "q", "page"}
    evidence_create = paths["/api/v1/evidence/"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in evidence_create
    detail = schema["components"]["schemas"]["ClaimDetail"]["properties"]
    assert {"support_status", "support_breakdown", "checks", "evidence", "verdict"} <= set(detail)
    verdict = "/api/v1/claims/{id}/verdict/"
    assert set(paths[verdict]) >= {"get", "put"}
    assert {"200", "201", "400", "403"} <= set(paths[verdict]["put"]["responses"])
    for action in ("submit", "request-changes", "approve", "publish", "retract", "corrections"):
        assert {"200", "400", "403", "404"} <= set(paths[f"{verdict}{action}/"]["post"]["responses"]), action
    retract = paths[f"{verdict}retract/"]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert "reason" in schema["components"]["schemas"][retract.rsplit("/", 1)[1]]["properties"]


def test_the_docs_page_loads_swagger_ui_from_our_own_static_files(api_client):
    response = api_client.get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css|png))"', page)
    assert any(asset.endswith("swagger-ui-bundle.js") for asset in assets)
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), asset
    assert "cdn." not in page


def test_every_operation_documents_the_errors_it_may_answer(api_client):
    schema = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    errors = schema["components"]["schemas"]
    assert errors["Error"]["required"] == ["detail"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            expected = {"401", "406", "429", "503"}
            if path != "/api/v1/auth/token/" and not path.startswith("/api/v1/fact-checks/"):
                expected.add("403")
            if "{id}" in path:
                expected.add("404")
            if method != "get":
                expected |= {"400"} | ({"415"} if "requestBody" in operation else set())
            assert expected <= set(responses), (method, path)
            for status in expected:
                assert "application/json" in responses[status]["content"], (method, path, status)


def test_urls_that_may_be_empty_say_so(api_client):
    schema = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    appearance_url = schema["components"]["schemas"]["ClaimList"]["properties"]["appearance_url"]
    assert appearance_url["anyOf"] == [{"format": "uri"}, {"enum": [""]}]


def test_an_address_that_matches_no_endpoint_answers_json(checker_api, client):
    response = checker_api.get("/api/v1/claims/not-a-number/")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}
    assert "text/html" in client.get("/no-such-page/")["Content-Type"]
