"""claim.prior_fact_checks: has this claim been fact-checked before, here or elsewhere?"""

from .base import PASSED, WARNING, Check, Outcome
from .registry import register

# A match score (the search's probability, evidence/matching/index.py) at or above this is
# reported as "checked before". On the 800 CheckThat! 2020 training tweets, each scored by a
# cross-encoder trained without it, the true match scored at least 0.7 for 49 % of them; with the
# true match left out of the index the best candidate did for 10 % (at 0.5: 66 % and 18 %;
# bench/matching/evaluate_cross_encoder.py, bench/README.md). Desk claims are shorter than
# tweets and score higher when they match; a false warning costs an editor one look at the list.
THRESHOLD = 0.7
# Only candidates scoring at least this are listed for the editor: the unrelated candidates that
# were listed before scored 0.00-0.01. Provisional: bench/matching/list_threshold.py measures it on
# the dev split (bench/README.md, "Which earlier fact-checks are listed"); not run yet.
LIST_THRESHOLD = 0.3


@register
class PriorFactChecks(Check):
    check_id = "claim.prior_fact_checks"
    version = 6
    target_kind = "claim"
    title = "Earlier fact-checks"
    uses = ("claim_text", "quote", "match_index_version")
    prepare = "match"

    def run(self, inputs: dict) -> Outcome:
        candidates = inputs["prior_fact_checks"]
        listed = [candidate for candidate in candidates if candidate["score"] >= LIST_THRESHOLD]
        details = {
            "candidates": candidates, "listed": listed, "threshold": THRESHOLD, "list_threshold": LIST_THRESHOLD,
            "index_size": inputs.get("match_index_size"),
        }
        best = candidates[0] if candidates else None
        if not listed:
            return Outcome(
                PASSED, "No earlier fact-check of this claim found.",
                score=best["score"] if best else 0.0, details=details,
            )
        if best["score"] < THRESHOLD:
            similar = f"{len(listed)} similar fact-check{'s' if len(listed) > 1 else ''}"
            return Outcome(
                PASSED,
                f"Not clearly checked before: {similar} listed below (best score {best['score']:.2f}); "
                "read them to be sure.",
                score=best["score"], details=details,
            )
        rated = f" rated a similar claim {best['rating']}" if best["rating"] else " checked a similar claim"
        return Outcome(
            WARNING, f"Checked before: {best['publisher'] or 'a fact-checker'}{rated} (score {best['score']:.2f}).",
            score=best["score"], details=details,
        )
