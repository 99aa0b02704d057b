"""Which earlier fact-checks the claim page should list: the score at or above which a
candidate means something, measured on the CheckThat! 2020 dev split.

For each dev tweet the desk's full search (BM25, MiniLM, MPNet re-ranked, then the
cross-encoder; evidence/matching/index.py) returns its best five with their scores, the
calibrated probability that a candidate is a fact-check of the claim. For each threshold
this prints the share of tweets whose true fact-check is listed (score at or above it, in
the five) and the share of tweets with at least one other candidate listed, with the mean
number of those (Snopes holds near-duplicate claims, so some "others" are related).

Run: .venv/bin/python bench/matching/list_threshold.py [--vectors CACHE.npy]
"""

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaluate import corpus_index, queries  # noqa: E402

from evidence.matching import embeddings, mpnet  # noqa: E402

THRESHOLDS = (0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vectors", type=Path, help="cache the claims' vectors in this .npy file")
    parser.add_argument("--split", choices=["train", "dev"], default="dev")
    args = parser.parse_args()

    index = corpus_index(args.vectors)
    query_ids, texts, golds = queries(args.split)
    vectors, wide = embeddings.encode(texts), mpnet.encode(texts)
    found = []
    for text, vector, wide_vector, gold in zip(texts, vectors, wide, golds, strict=True):
        ranked = index.search(text, top=5, vectors=(vector, wide_vector), cross_encode=True)
        found.append([(float(score), doc in gold) for doc, score in ranked])
    print(f"{args.split}: {len(query_ids)} tweets, {len(index)} fact-checks; the best five of each")
    print("threshold | true match listed | tweets with another listed | others listed per tweet")
    for threshold in THRESHOLDS:
        listed = [[is_gold for score, is_gold in five if score >= threshold] for five in found]
        true_listed = np.mean([any(row) for row in listed])
        other_any = np.mean([any(not is_gold for is_gold in row) for row in listed])
        other_mean = np.mean([sum(not is_gold for is_gold in row) for row in listed])
        print(f"{threshold:9.2f} | {true_listed:17.1%} | {other_any:26.1%} | {other_mean:.2f}")


if __name__ == "__main__":
    main()
