"""Requests no client should send, and how the API answers them: never a 500, never a
write whose answer cannot be sent, always a 4xx naming what is wrong.

Every route of the API's router is tried (parametrised from the URL conf, so a new
endpoint is covered the day it is added).
"""

import json

import pytest
from django.apps import apps

from factcheck.api_urls import router
from tests.factories import make_verdict

pytestmark = pytest.mark.django_db

ROUTES = [(str(pattern.pattern), pattern.callback.actions) for pattern in router.urls]
READ_ROUTES = [route for route, actions in ROUTES if "get" in actions]
WRITES = [(route, method) for route, actions in ROUTES for method in actions if method not in ("get", "head")]


@pytest.fixture
def ids(claim, evidence_item, fact_checker, editor, second_editor):
    """An existing object behind each route: a claim with a draft verdict, its article and
    evidence, and a published fact-check."""
    make_verdict(claim=claim, author=fact_checker, reviewer=editor)
    published = make_verdict(author=fact_checker, reviewer=editor, state="published")
    return {
        "articles": claim.article_id, "claims": claim.pk, "evidence": evidence_item.pk,
        "fact-checks": published.pk, "article_id": claim.article_id,
    }


def url_of(route: str, ids: dict) -> str:
    resource = route.split("/", 1)[0]
    return "/api/v1/" + route.replace("<int:pk>", str(ids[resource]))


def body_for(route: str, ids: dict) -> dict:
    """A body the route would accept: without content negotiation first, it would write."""
    return {
        "articles/": {"title": "A story", "text": "Some text about servers and logs."},
        "articles/<int:pk>/": {"title": "Renamed"},
        "claims/": {"article": ids["article_id"], "quote": "an email marketing firm"},
        "claims/<int:pk>/": {"text": "Renamed"},
        "claims/<int:pk>/verdict/": {"rating": "false", "headline": "Wrong", "summary": "The logs say no."},
        "claims/<int:pk>/verdict/corrections/": {"text": "A date was wrong."},
        "evidence/": {"claim": ids["claims"], "stance": "refutes", "excerpt": "No."},
        "evidence/<int:pk>/": {"stance": "refutes"},
    }.get(route, {})


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.parametrize("route", [route for route, _ in ROUTES])
def test_options_answers_200_with_the_endpoints_metadata(api_client, editor, ids, route):
    api_client.force_authenticate(editor)
    response = api_client.options(url_of(route, ids))
    assert response.status_code == 200, response.content
    metadata = response.json()
    assert metadata["renders"] == ["application/json"]
    assert "application/json" in metadata["parses"]


def test_options_describes_the_fields_a_post_takes(checker_api, ids):
    actions = checker_api.options("/api/v1/evidence/").json()["actions"]
    assert {"claim", "stance", "excerpt", "url", "document"} <= set(actions["POST"])
    assert actions["POST"]["excerpt"]["max_length"] == 10_000


def test_options_answers_anonymous_callers_too(api_client, ids):
    assert api_client.options("/api/v1/claims/").status_code in (200, 401)
    assert api_client.options("/api/v1/fact-checks/").status_code == 200


@pytest.mark.parametrize("route", READ_ROUTES)
def test_asking_for_html_answers_406_naming_what_is_offered(api_client, editor, ids, route):
    api_client.force_authenticate(editor)
    response = api_client.get(url_of(route, ids), HTTP_ACCEPT="text/html")
    assert response.status_code == 406
    assert response["Content-Type"] == "application/json"
    assert "text/html" in response.json()["detail"]


def test_a_browser_accept_header_still_gets_json(checker_api, ids):
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = checker_api.get("/api/v1/claims/", HTTP_ACCEPT=browser)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"


@pytest.mark.parametrize(("route", "method"), WRITES)
@pytest.mark.parametrize("content_format", ["json", "multipart"])
def test_a_write_whose_answer_cannot_be_rendered_answers_406_and_writes_nothing(
    api_client, editor, ids, route, method, content_format
):
    api_client.force_authenticate(editor)
    before = row_counts()
    response = getattr(api_client, method)(
        url_of(route, ids), body_for(route, ids), format=content_format, HTTP_ACCEPT="text/html"
    )
    assert response.status_code == 406
    assert row_counts() == before


def test_the_same_write_with_json_accepted_does_write(checker_api, ids):
    from evidence.models import EvidenceItem

    before = EvidenceItem.objects.count()
    response = checker_api.post("/api/v1/evidence/", body_for("evidence/", ids), format="json")
    assert response.status_code == 201
    assert EvidenceItem.objects.count() == before + 1


# Absurdly nested JSON


