"""One search interface over earlier fact-checks: BM25 and MiniLM cosine, fused.

``MatchIndex(ids, texts, vectors).search(text, top=5) -> [(id, score)]``. The
score is ``COSINE_WEIGHT * cosine + (1 - COSINE_WEIGHT) * bm25 / ceiling``, where
the ceiling is the most a document could score for that query, so the score is
comparable across queries (at most 1). The weight was tuned on the CheckThat!
2020 training queries (bench/README.md, "Claim matching").

``database_index()`` is the process's index over imported ClaimReviews and
published verdicts, loaded once and rebuilt when either changes.
"""

import hashlib
import threading
from collections.abc import Sequence

import numpy as np

from . import embeddings
from .bm25 import BM25

COSINE_WEIGHT = 0.3


class MatchIndex:
    """Documents with a lexical text (claim and title) and a unit vector (the claim)."""

    def __init__(self, ids: Sequence, texts: Sequence[str], vectors: np.ndarray, *, version: str = ""):
        if len(ids) != len(texts) or len(ids) != len(vectors):
            raise ValueError("ids, texts and vectors differ in length")
        self.ids = list(ids)
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(ids), embeddings.DIMENSIONS)
        self.bm25 = BM25(texts)
        self.version = version

    def __len__(self) -> int:
        return len(self.ids)

    def scores(self, text: str, vector: np.ndarray) -> np.ndarray:
        lexical = self.bm25.scores(text)
        ceiling = self.bm25.ceiling(text)
        if ceiling > 0:
            lexical = lexical / ceiling
        return COSINE_WEIGHT * (self.vectors @ vector) + (1 - COSINE_WEIGHT) * lexical

    def search(self, text: str, top: int = 5, *, vector: np.ndarray | None = None) -> list[tuple[object, float]]:
        """The ``top`` best documents for ``text``, best first, with their scores."""
        if not self.ids or top <= 0:
            return []
        if vector is None:
            vector = embeddings.encode([text])[0]
        scores = self.scores(text, vector)
        top = min(top, len(scores))
        best = np.argpartition(-scores, top - 1)[:top]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(self.ids[i], round(float(scores[i]), 4)) for i in best]


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
