"""``manage.py ingest_articles FILE.jsonl``: ingest many articles through the ingestion service."""

import json
import sys
import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from claims.models import Article
from evidence import ingest


def _ingest(record: dict) -> tuple[Article, bool]:
    """Send one line to the service that fits it; raises ValidationError naming the field."""
    if "url" in record:
        return ingest.article_ingest_url(url=str(record["url"]))
    if "path" in record:
        path = Path(str(record["path"]))
        if not path.is_file():
            raise ValidationError({"path": f"no such file: {path}"})
        return ingest.article_ingest_file(upload=SimpleUploadedFile(path.name, path.read_bytes()))
    if "text" in record:
        return ingest.article_ingest_text(title=str(record.get("title", "")), text=str(record["text"]))
    raise ValidationError({"line": 'needs "url", "path", or "text" with "title"'})


def _reason(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
    return " ".join(error.messages)


class Command(BaseCommand):
    help = (
        'Ingest articles from JSON Lines: {"url"}, {"path"} (an HTML, PDF or text file) or '
        '{"text", "title"} per line. Articles are queued for the workers; --wait waits for them.'
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--wait", action="store_true", help="Wait for queued articles to finish.")
        parser.add_argument("--timeout", type=float, default=600, help="Seconds --wait waits at most.")

    def handle(self, *args, file: Path, wait: bool, timeout: float, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        lines = file.read_text(encoding="utf-8").splitlines()
        queued, existing, failures = [], [], []
        progress = tqdm(lines, desc="Ingesting", unit="line", disable=not sys.stderr.isatty(), file=sys.stderr)
        for number, line in enumerate(progress, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                if not isinstance(record, dict):
                    raise ValueError
            except ValueError:
                failures.append(f"line {number}: not a JSON object")
                continue
            try:
                article, created = _ingest(record)
            except ValidationError as error:
                failures.append(f"line {number}: {_reason(error)}")
                continue
            (queued if created else existing).append(article.pk)
        self.stdout.write(f"{len(queued)} queued, {len(existing)} already on the desk, {len(failures)} failed")
        for failure in failures:
            self.stdout.write(f"  {failure}")
        if wait and queued:
            self._wait(queued, timeout)

    def _wait(self, article_ids: list[int], timeout: float) -> None:
        """Wait for the workers to finish the queued articles and report their final states."""
        deadline = time.monotonic() + timeout
        final = {Article.State.READY, Article.State.FAILED}
        with tqdm(total=len(article_ids), desc="Waiting", disable=not sys.stderr.isatty(), file=sys.stderr) as bar:
            done = 0
            while time.monotonic() < deadline:
                finished = Article.objects.filter(pk__in=article_ids, state__in=final).count()
                bar.update(finished - done)
                done = finished
                if done == len(article_ids):
                    break
                time.sleep(1)
        articles = Article.objects.filter(pk__in=article_ids).order_by("pk")
        ready = [a for a in articles if a.state == Article.State.READY]
        self.stdout.write(f"{len(ready)} ready, {len(articles) - len(ready)} not ready")
        for article in articles:
            if article.state != Article.State.READY:
                detail = f"{article.failure_code}: {article.failure_reason}" if article.failure_code else "still in progress"
                self.stdout.write(f"  article {article.pk} ({article.url or article.title}) {article.state}: {detail}")
