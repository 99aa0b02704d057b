"""claim.numbers_consistency: numbers in the claim against its evidence excerpts."""

from .base import SKIPPED, Check, Outcome
from .registry import register


@register
class NumbersConsistency(Check):
    check_id = "claim.numbers_consistency"
    version = 1
    target_kind = "claim"
    title = "Numbers agree with the evidence"
    uses = ("claim_text", "quote", "evidence")

    def run(self, inputs: dict) -> Outcome:
        return Outcome(SKIPPED, "Number comparison is being written.")
