"""claim.prior_fact_checks lists only candidates whose score means something, and its
message agrees with the list: no "none found" above a list of unrelated fact-checks."""

from evidence.checks.prior_fact_checks import LIST_THRESHOLD, THRESHOLD, PriorFactChecks


def candidate(n: int, score: float) -> dict:
    return {"id": n, "kind": "external", "publisher": "PolitiFact", "claim_reviewed": f"Claim {n}",
            "rating": "False", "url": f"https://example.org/{n}", "score": score}


def run(*scores: float):
    return PriorFactChecks().run({"prior_fact_checks": [candidate(n, s) for n, s in enumerate(scores)],
                                  "match_index_size": 100})


def test_unrelated_candidates_are_not_listed_and_nothing_is_said_to_be_found():
    outcome = run(0.01, 0.004, 0.0)
    assert outcome.state == "passed"
    assert outcome.message == "No earlier fact-check of this claim found."
    assert outcome.details["listed"] == []


def test_similar_candidates_below_the_warning_are_listed_and_the_message_says_so():
    middle = (LIST_THRESHOLD + THRESHOLD) / 2
    outcome = run(middle, 0.01)
    assert outcome.state == "passed"
    assert [c["id"] for c in outcome.details["listed"]] == [0]
    assert outcome.message.startswith("Not clearly checked before: 1 similar fact-check listed below")


def test_a_match_above_the_threshold_warns_and_is_listed():
    outcome = run(0.9, 0.02)
    assert outcome.state == "warning" and outcome.message.startswith("Checked before: PolitiFact")
    assert [c["id"] for c in outcome.details["listed"]] == [0]
