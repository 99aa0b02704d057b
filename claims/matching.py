"""Locate a quote in an article's text, tolerating typographic differences.

Pure functions: no models. The span returned always points into the
article's own text, so the stored quote is the article's wording.
"""

from dataclasses import dataclass

from rapidfuzz import fuzz

# A fuzzy match must reach this similarity (0-100) to be accepted.
FUZZY_THRESHOLD = 90.0
# Quotes shorter than this must match exactly (after normalisation): short
# fragments score high against almost anything.
MIN_FUZZY_LENGTH = 20

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " ", "\u2026": "...",
    }
)
_OPENERS = "\"'(\u2018\u201c$\u00a3\u20ac"


@dataclass(frozen=True)
class QuoteMatch:
    start: int
    end: int
    score: float
    exact: bool


def normalise(text: str) -> tuple[str, list[int]]:
    """Fold quotes, dashes and whitespace runs; return the text and an index map.

    ``positions[i]`` is the offset in ``text`` of character ``i`` of the result,
    with one extra entry for the end.
    """
    out: list[str] = []
    positions: list[int] = []
    previous_space = True  # drops leading whitespace
    for offset, char in enumerate(text):
        folded = char.translate(_TRANSLATE)
        if char.isspace() or folded == " ":
            if previous_space:
                continue
            folded, previous_space = " ", True
        else:
            previous_space = False
        for piece in folded:
            out.append(piece.lower())
            positions.append(offset)
    while out and out[-1] == " ":
        out.pop()
        positions.pop()
    positions.append(positions[-1] + 1 if positions else 0)
    return "".join(out), positions


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span that cuts through a word so it covers whole words, and drop
    the spaces and punctuation it picked up at its start."""
    while start < end and not (text[start].isalnum() or text[start] in _OPENERS):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return start, end


def closest_passage(text: str, quote: str) -> QuoteMatch | None:
    """The passage of ``text`` most similar to ``quote``, whatever its score."""
    norm_text, positions = normalise(text)
    norm_quote, _ = normalise(quote)
    if not norm_quote or not norm_text:
        return None
    found = norm_text.find(norm_quote)
    if found >= 0:
        start, end = positions[found], positions[found + len(norm_quote) - 1] + 1
        return QuoteMatch(start, end, 100.0, exact=True)
    alignment = fuzz.partial_ratio_alignment(norm_quote, norm_text)
    if alignment is None or alignment.dest_end <= alignment.dest_start:
        return None
    start = positions[alignment.dest_start]
    end = positions[alignment.dest_end - 1] + 1
    start, end = snap_to_words(text, start, end)
    return QuoteMatch(start, end, alignment.score, exact=False)


def locate_quote(text: str, quote: str) -> QuoteMatch | None:
    """Find ``quote`` in ``text``: exactly, or fuzzily above the threshold.

    Returns None when the quote is not there; use ``closest_passage`` to say
    what was nearest.
    """
    match = closest_passage(text, quote)
    if match is None:
        return None
    if match.exact:
        return match
    if len(normalise(quote)[0]) < MIN_FUZZY_LENGTH or match.score < FUZZY_THRESHOLD:
        return None
    return match


def quote_at_span(text: str, quote: str, start: int | None, end: int | None) -> bool:
    """True when ``quote`` is, after normalisation, the text at ``[start:end]``."""
    if start is None or end is None or end > len(text) or start >= end:
        return False
    return normalise(text[start:end])[0] == normalise(quote)[0]
