"""MAP@5 and P@1 of claim matching on CheckThat! 2020 task 2 (tweets against Snopes claims).

Builds the same MatchIndex the desk uses (BM25 over claim and title, MiniLM and MPNet
vectors of the claim, candidates of the three re-ranked, then the first of them read by
the cross-encoder) over the 10,375 verified claims,
searches every query of a split, and scores the top five against the gold pairs.
BM25 alone and a plain fusion of BM25 and MiniLM (no re-ranking) are measured
under the same protocol (same tokens, same documents, same vectors). Data is read
at run time from $FACTCHECK_DATA (default ../shared/data).

Run: .venv/bin/python bench/matching/evaluate.py --split train|dev [--vectors CACHE.npy]
"""

import argparse
import csv
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from evidence.matching import embeddings, mpnet  # noqa: E402
from evidence.matching.index import MatchIndex  # noqa: E402

DATA = Path(os.environ.get("FACTCHECK_DATA", ROOT.parent / "shared" / "data")) / "claim-matching" / "checkthat2020"
# The plain fusion compared against: weighted sum of cosine and BM25 share, weight tuned on train.
FUSION_COSINE_WEIGHT = 0.25


def read_tsv(path: Path) -> list[list[str]]:
    # The csv module rejoins the few records that quoted fields break across lines.
    csv.field_size_limit(10**7)
    with path.open(newline="", encoding="utf-8") as handle:
        rows = csv.reader(handle, delimiter="\t")
        next(rows)
        return list(rows)


def average_precision_at_5(ranked: list[str], gold: set[str]) -> float:
    hits, total = 0, 0.0
    for rank, doc in enumerate(ranked[:5], start=1):
        if doc in gold:
            hits += 1
            total += hits / rank
    return total / min(len(gold), 5)


def encoded(encoder, texts: list[str], cache: Path | None) -> np.ndarray:
    """``encoder.encode(texts)``, kept in the .npy file ``cache`` when one is given."""
    if cache and cache.exists():
        return np.load(cache)
    started = time.perf_counter()
    vectors = encoder.encode(texts)
    print(f"{encoder.__name__.rsplit('.', 1)[-1]}: encoded {len(texts)} texts in {time.perf_counter() - started:.0f} s",
          file=sys.stderr)
    if cache:
        np.save(cache, vectors)
    return vectors


def corpus_index(vectors_cache: Path | None) -> MatchIndex:
    """The MatchIndex over the verified claims (their MiniLM vectors cached in ``vectors_cache``
    if given, their MPNet vectors next to it with "-mpnet" added to the name)."""
    docs = read_tsv(DATA / "verified_claims.docs.tsv")
    claims = [row[1] for row in docs]
    wide_cache = vectors_cache and vectors_cache.with_name(f"{vectors_cache.stem}-mpnet.npy")
    return MatchIndex([row[0] for row in docs], [f"{row[1]} {row[2]}" for row in docs],
                      encoded(embeddings, claims, vectors_cache), encoded(mpnet, claims, wide_cache))


def queries(split: str) -> tuple[list[str], list[str], list[set[str]]]:
    """Query ids, tweet texts and the gold claim ids of each, for queries with gold pairs."""
    texts = dict((row[0], row[1]) for row in read_tsv(DATA / split / "tweets.queries.tsv"))
    gold: dict[str, set[str]] = {}
    for line in (DATA / split / "tweet-vclaim-pairs.qrels").read_text().splitlines():
        query_id, _, doc_id, relevance = line.split()
        if relevance == "1":
            gold.setdefault(query_id, set()).add(doc_id)
    query_ids = [q for q in texts if q in gold]
    return query_ids, [texts[q] for q in query_ids], [gold[q] for q in query_ids]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["train", "dev"], default="train")
    parser.add_argument("--vectors", type=Path, help="cache the claims' vectors in this .npy file")
    args = parser.parse_args()

    index = corpus_index(args.vectors)
    query_ids, texts, golds = queries(args.split)
    query_vectors, query_wide = embeddings.encode(texts), mpnet.encode(texts)

    names = ("BM25 (claim + title)", "Fusion (no re-ranking)", "Hybrid (re-ranked)", "Hybrid + cross-encoder")
    results = {name: ([], []) for name in names}
    latencies: dict[str, list[float]] = {names[2]: [], names[3]: []}
    doc_ids = np.array(index.ids)
    for text, vector, wide, gold in zip(texts, query_vectors, query_wide, golds, strict=True):
        lexical, cosine, _ = index.systems(text, vector, wide)
        fused = FUSION_COSINE_WEIGHT * cosine + (1 - FUSION_COSINE_WEIGHT) * lexical
        searched = []
        for name, cross_encode in ((names[2], False), (names[3], True)):
            started = time.perf_counter()
            searched.append([doc for doc, _ in index.search(text, top=5, vectors=(vector, wide), cross_encode=cross_encode)])
            latencies[name].append(time.perf_counter() - started)
        for name, ranked in zip(names, (
            doc_ids[np.argsort(-lexical, kind="stable")[:5]].tolist(),
            doc_ids[np.argsort(-fused, kind="stable")[:5]].tolist(),
            *searched,
        ), strict=True):
            results[name][0].append(average_precision_at_5(ranked, gold))
            results[name][1].append(ranked[0] in gold)
    print(f"{args.split}: {len(query_ids)} queries, {len(index)} verified claims")
    for name, (aps, firsts) in results.items():
        print(f"  {name:24} MAP@5 {np.mean(aps):.4f}  P@1 {np.mean(firsts):.4f}")
    for name, seconds in latencies.items():
        print(f"  search time per query, {name}, vector given: median {np.median(seconds) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
