"""Locating quotes in article text: exact, typographic variants, typos, refusals."""

import pytest

from claims.matching import closest_passage, locate_quote, normalise, quote_at_span

TEXT = (
    "Computer logs obtained by The New York Times show that two servers at Alfa Bank sent more "
    "than 2,700 \u201clook-up\u201d messages \u2014 a first step for one system\u2019s computers to "
    "talk to another \u2014 to a Trump-connected server beginning in the spring.\n\n"
    "Foer concludes that \u201cthe logs suggested that Trump and Alfa had configured something like "
    "a digital hotline.\u201d"
)


@pytest.mark.parametrize(
    "quote, expected",
    [
        # exact
        ("two servers at Alfa Bank", "two servers at Alfa Bank"),
        # straight quotes for curly ones, hyphen for em dash, case
        ('sent more than 2,700 "look-up" messages - a first step',
         "sent more than 2,700 \u201clook-up\u201d messages \u2014 a first step"),
        ("one system's computers", "one system\u2019s computers"),
        ("COMPUTER LOGS obtained", "Computer logs obtained"),
        # whitespace runs and line breaks
        ("beginning in the\n   spring.  Foer concludes", "beginning in the spring.\n\nFoer concludes"),
        # a typo in a long quote is matched fuzzily; the span is the article's own words
        ("two servers at Alfa Bnak sent more than 2,700", "two servers at Alfa Bank sent more than 2,700"),
        ("configured something like a digitl hotline", "configured something like a digital hotline"),
    ],
)
def test_locate_quote_returns_the_articles_own_text(quote, expected):
    match = locate_quote(TEXT, quote)
    assert match is not None
    assert TEXT[match.start:match.end] == expected


@pytest.mark.parametrize(
    "quote",
    [
        "Alfa Bank sent more than 27,000 secret emails to the Kremlin every night",
        "the server was registered in 2009",
        "Alfa Bnak",  # short fragments must match exactly
        "",
        "   ",
    ],
)
def test_quotes_not_in_the_text_are_refused(quote):
    assert locate_quote(TEXT, quote) is None


def test_closest_passage_points_at_the_nearest_wording():
    nearest = closest_passage(TEXT, "servers at Alfa Bank sent more than 9,999 look-up messages")
    assert nearest is not None and not nearest.exact
    assert "servers at Alfa Bank sent more than 2,700" in TEXT[nearest.start:nearest.end]


def test_normalise_maps_back_to_original_offsets():
    text = "  A \u201cquote\u201d\n\n here"
    folded, positions = normalise(text)
    assert folded == 'a "quote" here'
    assert text[positions[2]] == "\u201c"
    assert len(positions) == len(folded) + 1


QUOTE = "two servers at Alfa Bank"
AT = TEXT.index(QUOTE)


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (AT, AT + len(QUOTE), True),
        (AT + 1, AT + len(QUOTE) + 1, False),
        (None, None, False),
        (AT + len(QUOTE), AT, False),
        (AT, 10_000, False),
    ],
)
def test_quote_at_span(start, end, expected):
    assert quote_at_span(TEXT, QUOTE, start, end) is expected
