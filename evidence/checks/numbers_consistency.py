"""claim.numbers_consistency: numbers in the claim against its evidence excerpts.

Counts, percentages, amounts of money, years and dates in the claim are
paired with those in the excerpt of every supporting and refuting evidence
item (see ``evidence.numbers`` for how they are found, paired and compared).

Outcomes:

* ``skipped`` when the claim has no numbers, when no supporting or refuting
  item has an excerpt, or when no excerpt mentions any of the claim's numbers.
* ``warning`` (the flag) when the excerpt of a *supporting* item gives a
  different value for a number of the claim: the newsroom relies on that
  source to support the claim, and it says something else.
* ``passed`` otherwise: the claim's numbers that the excerpts mention agree.

Refuting evidence is never a flag. An excerpt that refutes the claim is
expected to disagree with its numbers (that is often what refutes it), so a
disagreement there is reported as information, in the message and in the
details, and the check passes.
"""

from evidence.numbers import MATCH, MISMATCH, Verdict, compare, describe

from .base import PASSED, SKIPPED, WARNING, Check, Outcome
from .registry import register

SUPPORTS = "supports"


@register
class NumbersConsistency(Check):
    check_id = "claim.numbers_consistency"
    version = 2
    target_kind = "claim"
    title = "Numbers agree with the evidence"
    uses = ("claim_text", "quote", "evidence")

    def run(self, inputs: dict) -> Outcome:
        claim_text = inputs.get("claim_text") or inputs.get("quote") or ""
        items = [item for item in inputs.get("evidence") or [] if (item.get("excerpt") or "").strip()]
        comparison = compare(claim_text, [item["excerpt"] for item in items])
        numbers = [q.text for q in comparison.claim_quantities]
        if not numbers:
            return Outcome(SKIPPED, "The claim has no numbers to compare.")
        if not items:
            return Outcome(
                SKIPPED, "No supporting or refuting evidence has an excerpt to compare the claim's numbers with.",
                details={"claim_numbers": numbers},
            )

        def item_of(verdict: Verdict) -> dict:
            return items[verdict.excerpt_index]

        details = {
            "claim_numbers": numbers,
            "comparisons": [
                {
                    "claim": describe(v.claim),
                    "kind": v.claim.kind,
                    "evidence": item_of(v)["id"],
                    "stance": item_of(v)["stance"],
                    "excerpt": describe(v.excerpt_quantity) if v.excerpt_quantity else None,
                    "verdict": v.verdict,
                    "reason": v.reason,
                }
                for v in comparison.verdicts
            ],
        }
        supporting = [v for v in comparison.verdicts if item_of(v)["stance"] == SUPPORTS]
        flags = [v for v in supporting if v.verdict == MISMATCH]
        expected = [v for v in comparison.verdicts if v.verdict == MISMATCH and item_of(v)["stance"] != SUPPORTS]
        matches = [v for v in comparison.verdicts if v.verdict == MATCH]

        if flags:
            first = flags[0]
            message = (
                f"Claim says “{first.claim.text}” but evidence #{item_of(first)['id']} "
                f"says “{first.excerpt_quantity.text}”."
            )
            if len(flags) > 1:
                message += f" {len(flags) - 1} more disagreement{'s' if len(flags) > 2 else ''} in the details."
            decided = [v for v in supporting if v.verdict in (MATCH, MISMATCH)]
            score = 1 - len(flags) / len(decided)
            return Outcome(WARNING, message, score=round(score, 3), details=details)

        if not matches and not expected:
            return Outcome(
                SKIPPED,
                f"No excerpt mentions the claim's numbers ({', '.join(numbers)}).",
                details=details,
            )
        parts = []
        if matches:
            first = matches[0]
            parts.append(f"“{first.claim.text}” matches the excerpt of evidence #{item_of(first)['id']}")
            others = len({v.claim for v in matches}) - 1
            if others:
                parts[-1] += f", and {others} other number{'s' if others > 1 else ''} agree{'s' if others == 1 else ''}"
        if expected:
            first = expected[0]
            parts.append(
                f"refuting evidence #{item_of(first)['id']} says “{first.excerpt_quantity.text}” where the claim "
                f"says “{first.claim.text}”, as expected of evidence that refutes it"
            )
        message = "; ".join(parts)
        return Outcome(PASSED, message[0].upper() + message[1:] + ".", score=1.0, details=details)
