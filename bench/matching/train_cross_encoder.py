"""Train a MiniLM cross-encoder that reads a tweet and a candidate claim together.

Made the app's models/cross-encoder/model.onnx (bench/README.md, "A cross-encoder over the best
candidates"), offline: like ``finetune_minilm.py`` it runs under Python 3.11 with the CPU PyTorch
wheel, from the fp32 all-MiniLM-L6-v2 weights on disk, and downloads nothing. Other pairs of
claims and fact-checks can train it, given as a candidates file of the same shape.

Model: the MiniLM encoder over "[CLS] tweet [SEP] claim title [SEP]" (160 tokens at most), mean
pooling under the attention mask, one linear output: a relevance logit. Training: for each
training tweet, its gold claim and ``GROUP - 1`` wrong candidates drawn from the first ``TOP`` of
the shipped search (``cross_encoder_candidates.py``), softmax cross-entropy over the group (the
gold should win), four tweets a step, AdamW with warm-up and linear decay; seeds fixed.

Modes:
  --folds K --scores OUT.json   cross-fitting: for each of K folds of the training tweets, train on
                                the others and score the held tweets' candidates; dev candidates are
                                scored by every fold model and averaged
  --export DIR                  train on every training tweet and write DIR/model.onnx (int8
                                weights, float32 activations, by finetune_minilm.export_int8)
  --export DIR --hold-every K [--hold-offset J]
                                the same, leaving out every K-th training tweet (J, J + K, J + 2K,
                                ...); evaluate_cross_encoder.py scores the held tweets with the K
                                models (J = 0 ... K - 1) and chooses on them how the app combines
                                and calibrates the scores (K = 4); the app's model is then the
                                export on all the tweets

Run (2 cores: a fold of 400 tweets trains in about 10 minutes and scores in 4; the export trains on
all 800 tweets, about 20 minutes):
  /tmp/ft311/bin/python bench/matching/train_cross_encoder.py --weights WEIGHTS_DIR \\
      --candidates /tmp/candidates.json --folds 2 --scores /tmp/cross-scores.json
"""

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
from tokenizers import Tokenizer
from transformers import BertModel

sys.path.insert(0, str(Path(__file__).resolve().parent))

from finetune_minilm import export_int8  # noqa: E402

SEED = 13
EPOCHS = 2
LEARNING_RATE = 3e-5
GROUP = 8  # the gold claim and seven wrong candidates
TWEETS_PER_STEP = 4
TOP = 20
MAX_TOKENS = 160


class CrossEncoder(torch.nn.Module):
    def __init__(self, weights: Path):
        super().__init__()
        self.bert = BertModel.from_pretrained(str(weights), add_pooling_layer=False)
        self.head = torch.nn.Linear(self.bert.config.hidden_size, 1)

    def forward(self, input_ids, attention_mask, token_type_ids):
        hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                           token_type_ids=token_type_ids).last_hidden_state
        weights = attention_mask.unsqueeze(-1).float()
        pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
        return self.head(pooled).squeeze(-1)


class Pairs:
    """Tokenised (tweet, claim) pairs as the model's three input tensors."""

    def __init__(self, weights: Path):
        self.tokenizer = Tokenizer.from_file(str(weights / "tokenizer.json"))
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)

    def __call__(self, pairs: list[tuple[str, str]]):
        encodings = self.tokenizer.encode_batch(pairs)
        return tuple(torch.tensor([getattr(e, field) for e in encodings])
                     for field in ("ids", "attention_mask", "type_ids"))


def groups_of(tweets: list[dict]) -> list[tuple[str, str, list[str]]]:
    """(tweet, its first gold claim id, its wrong candidates among the first ``TOP``) per tweet."""
    out = []
    for tweet in tweets:
        wrong = [c for c in tweet["candidates"][:TOP] if c not in tweet["gold"]]
        out.append((tweet["text"], tweet["gold"][0], wrong))
    return out


