"""Find an evidence excerpt in its source's archived text, and say how it differs.

Pure functions: no models, no I/O. Texts are compared by their words: case,
punctuation, typographic quotes and dashes, and whitespace are ignored (see
``words_of``), and every offset returned points into the source's own text.

How an excerpt is judged (``find_excerpt``):

* ``found``: its words appear, in order and unchanged, in the source. An
  excerpt cut with an ellipsis ("... " or "[...]") is found when each of its
  parts is, in order.
* ``near``: not verbatim, but a passage of the source aligns with it (rapidfuzz
  ``partial_ratio`` over the whole text) with a similarity of at least
  ``near_threshold(length)``: ``NEAR_THRESHOLD`` (88) for excerpts of
  ``FULL_WEIGHT_LENGTH`` (60) characters or more, rising linearly to 96 at
  ``MIN_FUZZY_LENGTH`` (20). Short fragments align well with almost any text by
  chance (a 12-character phrase scores 100 against many passages), so shorter
  excerpts need a closer match, and excerpts under 20 characters must be
  verbatim.
* ``missing``: otherwise. The closest passage is still reported, for the editor.

The thresholds were set on the evaluation in ``bench/excerpts/`` (real sentences
from Climate-FEVER and LIAR-PLUS: exact copies, typos, changed numbers,
paraphrases, truncations, sentences from other documents); its README section
gives the command and the accuracy.
"""

import difflib
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from claims.matching import normalise, snap_to_words

MIN_FUZZY_LENGTH = 20
FULL_WEIGHT_LENGTH = 60
NEAR_THRESHOLD = 88.0
SHORT_THRESHOLD = 96.0
# Characters of source text shown on each side of a found passage.
CONTEXT_CHARS = 120

FOUND, NEAR, MISSING = "found", "near", "missing"

_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:\.\s*){3}\]|\[\s*…\s*\]|\.{3}|…)\s*")
_PARAGRAPH_BREAK = re.compile(r"\n\s*")


@dataclass(frozen=True)
class Difference:
    """One changed run of words: what the excerpt says and what the source says there."""

    excerpt: str
    source: str
    # A few unchanged words before the change, to show where it is.
    before: str = ""


@dataclass(frozen=True)
class ExcerptMatch:
    verdict: str  # FOUND, NEAR or MISSING
    score: float  # similarity 0-100 of the excerpt and the passage
    start: int | None = None  # the passage, as offsets into the source text
    end: int | None = None
    differences: tuple[Difference, ...] = field(default_factory=tuple)


def words_of(text: str) -> tuple[str, list[int]]:
    """``text`` as lower-case words separated by single spaces, and an index map.

    Quotes, dashes and other punctuation become word breaks, except inside
    numbers ("2,700" and "3.5" stay whole). ``positions[i]`` is the offset in
    ``text`` of character ``i`` of the result, with one extra entry for the end.
    """
    folded, folded_positions = normalise(text)
    out: list[str] = []
    positions: list[int] = []
    for i, char in enumerate(folded):
        keep = char.isalnum() or (
            char in ",." and 0 < i < len(folded) - 1 and folded[i - 1].isdigit() and folded[i + 1].isdigit()
        )
        if keep:
            out.append(char)
            positions.append(folded_positions[i])
        elif out and out[-1] != " ":
            out.append(" ")
            positions.append(folded_positions[i])
    if out and out[-1] == " ":
        out.pop()
        positions.pop()
    positions.append(positions[-1] + 1 if positions else 0)
    return "".join(out), positions


def near_threshold(length: int) -> float:
    """The similarity a near match needs, for an excerpt of ``length`` word characters."""
    if length >= FULL_WEIGHT_LENGTH:
        return NEAR_THRESHOLD
    share = (length - MIN_FUZZY_LENGTH) / (FULL_WEIGHT_LENGTH - MIN_FUZZY_LENGTH)
    return SHORT_THRESHOLD - max(share, 0.0) * (SHORT_THRESHOLD - NEAR_THRESHOLD)


