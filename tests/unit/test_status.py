"""DESIGN.md's support-status table, row by row."""

import pytest

from claims.status import (
    DISPUTED, FLAG_CONTESTED_WEAK, FLAG_ONLY_WEAK, FLAG_PENDING, REFUTED, SUPPORTED, UNVERIFIED,
    EvidenceFacts, compute_support_status,
)

WEAK = ("excerpt not found in source",)


def items(strong_sup=0, strong_ref=0, weak_sup=0, weak_ref=0, context=0):
    made, n = [], 0
    for count, stance, reasons in (
        (strong_sup, "supports", ()), (strong_ref, "refutes", ()),
        (weak_sup, "supports", WEAK), (weak_ref, "refutes", WEAK), (context, "context", ()),
    ):
        for _ in range(count):
            n += 1
            made.append(EvidenceFacts(n, stance, reasons))
    return made


@pytest.mark.parametrize(
    "evidence, status, flags",
    [
        # strong supporting 0, strong refuting 0
        (items(), UNVERIFIED, ()),
        (items(context=3), UNVERIFIED, ()),
        (items(weak_sup=1), UNVERIFIED, (FLAG_ONLY_WEAK,)),
        (items(weak_ref=2), UNVERIFIED, (FLAG_ONLY_WEAK,)),
        (items(weak_sup=1, weak_ref=1), UNVERIFIED, (FLAG_ONLY_WEAK,)),
        # >= 1 supporting, 0 refuting
        (items(strong_sup=1), SUPPORTED, ()),
        (items(strong_sup=3, weak_sup=2, context=1), SUPPORTED, ()),
        (items(strong_sup=1, weak_ref=1), SUPPORTED, (FLAG_CONTESTED_WEAK,)),
        # 0 supporting, >= 1 refuting
        (items(strong_ref=1), REFUTED, ()),
        (items(strong_ref=2, weak_ref=1), REFUTED, ()),
        (items(strong_ref=1, weak_sup=1), REFUTED, (FLAG_CONTESTED_WEAK,)),
        # >= 1 of each
        (items(strong_sup=1, strong_ref=1), DISPUTED, ()),
        (items(strong_sup=2, strong_ref=1, weak_sup=1, weak_ref=1), DISPUTED, ()),
    ],
)
def test_status_table(evidence, status, flags):
    result = compute_support_status(evidence)
    assert result.status == status
    assert result.flags == flags


def test_breakdown_names_the_items_and_why_they_are_weak():
    evidence = [
        EvidenceFacts(7, "supports"),
        EvidenceFacts(8, "refutes", ("source rated unreliable",)),
        EvidenceFacts(9, "context"),
    ]
    result = compute_support_status(evidence)
    assert result.strong_supporting == (7,)
    assert result.weak_refuting == (8,)
    assert result.weak_reasons == {8: ("source rated unreliable",)}
    assert result.as_dict()["weak_reasons"] == {"8": ["source rated unreliable"]}


@pytest.mark.parametrize("previous", [UNVERIFIED, SUPPORTED, REFUTED, DISPUTED])
def test_pending_checks_keep_the_previous_status(previous):
    result = compute_support_status(items(strong_ref=1), checks_pending=True, previous_status=previous)
    assert result.status == previous
    assert FLAG_PENDING in result.flags
    assert result.strong_refuting == (1,)
