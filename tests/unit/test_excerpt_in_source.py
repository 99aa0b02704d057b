"""evidence.excerpt_in_source on one evidence item's inputs, as the engine prepares them."""

import pytest

from evidence.checks.excerpt_in_source import ExcerptInSource
from evidence.excerpts import near_threshold, paragraph_number, words_of

SOURCE = (
    "Server logs reviewed by the newspaper.\n\n"
    "Computer logs show that two servers at Alfa Bank sent more than 2,700 “look-up” messages "
    "— a high proportion of the overall traffic — to a Trump-connected server beginning in the spring. "
    "The server was registered in 2009 by Cendyn, an email marketing firm.\n\n"
    "Traffic peaked at election-related moments, an expert said. The bank denied any contact "
    "with the Trump Organization and called the pattern an accident of marketing spam."
)


def run(excerpt, text=SOURCE, snapshot_id=7):
    return ExcerptInSource().run({"excerpt": excerpt, "snapshot_id": snapshot_id, "snapshot_text": text})


@pytest.mark.parametrize(
    ("excerpt", "state"),
    [
        # verbatim, whatever the quotes, dashes, case and spacing
        ("two servers at Alfa Bank sent more than 2,700 \"look-up\" messages", "passed"),
        ("TWO SERVERS at alfa bank   sent more than 2,700 look-up messages - a high proportion", "passed"),
        ("The server was registered in 2009 by Cendyn, an email marketing firm.", "passed"),
        ("Traffic peaked at election-related moments", "passed"),
        # cut with an ellipsis: each part is there, in order
        ("Computer logs show that two servers … to a Trump-connected server", "passed"),
        ("The bank denied any contact [...] called the pattern an accident", "passed"),
        # a changed number or word, a typo, a dropped word: a near match
        ("two servers at Alfa Bank sent more than 2,600 look-up messages", "warning"),
        ("The server was registred in 2009 by Cendyn, an email marketing firm.", "warning"),
        ("The server was registered in 2009 by Cendyn, an marketing firm.", "warning"),
        ("The bank denied all contact with the Trump Organization and called the pattern an accident", "warning"),
        # not there: another document, a paraphrase, parts in the wrong order
        ("The Federal Reserve raised interest rates by a quarter of a point on Wednesday.", "failed"),
        ("According to logs, Alfa Bank's servers looked up a Trump server thousands of times.", "failed"),
        ("called the pattern an accident … The bank denied any contact", "failed"),
        # short fragments: verbatim or nothing
        ("Alfa Bank", "passed"),
        ("Alfa Bunk", "failed"),
        ("the server was", "passed"),
        ("server was regist", "failed"),
        # nothing to check yet
        ("", "skipped"),
        ("   ", "skipped"),
    ],
)
def test_outcomes(excerpt, state):
    assert run(excerpt).state == state


def test_passed_gives_the_location_and_the_context():
    outcome = run("The server was registered in 2009 by Cendyn")
    start = SOURCE.index("The server was registered")
    assert outcome.details["start"] == start
    assert outcome.details["end"] == start + len("The server was registered in 2009 by Cendyn")
    assert outcome.details["paragraph"] == 2
    assert outcome.details["passage"] == "The server was registered in 2009 by Cendyn"
    assert outcome.details["before"].endswith("beginning in the spring. ")
    assert outcome.details["after"].startswith(", an email marketing firm.")
    assert outcome.message == f"Found in paragraph 2 of the source (characters {start:,}–{start + 43:,})."
    assert outcome.weak_reason is None


def test_a_near_match_names_the_difference():
    outcome = run("two servers at Alfa Bank sent more than 2,600 look-up messages")
    assert outcome.message.startswith("Near match (9")
    assert "'more than 2,600' reads 'more than 2,700' in the source" in outcome.message
    assert outcome.details["differences"] == [{"before": "more than", "excerpt": "2,600", "source": "2,700"}]
    assert outcome.details["passage"] == "two servers at Alfa Bank sent more than 2,700 “look-up” messages"
    assert outcome.weak_reason is None  # the excerpt is there, worded differently


def test_a_missing_excerpt_is_weak_and_shows_the_closest_passage():
    outcome = run("The bank admitted regular contact with the Trump Organization for years.")
    assert outcome.state == "failed"
    assert outcome.weak_reason == "excerpt not found in source"
    assert "Trump Organization" in outcome.details["closest"]
    assert outcome.message.startswith("The excerpt is not in the source; the closest passage (")


def test_skipped_until_the_source_is_archived():
    outcome = run("Alfa Bank", text=None, snapshot_id=None)
    assert outcome.state == "skipped"
    assert "not archived yet" in outcome.message
    assert run("Alfa Bank", text="   ").state == "skipped"


def test_an_excerpt_longer_than_the_source_is_aligned_the_other_way():
    short_source = "Two servers sent more than 2,700 messages."
    outcome = run("Officials said that two servers sent more than 2,700 messages to the campaign in the spring.",
                  text=short_source)
    assert outcome.state == "failed"
    assert outcome.details["closest"] == short_source.removesuffix(".")


@pytest.mark.parametrize(
    ("length", "threshold"), [(20, 96.0), (40, 92.0), (60, 88.0), (300, 88.0)]
)
def test_short_excerpts_need_a_closer_match(length, threshold):
    assert near_threshold(length) == pytest.approx(threshold)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("“Look-up” messages—2,700 of them!", "look up messages 2,700 of them"),
        ("It rose 3.5% in 2016.", "it rose 3.5 in 2016"),
        ("  A\n\nB  ", "a b"),
    ],
)
def test_words_of(text, words):
    assert words_of(text)[0] == words


def test_paragraph_numbers():
    text = "\n\nFirst.\nSecond line.\n\n\nThird."
    assert [paragraph_number(text, text.index(w)) for w in ("First", "Second", "Third")] == [1, 2, 3]
