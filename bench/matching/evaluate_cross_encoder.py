"""MAP@5 / P@1 of the shipped search with a cross-encoder's logit added (``train_cross_encoder.py``).

Each tweet's first candidates (``cross_encoder_candidates.py``) are ordered by
``logit(re-ranker probability) + w * cross-encoder logit``; ``w`` is chosen on the training tweets'
out-of-fold logits (``--scores`` from ``train_cross_encoder.py --folds``) and then applied to dev,
scored either by the fold models (averaged, in the same file) or, with ``--onnx``, by one exported
model run through onnxruntime as the app would run it. Candidates beyond the first 20 keep their
order after them, so the numbers are comparable with ``evaluate.py``.

Run: .venv/bin/python bench/matching/evaluate_cross_encoder.py --candidates /tmp/candidates.json \\
         --scores /tmp/cross-scores.json [--onnx /tmp/cross-export/model.onnx]
"""

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaluate import average_precision_at_5  # noqa: E402

WEIGHTS = (0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0)


def measure(tweets: list[dict], logits: list, w: float, *, alone: bool = False) -> tuple[float, float]:
    """MAP@5 and P@1 over the tweets that have logits."""
    aps, firsts = [], []
    for tweet, cross in zip(tweets, logits, strict=True):
        if cross is None:
            continue
        p = np.clip(np.array(tweet["probabilities"][:len(cross)]), 1e-6, 1 - 1e-6)
        combined = np.array(cross) if alone else np.log(p / (1 - p)) + w * np.array(cross)
        order = np.lexsort((np.arange(len(combined)), -combined))
        ranked = [tweet["candidates"][i] for i in order] + tweet["candidates"][len(cross):]
        aps.append(average_precision_at_5(ranked, set(tweet["gold"])))
        firsts.append(ranked[0] in tweet["gold"])
    return float(np.mean(aps)), float(np.mean(firsts))


def show(result: tuple[float, float]) -> str:
    return f"MAP@5 {result[0]:.4f}  P@1 {result[1]:.4f}"


def onnx_logits(model: Path, tweets: list[dict], claims: dict[str, str]) -> list[list[float]]:
    """Logits of each tweet's first 20 candidates by the exported model; prints the time per tweet."""
    import onnxruntime
    from tokenizers import Tokenizer

    from evidence.matching.embeddings import TOKENIZER_PATH

    tokenizer = Tokenizer.from_file(str(TOKENIZER_PATH))
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    tokenizer.enable_truncation(max_length=160)
    session = onnxruntime.InferenceSession(str(model), providers=["CPUExecutionProvider"])
    out, seconds = [], []
    for tweet in tweets:
        started = time.perf_counter()
        encodings = tokenizer.encode_batch([(tweet["text"], claims[c]) for c in tweet["candidates"][:20]])
        inputs = {name: np.array([getattr(e, field) for e in encodings], dtype=np.int64) for name, field in (
            ("input_ids", "ids"), ("attention_mask", "attention_mask"), ("token_type_ids", "type_ids"))}
        out.append(session.run(["logits"], inputs)[0].tolist())
        seconds.append(time.perf_counter() - started)
    print(f"{model}: {np.median(seconds) * 1000:.0f} ms a tweet for its 20 candidates (median; "
          f"95th percentile {np.percentile(seconds, 95) * 1000:.0f} ms)")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=Path, required=True)
    parser.add_argument("--scores", type=Path, required=True)
    parser.add_argument("--onnx", type=Path, help="score dev with this exported model instead of the fold models")
    args = parser.parse_args()
    data = json.loads(args.candidates.read_text())
    scores = json.loads(args.scores.read_text())
    train = [(t, s) for t, s in zip(data["train"], scores["train"], strict=True) if s is not None]
    tweets, logits = [t for t, _ in train], [s for _, s in train]
    print(f"train, out of fold ({scores['folds']} fold(s) done, {len(tweets)} tweets):")
    print(f"  re-ranked search     {show(measure(tweets, logits, 0.0))}")
    print(f"  cross-encoder alone  {show(measure(tweets, logits, 0.0, alone=True))}")
    for w in WEIGHTS:
        print(f"  combined, w = {w:<4}   {show(measure(tweets, logits, w))}")
    best = max(WEIGHTS, key=lambda w: measure(tweets, logits, w)[0])
    dev = data["dev"]
    dev_logits = onnx_logits(args.onnx, dev, data["claims"]) if args.onnx else scores["dev"]
    source = args.onnx or f"the fold models, averaged ({scores['folds']})"
    print(f"dev ({len(dev)} tweets, scored by {source}), w = {best} chosen on train:")
    print(f"  re-ranked search     {show(measure(dev, dev_logits, 0.0))}")
    print(f"  cross-encoder alone  {show(measure(dev, dev_logits, 0.0, alone=True))}")
    print(f"  combined             {show(measure(dev, dev_logits, best))}")


if __name__ == "__main__":
    main()