def _find_parts(norm_text: str, parts: list[str]) -> tuple[int, int] | None:
    """Where ``parts`` occur verbatim, in order, in ``norm_text`` (normalised offsets)."""
    start = end = None
    cursor = 0
    for part in parts:
        found = _find_words(norm_text, part, cursor)
        if found < 0:
            return None
        start = found if start is None else start
        end = cursor = found + len(part)
    return (start, end) if start is not None else None


def _find_words(haystack: str, needle: str, begin: int = 0) -> int:
    """The first occurrence of ``needle`` in ``haystack`` on word boundaries, or -1."""
    found = haystack.find(needle, begin)
    while found >= 0:
        before_ok = found == 0 or haystack[found - 1] == " "
        after = found + len(needle)
        if before_ok and (after == len(haystack) or haystack[after] == " "):
            return found
        found = haystack.find(needle, found + 1)
    return -1


def word_differences(excerpt: str, passage: str, *, context_words: int = 2) -> tuple[Difference, ...]:
    """The runs of words that differ between ``excerpt`` and ``passage`` (in their own spelling)."""
    excerpt_words, passage_words = excerpt.split(), passage.split()
    matcher = difflib.SequenceMatcher(
        a=[words_of(w)[0] for w in excerpt_words], b=[words_of(w)[0] for w in passage_words], autojunk=False
    )
    differences = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        before = " ".join(excerpt_words[max(a1 - context_words, 0):a1])
        differences.append(
            Difference(excerpt=" ".join(excerpt_words[a1:a2]), source=" ".join(passage_words[b1:b2]), before=before)
        )
    return tuple(differences)


def find_excerpt(text: str, excerpt: str) -> ExcerptMatch:
    """Judge whether ``excerpt`` is in ``text`` (see the module docstring)."""
    norm_text, positions = words_of(text)
    norm_excerpt, _ = words_of(excerpt)
    if not norm_text or not norm_excerpt:
        return ExcerptMatch(MISSING, 0.0)

    parts = [words_of(piece)[0] for piece in _ELLIPSIS.split(excerpt)]
    parts = [part for part in parts if part]
    span = _find_parts(norm_text, parts)
    if span is not None:
        return ExcerptMatch(FOUND, 100.0, positions[span[0]], positions[span[1] - 1] + 1)

    # Align the excerpt without its ellipses; a long excerpt against a short
    # text is aligned the other way round by rapidfuzz, which is what we want.
    needle = " ".join(parts)
    alignment = fuzz.partial_ratio_alignment(needle, norm_text)
    if alignment is None or alignment.dest_end <= alignment.dest_start:
        return ExcerptMatch(MISSING, 0.0)
    if len(needle) > len(norm_text):
        dest_start, dest_end = 0, len(norm_text)
    else:
        dest_start, dest_end = alignment.dest_start, alignment.dest_end
    start, end = snap_to_words(text, positions[dest_start], positions[dest_end - 1] + 1)
    passage = text[start:end]
    score = round(fuzz.ratio(needle, words_of(passage)[0]), 1)
    fuzzy_allowed = len(needle) >= MIN_FUZZY_LENGTH
    verdict = NEAR if fuzzy_allowed and score >= near_threshold(len(needle)) else MISSING
    return ExcerptMatch(verdict, score, start, end, word_differences(excerpt, passage))


def paragraph_number(text: str, offset: int) -> int:
    """The 1-based paragraph (a block of text between line breaks) that ``offset`` falls in."""
    return len(_PARAGRAPH_BREAK.findall(text[:offset].lstrip())) + 1


def context_around(text: str, start: int, end: int, chars: int = CONTEXT_CHARS) -> tuple[str, str]:
    """Up to ``chars`` characters of ``text`` before ``start`` and after ``end``, cut at word
    breaks, with whitespace runs folded to single spaces."""
    before = text[max(start - chars, 0):start]
    after = text[end:end + chars]
    if start > chars and " " in before:
        before = before[before.index(" ") + 1:]
    if end + chars < len(text) and " " in after:
        after = after[:after.rindex(" ")]
    return re.sub(r"\s+", " ", before).lstrip(), re.sub(r"\s+", " ", after).rstrip()
