"""evidence.excerpt_in_source: the excerpt relied on is in the archived source text.

Outcomes (how the text is searched and the thresholds: ``evidence.excerpts``):

* ``passed``: the excerpt's words are in the source, in order; the details give
  the character offsets, the paragraph and the text around it.
* ``warning``: a near match (similarity at least 88%, more for short excerpts);
  the message names the first difference and the details list them all, word
  by word. The item stays strong (its excerpt is there, worded differently);
  the editor decides whether the difference matters.
* ``failed``: not in the source; the details give the closest passage. The item
  becomes weak ("excerpt not found in source").
* ``skipped``: no excerpt, or no archived text yet (archiving the link attaches
  a snapshot later, which queues this check again).
"""

from evidence.excerpts import FOUND, NEAR, context_around, find_excerpt, paragraph_number

from .base import FAILED, PASSED, SKIPPED, WARNING, Check, Outcome
from .registry import register

NOT_FOUND = "excerpt not found in source"


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@register
class ExcerptInSource(Check):
    check_id = "evidence.excerpt_in_source"
    version = 1
    target_kind = "evidence"
    title = "Excerpt is in the source"
    uses = ("excerpt", "snapshot_id")

    def run(self, inputs: dict) -> Outcome:
        excerpt = (inputs.get("excerpt") or "").strip()
        text = inputs.get("snapshot_text")
        if not excerpt:
            return Outcome(SKIPPED, "No excerpt to look for.")
        if inputs.get("snapshot_id") is None or text is None:
            return Outcome(SKIPPED, "The source is not archived yet; the excerpt is checked once it is.")
        if not text.strip():
            return Outcome(SKIPPED, "The archived source has no text to search.")

        match = find_excerpt(text, excerpt)
        if match.start is None:
            return Outcome(
                FAILED, "The excerpt is not in the source.", score=0.0, weak_reason=NOT_FOUND,
                details={"closest": None, "similarity": 0},
            )
        passage = text[match.start:match.end]
        before, after = context_around(text, match.start, match.end)
        location = {
            "start": match.start,
            "end": match.end,
            "paragraph": paragraph_number(text, match.start),
            "before": before,
            "passage": passage,
            "after": after,
        }
        if match.verdict == FOUND:
            return Outcome(
                PASSED,
                f"Found in paragraph {location['paragraph']} of the source "
                f"(characters {match.start:,}–{match.end:,}).",
                score=1.0, details=location,
            )
        differences = [
            {"before": d.before, "excerpt": d.excerpt, "source": d.source} for d in match.differences
        ]
        if match.verdict == NEAR:
            first = match.differences[0]
            said = " ".join(filter(None, [first.before, first.excerpt]))
            reads = " ".join(filter(None, [first.before, first.source]))
            if first.excerpt and first.source:
                change = f"'{_shorten(said)}' reads '{_shorten(reads)}' in the source"
            elif first.excerpt:
                change = f"'{_shorten(said)}' is not in the source"
            else:
                change = f"the source has '{_shorten(reads)}' there"
            more = len(match.differences) - 1
            message = f"Near match ({match.score:.0f}%): {change}" + (
                f"; {more} more difference{'s' if more > 1 else ''} in the details." if more else "."
            )
            return Outcome(
                WARNING, message, score=round(match.score / 100, 3),
                details={**location, "similarity": match.score, "differences": differences},
            )
        return Outcome(
            FAILED,
            f"The excerpt is not in the source; the closest passage ({match.score:.0f}% similar) "
            f"reads: “{_shorten(passage, 120)}”",
            score=round(match.score / 100, 3), weak_reason=NOT_FOUND,
            details={"closest": passage, "similarity": match.score, "start": match.start, "end": match.end,
                     "paragraph": location["paragraph"]},
        )
