"""claim.sources_independence: how many independent sources support the claim.

Supporting evidence items are grouped by who stands behind them: items whose
Sources have the same owner (as editors recorded it) form one group, and an
item whose Source has no owner is a group of its own Source. Left out, because
they cannot confirm the claim independently:

* items from the claim's own outlet (the article's Source, by domain or owner);
* items from the claimant's own organisation or site (a Source whose name or
  owner is the claimant's name, or whose domain is the claimant's site);
* items with no Source (an excerpt or a document without a URL).

Outcomes:

* ``warning`` when fewer than two independent groups support the claim, or
  when any supporting or refuting item comes from a Source rated
  ``unreliable`` (both reasons are given when both hold);
* ``passed`` otherwise, with the count and the sources;
* ``skipped`` when the claim has no supporting evidence (and none of its
  refuting evidence comes from an unreliable Source).

The details list every group (which items share an owner), the items left out
and why, and the items from unreliable Sources.
"""

from .base import PASSED, SKIPPED, WARNING, Check, Outcome
from .registry import register

SUPPORTS = "supports"
UNRELIABLE = "unreliable"
REQUIRED = 2


def _same(a: str | None, b: str | None) -> bool:
    return bool(a and b and a.strip().casefold() == b.strip().casefold())


def _label(source: dict) -> str:
    return source["domain"] or source["name"]


def _left_out_reason(source: dict | None, outlet: dict | None, claimant: dict | None) -> str | None:
    """Why an item's source cannot count as independent, or None when it can."""
    if source is None:
        return "no source"
    if outlet and (
        (outlet.get("id") is not None and outlet["id"] == source["id"])
        or _same(outlet.get("domain"), source["domain"])
        or _same(outlet.get("owner"), source["owner"])
    ):
        return "the claim's own outlet"
    if claimant and (
        _same(claimant["name"], source["name"])
        or _same(claimant["name"], source["owner"])
        or _same(claimant.get("domain"), source["domain"])
    ):
        return "the claimant's own organisation or site"
    return None


@register
class SourcesIndependence(Check):
    check_id = "claim.sources_independence"
    version = 1
    target_kind = "claim"
    title = "Independent sources support the claim"
    uses = ("evidence_sources", "outlet", "claimant")

    def run(self, inputs: dict) -> Outcome:
        items = inputs.get("evidence_sources") or []
        outlet, claimant = inputs.get("outlet"), inputs.get("claimant")
        if not items:
            return Outcome(SKIPPED, "No supporting or refuting evidence yet.")

        groups: dict[str, dict] = {}
        left_out = []
        for item in items:
            if item["stance"] != SUPPORTS:
                continue
            source = item["source"]
            reason = _left_out_reason(source, outlet, claimant)
            if reason:
                left_out.append({"evidence": item["id"], "source": _label(source) if source else None,
                                 "reason": reason})
                continue
            key = f"owner:{source['owner'].strip().casefold()}" if source["owner"].strip() else f"source:{source['id']}"
            group = groups.setdefault(key, {"owner": source["owner"].strip(), "sources": [], "evidence": []})
            if _label(source) not in group["sources"]:
                group["sources"].append(_label(source))
            group["evidence"].append(item["id"])

        unreliable = [
            {"evidence": item["id"], "stance": item["stance"], "source": _label(item["source"])}
            for item in items
            if item["source"] and item["source"]["reliability"] == UNRELIABLE
        ]
        independent = list(groups.values())
        details = {"independent": len(independent), "groups": independent,
                   "left_out": left_out, "unreliable": unreliable}
        names = ", ".join(" + ".join(g["sources"]) for g in independent)

        problems = []
        if not any(item["stance"] == SUPPORTS for item in items):
            if not unreliable:
                return Outcome(SKIPPED, "No supporting evidence: independence is counted among supporting sources.",
                               details=details)
        elif len(independent) < REQUIRED:
            if not independent:
                problems.append("No independent source supports this claim")
            else:
                problems.append(f"Only 1 independent source supports this claim: {names}")
        if unreliable:
            sources = sorted({u["source"] for u in unreliable})
            problems.append(
                f"evidence from a source rated unreliable: {', '.join(sources)}"
                if problems else f"Evidence comes from a source rated unreliable: {', '.join(sources)}"
            )
        score = min(len(independent) / REQUIRED, 1.0)
        if problems:
            return Outcome(WARNING, "; ".join(problems) + ".", score=score, details=details)
        return Outcome(
            PASSED, f"{len(independent)} independent sources support this claim: {names}.",
            score=1.0, details=details,
        )
