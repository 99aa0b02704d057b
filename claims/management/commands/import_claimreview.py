"""``manage.py import_claimreview FILE...``: import ClaimReview JSON-LD as external fact-checks."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from claims.claimreview_input import claimreviews_in
from claims.services import external_factcheck_import


class Command(BaseCommand):
    help = (
        "Import ClaimReview JSON-LD files as published (one object, a list, @graph, a Data Commons "
        "DataFeed, or HTML with JSON-LD scripts). A bad record is reported with its position and "
        "skipped; importing a URL again updates its fact-check. Vectors for claim matching are "
        "computed afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, help="ClaimReview files (JSON or HTML).")

    def handle(self, *args, files, verbosity, **options):
        created = updated = 0
        failures: list[str] = []
        found = []
        for path in files:
            try:
                text = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(f"{path}: cannot read: {exc}") from exc
            found.extend((path, item) for item in claimreviews_in(text))
        show_bar = verbosity > 0 and self.stderr.isatty()
        for path, item in tqdm(found, desc="ClaimReviews", unit="record", disable=not show_bar, file=self.stderr._out):
            where = f"{path}: {item.position}"
            if item.error:
                failures.append(f"{where}: {item.error}")
                continue
            try:
                _, is_new = external_factcheck_import(record=item.record)
            except ValidationError as exc:
                failures.append(f"{where}: {'; '.join(exc.messages)}")
                continue
            created, updated = created + is_new, updated + (not is_new)
        for failure in failures:
            self.stderr.write(f"skipped {failure}")

        from evidence.matching.index import embeddings_fill

        encoded = embeddings_fill()
        self.stdout.write(
            f"Imported {created + updated} fact-checks ({created} new, {updated} updated), "
            f"skipped {len(failures)}; encoded {encoded} for claim matching."
        )
