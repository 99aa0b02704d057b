"""MAP@5 / P@1 of the shipped search with a cross-encoder's logit added (``train_cross_encoder.py``).

Each tweet's first candidates (``cross_encoder_candidates.py``) are ordered by
``logit(re-ranker probability) + w * cross-encoder logit``. ``w`` is chosen on training tweets the
cross-encoder did not see, then applied to dev. Two ways:

- ``--scores``: the out-of-fold logits of ``train_cross_encoder.py --folds``; dev is scored by the
  fold models (averaged, in the same file) or by an exported model (``--dev``).
- ``--onnx MODEL... --hold-every K``: exported models, the j-th trained without the training tweets
  j, j + K, j + 2K, ... (``train_cross_encoder.py --export --hold-every K --hold-offset j``), each
  scoring the tweets it did not see, run by the app's code; ``w`` is chosen on those held tweets
  and the calibration that turns the combined score into a probability is fitted on them
  (``calibration``). This is how the app's constants in evidence/matching/index.py were made; dev
  is then scored by the model trained on every training tweet (``--dev``).

Candidates beyond the first 20 keep their order after them, so the numbers are comparable with
``evaluate.py``.

Run: .venv/bin/python bench/matching/evaluate_cross_encoder.py --candidates /tmp/candidates.json \\
         (--scores /tmp/cross-scores.json | --onnx MODEL0 ... MODEL3 --hold-every 4) [--dev MODEL]
"""

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaluate import average_precision_at_5  # noqa: E402
from fit_reranker import fit  # noqa: E402

from evidence.matching.index import combined, final_probability  # noqa: E402

WEIGHTS = (0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0)


def measure(tweets: list[dict], logits: list, w: float, *, alone: bool = False) -> tuple[float, float]:
    """MAP@5 and P@1 over the tweets that have logits."""
    aps, firsts = [], []
    for tweet, cross in zip(tweets, logits, strict=True):
        if cross is None:
            continue
        keys = np.array(cross) if alone else combine(tweet, cross, w)
        order = np.lexsort((np.arange(len(keys)), -keys))
        ranked = [tweet["candidates"][i] for i in order] + tweet["candidates"][len(cross):]
        aps.append(average_precision_at_5(ranked, set(tweet["gold"])))
        firsts.append(ranked[0] in tweet["gold"])
    return float(np.mean(aps)), float(np.mean(firsts))


def show(result: tuple[float, float]) -> str:
    return f"MAP@5 {result[0]:.4f}  P@1 {result[1]:.4f}"


def onnx_logits(model: Path, tweets: list[dict], claims: dict[str, str]) -> list[list[float]]:
    """Logits of each tweet's first 20 candidates by an exported model, run by the app's own code
    (``evidence.matching.cross_encoder``); prints the time per tweet."""
    from evidence.matching.cross_encoder import CrossEncoder
    from evidence.matching.embeddings import TOKENIZER_PATH

    encoder = CrossEncoder(model, TOKENIZER_PATH, sha256=None)
    out, seconds = [], []
    for tweet in tweets:
        started = time.perf_counter()
        out.append(encoder.logits(tweet["text"], [claims[c] for c in tweet["candidates"][:20]]).tolist())
        seconds.append(time.perf_counter() - started)
    print(f"{model}: {np.median(seconds) * 1000:.0f} ms a tweet for its 20 candidates "
          f"(median; 95th percentile {np.percentile(seconds, 95) * 1000:.0f} ms)")
    return out


def cross_fitted(models: list[Path], every: int, tweets: list[dict], claims: dict[str, str]) -> tuple[list, list]:
    """The training tweets that the models were trained without (``tweets[j::every]`` for the j-th)
    and their logits, each tweet scored by the model that did not see it."""
    held, logits = [], []
    for offset, model in enumerate(models):
        held += tweets[offset::every]
        logits += onnx_logits(model, tweets[offset::every], claims)
    return held, logits


