"""Accuracy of evidence.excerpt_in_source on excerpts built from real text.

Each line of cases.jsonl names a real record by dataset and id; its text is
read at run time from $FACTCHECK_DATA (default ../shared/data beside the
repository) and nothing of it is stored here:

* ``climate-fever``: the source is the record's five evidence sentences (from
  Wikipedia), one paragraph each, in ``stance/climate-fever/climate-fever-dev.jsonl``;
* ``liar-plus``: the source is the record's PolitiFact justification, in
  ``stance/liar-plus/val2.jsonl``.

The excerpt is made from a sentence of the source (``sentence``: its index) by
an operation ``op``:

=========== ========================================================= ========
op          excerpt                                                   expected
=========== ========================================================= ========
exact       the sentence                                              passed
restyled    the sentence upper-cased, curly quotes and dashes         passed
truncate    words ``args[0]`` to ``args[1]`` of the sentence          passed
ellipsis    its first and last ``args[0]`` words joined by " … "      passed
typo        letters 2 and 3 of word ``args[0]`` swapped               warning
number      the first digit of the sentence increased by one          warning
drop        word ``args[0]`` left out                                 warning
replace     word ``args[0]`` replaced by ``args[1]``                  warning
claim       the record's claim, a paraphrase the checker wrote        failed
other       sentence ``sentence`` of record ``args[0]`` instead       failed
short       words ``args[0]``–``args[1]`` (under 20 characters), typo failed
=========== ========================================================= ========

``expected`` in each case is the outcome the operation calls for (above), set
when the case was written; a few ``claim`` cases where the claim copies its
evidence nearly word for word were checked by reading and labelled ``warning``.

Run: .venv/bin/python bench/excerpts/evaluate.py [--all]
"""

import argparse
import json
import os
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from evidence.checks.excerpt_in_source import ExcerptInSource  # noqa: E402

CLIMATE_FEVER = "stance/climate-fever/climate-fever-dev.jsonl"
LIAR_PLUS = "stance/liar-plus/val2.jsonl"
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def data_dir() -> Path:
    return Path(os.environ.get("FACTCHECK_DATA") or ROOT.parent / "shared" / "data")


def load_records() -> dict[tuple[str, str], dict]:
    """(dataset, id) -> {"claim", "sentences", "text"}."""
    records = {}
    with open(data_dir() / CLIMATE_FEVER) as lines:
        for line in lines:
            row = json.loads(line)
            sentences = [e["evidence"] for e in row["evidences"]]
            records["climate-fever", str(row["claim_id"])] = {
                "claim": row["claim"], "sentences": sentences, "text": "\n".join(sentences)}
    with open(data_dir() / LIAR_PLUS) as lines:
        for line in lines:
            row = json.loads(line)
            text = row["justification"].strip()
            records["liar-plus", str(row["id"])] = {
                "claim": row["claim"], "sentences": SENTENCE_END.split(text), "text": text}
    return records


def make_excerpt(case: dict, record: dict, records: dict) -> str:
    op, args = case["op"], case.get("args", [])
    sentence = record["sentences"][case.get("sentence", 0)]
    words = sentence.split()
    if op == "exact":
        return sentence
    if op == "restyled":
        return sentence.upper().replace('"', "“").replace(" - ", " — ")
    if op == "truncate":
        return " ".join(words[args[0]:args[1]])
    if op == "ellipsis":
        return " ".join(words[:args[0]]) + " … " + " ".join(words[-args[0]:])
    if op == "typo":
        word = words[args[0]]
        words[args[0]] = word[0] + word[2] + word[1] + word[3:]
        return " ".join(words)
    if op == "number":
        return re.sub(r"\d", lambda m: str((int(m.group()) + 1) % 10), sentence, count=1)
    if op == "drop":
        return " ".join(words[:args[0]] + words[args[0] + 1:])
    if op == "replace":
        return " ".join(words[:args[0]] + [args[1]] + words[args[0] + 1:])
    if op == "claim":
        return record["claim"]
    if op == "other":
        return records[case["dataset"], str(args[0])]["sentences"][case.get("sentence", 0)]
    if op == "short":
        fragment = " ".join(words[args[0]:args[1]])
        return fragment[0] + fragment[2] + fragment[1] + fragment[3:]
    raise ValueError(f"unknown op {op!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", default=Path(__file__).with_name("cases.jsonl"))
    parser.add_argument("--all", action="store_true", help="print every case, not only errors")
    options = parser.parse_args()
    records = load_records()
    check = ExcerptInSource()
    totals, right, by_op = Counter(), Counter(), defaultdict(Counter)
    scores = defaultdict(list)  # similarity (0-100) by expected outcome
    with open(options.cases) as lines:
        for number, line in enumerate(lines, start=1):
            case = json.loads(line)
            record = records[case["dataset"], str(case["id"])]
            excerpt = make_excerpt(case, record, records)
            outcome = check.run({"excerpt": excerpt, "snapshot_id": 1, "snapshot_text": record["text"]})
            ok = outcome.state == case["expected"]
            scores[case["expected"]].append(100 * (outcome.score or 0))
            totals[case["expected"]] += 1
            right[case["expected"]] += ok
            by_op[case["op"]][ok] += 1
            if options.all or not ok:
                print(f"{'ok ' if ok else 'ERR'} line {number} {case['dataset']}:{case['id']} {case['op']}: "
                      f"expected {case['expected']}, got {outcome.state} ({outcome.message[:110]})")
    print("\nexpected   cases  right  accuracy")
    for expected in ("passed", "warning", "failed"):
        if totals[expected]:
            print(f"{expected:<10} {totals[expected]:>5}  {right[expected]:>5}  {right[expected] / totals[expected]:.3f}")
    total = sum(totals.values())
    print(f"{'all':<10} {total:>5}  {sum(right.values()):>5}  {sum(right.values()) / total:.3f}")
    if scores["warning"] and scores["failed"]:
        print(f"\nmargin: lowest near-match similarity {min(scores['warning']):.1f}, "
              f"highest similarity of an excerpt not in its source {max(scores['failed']):.1f}")
    print("\nby operation: " + ", ".join(f"{op} {c[True]}/{c[True] + c[False]}" for op, c in sorted(by_op.items())))


if __name__ == "__main__":
    main()
