"""Fill a database with many claims for the page benchmark.

    DATABASE_URL=... .venv/bin/python bench/pages/seed.py --claims 10000

Creates articles of 20 claims each, two evidence items and two current check
results per claim, with bulk inserts (the services are exercised by the test
suite; here only the volume matters). Statuses, states and claimants vary.
Half the claims get a verdict: most published (over three years, on ten topics,
with every PolitiFact rating), the rest drafts, in review or retracted.
"""

import argparse
import datetime as dt
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings.local")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from claims.models import Article, Claim, Claimant, Rating, Verdict  # noqa: E402
from evidence.models import CheckResult, EvidenceItem, Source  # noqa: E402

SENTENCE = "Officials said that {n} servers sent more than {m} messages in {y}. "
STATUSES = ["unverified", "supported", "refuted", "disputed"]
STATES = ["new", "researching", "dismissed"]
TOPICS = ["budget", "vaccine", "election", "climate", "crime", "jobs", "taxes", "housing", "energy", "migration"]
VERDICT_STATES = ["published"] * 8 + ["draft", "in_review", "retracted"]


@transaction.atomic
def seed(total_claims: int, per_article: int = 20) -> None:
    rng = random.Random(42)
    user, _ = User.objects.get_or_create(username="bench")
    user.set_password("bench-pass")
    user.save()
    user.groups.add(Group.objects.get(name="fact-checker"))
    Claimant.objects.bulk_create(
        [Claimant(name=f"Bench claimant {i}") for i in range(200)], ignore_conflicts=True
    )
    claimants = list(Claimant.objects.filter(name__startswith="Bench claimant"))
    source, _ = Source.objects.get_or_create(domain="bench.example", defaults={"name": "Bench"})
    start = Article.objects.count()
    for a in range(total_claims // per_article):
        sentences = [SENTENCE.format(n=i + 2, m=rng.randint(100, 99999), y=rng.randint(1990, 2024))
                     for i in range(per_article)]
        text = "".join(sentences)
        article = Article.objects.create(
            title=f"Bench article {start + a}", slug=f"bench-article-{start + a}", text=text,
            outlet=source, created_by=user,
        )
        claims, offset = [], 0
        for sentence in sentences:
            quote = sentence.strip()
            claims.append(Claim(
                article=article, quote=quote, span_start=offset, span_end=offset + len(quote),
                claimant=rng.choice(claimants), support_status=rng.choice(STATUSES),
                state=rng.choice(STATES), dismissed_reason="bench", created_by=user,
                assignee=user if rng.random() < 0.3 else None,
            ))
            offset += len(sentence)
        claims = Claim.objects.bulk_create(claims)
        EvidenceItem.objects.bulk_create([
            EvidenceItem(claim=c, stance=stance, url=f"https://bench.example/{c.pk}/{stance}",
                         excerpt="More than 2,700 messages were sent.", source=source)
            for c in claims for stance in ("supports", "refutes")
        ])
        CheckResult.objects.bulk_create([
            CheckResult(check_id=check, check_version=1, target=f"claim:{c.pk}", claim=c,
                        fingerprint=f"{check}-{c.pk}", state="passed", message="Bench result.")
            for c in claims for check in ("claim.quote_in_article", "claim.numbers_consistency")
        ])
        verdicts_bulk_create(rng, claims, user)


def verdicts_bulk_create(rng: random.Random, claims: list[Claim], user) -> None:
    """A verdict for every other claim, in the states and spread of a working desk."""
    ratings = list(Rating.objects.filter(scale__slug="politifact"))
    now = timezone.now()
    verdicts = []
    for claim in claims[::2]:
        state = rng.choice(VERDICT_STATES)
        rating, topic = rng.choice(ratings), rng.choice(TOPICS)
        published = None
        if state in ("published", "retracted"):
            published = now - dt.timedelta(seconds=rng.randint(0, 3 * 365 * 86400))
        verdicts.append(Verdict(
            claim=claim, rating=rating, state=state, author=user,
            headline=f"The {topic} figure of {claim.pk} messages is {rating.label.lower()}",
            summary=f"Records on {topic} do not show what officials said about claim {claim.pk}.",
            body="Bench body.", body_html="<p>Bench body.</p>",
            slug=f"bench-{claim.pk}" if published else None, published_at=published,
            public_updated_at=published, retracted_at=published if state == "retracted" else None,
            retraction_reason="Bench retraction." if state == "retracted" else "",
        ))
    Verdict.objects.bulk_create(verdicts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=10_000)
    args = parser.parse_args()
    seed(args.claims)
    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum would soon gather: without them the planner guesses
        # (the public list's search took 170-380 ms instead of 25-33 ms right after seeding).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"{Claim.objects.count():,} claims, {EvidenceItem.objects.count():,} evidence items, "
          f"{CheckResult.objects.count():,} check results, {Verdict.objects.count():,} verdicts "
          f"({Verdict.objects.filter(state='published').count():,} published)")


if __name__ == "__main__":
    main()
