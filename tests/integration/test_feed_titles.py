"""The RSS and Atom feeds as a feed reader shows them: parsed by feedparser, a real
feed parser, titles and summaries read as written (nothing escaped twice)."""

import html

import feedparser
import pytest

from tests.integration.public_helpers import fact_check

pytestmark = pytest.mark.django_db

HEADLINE = "Riverton's \"40 percent\" cut <in two years> & more"
SUMMARY = "Counts rose & fell; the \"point-in-time\" count is <not> a census."


@pytest.mark.parametrize("path", ["/fact-checks/feed/rss/", "/fact-checks/feed/atom/"])
def test_feed_readers_show_titles_and_summaries_as_written(client, fact_checker, editor, path):
    fact_check(fact_checker, editor, 1, headline=HEADLINE, summary=SUMMARY, claimant="Ana O'Neil")
    parsed = feedparser.parse(client.get(path).content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    [entry] = parsed.entries
    assert entry.title == HEADLINE
    assert entry.title_detail.type == "text/plain"
    # The summary is HTML: once its markup is read, the reader sees the words as written.
    assert entry.summary_detail.type == "text/html"
    assert SUMMARY in html.unescape(entry.summary)
    assert "Ana O'Neil" in html.unescape(entry.summary)
