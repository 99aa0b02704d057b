"""claim.numbers_consistency run on inputs dicts, as the engine prepares them."""

import pytest

from evidence.checks import registry
from evidence.checks.base import PASSED, SKIPPED, WARNING
from evidence.checks.numbers_consistency import NumbersConsistency
from evidence.services import claim_inputs
from tests.factories import make_claim, make_evidence

ALFA = (
    "Computer logs show that two servers at Alfa Bank sent more than 2,700 “look-up” messages "
    "to a Trump-connected server beginning in the spring."
)


def inputs(claim, *items):
    return {
        "claim_text": claim,
        "quote": claim,
        "evidence": [
            {"id": item_id, "stance": stance, "title": "", "excerpt": excerpt}
            for item_id, stance, excerpt in items
        ],
    }


def run(claim, *items):
    return NumbersConsistency().run(inputs(claim, *items))


def test_it_is_registered_as_a_claim_check():
    assert registry.get("claim.numbers_consistency") is NumbersConsistency
    assert NumbersConsistency.target_kind == "claim"
    assert set(NumbersConsistency.uses) <= set(
        {"claim_text", "quote", "evidence", "span_start", "span_end", "article_text", "claim_date"}
    )


@pytest.mark.parametrize(
    ("claim", "items", "state", "message"),
    [
        (
            "Alfa Bank servers sent more than 27,000 look-ups to a Trump server.",
            [(4, "supports", ALFA)],
            WARNING,
            "Claim says “more than 27,000” but evidence #4 says “more than 2,700”.",
        ),
        (
            "Alfa Bank servers sent 2,700 look-ups to a Trump server.",
            [(12, "supports", ALFA)],
            PASSED,
            "“2,700” matches the excerpt of evidence #12.",
        ),
        (
            "The server was registered in 2009.",
            [(3, "supports", "The server was registered in 2016 by Cendyn.")],
            WARNING,
            "Claim says “2009” but evidence #3 says “2016”.",
        ),
        (
            "The server was registered in 2009.",
            [(3, "refutes", "The server was registered in 2016 by Cendyn.")],
            PASSED,
            "Refuting evidence #3 says “2016” where the claim says “2009”, as expected of evidence that refutes it.",
        ),
        (
            "Alfa Bank servers sent look-ups to a Trump server.",
            [(4, "supports", ALFA)],
            SKIPPED,
            "The claim has no numbers to compare.",
        ),
        (
            "Alfa Bank servers sent 2,700 look-ups.",
            [],
            SKIPPED,
            "No supporting or refuting evidence has an excerpt to compare the claim's numbers with.",
        ),
        (
            "Alfa Bank servers sent 2,700 look-ups.",
            [(4, "supports", "   ")],
            SKIPPED,
            "No supporting or refuting evidence has an excerpt to compare the claim's numbers with.",
        ),
        (
            "The server was registered in 2009.",
            [(5, "supports", "Cendyn is an email marketing firm.")],
            SKIPPED,
            "No excerpt mentions the claim's numbers (2009).",
        ),
    ],
)
def test_outcomes(claim, items, state, message):
    outcome = run(claim, *items)
    assert (outcome.state, outcome.message) == (state, message)


def test_a_disagreeing_supporting_item_is_flagged_even_when_another_agrees():
    outcome = run(
        "The server was registered in 2009.",
        (1, "supports", "Records show it was registered in 2009."),
        (2, "supports", "The server was registered in 2016."),
    )
    assert outcome.state == WARNING
    assert outcome.message == "Claim says “2009” but evidence #2 says “2016”."
    assert outcome.score == 0.5


def test_details_list_every_comparison():
    outcome = run(
        "Alfa Bank servers sent more than 27,000 look-ups in 2016.",
        (4, "supports", ALFA),
        (7, "refutes", "The logs date from 2016 and show 2,700 look-ups."),
    )
    assert outcome.details["claim_numbers"] == ["more than 27,000", "2016"]
    assert outcome.details["comparisons"] == [
        {"claim": "more than 27,000 look-ups", "kind": "count", "evidence": 4, "stance": "supports",
         "excerpt": "more than 2,700 look-up messages", "verdict": "mismatch", "reason": "different value"},
        {"claim": "2016", "kind": "year", "evidence": 4, "stance": "supports",
         "excerpt": None, "verdict": "not_mentioned", "reason": "no comparable number"},
        {"claim": "more than 27,000 look-ups", "kind": "count", "evidence": 7, "stance": "refutes",
         "excerpt": "2,700 look-ups", "verdict": "mismatch", "reason": "different value"},
        {"claim": "2016", "kind": "year", "evidence": 7, "stance": "refutes",
         "excerpt": "2016", "verdict": "match", "reason": "same value"},
    ]


def test_several_disagreements_are_counted_in_the_message():
    outcome = run(
        "700 000 learners wrote matric and 120 000 passed, a pass rate of 17 percent.",
        (1, "supports", "504,303 learners wrote matric and 409,906 passed, a pass rate of 81 percent."),
    )
    assert outcome.state == WARNING
    assert outcome.message.endswith("2 more disagreements in the details.")


@pytest.mark.django_db
def test_inputs_prepared_by_the_engine(fact_checker):
    claim = make_claim(text="Two Alfa Bank servers sent more than 27,000 look-ups to a Trump server.")
    supporting = make_evidence(claim=claim, excerpt=ALFA, user=fact_checker)
    make_evidence(claim=claim, stance="context", excerpt="The server sent 27,000 messages.", user=fact_checker)
    outcome = NumbersConsistency().run(claim_inputs(claim, list(claim.evidence.all())))
    assert outcome.state == WARNING
    assert outcome.message == f"Claim says “more than 27,000” but evidence #{supporting.pk} says “more than 2,700”."
