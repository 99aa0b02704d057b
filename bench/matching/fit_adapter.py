"""Fit the query adapter of claim matching on the CheckThat! 2020 training tweets.

The adapter is a 384 x 384 matrix ``A`` applied to a query's MiniLM vector before the cosine
(``normalise(A @ q)``); the fact-checks' stored vectors are unchanged, so nothing in the database
is re-encoded and the search costs the same. It is fitted (NumPy, Adam, full batch, fixed
settings) with the multiple-negatives ranking loss against every verified claim of the corpus
(softmax over 10,375 claims, scale 20), starting from the identity and pulled towards it by an L2
penalty: the tweets of ``train`` are few (800), so the adapter only bends the space a little.

Writes models/minilm/query-adapter.npy (float32, read by evidence/matching/index.py) and prints
the cosine-only MAP@5 of 5-fold cross-validation against no adapter. ``out_of_fold`` gives the
re-ranker (fit_reranker.py) training vectors adapted by adapters that never saw those tweets.

Run: .venv/bin/python bench/matching/fit_adapter.py --vectors /tmp/checkthat-claims.npy
"""

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaluate import ROOT, average_precision_at_5, corpus_index, queries  # noqa: E402

from evidence.matching import embeddings  # noqa: E402
from evidence.matching.index import ADAPTER_PATH  # noqa: E402

STEPS = 40
LEARNING_RATE = 3e-3
PENALTY = 1e-2
SCALE = 20.0
FOLDS = 5


def _normalise(rows: np.ndarray) -> np.ndarray:
    return rows / np.clip(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12, None)


def fit(query_vectors: np.ndarray, gold_positions: list[list[int]], corpus: np.ndarray) -> np.ndarray:
    """The adapter matrix for these queries (rows of ``query_vectors``) and their gold claims."""
    pairs = [(q, d) for q, golds in enumerate(gold_positions) for d in golds]
    q = query_vectors[[p[0] for p in pairs]].astype(np.float64)
    target = np.array([p[1] for p in pairs])
    corpus = corpus.astype(np.float32)
    dims = q.shape[1]
    identity = np.eye(dims)
    a = identity.copy()
    first, second = np.zeros_like(a), np.zeros_like(a)
    for step in range(1, STEPS + 1):
        u = q @ a.T
        norms = np.clip(np.linalg.norm(u, axis=1, keepdims=True), 1e-12, None)
        z = u / norms
        logits = SCALE * (z.astype(np.float32) @ corpus.T)
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        p[np.arange(len(target)), target] -= 1.0
        grad_z = SCALE * (p @ corpus).astype(np.float64) / len(target)
        grad_u = (grad_z - z * (grad_z * z).sum(axis=1, keepdims=True)) / norms
        gradient = grad_u.T @ q + 2 * PENALTY * (a - identity)
        # Adam
        first = 0.9 * first + 0.1 * gradient
        second = 0.999 * second + 0.001 * gradient**2
        a -= LEARNING_RATE * (first / (1 - 0.9**step)) / (np.sqrt(second / (1 - 0.999**step)) + 1e-8)
    return a.astype(np.float32)


def adapt(a: np.ndarray, vectors: np.ndarray) -> np.ndarray:
    return _normalise(vectors @ a.T).astype(np.float32)


def gold_positions(index, golds: list[set[str]]) -> list[list[int]]:
    position = {doc: i for i, doc in enumerate(index.ids)}
    return [[position[d] for d in sorted(gold) if d in position] for gold in golds]


def out_of_fold(query_vectors: np.ndarray, positions: list[list[int]], corpus: np.ndarray) -> np.ndarray:
    """Each query's vector adapted by an adapter fitted on the other folds (query i is in fold i % 5)."""
    out = np.zeros_like(query_vectors)
    rows = np.arange(len(query_vectors))
    for fold in range(FOLDS):
        kept, held = rows[rows % FOLDS != fold], rows[rows % FOLDS == fold]
        a = fit(query_vectors[kept], [positions[i] for i in kept], corpus)
        out[held] = adapt(a, query_vectors[held])
    return out


def cosine_map(vectors: np.ndarray, corpus: np.ndarray, index, golds) -> float:
    best = np.argsort(-(vectors @ corpus.T), axis=1)[:, :5]
    return float(np.mean([average_precision_at_5([index.ids[d] for d in row], gold) for row, gold in zip(best, golds, strict=True)]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vectors", type=Path, help="cache the claims' vectors in this .npy file")
    parser.add_argument("--out", type=Path, default=ADAPTER_PATH)
    args = parser.parse_args()

    index = corpus_index(args.vectors)
    _, texts, golds = queries("train")
    vectors = embeddings.encode(texts)
    positions = gold_positions(index, golds)
    oof = out_of_fold(vectors, positions, index.vectors)
    print(f"train, cosine only, {FOLDS}-fold CV: MAP@5 {cosine_map(vectors, index.vectors, index, golds):.4f} "
          f"without adapter, {cosine_map(oof, index.vectors, index, golds):.4f} with")
    a = fit(vectors, positions, index.vectors)
    np.save(args.out, a, allow_pickle=False)
    print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")


if __name__ == "__main__":
    main()
