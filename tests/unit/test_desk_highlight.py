"""The article page's highlighting: flat segments whatever the spans do."""

import pytest

from claims.highlight import Segment, Span, highlight, paragraph_ranges, quote_context

TEXT = "Alpha beta gamma.\n\nDelta epsilon zeta.\n\n  \n\nEta theta."


def joined(paragraphs):
    return ["".join(segment.text for segment in paragraph) for paragraph in paragraphs]


def test_paragraphs_are_split_on_blank_lines_and_keep_their_offsets():
    ranges = paragraph_ranges(TEXT)
    assert [TEXT[a:b] for a, b in ranges] == ["Alpha beta gamma.", "Delta epsilon zeta.", "Eta theta."]


def test_text_without_spans_is_one_plain_segment_per_paragraph():
    assert highlight("One.\n\nTwo.", []) == [[Segment("One.")], [Segment("Two.")]]


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        # one span in the middle
        ([Span(6, 10, "a")], [("Alpha ", (), ()), ("beta", ("a",), ("a",)), (" gamma.", (), ())]),
        # two spans overlapping: the shared part is covered by both, each ends where it ends
        (
            [Span(0, 10, "a"), Span(6, 16, "b")],
            [
                ("Alpha ", ("a",), ()),
                ("beta", ("a", "b"), ("a",)),
                (" gamma", ("b",), ("b",)),
                (".", (), ()),
            ],
        ),
        # one span inside another
        (
            [Span(0, 17, "outer"), Span(6, 10, "inner")],
            [
                ("Alpha ", ("outer",), ()),
                ("beta", ("outer", "inner"), ("inner",)),
                (" gamma.", ("outer",), ("outer",)),
            ],
        ),
        # the same span twice
        ([Span(0, 5, "a"), Span(0, 5, "b")], [("Alpha", ("a", "b"), ("a", "b")), (" beta gamma.", (), ())]),
        # empty and out-of-range spans are ignored
        ([Span(3, 3, "empty"), Span(5, 999, "outside")], [("Alpha beta gamma.", (), ())]),
    ],
)
def test_spans_become_flat_segments(spans, expected):
    first = highlight(TEXT, spans)[0]
    assert [(s.text, s.covering, s.ending) for s in first] == expected


def test_a_span_across_paragraphs_is_marked_in_each_and_ends_in_the_last():
    start, end = TEXT.index("gamma"), TEXT.index(" epsilon")
    paragraphs = highlight(TEXT, [Span(start, end, "x")])
    assert joined(paragraphs) == ["Alpha beta gamma.", "Delta epsilon zeta.", "Eta theta."]
    assert [(s.text, s.ending) for s in paragraphs[0] if s.covering] == [("gamma.", ())]
    assert [(s.text, s.ending) for s in paragraphs[1] if s.covering] == [("Delta", ("x",))]


def test_quote_context_keeps_a_few_words_either_side():
    text = "one two three four five six seven eight nine ten"
    start, end = text.index("five"), text.index("five") + len("five six")
    assert quote_context(text, start, end, words=2) == ("…three four ", "five six", " seven eight…")
    assert quote_context(text, 0, 3, words=2) == ("", "one", " two three…")
    assert quote_context("a\n\nb c", 3, 4, words=5) == ("a ", "b", " c")