def calibration(tweets: list[dict], logits: list, unmatched: list, w: float) -> tuple[float, float]:
    """``(a, b)`` so that ``sigmoid(a * (logit(p) + w * cross) + b)`` is the probability that a
    candidate is a fact-check of the tweet's claim: a logistic regression over the tweets'
    candidates (gold ones positive) and over the candidates found with the gold claims left out
    of the index (all negative), so that a high score needs a match, not just the best candidate."""
    sums, labels = [], []
    for tweet, cross, other in zip(tweets, logits, unmatched, strict=True):
        sums += [combine(tweet, cross, w), combine(tweet["unmatched"], other, w)]
        labels += [np.isin(tweet["candidates"][:len(cross)], tweet["gold"]), np.zeros(len(other))]
    (a,), b = fit(np.concatenate(sums)[:, None], np.concatenate(labels).astype(np.float64))
    return float(a), b


def combine(tweet: dict, cross: list[float], w: float) -> np.ndarray:
    return combined(tweet["probabilities"][:len(cross)], cross, w)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=Path, required=True)
    parser.add_argument("--scores", type=Path, help="out-of-fold logits from train_cross_encoder.py --folds")
    parser.add_argument("--onnx", type=Path, nargs="+",
                        help="models trained with --hold-every K --hold-offset 0, 1, ... (in that order)")
    parser.add_argument("--hold-every", type=int, default=0, help="the K of --onnx")
    parser.add_argument("--dev", type=Path, help="score dev with this exported model")
    args = parser.parse_args()
    if bool(args.scores) == bool(args.onnx) or bool(args.onnx) != bool(args.hold_every):
        parser.error("give --scores, or --onnx with --hold-every")
    data = json.loads(args.candidates.read_text())
    claims = data["claims"]
    if args.onnx:
        tweets, logits = cross_fitted(args.onnx, args.hold_every, data["train"], claims)
        print(f"train, the {len(tweets)} tweets that the {len(args.onnx)} model(s) were trained without:")
    else:
        scores = json.loads(args.scores.read_text())
        train = [(t, s) for t, s in zip(data["train"], scores["train"], strict=True) if s is not None]
        tweets, logits = [t for t, _ in train], [s for _, s in train]
        print(f"train, out of fold ({scores['folds']} fold(s) done, {len(tweets)} tweets):")
    print(f"  re-ranked search     {show(measure(tweets, logits, 0.0))}")
    print(f"  cross-encoder alone  {show(measure(tweets, logits, 0.0, alone=True))}")
    for w in WEIGHTS:
        print(f"  combined, w = {w:<4}   {show(measure(tweets, logits, w))}")
    best = max(WEIGHTS, key=lambda w: measure(tweets, logits, w)[0])
    for depth in (5, 10):
        print(f"  w = {best}, only the first {depth:<2}  {show(measure(tweets, [c[:depth] for c in logits], best))}")
    if args.onnx:
        _, unmatched = cross_fitted(args.onnx, args.hold_every,
                                    [t["unmatched"] | {"text": t["text"]} for t in data["train"]], claims)
        a, b = calibration(tweets, logits, unmatched, best)
        print(f"CROSS_WEIGHT = {best}\nCALIBRATION = ({a:.4f}, {b:.4f})")
        def final(tweet: dict, cross: list[float]) -> np.ndarray:
            return final_probability(tweet["probabilities"][:len(cross)], cross, best, (a, b))

        true_best = np.array([max((s for s, c in zip(final(t, x), t["candidates"]) if c in t["gold"]), default=0.0)
                              for t, x in zip(tweets, logits, strict=True)])
        wrong_best = np.array([np.max(final(t["unmatched"], x), initial=0.0) for t, x in zip(tweets, unmatched, strict=True)])
        for threshold in (0.5, 0.6, 0.7, 0.8):
            print(f"  score >= {threshold}: true match {np.mean(true_best >= threshold):.0%} of tweets, "
                  f"best candidate with the true match left out {np.mean(wrong_best >= threshold):.0%}")
    if args.onnx and not args.dev:
        return
    dev = data["dev"]
    dev_logits = onnx_logits(args.dev, dev, claims) if args.dev else scores["dev"]
    source = args.dev or f"the fold models, averaged ({scores['folds']})"
    print(f"dev ({len(dev)} tweets, scored by {source}), w = {best} chosen on train:")
    print(f"  re-ranked search     {show(measure(dev, dev_logits, 0.0))}")
    print(f"  cross-encoder alone  {show(measure(dev, dev_logits, 0.0, alone=True))}")
    print(f"  combined             {show(measure(dev, dev_logits, best))}")


if __name__ == "__main__":
    main()
