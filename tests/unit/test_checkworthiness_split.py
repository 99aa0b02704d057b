"""Sentence splitting: every span points exactly into the text it came from."""

import pytest

from claims.checkworthiness.split import sentence_spans


@pytest.mark.parametrize("text, sentences", [
    ("", []),
    ("   \n\n  ", []),
    ("One sentence without a stop", ["One sentence without a stop"]),
    ("  Mr. Smith said the U.S. economy grew 3.5% in 2019. That is more than in 2018!  Really?",
     ["Mr. Smith said the U.S. economy grew 3.5% in 2019.", "That is more than in 2018!", "Really?"]),
    ("First paragraph ends here\n\nSecond paragraph starts. It has two sentences.",
     ["First paragraph ends here", "Second paragraph starts.", "It has two sentences."]),
    ("The mayor said the city’s budget “grew by 12 percent” last year. Critics disagreed.",
     ["The mayor said the city’s budget “grew by 12 percent” last year.", "Critics disagreed."]),
    ("Costs rose to $1.2 billion, e.g. in Ohio.   Spaces   inside stay.",
     ["Costs rose to $1.2 billion, e.g. in Ohio.", "Spaces   inside stay."]),
])
def test_sentences_and_their_offsets(text, sentences):
    spans = sentence_spans(text)
    assert [text[start:end] for start, end in spans] == sentences


def test_spans_are_in_order_and_do_not_overlap_on_a_long_text():
    text = "\n\n".join(f"Paragraph {n} says {n * 7}% of voters agree. Dr. Jones disagrees... Why?" for n in range(50))
    spans = sentence_spans(text)
    assert len(spans) == 150
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:]))
    assert all(text[start:end] == text[start:end].strip() and text[start:end] for start, end in spans)
