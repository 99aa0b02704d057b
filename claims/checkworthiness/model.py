"""The trained check-worthiness model: loaded once per process, scores sentences with reasons.

The model file (``model/checkworthiness.json.gz``, written by ``bench/checkworthiness/train.py``)
holds plain numbers for two logistic regressions whose probabilities are averaged: one over the
TF-IDF words and the named cues of ``features.CUES`` (vocabulary, IDF weights, coefficients,
intercept), and one over MiniLM sentence embeddings with their neighbours' (see
``features.embedding_matrix``). No pickled objects. Reasons come from the first, interpretable
regression only.
"""

import gzip
import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from scipy import sparse

from . import features

MODEL_PATH = Path(__file__).resolve().parent / "model" / "checkworthiness.json.gz"
REASON_PARTS = 2


@dataclass(frozen=True)
class Scored:
    score: float
    reason: str


def encode(sentences: list[str]) -> np.ndarray:
    """MiniLM unit vectors for sentences (the matching app's encoder, loaded on first use).

    Imported here, not at module level, so ``claims`` does not load ``evidence`` on import.
    """
    from evidence.matching import embeddings

    return embeddings.encode(sentences)


class CheckworthinessModel:
    """Two logistic regressions, probabilities averaged: sublinear TF-IDF words with the named cues
    of ``features``, and sentence embeddings with their neighbours'."""

    def __init__(self, *, vocabulary: list[str], idf, word_coef, cue_coef, intercept: float,
                 embedding_coef, embedding_intercept: float):
        if len(cue_coef) != len(features.CUE_NAMES):
            raise ValueError("model cues do not match features.CUES; retrain the model")
        self.vocabulary = list(vocabulary)
        self.index = {token: i for i, token in enumerate(self.vocabulary)}
        self.idf = np.asarray(idf, dtype=np.float64)
        self.word_coef = np.asarray(word_coef, dtype=np.float64)
        self.cue_coef = np.asarray(cue_coef, dtype=np.float64)
        self.intercept = float(intercept)
        self.embedding_coef = np.asarray(embedding_coef, dtype=np.float64)
        self.embedding_intercept = float(embedding_intercept)

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> "CheckworthinessModel":
        with gzip.open(path, "rt", encoding="utf-8") as f:
            data = json.load(f)
        return cls(vocabulary=data["vocabulary"], idf=data["idf"], word_coef=data["word_coef"],
                   cue_coef=data["cue_coef"], intercept=data["intercept"],
                   embedding_coef=data["embedding_coef"], embedding_intercept=data["embedding_intercept"])

    def save(self, path: Path, *, meta: dict) -> None:
        data = {
            "meta": meta,
            "cues": features.CUE_NAMES,
            "vocabulary": self.vocabulary,
            "idf": [round(float(v), 5) for v in self.idf],
            "word_coef": [round(float(v), 5) for v in self.word_coef],
            "cue_coef": [round(float(v), 5) for v in self.cue_coef],
            "intercept": round(self.intercept, 5),
            "embedding_coef": [round(float(v), 5) for v in self.embedding_coef],
            "embedding_intercept": round(self.embedding_intercept, 5),
        }
        # mtime=0 keeps the file byte-identical when retrained with the same data and seeds.
        with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
            f.write(json.dumps(data, separators=(",", ":")).encode())

    def word_matrix(self, sentences: list[str]) -> sparse.csr_matrix:
        """Sublinear TF-IDF rows, L2-normalised, over the model's vocabulary."""
        indptr, indices, values = [0], [], []
        for sentence in sentences:
            counts: dict[int, int] = {}
            for token in features.tokens(sentence):
                i = self.index.get(token)
                if i is not None:
                    counts[i] = counts.get(i, 0) + 1
            row = {i: (1.0 + math.log(c)) * self.idf[i] for i, c in counts.items()}
            norm = math.sqrt(sum(v * v for v in row.values())) or 1.0
            for i in sorted(row):
                indices.append(i)
                values.append(row[i] / norm)
            indptr.append(len(indices))
        return sparse.csr_matrix((values, indices, indptr), shape=(len(sentences), len(self.vocabulary)))

    def score_documents(self, documents: list[list[str]], vectors: np.ndarray | None = None
                        ) -> list[list[Scored]]:
        """Scores in [0, 1] and reasons for each sentence of each document (sentences in order).

        ``vectors`` (one embedding per sentence, in order) spares encoding them again.
        """
        flat = [s for doc in documents for s in doc]
        if not flat:
            return [[] for _ in documents]
        words = self.word_matrix(flat)
        cues = features.cue_matrix(documents)
        word_logits = words @ self.word_coef + cues @ self.cue_coef + self.intercept
        embedded = features.embedding_matrix(documents, encode(flat) if vectors is None else vectors)
        embedding_logits = embedded @ self.embedding_coef + self.embedding_intercept
        scores = (_sigmoid(word_logits) + _sigmoid(embedding_logits)) / 2
        results, position = [], 0
        for doc in documents:
            row = []
            for _ in doc:
                score = float(scores[position])
                row.append(Scored(score, self._reason(words, cues, position, score)))
                position += 1
            results.append(row)
        return results

    def _reason(self, words: sparse.csr_matrix, cues: np.ndarray, row: int, score: float) -> str:
        """The phrases of the features that moved this sentence's score most, in plain words.

        A sentence scored 0.5 or more is explained by what raised its score; one below by what
        lowered it.
        """
        sign = 1.0 if score >= 0.5 else -1.0
        contributions = [(sign * cues[row, j] * self.cue_coef[j], features.CUE_PHRASES[name])
                         for j, name in enumerate(features.CUE_NAMES)]
        start, end = words.indptr[row], words.indptr[row + 1]
        word_parts = sorted(((sign * words.data[k] * self.word_coef[words.indices[k]],
                              self.vocabulary[words.indices[k]]) for k in range(start, end)), reverse=True)
        chosen: list[tuple[float, str]] = []
        for weight, token in word_parts:
            # A word inside a chosen bigram (or the reverse) says nothing new.
            if weight <= 0 or len(chosen) == 2:
                break
            if not any(token in other or other in token for _, other in chosen):
                chosen.append((weight, token))
        if chosen:
            contributions.append((sum(w for w, _ in chosen),
                                  "uses " + " and ".join(f"“{token}”" for _, token in chosen)))
        top = sorted((c for c in contributions if c[0] > 0.05), reverse=True)[:REASON_PARTS]
        if not top:
            return "no strong sign either way"
        phrase = _join([phrase for _, phrase in top])
        return phrase if sign > 0 else "little to check: " + phrase


def _sigmoid(logits: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-logits))


def _join(phrases: list[str]) -> str:
    return phrases[0] if len(phrases) == 1 else ", ".join(phrases[:-1]) + " and " + phrases[-1]


@cache
def model() -> CheckworthinessModel:
    """The shipped model, read from disk on first use and kept for the life of the process."""
    return CheckworthinessModel.load()


def score_documents(documents: list[list[str]]) -> list[list[Scored]]:
    """Score the sentences of documents (each a list of sentences in order) with the shipped model."""
    return model().score_documents(documents)