def train(weights: Path, tweets: list[dict], claims: dict[str, str], pairs: Pairs, epochs: int,
          seed: int = SEED) -> CrossEncoder:
    random.seed(seed)
    torch.manual_seed(seed)
    model = CrossEncoder(weights)
    optimizer = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE, weight_decay=0.01)
    groups = groups_of(tweets)
    steps = epochs * -(-len(groups) // TWEETS_PER_STEP)
    warmup = max(1, steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / max(1, steps - warmup))))
    started, step = time.perf_counter(), 0
    for _ in range(epochs):
        model.train()
        order = random.sample(groups, len(groups))
        for start in range(0, len(order), TWEETS_PER_STEP):
            chunk = order[start:start + TWEETS_PER_STEP]
            batch = []
            for text, gold, wrong in chunk:
                drawn = random.sample(wrong, min(GROUP - 1, len(wrong)))
                drawn += [drawn[-1] if drawn else gold] * (GROUP - 1 - len(drawn))
                batch += [(text, claims[gold])] + [(text, claims[c]) for c in drawn]
            logits = model(*pairs(batch)).view(len(chunk), GROUP)
            loss = torch.nn.functional.cross_entropy(logits, torch.zeros(len(chunk), dtype=torch.long))
            loss.backward()
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            step += 1
            if step % 50 == 0:
                print(f"step {step}/{steps}, loss {loss.item():.3f}, {time.perf_counter() - started:.0f} s",
                      file=sys.stderr, flush=True)
    model.eval()
    return model


@torch.no_grad()
def score(model: CrossEncoder, tweets: list[dict], claims: dict[str, str], pairs: Pairs) -> list[list[float]]:
    """The logit of each tweet's first ``TOP`` candidates."""
    return [model(*pairs([(t["text"], claims[c]) for c in t["candidates"][:TOP]])).tolist() for t in tweets]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", type=Path, required=True, help="directory of the fp32 MiniLM model")
    parser.add_argument("--candidates", type=Path, required=True, help="from cross_encoder_candidates.py")
    parser.add_argument("--folds", type=int, default=0)
    parser.add_argument("--scores", type=Path)
    parser.add_argument("--export", type=Path)
    parser.add_argument("--hold-every", type=int, default=0)
    parser.add_argument("--hold-offset", type=int, default=0)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    if bool(args.folds) != bool(args.scores):
        parser.error("--folds and --scores go together")
    torch.set_num_threads(2)
    data = json.loads(args.candidates.read_text())
    claims, tweets, dev = data["claims"], data["train"], data["dev"]
    pairs = Pairs(args.weights)
    if args.folds:
        held_scores: list = [None] * len(tweets)
        dev_sum = None
        for fold in range(args.folds):
            kept = [t for i, t in enumerate(tweets) if i % args.folds != fold]
            held = [i for i in range(len(tweets)) if i % args.folds == fold]
            model = train(args.weights, kept, claims, pairs, args.epochs)
            for i, logits in zip(held, score(model, [tweets[i] for i in held], claims, pairs), strict=True):
                held_scores[i] = logits
            fold_dev = np.array([np.pad(s, (0, TOP - len(s))) for s in score(model, dev, claims, pairs)])
            dev_sum = fold_dev if dev_sum is None else dev_sum + fold_dev
            # Written after every fold, so a long run can be read (and stopped) early.
            args.scores.write_text(json.dumps({
                "folds": fold + 1, "train": held_scores,
                "dev": [row[:len(t["candidates"][:TOP])] for row, t in zip((dev_sum / (fold + 1)).tolist(), dev, strict=True)],
            }))
            print(f"fold {fold + 1}/{args.folds} done", file=sys.stderr, flush=True)
    if args.export:
        kept = [t for i, t in enumerate(tweets) if not args.hold_every or i % args.hold_every != args.hold_offset]
        model = train(args.weights, kept, claims, pairs, args.epochs, args.seed)
        example = pairs([("a tweet", "a claim"), ("another tweet", "another claim")])
        export_int8(model, example, "logits", {0: "batch"}, args.export)


if __name__ == "__main__":
    main()
