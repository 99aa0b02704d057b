import pytest
from rest_framework.test import APIClient

from tests.factories import UserFactory


@pytest.fixture
def fact_checker(db):
    return UserFactory(username="checker", role="fact-checker")


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", role="editor")


@pytest.fixture
def outsider(db):
    """Logged in, but in no desk group."""
    return UserFactory(username="outsider")


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def checker_api(api_client, fact_checker):
    api_client.force_authenticate(fact_checker)
    return api_client


@pytest.fixture
def checker_client(client, fact_checker):
    client.force_login(fact_checker)
    return client
