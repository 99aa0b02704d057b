"""Cut an article's text into paragraphs of highlighted segments (pure functions).

The desk's article page marks every logged claim at its span. Spans may
overlap or run across paragraphs; cutting the text at every span boundary
gives flat segments, each knowing which spans cover it, so the page never
has to nest or interleave its markup. Templates escape the segment texts.
"""

import re
from dataclasses import dataclass
from typing import Any

# Paragraphs are separated by a blank line (html_to_text and pasted text agree on this).
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_WORD = re.compile(r"\S+")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Span:
    """A marked range ``[start, end)`` of the text; ``payload`` is what the page shows for it."""

    start: int
    end: int
    payload: Any


@dataclass(frozen=True)
class Segment:
    """A run of text covered by the same spans.

    ``covering`` holds the payloads of the spans over the text, ``ending`` those of
    the spans that finish with it (where the page puts their labels), both in span order.
    """

    text: str
    covering: tuple = ()
    ending: tuple = ()


def paragraph_ranges(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` offsets of each paragraph of ``text``."""
    ranges, start = [], 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        if match.start() > start:
            ranges.append((start, match.start()))
        start = match.end()
    if start < len(text):
        ranges.append((start, len(text)))
    return ranges


def highlight(text: str, spans: list[Span]) -> list[list[Segment]]:
    """Paragraphs of ``text``, each a list of segments, marked with ``spans``.

    Spans outside the text or empty are ignored. A span that crosses a paragraph
    break is marked in each paragraph it touches and ends in the last one.
    """
    valid = sorted(
        (s for s in spans if 0 <= s.start < s.end <= len(text)), key=lambda s: (s.start, -s.end)
    )
    ranges = paragraph_ranges(text)
    paragraphs = []
    for index, (p_start, p_end) in enumerate(ranges):
        next_start = ranges[index + 1][0] if index + 1 < len(ranges) else len(text) + 1
        inside = [s for s in valid if s.start < p_end and s.end > p_start]
        cuts = {p_start, p_end}
        for span in inside:
            cuts.update((max(span.start, p_start), min(span.end, p_end)))
        points = sorted(cuts)
        segments = []
        for a, b in zip(points, points[1:]):
            covering = tuple(s.payload for s in inside if s.start <= a and s.end >= b)
            ending = tuple(
                s.payload for s in inside if s.end < next_start and min(s.end, p_end) == b
            )
            segments.append(Segment(text[a:b], covering, ending))
        paragraphs.append(segments)
    return paragraphs


def quote_context(text: str, start: int, end: int, *, words: int = 25) -> tuple[str, str, str]:
    """The quote at ``[start, end)`` with up to ``words`` words either side.

    Returns ``(before, quote, after)`` with whitespace runs folded to one space and
    an ellipsis where the context is cut.
    """
    before_words = list(_WORD.finditer(text, 0, start))
    cut = before_words[-words].start() if len(before_words) > words else 0
    before = ("…" if cut > 0 else "") + _SPACES.sub(" ", text[cut:start]).lstrip()
    after_words = list(_WORD.finditer(text, end))
    stop = after_words[words - 1].end() if len(after_words) > words else len(text)
    after = _SPACES.sub(" ", text[end:stop]).rstrip() + ("…" if stop < len(text) else "")
    return before, _SPACES.sub(" ", text[start:end]), after
