"""One search interface over earlier fact-checks: BM25 and two sentence encoders, re-ranked twice.

``MatchIndex(ids, texts, vectors, wide).search(text, top=5) -> [(id, score)]``. Three
systems score every document: BM25 as a share of the most a document could score for the
query (so comparable across queries), and the cosine of the query's and the claim's vectors
by each encoder, MiniLM (``embeddings``) and the larger MPNet (``mpnet``). The query's MiniLM
vector is first bent by a small linear adapter (``ADAPTER_PATH``, fitted on the training
tweets by ``bench/matching/fit_adapter.py``); the stored vectors of the fact-checks are the
encoders' own. The best ``CANDIDATES`` of each system are pooled and re-ranked by a logistic
regression over three features per system (``features``), fitted by
``bench/matching/fit_reranker.py``. Then a cross-encoder (``cross_encoder``) reads the query
with each of the first ``CROSS_ENCODED`` candidates' texts, and its logit is added to the
regression's (``final_probability``). The score is the probability that the candidate is a
fact-check of the query's claim (bench/README.md, "Claim matching").

``database_index()`` is the process's index over imported ClaimReviews and
published verdicts, loaded once and rebuilt when either changes.
"""

import hashlib
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

from . import cross_encoder, embeddings, mpnet
from .bm25 import BM25

CANDIDATES = 30  # from each system; the true match is among them for 99.5 % of the training tweets

SYSTEMS = ("bm25", "minilm", "mpnet")
# Per system: its score (BM25's share of the ceiling, or the cosine), reciprocal rank and gap.
FEATURES = (*(f"{s}_score" for s in SYSTEMS), *(f"{s}_reciprocal_rank" for s in SYSTEMS), *(f"{s}_gap" for s in SYSTEMS))
# Logistic regression over FEATURES (raw values) and its intercept, printed by
# bench/matching/fit_reranker.py (MiniLM cosines of adapted query vectors, each tweet's vector
# adapted by an adapter that did not see it; MPNet cosines of plain ones). It was fitted on the
# training tweets and on the same tweets with their true match left out, so a high score needs
# a strong match and not merely the best of the candidates.
WEIGHTS = np.array([-1.0507, -0.0739, 2.1710, 3.1819, 1.0339, 0.7241, 7.9906, 6.1964, 12.7899], dtype=np.float64)
INTERCEPT = -5.0553

# The second stage, made by bench/matching/evaluate_cross_encoder.py --hold-every 2 on the 800
# training tweets, each scored by one of two cross-encoders trained without it: the weight of
# the logit (the best for MAP@5 on them) and a logistic calibration (a, b) of the sum, fitted on
# their candidates and on the same tweets' candidates with the true match left out of the index.
# The shipped cross-encoder is the same recipe trained on all 800.
CROSS_ENCODED = 20
CROSS_WEIGHT = 1.0
CALIBRATION = (0.4680, -1.0360)


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


def features(lexical: np.ndarray, *cosines: np.ndarray, top: int = CANDIDATES) -> tuple[np.ndarray, np.ndarray]:
    """The pooled candidates (document positions) and their feature rows.

    ``lexical`` is BM25 as a share of the query's ceiling, each of ``cosines`` one
    encoder's similarity, one value per document. The rows hold every system's score, then
    every reciprocal rank, then every gap (``FEATURES``). A reciprocal rank is 0 outside a
    system's top list and for documents BM25 did not score at all (no shared word); a gap
    is the distance to that system's best score for the query.
    """
    systems = (lexical, *cosines)
    ranked = [_top(scores, top) for scores in systems]
    ranked[0] = ranked[0][lexical[ranked[0]] > 0]
    candidates = np.array(list(dict.fromkeys(np.concatenate(ranked).tolist())), dtype=np.int64)
    n = len(systems)
    rows = np.zeros((len(candidates), 3 * n), dtype=np.float64)
    if not len(candidates):
        return candidates, rows
    for column, (scores, order) in enumerate(zip(systems, ranked, strict=True)):
        rows[:, column] = scores[candidates]
        reciprocal = dict(zip(order.tolist(), 1.0 / np.arange(1, len(order) + 1), strict=True))
        rows[:, n + column] = [reciprocal.get(c, 0.0) for c in candidates.tolist()]
        rows[:, 2 * n + column] = rows[:, column] - (scores[order[0]] if len(order) else 0.0)
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


