"""claim.sources_independence on a claim's inputs, as the engine prepares them."""

import pytest

from evidence.checks.sources_independence import SourcesIndependence


def source(id, domain, owner="", reliability="reliable", name=None):
    return {"id": id, "domain": domain, "name": name or domain, "owner": owner, "reliability": reliability}


NYT = source(1, "nytimes.com", "The New York Times Company")
WIRECUTTER = source(2, "wirecutter.com", "The New York Times Company")
BBC = source(3, "bbc.co.uk", "BBC")
REUTERS = source(4, "reuters.com", "Thomson Reuters")
VOX = source(5, "vox.com", "Vox Media")
VERGE = source(6, "theverge.com", "Vox Media")
RUMOURS = source(7, "rumours.example", reliability="unreliable")
BLOG = source(8, "alice.blogspot.com")
ALFA = source(9, "alfabank.ru", "Alfa Group", name="Alfa Bank")

VOX_OUTLET = {"id": 5, "domain": "vox.com", "name": "Vox", "owner": "Vox Media", "reliability": "reliable"}


def run(*evidence, outlet=None, claimant=None):
    items = [{"id": n, "stance": stance, "source": src} for n, (stance, src) in enumerate(evidence, start=1)]
    return SourcesIndependence().run({"evidence_sources": items, "outlet": outlet, "claimant": claimant})


@pytest.mark.parametrize(
    ("evidence", "outlet", "claimant", "state", "independent"),
    [
        # two different owners: enough
        ([("supports", NYT), ("supports", BBC)], None, None, "passed", 2),
        ([("supports", NYT), ("supports", BBC), ("supports", REUTERS)], None, None, "passed", 3),
        # the same source twice is one source
        ([("supports", NYT), ("supports", NYT)], None, None, "warning", 1),
        # different sources with one owner are one
        ([("supports", NYT), ("supports", WIRECUTTER)], None, None, "warning", 1),
        ([("supports", NYT), ("supports", WIRECUTTER), ("supports", BBC)], None, None, "passed", 2),
        # sources without an owner count on their own
        ([("supports", BLOG), ("supports", BBC)], None, None, "passed", 2),
        # the claim's own outlet, or another title of its owner, does not count
        ([("supports", VOX), ("supports", BBC)], VOX_OUTLET, None, "warning", 1),
        ([("supports", VERGE), ("supports", BBC)], VOX_OUTLET, None, "warning", 1),
        ([("supports", VOX), ("supports", BBC)], {"id": None, "domain": "vox.com", "name": "vox.com",
                                                   "owner": "", "reliability": None}, None, "warning", 1),
        # nor does the claimant's own organisation or site
        ([("supports", ALFA), ("supports", BBC)], None, {"name": "Alfa Bank", "domain": ""}, "warning", 1),
        ([("supports", ALFA), ("supports", BBC)], None, {"name": "Alfa Group", "domain": ""}, "warning", 1),
        ([("supports", BLOG), ("supports", BBC)], None, {"name": "Alice", "domain": "alice.blogspot.com"},
         "warning", 1),
        # items without a source do not count
        ([("supports", None), ("supports", BBC)], None, None, "warning", 1),
        ([("supports", None)], None, None, "warning", 0),
        # refuting evidence is not counted
        ([("supports", BBC), ("refutes", NYT)], None, None, "warning", 1),
        ([("refutes", NYT), ("refutes", BBC)], None, None, "skipped", 0),
        # an unreliable source warns, whatever its stance
        ([("supports", NYT), ("supports", BBC), ("supports", RUMOURS)], None, None, "warning", 3),
        ([("supports", NYT), ("supports", BBC), ("refutes", RUMOURS)], None, None, "warning", 2),
        ([("refutes", RUMOURS)], None, None, "warning", 0),
        ([], None, None, "skipped", None),
    ],
)
def test_outcomes(evidence, outlet, claimant, state, independent):
    outcome = run(*evidence, outlet=outlet, claimant=claimant)
    assert outcome.state == state
    assert outcome.details.get("independent") == independent


def test_one_independent_source_is_named():
    outcome = run(("supports", NYT))
    assert outcome.message == "Only 1 independent source supports this claim: nytimes.com."


def test_pass_counts_and_lists_the_sources():
    outcome = run(("supports", NYT), ("supports", WIRECUTTER), ("supports", BBC))
    assert outcome.message == "2 independent sources support this claim: nytimes.com + wirecutter.com, bbc.co.uk."
    assert outcome.details["groups"] == [
        {"owner": "The New York Times Company", "sources": ["nytimes.com", "wirecutter.com"], "evidence": [1, 2]},
        {"owner": "BBC", "sources": ["bbc.co.uk"], "evidence": [3]},
    ]


def test_left_out_items_say_why():
    outcome = run(("supports", VERGE), ("supports", ALFA), ("supports", None),
                  outlet=VOX_OUTLET, claimant={"name": "Alfa Bank", "domain": ""})
    assert outcome.message == "No independent source supports this claim."
    assert outcome.details["left_out"] == [
        {"evidence": 1, "source": "theverge.com", "reason": "the claim's own outlet"},
        {"evidence": 2, "source": "alfabank.ru", "reason": "the claimant's own organisation or site"},
        {"evidence": 3, "source": None, "reason": "no source"},
    ]


def test_unreliable_sources_are_named_with_the_count():
    outcome = run(("supports", RUMOURS))
    assert outcome.message == (
        "Only 1 independent source supports this claim: rumours.example; "
        "evidence from a source rated unreliable: rumours.example."
    )
    assert outcome.details["unreliable"] == [{"evidence": 1, "stance": "supports", "source": "rumours.example"}]
    assert run(("supports", NYT), ("supports", BBC), ("refutes", RUMOURS)).message == (
        "Evidence comes from a source rated unreliable: rumours.example."
    )
