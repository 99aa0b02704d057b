"""Precision and recall of the claim.numbers_consistency flag on real claims.

Each line of cases.jsonl names a real claim by dataset and record:
``{"dataset": "quantemp", "row": 12, "excerpt": "...", "expected": "flag"}``
(the excerpt was written for the case) or ``{"dataset": "liar-plus", "id": 92,
"expected": "flag"}`` (the PolitiFact justification is the excerpt). Claims and
justifications are read at run time from $FACTCHECK_DATA (default
../shared/data beside the repository); nothing of them is stored here.
``stance`` (default "supports") is the excerpt's stance.

The check runs exactly as the engine runs it, on an inputs dict. A case is
flagged when the outcome is ``warning``.

Run: .venv/bin/python bench/numbers/evaluate.py [--all] [--cases PATH]
"""

import argparse
import csv
import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from evidence.checks.base import WARNING  # noqa: E402
from evidence.checks.numbers_consistency import NumbersConsistency  # noqa: E402

QUANTEMP = "numeric/quantemp/complex_num_facts_categorized_subset.csv"
LIAR_PLUS = "stance/liar-plus/val2.jsonl"
# LIAR-PLUS justifications were sentence-split with a space after every full
# stop, which also cut decimals apart ("3. 4 million"); put them back together.
SPLIT_DECIMAL = re.compile(r"(\d)\. (\d)")


def data_dir() -> Path:
    return Path(os.environ.get("FACTCHECK_DATA") or ROOT.parent / "shared" / "data")


def load_quantemp(base: Path) -> list[str]:
    """QuantEmp claims by row: 0 is the first record after the header."""
    with open(base / QUANTEMP, newline="", encoding="utf-8") as f:
        return [row["claim"] for row in csv.DictReader(f, delimiter="@")]


def load_liar_plus(base: Path) -> dict[int, dict]:
    with open(base / LIAR_PLUS, encoding="utf-8") as f:
        records = (json.loads(line) for line in f if line.strip())
        return {r["id"]: r for r in records}


def case_inputs(case: dict, quantemp: list[str], liar: dict[int, dict]) -> dict:
    """The check's inputs for a case, as the engine would prepare them."""
    if case["dataset"] == "quantemp":
        claim, excerpt = quantemp[case["row"]], case["excerpt"]
    elif case["dataset"] == "liar-plus":
        record = liar[case["id"]]
        claim, excerpt = record["claim"], SPLIT_DECIMAL.sub(r"\1.\2", record["justification"].strip())
    else:
        raise ValueError(f"unknown dataset {case['dataset']!r} in case {case['case']}")
    return {
        "claim_text": claim,
        "quote": claim,
        "evidence": [{"id": 1, "stance": case.get("stance", "supports"), "title": "", "excerpt": excerpt}],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=Path(__file__).with_name("cases.jsonl"))
    parser.add_argument("--all", action="store_true", help="print every case, not only the misclassified ones")
    args = parser.parse_args()

    base = data_dir()
    quantemp, liar = load_quantemp(base), load_liar_plus(base)
    with open(args.cases, encoding="utf-8") as f:
        cases = [json.loads(line) for line in f if line.strip()]

    check = NumbersConsistency()
    counts = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    by_dataset: dict[str, dict[str, int]] = {}
    wrong = []
    for case in cases:
        inputs = case_inputs(case, quantemp, liar)
        outcome = check.run(inputs)
        flagged = outcome.state == WARNING
        expected = case["expected"] == "flag"
        cell = {(True, True): "tp", (True, False): "fp", (False, True): "fn", (False, False): "tn"}[(flagged, expected)]
        counts[cell] += 1
        by_dataset.setdefault(case["dataset"], {"tp": 0, "fp": 0, "fn": 0, "tn": 0})[cell] += 1
        if cell in ("fp", "fn") or args.all:
            wrong.append((cell, case, inputs, outcome))

    for cell, case, inputs, outcome in wrong:
        label = cell.upper() if cell in ("fp", "fn") else "ok"
        print(f"[{label}] {case['case']} expected {case['expected']}: {case['note']}")
        print(f"    claim:   {inputs['claim_text']}")
        print(f"    excerpt: {inputs['evidence'][0]['excerpt'][:300]}")
        print(f"    outcome: {outcome.state}: {outcome.message}")
    print()

    def report(name: str, c: dict[str, int]) -> None:
        precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        total = sum(c.values())
        print(
            f"{name:<10} cases {total:>3}  flags expected {c['tp'] + c['fn']:>3}  "
            f"TP {c['tp']:>3} FP {c['fp']:>3} FN {c['fn']:>3} TN {c['tn']:>3}  "
            f"precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}"
        )

    for name, c in sorted(by_dataset.items()):
        report(name, c)
    report("all", counts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
