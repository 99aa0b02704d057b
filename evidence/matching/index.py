"""One search interface over earlier fact-checks: BM25 and MiniLM cosine, re-ranked twice.

``MatchIndex(ids, texts, vectors).search(text, top=5) -> [(id, score)]``. Both
systems score every document: BM25 as a share of the most a document could score
for the query (so comparable across queries), MiniLM as the cosine of the query's
and the claim's vectors. The query's vector is first bent by a small linear adapter
(``ADAPTER_PATH``, fitted on the training tweets by ``bench/matching/fit_adapter.py``);
the stored vectors of the fact-checks are plain MiniLM vectors. The best ``CANDIDATES`` of each
are pooled and re-ranked by a logistic regression over six features of each candidate
(``features``), fitted by ``bench/matching/fit_reranker.py``. Then a cross-encoder
(``cross_encoder``) reads the query with each of the first ``CROSS_ENCODED`` candidates' texts,
and its logit is added to the regression's (``final_probability``). The score is the
probability that the candidate is a fact-check of the query's claim (bench/README.md,
"Claim matching").

``database_index()`` is the process's index over imported ClaimReviews and
published verdicts, loaded once and rebuilt when either changes.
"""

import hashlib
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

from . import cross_encoder, embeddings
from .bm25 import BM25

CANDIDATES = 30  # from each system; the true match is among them for 99 % of the training tweets

FEATURES = ("bm25_share", "cosine", "bm25_reciprocal_rank", "cosine_reciprocal_rank", "bm25_gap", "cosine_gap")
# Logistic regression over FEATURES (raw values) and its intercept, printed by
# bench/matching/fit_reranker.py (cosines of adapted query vectors, each tweet's vector adapted
# by an adapter that did not see it). It was fitted on the training tweets and on the same
# tweets with their true match left out, so a high score needs a strong match and not
# merely the best of the candidates.
WEIGHTS = np.array([-0.1118, 3.0886, 3.4674, 1.4585, 12.7425, 10.8054], dtype=np.float64)
INTERCEPT = -5.8123

# The second stage, made by bench/matching/evaluate_cross_encoder.py --hold-every 4 on the 800
# training tweets, each scored by one of four cross-encoders trained without it: the weight of
# the logit (the best for MAP@5 on them) and a logistic calibration (a, b) of the sum, fitted on
# their candidates and on the same tweets' candidates with the true match left out of the index.
# The shipped cross-encoder is the same recipe trained on all 800.
CROSS_ENCODED = 20
CROSS_WEIGHT = 0.5
CALIBRATION = (0.6405, -1.0281)


ADAPTER_PATH = Path(__file__).resolve().parents[2] / "models" / "minilm" / "query-adapter.npy"


@cache
def _adapter() -> np.ndarray:
    adapter = np.load(ADAPTER_PATH, allow_pickle=False)
    if adapter.shape != (embeddings.DIMENSIONS, embeddings.DIMENSIONS):
        raise ValueError(f"{ADAPTER_PATH} has shape {adapter.shape}")
    return adapter.astype(np.float32)


