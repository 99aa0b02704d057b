"""The shipped check-worthiness model: ranks checkable statements first and says why."""

import subprocess
import sys
from pathlib import Path

import numpy as np

from claims.checkworthiness import features
from claims.checkworthiness.model import MODEL_PATH, model, score_documents


def test_factual_statements_outrank_chatter():
    sentences = [
        "Thank you all for being here tonight.",
        "Unemployment fell from 10 percent to 4.1 percent while I was governor.",
        "What do you think about that?",
        "We spent $700 billion on the military last year, more than the next ten countries combined.",
        "I want to say hello to my family.",
    ]
    (scored,) = score_documents([sentences])
    ranked = [sentences[i] for i in sorted(range(5), key=lambda i: -scored[i].score)]
    assert set(ranked[:2]) == {sentences[1], sentences[3]}
    assert all(0.0 <= s.score <= 1.0 for s in scored)


def test_reasons_name_the_cues_that_raised_the_score():
    (scored,) = score_documents([["Crime rose 20 percent in 2019, according to the FBI."]])
    reason = scored[0].reason
    assert reason == "gives a percentage and contains a number"
    assert all(part in features.CUE_PHRASES.values() for part in reason.split(" and "))


def test_a_low_score_says_there_is_little_to_check():
    (scored,) = score_documents([["Thank you so much, everybody?"]])
    assert scored[0].score < 0.5
    assert scored[0].reason == "little to check: is a question and expresses an opinion or intention"


def test_context_changes_scores_only_through_neighbours():
    alone = score_documents([["He said so."]])[0][0].score
    after_numbers = score_documents([["The deficit was 3 trillion dollars in 2020.", "He said so."]])[0][1].score
    assert alone != after_numbers


def test_the_model_is_small_and_loaded_once():
    assert MODEL_PATH.stat().st_size < 3_000_000
    assert model() is model()
    assert score_documents([[]]) == [[]]


def test_a_neighbours_embedding_changes_the_score():
    vectors = np.eye(3, 384)
    (alone,) = model().score_documents([["The deficit was 3 trillion dollars in 2020."]], vectors[:1])
    (after,) = model().score_documents([["He said so.", "The deficit was 3 trillion dollars in 2020."]],
                                       vectors[[1, 0]])
    assert alone[0].score != after[1].score


def test_importing_the_model_does_not_load_the_evidence_app():
    code = "import sys, claims.checkworthiness.model; print(any(m.startswith('evidence') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.stdout.strip() == "False"
