"""The ``match`` preparation step: look a claim up in the index of earlier fact-checks."""

from claims.models import ExternalFactCheck, Verdict

from ..preparations import preparation
from .index import EXTERNAL, VERDICT, database_index

CANDIDATES = 5


def _candidates(matches: list[tuple[tuple[str, int], float]]) -> list[dict]:
    external = ExternalFactCheck.objects.in_bulk([pk for (kind, pk), _ in matches if kind == EXTERNAL])
    verdicts = Verdict.objects.select_related("claim", "rating").in_bulk(
        [pk for (kind, pk), _ in matches if kind == VERDICT]
    )
    found = []
    for (kind, pk), score in matches:
        if kind == EXTERNAL and pk in external:
            row = external[pk]
            found.append({
                "id": pk, "kind": EXTERNAL, "publisher": row.publisher, "claim_reviewed": row.claim_reviewed,
                "rating": row.rating, "url": row.url, "score": score,
            })
        elif kind == VERDICT and pk in verdicts:
            verdict = verdicts[pk]
            found.append({
                "id": pk, "kind": VERDICT, "publisher": "this desk", "claim_reviewed": verdict.claim.checked_text,
                "rating": verdict.rating.label if verdict.rating_id else "",
                "url": f"/fact-checks/{verdict.slug}/" if verdict.slug else "", "score": score,
            })
    return found


@preparation("match")
def match_candidates(*, result, inputs: dict) -> dict:
    """Adds ``prior_fact_checks``: the best five earlier fact-checks of the claim,
    excluding the desk's own verdict on this very claim."""
    text = inputs.get("claim_text") or inputs.get("quote") or ""
    index = database_index()
    matches = index.search(text, top=CANDIDATES + 1) if text.strip() else []
    own = set(Verdict.objects.filter(claim_id=result.claim_id).values_list("pk", flat=True))
    matches = [m for m in matches if not (m[0][0] == VERDICT and m[0][1] in own)][:CANDIDATES]
    return {"prior_fact_checks": _candidates(matches), "match_index_size": len(index)}
