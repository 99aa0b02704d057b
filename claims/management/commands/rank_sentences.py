"""``manage.py rank_sentences --input FILE.jsonl``: check-worthiness scores for sentences."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from claims.checkworthiness.model import score_documents

BATCH_DOCUMENTS = 200


class Command(BaseCommand):
    help = (
        'Score sentences with the app\'s check-worthiness model. Reads JSON lines {"id", "text"} '
        '(optionally "doc": sentences sharing a doc are one document, in file order, so the model '
        'sees their neighbours) and writes {"id", "score"} lines, in input order.'
    )

    def add_arguments(self, parser):
        parser.add_argument("--input", type=Path, required=True, help="JSON lines file, or - for stdin.")
        parser.add_argument("--output", type=Path, help="Where to write (default: standard output).")

    def handle(self, *args, input, output, **options):
        records = self._read(input)
        # Sentences without a doc are documents of their own; a doc keeps its sentences in order.
        documents: dict[object, list[int]] = {}
        for position, record in enumerate(records):
            key = ("doc", record["doc"]) if record.get("doc") is not None else ("line", position)
            documents.setdefault(key, []).append(position)
        groups = list(documents.values())
        scored = []
        # Whole documents per batch (the model reads each sentence's neighbours); a bar on a terminal.
        with tqdm(total=len(records), desc="Scoring", unit="sentence", disable=not sys.stderr.isatty(),
                  file=sys.stderr) as bar:
            for start in range(0, len(groups), BATCH_DOCUMENTS):
                batch = groups[start:start + BATCH_DOCUMENTS]
                scored.extend(score_documents([[records[i]["text"] for i in group] for group in batch]))
                bar.update(sum(len(group) for group in batch))
        scores = [0.0] * len(records)
        for group, results in zip(groups, scored):
            for i, result in zip(group, results):
                scores[i] = result.score
        out = output.open("w", encoding="utf-8") if output else self.stdout
        try:
            for record, score in zip(records, scores):
                out.write(json.dumps({"id": record["id"], "score": round(score, 6)}) + "\n")
        finally:
            if output:
                out.close()
        self.stderr.write(f"Scored {len(records)} sentences in {len(groups)} documents.")

    def _read(self, path: Path) -> list[dict]:
        try:
            lines = sys.stdin.readlines() if str(path) == "-" else path.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path}: cannot read: {exc}") from exc
        records = []
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CommandError(f"{path}:{number}: not JSON: {exc.msg}") from exc
            if not isinstance(record, dict) or "id" not in record or not isinstance(record.get("text"), str):
                raise CommandError(f'{path}:{number}: each line needs "id" and a string "text"')
            records.append(record)
        return records
