import pytest

from tests.factories import make_article, make_claim, make_evidence


@pytest.fixture
def article(db):
    return make_article(outlet_name="The Daily Example", authors="A. Writer")


@pytest.fixture
def claim(article):
    return make_claim(article=article, claimant_name="Jane Doe")


@pytest.fixture
def evidence_item(claim):
    return make_evidence(
        claim=claim, stance="supports", url="https://www.example.org/report",
        excerpt="two servers at Alfa Bank sent more than 2,700 look-up messages",
    )


@pytest.fixture
def outsider_api(api_client, outsider):
    api_client.force_authenticate(outsider)
    return api_client
