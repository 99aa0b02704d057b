"""claim.quote_in_article: the quote is still at its span in the article."""

from claims.matching import closest_passage, quote_at_span

from .base import FAILED, PASSED, SKIPPED, WARNING, Check, Outcome
from .registry import register


@register
class QuoteInArticle(Check):
    check_id = "claim.quote_in_article"
    version = 1
    target_kind = "claim"
    title = "Quote is in the article"
    uses = ("quote", "span_start", "span_end", "article_text")

    def run(self, inputs: dict) -> Outcome:
        text, quote = inputs["article_text"], inputs["quote"]
        start, end = inputs["span_start"], inputs["span_end"]
        if text is None:
            return Outcome(SKIPPED, "The claim has no article; nothing to compare the quote with.")
        if quote_at_span(text, quote, start, end):
            return Outcome(
                PASSED, f"The quote is at characters {start}–{end} of the article.",
                score=1.0, details={"start": start, "end": end},
            )
        match = closest_passage(text, quote)
        if match and match.exact:
            return Outcome(
                WARNING,
                f"The quote moved: it is now at characters {match.start}–{match.end}, "
                f"not {start}–{end}.",
                score=1.0,
                details={"start": match.start, "end": match.end, "old_start": start, "old_end": end},
            )
        nearest = text[match.start:match.end] if match else ""
        return Outcome(
            FAILED,
            "The quote is no longer in the article"
            + (f"; the closest passage ({match.score:.0f}% similar) reads: “{nearest[:120]}”" if match else "."),
            score=(match.score / 100) if match else 0.0,
            details={"closest": nearest, "similarity": match.score if match else 0},
        )
