"""A MiniLM cross-encoder: reads a claim and a candidate fact-check together and scores the pair.

The bi-encoder (``embeddings``) compares two vectors made apart; this model sees both texts at
once, as "[CLS] claim [SEP] candidate [SEP]", so it can weigh who said what, numbers and
negations. It is too slow to run over a whole index (about 15 ms a pair on two cores), so
``MatchIndex.search`` runs it over the first candidates only. The int8 ONNX file and how it was
trained are described in models/cross-encoder/README.md; nothing is downloaded.
"""

import threading
from functools import cache
from pathlib import Path

import numpy as np

from .embeddings import TOKENIZER_PATH, load

MODEL_PATH = Path(__file__).resolve().parents[2] / "models" / "cross-encoder" / "model.onnx"
MODEL_SHA256 = "f70e8b4546b9360c063c8bfbf8edf93ec21bac4d07eedaf6c0a1b234c2c4a530"
MAX_TOKENS = 160  # as in training (bench/matching/train_cross_encoder.py)


class CrossEncoder:
    """``logits(query, texts) -> float32 array``: how well each text matches the query (higher is better)."""

    def __init__(self, model_path: Path, tokenizer_path: Path, *, sha256: str | None = MODEL_SHA256):
        """``sha256=None`` skips the hash check, for a model being evaluated (bench/matching)."""
        self.session, self.tokenizer = load(model_path, sha256, tokenizer_path, MAX_TOKENS)
        self._lock = threading.Lock()

    def logits(self, query: str, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros(0, dtype=np.float32)
        with self._lock:
            encodings = self.tokenizer.encode_batch([(query or " ", text or " ") for text in texts])
        inputs = {
            name: np.array([getattr(e, field) for e in encodings], dtype=np.int64)
            for name, field in (("input_ids", "ids"), ("attention_mask", "attention_mask"), ("token_type_ids", "type_ids"))
        }
        (logits,) = self.session.run(["logits"], inputs)
        return logits.astype(np.float32)


@cache
def model() -> CrossEncoder:
    """The process's cross-encoder, loaded on first use."""
    return CrossEncoder(MODEL_PATH, TOKENIZER_PATH)


def logits(query: str, texts: list[str]) -> np.ndarray:
    return model().logits(query, list(texts))
