"""Search time of the fused index over 100,000 fact-checks (synthetic, in process).

Vectors are random unit vectors and texts short random claims built from a
5,000-word vocabulary: the cost of BM25 and of the NumPy dot product depends on
sizes, not on meaning. The cross-encoder's cost depends on the length of the texts
it reads (these made-up words take two to four tokens each, so about as long as
real claims), not on the size of the index. The query's vectors are computed once
beforehand, as the encoders' cost (MiniLM a few milliseconds per sentence, MPNet about
a tenth of a second) does not depend on the index; it is printed separately.

Run: .venv/bin/python bench/matching/latency.py [--size 100000]
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from evidence.matching import embeddings, mpnet  # noqa: E402
from evidence.matching.index import MatchIndex  # noqa: E402


def unit_vectors(rng, count: int, dimensions: int) -> np.ndarray:
    vectors = rng.standard_normal((count, dimensions)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(5000)]
    # Zipf-like word frequencies, 8 to 20 words per text, like short claims.
    weights = 1 / np.arange(1, len(words) + 1)
    weights /= weights.sum()
    texts = [" ".join(rng.choice(words, size=rng.integers(8, 21), p=weights)) for _ in range(args.size)]
    vectors, wide = unit_vectors(rng, args.size, embeddings.DIMENSIONS), unit_vectors(rng, args.size, mpnet.DIMENSIONS)
    started = time.perf_counter()
    index = MatchIndex(list(range(args.size)), texts, vectors, wide)
    print(f"built index of {args.size:,} in {time.perf_counter() - started:.1f} s")
    queries = [" ".join(rng.choice(words, size=15, p=weights)) for _ in range(200)]
    encoded = []
    for encoder in (embeddings, mpnet):
        encoder.encode(queries[:1])  # load the model before timing
        started = time.perf_counter()
        encoded.append(encoder.encode(queries))
        print(f"encoding, {encoder.__name__.rsplit('.', 1)[-1]}: "
              f"{(time.perf_counter() - started) / len(queries) * 1000:.1f} ms per query (batched)")
    query_vectors = list(zip(*encoded, strict=True))
    index.search(queries[0], top=5, vectors=query_vectors[0])  # load the cross-encoder before timing
    for cross_encode in (False, True):
        timings = []
        for text, vectors in zip(queries, query_vectors, strict=True):
            started = time.perf_counter()
            index.search(text, top=5, vectors=vectors, cross_encode=cross_encode)
            timings.append(time.perf_counter() - started)
        timings = np.array(timings) * 1000
        stage = "with the cross-encoder" if cross_encode else "first stage"
        print(f"search, {stage}: median {np.median(timings):.1f} ms, 95th percentile {np.percentile(timings, 95):.1f} ms")
    started = time.perf_counter()
    index.search(queries[0], top=5)
    print(f"search with encoding of one query: {(time.perf_counter() - started) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