def encode(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The two vectors the index keeps of each text: MiniLM's and MPNet's (plain, not adapted)."""
    return embeddings.encode(texts), mpnet.encode(texts)


class MatchIndex:
    """Documents with a lexical text (claim and title) and two unit vectors of the claim:
    ``vectors`` by MiniLM, ``wide`` by MPNet (``encode``)."""

    def __init__(self, ids: Sequence, texts: Sequence[str], vectors: np.ndarray, wide: np.ndarray, *,
                 version: str = ""):
        if not len(ids) == len(texts) == len(vectors) == len(wide):
            raise ValueError("ids, texts and vectors differ in length")
        self.ids = list(ids)
        self.texts = list(texts)
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(ids), embeddings.DIMENSIONS)
        self.wide = np.ascontiguousarray(wide, dtype=np.float32).reshape(len(ids), mpnet.DIMENSIONS)
        self.bm25 = BM25(texts)
        self.version = version

    def __len__(self) -> int:
        return len(self.ids)

    def systems(self, text: str, vector: np.ndarray, wide: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every document's BM25 share of the query's ceiling, its cosine with the MiniLM
        ``vector`` (already adapted, see ``adapt_query``) and with the MPNet vector ``wide``."""
        lexical = self.bm25.scores(text)
        ceiling = self.bm25.ceiling(text)
        if ceiling > 0:
            lexical = lexical / ceiling
        return lexical, self.vectors @ np.asarray(vector, dtype=np.float32), self.wide @ np.asarray(wide, dtype=np.float32)

    def search(
        self, text: str, top: int = 5, *, vectors: tuple[np.ndarray, np.ndarray] | None = None,
        cross_encode: bool = True,
    ) -> list[tuple[object, float]]:
        """The ``top`` best documents for ``text``, best first, with their scores.

        ``vectors`` are the query's plain MiniLM and MPNet vectors (encoded here when not given). Without
        ``cross_encode`` the scores are the first stage's (tens of milliseconds over 100,000
        documents); the cross-encoder adds a cost that does not grow with the index: it reads the
        first ``max(CROSS_ENCODED, top)`` candidates.
        """
        if not self.ids or top <= 0:
            return []
        vector, wide = (v[0] for v in encode([text])) if vectors is None else vectors
        candidates, rows = features(*self.systems(text, adapt_query(vector), wide), top=max(CANDIDATES, top))
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


def unencoded_external():
    """The imported fact-checks that lack either vector."""
    from django.db.models import Q

    from claims.models import ExternalFactCheck

    return ExternalFactCheck.objects.filter(Q(embedding__isnull=True) | Q(mpnet_embedding__isnull=True))


def embeddings_fill(*, batch: int = 256, progress=None) -> int:
    """Encode and store the vectors missing for external fact-checks and published
    verdicts (or stale for a verdict whose claim text changed). Returns how many."""
    from claims.models import ExternalFactCheck, Verdict, VerdictEmbedding

    done = 0
    while rows := list(unencoded_external().only("pk", "claim_reviewed")[:batch]):
        vectors, wide = encode([row.claim_reviewed for row in rows])
        for row, vector, wide_vector in zip(rows, vectors, wide, strict=True):
            # Only if the text is still the one encoded: an import may have changed it meanwhile.
            ExternalFactCheck.objects.filter(pk=row.pk, claim_reviewed=row.claim_reviewed).update(
                embedding=embeddings.to_bytes(vector), mpnet_embedding=embeddings.to_bytes(wide_vector)
            )
        done += len(rows)
        if progress:
            progress(len(rows))
    verdicts = Verdict.objects.filter(state=Verdict.State.PUBLISHED).select_related("claim", "embedding")
    stale = [v for v in verdicts if not hasattr(v, "embedding") or v.embedding.text != _verdict_text(v)
             or v.embedding.mpnet_vector is None]
    if stale:
        vectors, wide = encode([_verdict_text(v) for v in stale])
        for verdict, vector, wide_vector in zip(stale, vectors, wide, strict=True):
            VerdictEmbedding.objects.update_or_create(verdict=verdict, defaults={
                "text": _verdict_text(verdict), "vector": embeddings.to_bytes(vector),
                "mpnet_vector": embeddings.to_bytes(wide_vector),
            })
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
    ids, texts, vectors, wide = [], [], [], []
    rows = ExternalFactCheck.objects.filter(embedding__isnull=False, mpnet_embedding__isnull=False).values_list(
        "pk", "claim_reviewed", "title", "embedding", "mpnet_embedding"
    )
    for pk, claim, title, vector, wide_vector in rows.iterator(chunk_size=2000):
        ids.append((EXTERNAL, pk))
        texts.append(f"{claim} {title}")
        vectors.append(embeddings.from_bytes(bytes(vector)))
        wide.append(embeddings.from_bytes(bytes(wide_vector)))
    for row in VerdictEmbedding.objects.filter(verdict__state="published", mpnet_vector__isnull=False).select_related("verdict"):
        ids.append((VERDICT, row.verdict_id))
        texts.append(f"{row.text} {row.verdict.headline}")
        vectors.append(embeddings.from_bytes(bytes(row.vector)))
        wide.append(embeddings.from_bytes(bytes(row.mpnet_vector)))
    return MatchIndex(ids, texts, np.array(vectors, dtype=np.float32).reshape(-1, embeddings.DIMENSIONS),
                      np.array(wide, dtype=np.float32).reshape(-1, mpnet.DIMENSIONS), version=version)


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
