"""``manage.py match_claims``: find earlier fact-checks for claims read as JSON Lines."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from evidence.matching.index import MatchIndex, database_index, encode

BATCH = 64


def _read_jsonl(path: Path, *, fields: tuple[str, ...]) -> tuple[list[dict], list[str]]:
    """Records with the given fields, and the reasons other lines were skipped."""
    records, failures = [], []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                failures.append(f"{path}:{number}: invalid JSON: {exc.msg}")
                continue
            if not isinstance(record, dict) or any(field not in record for field in fields):
                failures.append(f"{path}:{number}: needs the fields {', '.join(fields)}")
                continue
            if not isinstance(record["text"], str) or not record["text"].strip():
                failures.append(f"{path}:{number}: empty text")
                continue
            records.append(record)
    return records, failures


class Command(BaseCommand):
    help = (
        'Read {"id", "text"} lines and write {"id", "matches": [{"id", "score"}]} lines, best first. '
        "Searches a --corpus of the same shape, or else the database (imported ClaimReviews, "
        'ids "external:<pk>", and published verdicts, ids "verdict:<pk>").'
    )

    def add_arguments(self, parser):
        parser.add_argument("--input", type=Path, required=True, help="Queries, JSON Lines with id and text.")
        parser.add_argument("--corpus", type=Path, help="Fact-checks to search, JSON Lines with id and text.")
        parser.add_argument("--top", type=int, default=5, help="Matches per query (default 5).")
        parser.add_argument("--output", type=Path, help="Write here instead of standard output.")
        parser.add_argument(
            "--first-stage-only", action="store_true",
            help="Skip the cross-encoder: about 0.3 s a query less, a little less accurate "
                 "(bench/README.md, Claim matching).",
        )

    def handle(self, *args, input, corpus, top, output, first_stage_only, verbosity, **options):
        if top < 1:
            raise CommandError("--top must be at least 1.")
        input, corpus, output = Path(input), corpus and Path(corpus), output and Path(output)
        try:
            queries, failures = _read_jsonl(input, fields=("id", "text"))
            if corpus:
                documents, corpus_failures = _read_jsonl(corpus, fields=("id", "text"))
                failures += corpus_failures
                texts = [d["text"] for d in documents]
                index = MatchIndex([d["id"] for d in documents], texts, *encode(texts))
            else:
                index = database_index()
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        show_bar = verbosity > 0 and sys.stderr.isatty()
        out = output.open("w", encoding="utf-8") if output else self.stdout._out
        try:
            with tqdm(total=len(queries), desc="Queries", unit="query", disable=not show_bar) as bar:
                for start in range(0, len(queries), BATCH):
                    batch = queries[start:start + BATCH]
                    for query, *vectors in zip(batch, *encode([q["text"] for q in batch]), strict=True):
                        matches = index.search(query["text"], top=top, vectors=vectors, cross_encode=not first_stage_only)
                        if not corpus:
                            matches = [(f"{kind}:{pk}", score) for (kind, pk), score in matches]
                        line = {"id": query["id"], "matches": [{"id": i, "score": s} for i, s in matches]}
                        out.write(json.dumps(line, ensure_ascii=False) + "\n")
                    bar.update(len(batch))
        finally:
            if output:
                out.close()
        for failure in failures:
            self.stderr.write(f"skipped {failure}")
        self.stderr.write(f"Matched {len(queries)} queries against {len(index)} fact-checks; skipped {len(failures)} lines.")
