"""The cross-encoder loads from disk, offline, and the search's second stage uses it."""

import numpy as np
import pytest

from evidence.checks.prior_fact_checks import THRESHOLD
from evidence.matching import cross_encoder, embeddings
from evidence.matching.embeddings import ModelUnavailable
from evidence.matching.index import MatchIndex, encode


def test_the_fact_check_of_the_same_claim_reads_as_the_best_match():
    tweet = "BREAKING: Bill Gates wants to put microchips in the COVID vaccine #plandemic"
    same, other_claim_about_gates, unrelated = cross_encoder.logits(tweet, [
        "Bill Gates plans to use COVID-19 vaccines to implant microchips in people.",
        "Bill Gates said the COVID-19 vaccine would kill 700,000 people.",
        "Bananas are rich in potassium.",
    ])
    assert same > other_claim_about_gates + 2
    assert other_claim_about_gates > unrelated


def test_a_model_file_that_is_not_the_expected_one_is_refused(tmp_path):
    fake = tmp_path / "model.onnx"
    fake.write_bytes(b"not a model")
    with pytest.raises(ModelUnavailable, match="sha256"):
        cross_encoder.CrossEncoder(fake, embeddings.TOKENIZER_PATH)


FACT_CHECKS = [
    "Unemployment in Ohio doubled last year.",
    "Unemployment in Michigan doubled last year.",
    "Bananas contain more potassium than any other fruit.",
]


@pytest.fixture(scope="module")
def index():
    return MatchIndex(["ohio", "michigan", "bananas"], FACT_CHECKS, *encode(FACT_CHECKS))


def test_the_same_claim_scores_above_the_checks_threshold_and_a_neighbouring_one_far_below(index):
    (best, best_score), (second, second_score), _ = index.search("Ohio's unemployment rate doubled over the last year", top=3)
    assert best == "ohio" and best_score >= THRESHOLD
    assert second == "michigan" and second_score < 0.2


def test_the_second_stage_changes_the_scores_not_the_number_of_results(index):
    query = "Did unemployment double in Ohio?"
    first_stage = index.search(query, top=2, cross_encode=False)
    searched = index.search(query, top=2)
    assert [doc for doc, _ in searched] == [doc for doc, _ in first_stage] == ["ohio", "michigan"]
    assert searched != first_stage, "the cross-encoder's logit moves the probabilities"
    assert len(index.search(query, top=50)) == 3
    assert np.all(np.diff([score for _, score in index.search(query, top=3)]) <= 0)
