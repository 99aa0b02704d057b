"""The desk's wording of a claim is never shown as the claimant's words: after a
claimant's name only their own quote stands in quotation marks, and the checked
wording is labelled as ours on the list, the page, the report, the feeds and the API."""

import html
import re

import feedparser
import pytest

from tests.factories import make_article
from tests.integration.public_helpers import fact_check

pytestmark = pytest.mark.django_db

ARTICLE = "At the launch, Ana Delgado said: We cut street homelessness by 40 percent in two years. Others doubted it."
QUOTE = "We cut street homelessness by 40 percent in two years"
WORDING = "Riverton cut street homelessness by 40% between 2023 and 2025"


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.fixture
def verdict(fact_checker, editor):
    article = make_article(title="Riverton launch", text=ARTICLE, url="https://news.example/launch")
    return fact_check(fact_checker, editor, 1, article=article, quote=QUOTE, text=WORDING, claimant="Ana Delgado",
                      headline="Homelessness fell, but not by 40%")


def test_the_list_page_and_report_quote_the_claimant_and_label_our_wording(client, verdict):
    pages = {
        "list": client.get("/fact-checks/"),
        "page": client.get(verdict.get_absolute_url()),
        "report": client.get(f"/reports/{verdict.claim.article.slug}/"),
    }
    for name, response in pages.items():
        text = visible_text(response.content.decode())
        assert f"“{WORDING}”" not in text, name
        assert f"“{QUOTE}”" in text, name
        assert f"The claim we checked: {WORDING}" in text, name
    assert f"Ana Delgado : “{QUOTE}”" in visible_text(pages["list"].content.decode())


@pytest.mark.parametrize("path", ["/fact-checks/feed/rss/", "/fact-checks/feed/atom/"])
def test_the_feeds_quote_the_claimant_and_label_our_wording(client, verdict, path):
    [entry] = feedparser.parse(client.get(path).content).entries
    summary = visible_text(entry.summary)
    assert f"Ana Delgado: “{QUOTE}”" in summary
    assert f"“{WORDING}”" not in summary
    assert f"The claim we checked: {WORDING}." in summary


def test_the_api_says_which_is_the_claimants_quote_and_which_our_wording(client, verdict):
    [item] = client.get("/api/v1/fact-checks/").json()["results"]
    assert (item["claim"]["quote"], item["claim"]["checked_text"]) == (QUOTE, WORDING)
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "our wording, not the claimant's words" in schema
    assert "The claimant's own words" in schema
