"""The support-status rules of DESIGN.md, as one pure function.

Only evidence with stance ``supports`` or ``refutes`` counts. An item is weak
when any reason makes it so (dead link, excerpt not found in its source,
source rated unreliable); otherwise it is strong.
"""

from dataclasses import dataclass, field

SUPPORTS = "supports"
REFUTES = "refutes"

UNVERIFIED = "unverified"
SUPPORTED = "supported"
REFUTED = "refuted"
DISPUTED = "disputed"

FLAG_ONLY_WEAK = "only weak evidence"
FLAG_CONTESTED_WEAK = "contested by weak evidence"
FLAG_PENDING = "checks pending"


@dataclass(frozen=True)
class EvidenceFacts:
    """What the status rules need to know about one evidence item."""

    evidence_id: int
    stance: str
    weak_reasons: tuple[str, ...] = ()

    @property
    def is_weak(self) -> bool:
        return bool(self.weak_reasons)


@dataclass(frozen=True)
class SupportBreakdown:
    status: str
    flags: tuple[str, ...]
    strong_supporting: tuple[int, ...] = ()
    strong_refuting: tuple[int, ...] = ()
    weak_supporting: tuple[int, ...] = ()
    weak_refuting: tuple[int, ...] = ()
    weak_reasons: dict[int, tuple[str, ...]] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "status": self.status,
            "flags": list(self.flags),
            "strong_supporting": list(self.strong_supporting),
            "strong_refuting": list(self.strong_refuting),
            "weak_supporting": list(self.weak_supporting),
            "weak_refuting": list(self.weak_refuting),
            "weak_reasons": {str(k): list(v) for k, v in self.weak_reasons.items()},
        }


def compute_support_status(
    evidence: list[EvidenceFacts], *, checks_pending: bool = False, previous_status: str = UNVERIFIED
) -> SupportBreakdown:
    """Return the claim's support status and why.

    While checks are pending the previous status stands, flagged "checks pending":
    a half-finished set of checks must not flip what editors see.
    """
    groups: dict[tuple[str, bool], list[int]] = {
        (stance, weak): [] for stance in (SUPPORTS, REFUTES) for weak in (False, True)
    }
    for item in evidence:
        if item.stance in (SUPPORTS, REFUTES):
            groups[(item.stance, item.is_weak)].append(item.evidence_id)
    strong_sup, strong_ref = groups[(SUPPORTS, False)], groups[(REFUTES, False)]
    weak_sup, weak_ref = groups[(SUPPORTS, True)], groups[(REFUTES, True)]

    if strong_sup and strong_ref:
        status, flags = DISPUTED, []
    elif strong_sup:
        status, flags = SUPPORTED, [FLAG_CONTESTED_WEAK] if weak_ref else []
    elif strong_ref:
        status, flags = REFUTED, [FLAG_CONTESTED_WEAK] if weak_sup else []
    else:
        status, flags = UNVERIFIED, [FLAG_ONLY_WEAK] if weak_sup or weak_ref else []

    if checks_pending:
        status = previous_status
        flags.append(FLAG_PENDING)

    return SupportBreakdown(
        status=status,
        flags=tuple(flags),
        strong_supporting=tuple(strong_sup),
        strong_refuting=tuple(strong_ref),
        weak_supporting=tuple(weak_sup),
        weak_refuting=tuple(weak_ref),
        weak_reasons={e.evidence_id: e.weak_reasons for e in evidence if e.weak_reasons},
    )
