"""Claim matching with a fine-tuned MiniLM (``finetune_minilm.py``) in place of the original model.

An experiment kept for the record (bench/README.md, "Fine-tuning MiniLM"): the app does not
use it. Fits the re-ranker as ``fit_reranker.py`` does, on out-of-fold cosines (each training
tweet and the corpus compared with it encoded by a model fine-tuned without that tweet, from
``finetune_minilm.py --folds K --out FOLDS.npz``), prints its 5-fold CV on train and its weights;
with ``--dev``, then searches the dev tweets with the final fine-tuned ONNX file (no query
adapter) and prints MAP@5 / P@1 of BM25, the plain fusion and the re-ranked search.

Run: .venv/bin/python bench/matching/evaluate_finetuned.py --onnx /tmp/ft-export/model.onnx \\
         --folds /tmp/ft-folds2.npz --vectors /tmp/ft-claims.npy [--dev]
"""

import argparse
import hashlib
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaluate import DATA, FUSION_COSINE_WEIGHT, average_precision_at_5, queries, read_tsv  # noqa: E402
from fit_reranker import FOLDS, cross_validate, fit_all  # noqa: E402

from evidence.matching import embeddings  # noqa: E402
from evidence.matching import index as matching  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--onnx", type=Path, required=True, help="the fine-tuned int8 ONNX file")
    parser.add_argument("--folds", type=Path, required=True, help="out-of-fold vectors from finetune_minilm.py --folds")
    parser.add_argument("--vectors", type=Path, required=True, help="cache of the corpus vectors of --onnx (.npy)")
    parser.add_argument("--dev", action="store_true", help="also measure dev (once per configuration)")
    args = parser.parse_args()

    # The app's encoder class, told to accept this file (this process loads no other model).
    embeddings.MODEL_SHA256 = hashlib.sha256(args.onnx.read_bytes()).hexdigest()
    encoder = embeddings.MiniLM(args.onnx, embeddings.TOKENIZER_PATH)
    docs = read_tsv(DATA / "verified_claims.docs.tsv")
    if args.vectors.exists():
        corpus = np.load(args.vectors)
    else:
        corpus = encoder.encode([row[1] for row in docs])
        np.save(args.vectors, corpus)
    index = matching.MatchIndex([row[0] for row in docs], [f"{row[1]} {row[2]}" for row in docs], corpus)

    folds = np.load(args.folds)
    vectors, fold_corpora = folds["queries"], folds["corpus"]
    _, texts, golds = queries("train")
    if len(vectors) != len(texts) or int(folds["folds"]) != len(fold_corpora):
        raise SystemExit(f"{args.folds} does not hold every fold of the {len(texts)} training tweets")
    per_query, unmatched = [], []
    for i, (text, gold) in enumerate(zip(texts, golds, strict=True)):
        lexical, _ = index.systems(text, vectors[i])
        cosine = fold_corpora[i % len(fold_corpora)] @ vectors[i]
        candidates, rows = matching.features(lexical, cosine)
        per_query.append((candidates, rows, np.array([index.ids[c] in gold for c in candidates], dtype=np.float64), gold))
        out = [index.ids.index(doc) for doc in gold]
        lexical[out], cosine[out] = 0.0, -1.0
        unmatched.append(matching.features(lexical, cosine)[1])
    cosine_only = [average_precision_at_5([index.ids[d] for d in np.argsort(-(fold_corpora[i % len(fold_corpora)] @ v))[:5]], gold)
                   for i, (v, gold) in enumerate(zip(vectors, golds, strict=True))]
    print(f"train, cosine alone, out of fold: MAP@5 {np.mean(cosine_only):.4f}")

    cv_map, cv_first = cross_validate(per_query, unmatched, index.ids)
    print(f"train, re-ranker {FOLDS}-fold CV: MAP@5 {cv_map:.4f}  P@1 {cv_first:.4f}")
    weights, intercept = fit_all(per_query, unmatched)
    print(f"weights {np.round(weights, 4).tolist()}, intercept {intercept:.4f}")
    if not args.dev:
        return

    # The index's search with these weights and no query adapter (the fine-tuned model replaces it).
    matching.WEIGHTS, matching.INTERCEPT = weights, intercept
    matching.adapt_query = lambda vector: np.asarray(vector, dtype=np.float32)
    _, texts, golds = queries("dev")
    doc_ids = np.array(index.ids)
    results = {name: ([], []) for name in ("BM25", "plain fusion", "re-ranked")}
    for text, vector, gold in zip(texts, encoder.encode(texts), golds, strict=True):
        lexical, cosine = index.systems(text, vector)
        fused = FUSION_COSINE_WEIGHT * cosine + (1 - FUSION_COSINE_WEIGHT) * lexical
        for name, ranked in zip(results, (
            doc_ids[np.argsort(-lexical, kind="stable")[:5]].tolist(),
            doc_ids[np.argsort(-fused, kind="stable")[:5]].tolist(),
            [doc for doc, _ in index.search(text, top=5, vector=vector)],
        ), strict=True):
            results[name][0].append(average_precision_at_5(ranked, gold))
            results[name][1].append(ranked[0] in gold)
    for name, (aps, firsts) in results.items():
        print(f"dev, {name}: MAP@5 {np.mean(aps):.4f}  P@1 {np.mean(firsts):.4f}")


if __name__ == "__main__":
    main()
