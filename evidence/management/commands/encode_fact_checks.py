"""``manage.py encode_fact_checks``: store the matching index's missing vectors now."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from evidence.matching.index import embeddings_fill, unencoded_external


class Command(BaseCommand):
    help = (
        "Encode the imported fact-checks and published verdicts that have no stored vectors yet "
        "(after an upgrade that adds an encoder, or an interrupted import), so that the first "
        "claim.prior_fact_checks runs do not spend their time limit on it."
    )

    def handle(self, *args, verbosity, **options):
        missing = unencoded_external().count()
        show_bar = verbosity > 0 and self.stderr.isatty()
        with tqdm(total=missing, desc="Fact-checks", unit="text", disable=not show_bar, file=self.stderr._out) as bar:
            encoded = embeddings_fill(progress=bar.update)
        self.stdout.write(f"Encoded {encoded} fact-checks for claim matching.")