@pytest.mark.parametrize("depth", [100_000, 1_000, 40])
def test_json_nested_too_deep_answers_400_saying_so(checker_api, ids, depth):
    body = "[" * depth + "]" * depth
    response = checker_api.post("/api/v1/claims/", body, content_type="application/json")
    assert response.status_code == 400
    assert "nested" in response.json()["detail"]


def test_json_nested_within_reason_is_read_as_usual(checker_api, ids):
    response = checker_api.post(
        "/api/v1/claims/", json.dumps({"quote": [[["x"]]], "article": ids["article_id"]}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "quote" in response.json()


def test_the_token_endpoint_refuses_deep_json_too(api_client):
    response = api_client.post("/api/v1/auth/token/", "{\"a\":" * 50_000 + "1" + "}" * 50_000,
                               content_type="application/json")
    assert response.status_code == 400


# Query parameters given empty or malformed


@pytest.mark.parametrize(("url", "parameter"), [
    ("/api/v1/evidence/?claim=", "claim"),
    ("/api/v1/evidence/?claim=abc", "claim"),
    ("/api/v1/evidence/?claim=99999999999999999999999", "claim"),
    ("/api/v1/evidence/?page=-1", "page"),
    ("/api/v1/articles/?page=", "page"),
    ("/api/v1/claims/?page=", "page"),
    ("/api/v1/claims/?page=abc", "page"),
    ("/api/v1/claims/?page=0", "page"),
    ("/api/v1/claims/?page=last", "page"),
    ("/api/v1/claims/?article=", "article"),
    ("/api/v1/claims/?assignee=", "assignee"),
    ("/api/v1/claims/?state=", "state"),
    ("/api/v1/claims/?support_status=", "support_status"),
    ("/api/v1/claims/?q=", "q"),
    ("/api/v1/claims/?claimant=", "claimant"),
    ("/api/v1/fact-checks/?until=", "until"),
    ("/api/v1/fact-checks/?since=", "since"),
    ("/api/v1/fact-checks/?cursor=", "cursor"),
])
def test_empty_or_malformed_query_parameters_answer_400_naming_them(checker_api, ids, url, parameter):
    response = checker_api.get(url)
    assert response.status_code == 400
    assert list(response.json()) == [parameter]


def test_a_page_past_the_end_answers_404_saying_so(checker_api, ids):
    response = checker_api.get("/api/v1/claims/?page=7")
    assert response.status_code == 404
    assert "page 7" in response.json()["detail"]


def test_search_fields_of_the_fact_check_list_may_be_empty_as_its_page_form_sends_them(api_client, ids):
    response = api_client.get("/api/v1/fact-checks/?q=&rating=&claimant=")
    assert response.status_code == 200 and len(response.json()["results"]) == 1


@pytest.mark.parametrize("published_on", ["2016-11-01", "not-a-date"])
def test_an_uploaded_article_refuses_metadata_it_would_not_use(checker_api, published_on):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from claims.models import Article

    upload = SimpleUploadedFile("story.txt", b"Some article text about servers and logs. " * 5, "text/plain")
    response = checker_api.post(
        "/api/v1/articles/", {"file": upload, "published_on": published_on, "authors": "A. Writer"},
        format="multipart",
    )
    assert response.status_code == 400
    assert "published_on" in response.json()
    if published_on == "2016-11-01":
        assert set(response.json()) == {"published_on", "authors"}
        assert "file" in response.json()["authors"][0]
    assert not Article.objects.exists()


@pytest.mark.parametrize(("url", "body", "field"), [
    ("/api/v1/claims/", {"article": "{article}", "quote": 0}, "quote"),
    ("/api/v1/claims/", {"article": "{article_text}", "quote": "an email marketing firm"}, "article"),
    ("/api/v1/evidence/", {"claim": "{claim}", "stance": "supports", "excerpt": ["x"]}, "excerpt"),
    ("/api/v1/evidence/", {"claim": True, "stance": "supports", "excerpt": "x"}, "claim"),
    ("/api/v1/claims/{claim}/verdict/", {"headline": 7}, "headline"),
])
def test_json_values_of_the_wrong_type_answer_400_naming_the_field(checker_api, ids, url, body, field):
    values = {"{article}": ids["article_id"], "{article_text}": str(ids["article_id"]), "{claim}": ids["claims"]}
    body = {name: values.get(value, value) if isinstance(value, str) else value for name, value in body.items()}
    response = checker_api.generic(
        "PUT" if url.endswith("/verdict/") else "POST", url.format(claim=ids["claims"]), json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_form_fields_are_strings_and_still_read_as_numbers(checker_api, ids):
    response = checker_api.post(
        "/api/v1/claims/", {"article": str(ids["article_id"]), "quote": "an email marketing firm"}, format="multipart"
    )
    assert response.status_code == 201