def adapt_query(vector: np.ndarray) -> np.ndarray:
    """A query's MiniLM vector as the index compares it: ``A @ q``, L2-normalised."""
    adapted = _adapter() @ np.asarray(vector, dtype=np.float32)
    return adapted / max(float(np.linalg.norm(adapted)), 1e-12)


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` highest scores, best first (ties by position)."""
    k = min(k, len(scores))
    best = np.argpartition(-scores, k - 1)[:k]
    return best[np.lexsort((best, -scores[best]))]


def features(lexical: np.ndarray, cosine: np.ndarray, top: int = CANDIDATES) -> tuple[np.ndarray, np.ndarray]:
    """The pooled candidates (document positions) and their feature rows.

    ``lexical`` is BM25 as a share of the query's ceiling, ``cosine`` the vector
    similarity, one value per document. A reciprocal rank is 0 outside a system's
    top list and for documents BM25 did not score at all (no shared word); a gap is
    the distance to that system's best score for the query.
    """
    by_lexical, by_cosine = _top(lexical, top), _top(cosine, top)
    by_lexical = by_lexical[lexical[by_lexical] > 0]
    candidates = np.array(list(dict.fromkeys([*by_lexical.tolist(), *by_cosine.tolist()])), dtype=np.int64)
    rows = np.zeros((len(candidates), len(FEATURES)), dtype=np.float64)
    if not len(candidates):
        return candidates, rows
    rows[:, 0] = lexical[candidates]
    rows[:, 1] = cosine[candidates]
    for column, ranked in ((2, by_lexical), (3, by_cosine)):
        reciprocal = dict(zip(ranked.tolist(), 1.0 / np.arange(1, len(ranked) + 1), strict=True))
        rows[:, column] = [reciprocal.get(c, 0.0) for c in candidates.tolist()]
    rows[:, 4] = rows[:, 0] - (lexical[by_lexical[0]] if len(by_lexical) else 0.0)
    rows[:, 5] = rows[:, 1] - cosine[by_cosine[0]]
    return candidates, rows


def probability(rows: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(rows @ WEIGHTS + INTERCEPT)))


def combined(first: np.ndarray, cross: np.ndarray, weight: float = CROSS_WEIGHT) -> np.ndarray:
    """The regression's logit plus ``weight`` times the cross-encoder's: what orders the candidates."""
    first = np.clip(np.asarray(first, dtype=np.float64), 1e-6, 1 - 1e-6)
    return np.log(first / (1 - first)) + weight * np.asarray(cross, dtype=np.float64)


def final_probability(first: np.ndarray, cross: np.ndarray, weight: float = CROSS_WEIGHT,
                      calibration: tuple[float, float] = CALIBRATION) -> np.ndarray:
    """The match probability from the regression's probability and the cross-encoder's logit."""
    a, b = calibration
    return 1.0 / (1.0 + np.exp(-(a * combined(first, cross, weight) + b)))


class MatchIndex:
    """Documents with a lexical text (claim and title) and a unit vector (the claim)."""

    def __init__(self, ids: Sequence, texts: Sequence[str], vectors: np.ndarray, *, version: str = ""):
        if len(ids) != len(texts) or len(ids) != len(vectors):
            raise ValueError("ids, texts and vectors differ in length")
        self.ids = list(ids)
        self.texts = list(texts)
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(ids), embeddings.DIMENSIONS)
        self.bm25 = BM25(texts)
        self.version = version

    def __len__(self) -> int:
        return len(self.ids)

    def systems(self, text: str, vector: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every document's BM25 share of the query's ceiling and its cosine with ``vector``
        (already adapted, see ``adapt_query``)."""
        lexical = self.bm25.scores(text)
        ceiling = self.bm25.ceiling(text)
        if ceiling > 0:
            lexical = lexical / ceiling
        return lexical, self.vectors @ np.asarray(vector, dtype=np.float32)

    def search(
        self, text: str, top: int = 5, *, vector: np.ndarray | None = None, cross_encode: bool = True
    ) -> list[tuple[object, float]]:
        """The ``top`` best documents for ``text``, best first, with their scores.

        ``vector`` is the query's plain MiniLM vector (encoded here when not given). Without
        ``cross_encode`` the scores are the first stage's (tens of milliseconds over 100,000
        documents); the cross-encoder adds a cost that does not grow with the index: it reads the
        first ``max(CROSS_ENCODED, top)`` candidates.
        """
        if not self.ids or top <= 0:
            return []
        if vector is None:
            vector = embeddings.encode([text])[0]
        candidates, rows = features(*self.systems(text, adapt_query(vector)), top=max(CANDIDATES, top))
        scores = probability(rows)
        best = np.lexsort((np.arange(len(scores)), -scores))[:max(CROSS_ENCODED, top) if cross_encode else top]
        found, scores = candidates[best], scores[best]
        if cross_encode and len(found):
            scores = final_probability(scores, cross_encoder.logits(text, [self.texts[i] for i in found]))
            best = np.lexsort((np.arange(len(scores)), -scores))[:top]
            found, scores = found[best], scores[best]
        return [(self.ids[i], round(float(score), 4)) for i, score in zip(found, scores, strict=True)]


# The database index

EXTERNAL, VERDICT = "external", "verdict"

_lock = threading.Lock()
_cached: MatchIndex | None = None


def _verdict_text(verdict) -> str:
    return verdict.claim.checked_text


def embeddings_fill(*, batch: int = 256, progress=None) -> int:
    """Encode and store the vectors missing for external fact-checks and published
    verdicts (or stale for a verdict whose claim text changed). Returns how many."""
    from claims.models import ExternalFactCheck, Verdict, VerdictEmbedding

    done = 0
    while True:
        rows = list(ExternalFactCheck.objects.filter(embedding__isnull=True).only("pk", "claim_reviewed")[:batch])
        if not rows:
            break
        vectors = embeddings.encode([row.claim_reviewed for row in rows])
        for row, vector in zip(rows, vectors, strict=True):
            # Only if the text is still the one encoded: an import may have changed it meanwhile.
            ExternalFactCheck.objects.filter(pk=row.pk, claim_reviewed=row.claim_reviewed).update(
                embedding=embeddings.to_bytes(vector)
            )
        done += len(rows)
        if progress:
            progress(len(rows))
    verdicts = Verdict.objects.filter(state=Verdict.State.PUBLISHED).select_related("claim", "embedding")
    stale = [v for v in verdicts if not hasattr(v, "embedding") or v.embedding.text != _verdict_text(v)]
    if stale:
        vectors = embeddings.encode([_verdict_text(v) for v in stale])
        for verdict, vector in zip(stale, vectors, strict=True):
            VerdictEmbedding.objects.update_or_create(
                verdict=verdict, defaults={"text": _verdict_text(verdict), "vector": embeddings.to_bytes(vector)}
            )
        done += len(stale)
    return done


def database_version() -> str:
    """A key that changes whenever an indexed fact-check is added, edited or removed."""
    from django.db.models import Count, Max

    from claims.models import ExternalFactCheck, Verdict

    external = ExternalFactCheck.objects.aggregate(n=Count("pk"), last=Max("updated_at"), top=Max("pk"))
    verdicts = Verdict.objects.filter(state=Verdict.State.PUBLISHED).aggregate(
        n=Count("pk"), last=Max("updated_at"), top=Max("pk")
    )
    payload = f"{sorted(external.items())}|{sorted(verdicts.items())}"
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def _build_database_index(version: str) -> MatchIndex:
    from claims.models import ExternalFactCheck, VerdictEmbedding

    embeddings_fill()
    ids, texts, vectors = [], [], []
    rows = ExternalFactCheck.objects.filter(embedding__isnull=False).values_list("pk", "claim_reviewed", "title", "embedding")
    for pk, claim, title, vector in rows.iterator(chunk_size=2000):
        ids.append((EXTERNAL, pk))
        texts.append(f"{claim} {title}")
        vectors.append(embeddings.from_bytes(bytes(vector)))
    for row in VerdictEmbedding.objects.filter(verdict__state="published").select_related("verdict"):
        ids.append((VERDICT, row.verdict_id))
        texts.append(f"{row.text} {row.verdict.headline}")
        vectors.append(embeddings.from_bytes(bytes(row.vector)))
    matrix = np.vstack(vectors) if vectors else np.zeros((0, embeddings.DIMENSIONS), dtype=np.float32)
    return MatchIndex(ids, texts, matrix, version=version)


def database_index() -> MatchIndex:
    """The index over the database, rebuilt when its version key changed.

    Ids are ``("external", ExternalFactCheck pk)`` or ``("verdict", Verdict pk)``.
    """
    global _cached
    version = database_version()
    with _lock:
        if _cached is None or _cached.version != version:
            _cached = _build_database_index(version)
        return _cached
