"""Sentence splitting with character offsets that point exactly into the given text.

pysbd is rule-based and offline. It is run paragraph by paragraph (a line break always ends a
sentence in stored article text) and each sentence it returns is located in the original text
rather than trusting its own offsets, so ``text[start:end]`` is always the sentence.
"""

import re
from functools import cache

import pysbd

_PARAGRAPH = re.compile(r"[^\n]+")


@cache
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the sentences of ``text``, in order, without outer whitespace."""
    spans = []
    for paragraph in _PARAGRAPH.finditer(text):
        base = paragraph.start()
        body = paragraph.group()
        if not body.strip():
            continue
        cursor = 0
        for segment in _segmenter().segment(body):
            piece = segment.strip()
            if not piece:
                continue
            found = body.find(piece, cursor)
            if found < 0:
                # pysbd changed the wording (it should not with clean=False): keep the rest of the
                # paragraph as one sentence rather than invent offsets.
                rest = body[cursor:]
                found = cursor + len(rest) - len(rest.lstrip())
                piece = rest.strip()
                if not piece:
                    break
            spans.append((base + found, base + found + len(piece)))
            cursor = found + len(piece)
        tail = body[cursor:].strip()
        if tail and cursor < len(body):
            # Text pysbd dropped (trailing fragments): keep it as a sentence of its own.
            found = body.find(tail, cursor)
            spans.append((base + found, base + found + len(tail)))
    return spans
