"""Do small gains on CheckThat! 2019 survive choosing their settings without the held-out transcript?

    .venv/bin/python bench/checkworthiness/nested.py --cache /tmp/cw-ct.npy [--logits /tmp/cw-nested.npz]

Leaving one transcript out, a post-processing step picked by looking at all 19 held-out
transcripts can look like a gain that is only the spread of 19 average precisions. Here each
candidate is also chosen honestly: for held-out transcript i, the setting (or a learned second
stage) is fitted on the other 18 transcripts' inner out-of-fold scores (each scored by a model
trained on the remaining 17), then applied to transcript i's outer score. That is 19 + 19 × 18
model fits, about 15 minutes on two cores (``--logits`` keeps them between runs).

Candidates, all usable on articles (no speakers):
- graph smoothing: a sentence's score plus w times the mean score of the other sentences of its
  document, weighted by softmax(cosine / t) of the MiniLM vectors (repeated talking points and
  disputed claims recur within a debate);
- neighbours: plus a times the larger score of the previous and next sentences (labels come in runs);
- a learned second stage: balanced logistic regression over the two regressions' logits, the
  smoothing and neighbour terms and the score's z-value within its document.
"""

import argparse
import itertools
import sys
from pathlib import Path

import numpy as np
from scipy.special import expit
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score

sys.path.insert(0, str(Path(__file__).resolve().parent))
import evaluate  # noqa: E402
import train  # noqa: E402

from claims.checkworthiness import features  # noqa: E402

GRID = list(itertools.product([0.02, 0.05, 0.1], [0, 0.25, 0.5, 1, 2], [0, 0.1, 0.3]))  # (t, w, a)


def fold_logits(transcripts, vectors, starts, held_out: int | None) -> tuple[np.ndarray, np.ndarray]:
    """Word and embedding logits of every transcript except ``held_out``, each from a model trained
    on the transcripts other than itself and ``held_out`` (NaN for ``held_out``)."""
    words = np.full(starts[-1], np.nan)
    embedded = np.full(starts[-1], np.nan)
    for j, (_, sentences, _) in enumerate(transcripts):
        if j == held_out:
            continue
        keep = [k for k in range(len(transcripts)) if k not in (j, held_out)]
        model = evaluate.fit_on(transcripts, vectors, starts, keep)
        own = slice(starts[j], starts[j + 1])
        words[own] = (model.word_matrix(sentences) @ model.word_coef
                      + features.cue_matrix([sentences]) @ model.cue_coef + model.intercept)
        embedded[own] = (features.embedding_matrix([sentences], vectors[own]) @ model.embedding_coef
                         + model.embedding_intercept)
    return words, embedded


class Folds:
    """The transcripts' labels, spans and within-transcript cosine similarities, and the
    post-processing terms computed from them."""

    def __init__(self, transcripts, vectors, starts):
        self.labels = np.array([y for _, _, ys in transcripts for y in ys])
        self.spans = [slice(starts[i], starts[i + 1]) for i in range(len(transcripts))]
        self.similarity = [vectors[s] @ vectors[s].T for s in self.spans]

    def average_precision(self, scores: np.ndarray, docs) -> float:
        return float(np.mean([average_precision_score(self.labels[self.spans[i]], scores[self.spans[i]])
                              for i in docs]))

    def terms(self, score: np.ndarray, t: float) -> tuple[np.ndarray, np.ndarray]:
        """(similarity-weighted mean of the other sentences' scores, max of the neighbours' scores)."""
        smoothed, neighbours = np.zeros_like(score), np.zeros_like(score)
        for span, similarity in zip(self.spans, self.similarity):
            s = score[span]
            weights = np.where(np.eye(len(s), dtype=bool), -np.inf, similarity) / t
            weights = np.exp(weights - weights.max(1, keepdims=True))
            smoothed[span] = (weights / weights.sum(1, keepdims=True)) @ s
            neighbours[span] = np.maximum(np.r_[0, s[:-1]], np.r_[s[1:], 0])
        return smoothed, neighbours

    def post(self, score, t, w, a):
        smoothed, neighbours = self.terms(score, t)
        return score + w * smoothed + a * neighbours

    def second_stage_features(self, words, embedded):
        score = np.nan_to_num((expit(words) + expit(embedded)) / 2)  # 0 on the held-out transcript
        smoothed, neighbours = self.terms(score, 0.05)
        z = np.zeros_like(score)
        for span in self.spans:
            z[span] = (score[span] - score[span].mean()) / (score[span].std() + 1e-9)
        return np.nan_to_num(np.column_stack([words, embedded, smoothed, neighbours, z]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", type=Path, help="a .npy file to keep the sentence embeddings in between runs")
    parser.add_argument("--logits", type=Path, help="a .npz file to keep the 19 + 342 fits' logits in")
    args = parser.parse_args()
    transcripts = train.checkthat2019()
    starts = np.cumsum([0] + [len(s) for _, s, _ in transcripts])
    vectors = evaluate.vectors_for([s for _, doc, _ in transcripts for s in doc], args.cache).astype(np.float64)
    n = len(transcripts)
    if args.logits and args.logits.is_file():
        saved = np.load(args.logits)
        outer, inner = saved["outer"], saved["inner"]
    else:
        outer = np.array(fold_logits(transcripts, vectors, starts, None))
        inner = np.array([fold_logits(transcripts, vectors, starts, i) for i in range(n)])
        if args.logits:
            np.savez(args.logits, outer=outer, inner=inner)
    folds = Folds(transcripts, vectors, starts)
    everyone = range(n)
    base = (expit(outer[0]) + expit(outer[1])) / 2
    print(f"shipped average, MAP over {n}: {folds.average_precision(base, everyone):.3f}")

    chosen_on_test = {g: folds.post(base, *g) for g in GRID}
    best = max(GRID, key=lambda g: folds.average_precision(chosen_on_test[g], everyone))
    print(f"best (t, w, a) chosen on the held-out transcripts themselves {best}: "
          f"{folds.average_precision(chosen_on_test[best], everyone):.3f}")

    nested = np.zeros_like(base)
    learned = np.zeros_like(base)
    outer_features = folds.second_stage_features(*outer)
    for i in everyone:
        others = [j for j in everyone if j != i]
        inner_base = np.nan_to_num((expit(inner[i][0]) + expit(inner[i][1])) / 2)
        g = max(GRID, key=lambda g: folds.average_precision(folds.post(inner_base, *g), others))
        nested[folds.spans[i]] = chosen_on_test[g][folds.spans[i]]
        rows = np.concatenate([np.arange(folds.spans[j].start, folds.spans[j].stop) for j in others])
        stage = LogisticRegression(class_weight="balanced", max_iter=1000)
        stage.fit(folds.second_stage_features(*inner[i])[rows], folds.labels[rows])
        learned[folds.spans[i]] = stage.predict_proba(outer_features[folds.spans[i]])[:, 1]
        print(f"  {transcripts[i][0]:28} chose (t, w, a) = {g}")
    print(f"smoothing and neighbours, chosen on the other 18 each time: {folds.average_precision(nested, everyone):.3f}")
    print(f"learned second stage, fitted on the other 18 each time: {folds.average_precision(learned, everyone):.3f}")


if __name__ == "__main__":
    main()
