"""Fit the re-ranker's logistic regression on the CheckThat! 2020 training tweets.

For every training query the index pools its candidates (``index.features``); a
candidate is positive when it is a gold claim of the query. The regression is
fitted by Newton's method with a small L2 penalty on standardised features, then
expressed on the raw features, and printed as the constants to paste into
evidence/matching/index.py. Also prints MAP@5 / P@1 of 5-fold cross-validation
(folds by query) and, for the threshold of claim.prior_fact_checks, how often the
true match and the best wrong candidate reach each score. Only ``train`` is read.
The tweets' vectors are adapted out of fold (``fit_adapter.out_of_fold``): each by a
query adapter fitted on the other folds, as the desk's adapter never saw its queries.

Run: .venv/bin/python bench/matching/fit_reranker.py [--vectors CACHE.npy]
"""

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaluate import average_precision_at_5, corpus_index, queries  # noqa: E402
from fit_adapter import gold_positions, out_of_fold  # noqa: E402

from evidence.matching import embeddings, mpnet  # noqa: E402
from evidence.matching.index import FEATURES, features  # noqa: E402

PENALTY = 0.1
FOLDS = 5


def leave_out(index, lexical: np.ndarray, *cosines: np.ndarray, gold: set[str]) -> None:
    """Take the gold claims out of a query's system scores (in place), as if not in the index."""
    out = [index.ids.index(doc) for doc in gold]
    lexical[out] = 0.0
    for cosine in cosines:
        cosine[out] = -1.0


def fit(rows: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, float]:
    """Weights on the raw features and the intercept."""
    mean, spread = rows.mean(axis=0), rows.std(axis=0) + 1e-9
    design = np.c_[(rows - mean) / spread, np.ones(len(rows))]
    penalty = PENALTY * np.diag([1.0] * rows.shape[1] + [0.0])
    weights = np.zeros(design.shape[1])
    for _ in range(100):
        p = 1 / (1 + np.exp(-design @ weights))
        gradient = design.T @ (p - labels) + penalty @ weights
        hessian = (design * (p * (1 - p))[:, None]).T @ design + penalty
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.abs(step).max() < 1e-10:
            break
    raw = weights[:-1] / spread
    return raw, float(weights[-1] - raw @ mean)


def fit_all(per_query: list, unmatched: list) -> tuple[np.ndarray, float]:
    """The regression over every candidate row: ``per_query`` holds (candidates, rows, labels,
    gold) per tweet, ``unmatched`` the rows of the same tweets with their gold claims left out."""
    return fit(np.vstack([q[1] for q in per_query] + unmatched),
               np.concatenate([q[2] for q in per_query] + [np.zeros(len(r)) for r in unmatched]))


def cross_validate(per_query: list, unmatched: list, ids: list) -> tuple[float, float]:
    """MAP@5 and P@1 of ``FOLDS``-fold cross-validation by tweet (tweet i in fold i % FOLDS)."""
    aps, firsts = [], []
    for fold in range(FOLDS):
        kept = [i for i in range(len(per_query)) if i % FOLDS != fold]
        weights, intercept = fit_all([per_query[i] for i in kept], [unmatched[i] for i in kept])
        for candidates, rows, _, gold in per_query[fold::FOLDS]:
            scores = rows @ weights + intercept
            top = [ids[candidates[i]] for i in np.lexsort((np.arange(len(scores)), -scores))[:5]]
            aps.append(average_precision_at_5(top, gold))
            firsts.append(bool(top) and top[0] in gold)
    return float(np.mean(aps)), float(np.mean(firsts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vectors", type=Path, help="cache the claims' vectors in this .npy file")
    args = parser.parse_args()

    index = corpus_index(args.vectors)
    _, texts, golds = queries("train")
    vectors = out_of_fold(embeddings.encode(texts), gold_positions(index, golds), index.vectors)
    wide = mpnet.encode(texts)
    per_query = []
    for text, vector, wide_vector, gold in zip(texts, vectors, wide, golds, strict=True):
        candidates, rows = features(*index.systems(text, vector, wide_vector))
        labels = np.array([index.ids[c] in gold for c in candidates], dtype=np.float64)
        per_query.append((candidates, rows, labels, gold))
    # The same tweets with their gold claims left out: queries with no match, all of
    # whose candidates are negatives, so that the score means "this is a fact-check of
    # the claim" and not merely "this is the best of the candidates".
    unmatched = []
    for text, vector, wide_vector, gold in zip(texts, vectors, wide, golds, strict=True):
        systems = index.systems(text, vector, wide_vector)
        leave_out(index, *systems, gold=gold)
        unmatched.append(features(*systems)[1])
    print(f"train: {len(per_query)} queries; a gold claim among the candidates for "
          f"{np.mean([q[2].any() for q in per_query]):.1%}")

    cv_map, cv_first = cross_validate(per_query, unmatched, index.ids)
    print(f"{FOLDS}-fold cross-validation: MAP@5 {cv_map:.4f}  P@1 {cv_first:.4f}")

    weights, intercept = fit_all(per_query, unmatched)
    print(f"# {', '.join(FEATURES)}")
    print(f"WEIGHTS = np.array([{', '.join(f'{w:.4f}' for w in weights)}], dtype=np.float64)")
    print(f"INTERCEPT = {intercept:.4f}")

    true_best = [(1 / (1 + np.exp(-(rows[labels == 1] @ weights + intercept)))).max(initial=0.0)
                 for _, rows, labels, _ in per_query]
    wrong_best = [(1 / (1 + np.exp(-(rows @ weights + intercept)))).max(initial=0.0) for rows in unmatched]
    for threshold in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7):
        print(f"score >= {threshold}: true match {np.mean(np.array(true_best) >= threshold):.0%} of tweets, "
              f"best candidate with the true match left out {np.mean(np.array(wrong_best) >= threshold):.0%}")


if __name__ == "__main__":
    main()
