"""Write the re-ranked search's best candidates of every CheckThat! 2020 tweet, for the cross-encoder.

The cross-encoder experiment (``train_cross_encoder.py``, bench/README.md "A cross-encoder over
the best candidates") reads tweet and claim together for the first ``TOP`` candidates of the
shipped search. This script runs in the app's environment and writes, for ``train`` and ``dev``,
each tweet with its gold claim ids, its candidates best first and their re-ranker probabilities
(and the same with the gold claims left out of the index, under ``unmatched``), and the text of
every claim ("claim title", as BM25 indexes it). The training tweets' vectors are adapted out of
fold (``fit_adapter.out_of_fold``), as for the re-ranker; dev uses the shipped adapter.

Run: .venv/bin/python bench/matching/cross_encoder_candidates.py --vectors /tmp/checkthat-claims.npy --out /tmp/candidates.json
"""

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaluate import DATA, corpus_index, queries, read_tsv  # noqa: E402
from fit_adapter import gold_positions, out_of_fold  # noqa: E402
from fit_reranker import leave_out  # noqa: E402

from evidence.matching import embeddings, mpnet  # noqa: E402
from evidence.matching.index import adapt_query, features, probability  # noqa: E402

TOP = 20  # the gold claim is among them for 98.8 % of the training tweets and 99 % of dev


def best_candidates(index, systems: tuple[np.ndarray, ...]) -> dict:
    """The first ``TOP`` candidates by re-ranker probability, best first, with their probabilities."""
    candidates, rows = features(*systems)
    scores = probability(rows)
    best = np.lexsort((np.arange(len(scores)), -scores))[:TOP]
    return {"candidates": [index.ids[candidates[i]] for i in best],
            "probabilities": [round(float(scores[i]), 6) for i in best]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vectors", type=Path, help="cache the claims' vectors in this .npy file")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()

    index = corpus_index(args.vectors)
    out = {"claims": {row[0]: f"{row[1]} {row[2]}" for row in read_tsv(DATA / "verified_claims.docs.tsv")}}
    for split in ("train", "dev"):
        _, texts, golds = queries(split)
        vectors, wide = embeddings.encode(texts), mpnet.encode(texts)
        if split == "train":
            vectors = out_of_fold(vectors, gold_positions(index, golds), index.vectors)
        else:
            vectors = np.array([adapt_query(v) for v in vectors])
        rows = []
        for text, vector, wide_vector, gold in zip(texts, vectors, wide, golds, strict=True):
            systems = index.systems(text, vector, wide_vector)
            row = {"text": text, "gold": sorted(gold), **best_candidates(index, systems)}
            # The same search with the gold claims left out of the index: a tweet with no match,
            # for calibrating the final score (as fit_reranker.py does for the re-ranker).
            leave_out(index, *systems, gold=gold)
            row["unmatched"] = best_candidates(index, systems)
            rows.append(row)
        found = np.mean([bool(set(r["gold"]) & set(r["candidates"])) for r in rows])
        print(f"{split}: {len(rows)} tweets, gold among the first {TOP} for {found:.1%}")
        out[split] = rows
    args.out.write_text(json.dumps(out))


if __name__ == "__main__":
    main()
