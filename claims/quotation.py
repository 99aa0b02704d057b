"""Quotation marks in stored quotes and on the page (pure: no models).

A span of an article that ends inside a quotation reaches its closing mark (and
one that starts inside a quotation goes back to its opening mark), so a stored
quote never carries half a pair. On the page a quote stands in double marks, and
the quotations inside it in single ones: never two double marks side by side.
"""

import re

OPENING, CLOSING, STRAIGHT = "\u201c\u201e", "\u201d", '"'
# How far a span may be widened to reach the other mark of a pair: the rest of its paragraph.
MAX_WIDENING = 600


class _Marks:
    """The double marks read so far that wait for their pair, and the closers that had none.
    A straight mark closes an open straight mark, otherwise it opens."""

    def __init__(self):
        self.open: list[tuple[int, str]] = []
        self.closers: list[int] = []

    def read(self, offset: int, char: str) -> None:
        if char in OPENING:
            self.open.append((offset, char))
        elif char in CLOSING or char == STRAIGHT:
            straight = char == STRAIGHT
            for i in range(len(self.open) - 1, -1, -1):
                if (self.open[i][1] == STRAIGHT) == straight:
                    del self.open[i]
                    return
            if straight:
                self.open.append((offset, char))
            else:
                self.closers.append(offset)


def _unmatched(text: str) -> tuple[list[int], list[int]]:
    """Offsets of the double marks in ``text`` left without their pair: (openers, closers)."""
    marks = _Marks()
    for offset, char in enumerate(text):
        marks.read(offset, char)
    return [offset for offset, _ in marks.open], marks.closers


def balance_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``text[start:end]`` so its double quotation marks pair up: to the closing
    mark of a quotation it opens, and back to the opening mark of one it closes, within
    its paragraph. A lone mark whose pair is not found there is left out when it is at
    the span's edge."""
    marks = _Marks()
    for offset in range(start, end):
        marks.read(offset, text[offset])
    if marks.open:
        first_open = marks.open[0][0]
        limit = min(len(text), end + MAX_WIDENING)
        paragraph_end = text.find("\n", end, limit)
        for offset in range(end, paragraph_end if paragraph_end >= 0 else limit):
            marks.read(offset, text[offset])
            if not marks.open:
                end = offset + 1
                break
        else:
            if first_open == start:
                start += 1
    if marks.closers:
        last_closer, waiting = marks.closers[-1], len(marks.closers)
        limit = max(0, start - MAX_WIDENING)
        paragraph_start = text.rfind("\n", limit, start)
        for offset in range(start - 1, paragraph_start if paragraph_start >= 0 else limit - 1, -1):
            waiting += (text[offset] in CLOSING) - (text[offset] in OPENING)
            if waiting == 0:
                start = offset
                break
        else:
            if last_closer == end - 1:
                end -= 1
    return start, end


_WORD_BEFORE = re.compile(r"[\w.,!?;:\u2026)\]]")


def nest(text: str) -> str:
    """``text`` with its double quotation marks turned into single ones, for display
    inside a pair of double marks."""
    out = []
    for offset, char in enumerate(text):
        if char in OPENING:
            out.append("\u2018")
        elif char in CLOSING:
            out.append("\u2019")
        elif char == STRAIGHT:
            before = text[offset - 1] if offset else " "
            out.append("\u2019" if _WORD_BEFORE.match(before) else "\u2018")
        else:
            out.append(char)
    return "".join(out)


def quoted(text: str) -> str:
    """``text`` in double quotation marks, the quotations inside it in single ones. A
    text that is itself one whole quotation is not wrapped twice."""
    text = text.strip()
    if len(text) >= 2 and text[0] in OPENING + STRAIGHT and text[-1] in CLOSING + STRAIGHT:
        inner = text[1:-1]
        if not any(_unmatched(inner)):
            text = inner
    return f"\u201c{nest(text)}\u201d"
