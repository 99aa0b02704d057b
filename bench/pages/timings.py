"""Time the desk's pages and API lists on a seeded database.

    DATABASE_URL=... REDIS_URL=... .venv/bin/python bench/pages/timings.py [--runs 30]

Requests go through Django's full stack in process (test client: middleware,
sessions, templates), logged in as the seeded "bench" user. Prints the median
and 95th percentile time and the query count of each page. Public pages are
timed signed in (the page cache serves only anonymous readers, so this times
the view) and then anonymous, from the Redis cache.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings.local")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from claims.fact_check_lists import fact_checks_listed  # noqa: E402
from claims.models import Article, Claim  # noqa: E402
from claims.public_lists import position_encode  # noqa: E402


def pages() -> list[tuple[str, str]]:
    article = Article.objects.filter(slug__startswith="bench-article").order_by("-pk").first()
    claim = Claim.objects.filter(article=article).first()
    return [
        ("dashboard", reverse("desk:dashboard")),
        ("dashboard, filtered by status", reverse("desk:dashboard") + "?status=refuted&state=new"),
        ("dashboard, search matching all", reverse("desk:dashboard") + "?q=servers+sent"),
        ("dashboard, search matching few", reverse("desk:dashboard") + "?q=claimant+17"),
        ("dashboard, page 100", reverse("desk:dashboard") + "?page=100"),
        ("articles list", reverse("desk:articles")),
        ("article page (20 claims)", reverse("desk:article", args=[article.pk])),
        ("claim page", reverse("desk:claim", args=[claim.pk])),
        ("claim checks fragment (htmx)", reverse("desk:claim_checks", args=[claim.pk])),
        ("review queue", reverse("desk:review")),
        ("API claims list", "/api/v1/claims/"),
        ("API claims list, filtered", "/api/v1/claims/?support_status=disputed"),
        ("API claim detail", f"/api/v1/claims/{claim.pk}/"),
    ]


def _deep(query: str = "", depth: int = 2000) -> str:
    """A keyset position ``depth`` rows into the list of fact-checks (or its last row)."""
    verdicts = fact_checks_listed(query=query)
    row = verdicts[min(depth, verdicts.count() - 1)]
    return position_encode((row.published_at, row.pk))


def public_pages() -> list[tuple[str, str]]:
    published = fact_checks_listed().count()
    verdict = fact_checks_listed().first()
    return [
        ("public verdict page", verdict.get_absolute_url()),
        ("article report", reverse("public:report", args=[verdict.claim.article.slug])),
        ("public list", "/fact-checks/"),
        ("public list, 2,000 rows deep (keyset)", f"/fact-checks/?before={_deep()}"),
        ("public list, filtered by rating and claimant", "/fact-checks/?rating=false&claimant=Bench+claimant+17"),
        ("public list, search matching a tenth", "/fact-checks/?q=budget"),
        ("public list, search, 300 rows deep", f"/fact-checks/?q=budget&before={_deep('budget', 300)}"),
        ("public list, search across fields", "/fact-checks/?q=budget+claimant+17"),
        ("public list, search matching nothing", "/fact-checks/?q=budget+vaccine"),
        ("RSS feed (50 items)", "/fact-checks/feed/rss/"),
        (f"ClaimReview DataFeed ({published:,} items)", "/fact-checks/claimreview.json"),
        ("sitemap.xml", "/sitemap.xml"),
        ("API fact-checks list", "/api/v1/fact-checks/"),
        ("API fact-checks, search", "/api/v1/fact-checks/?q=budget"),
    ]


def time_page(client, name: str, url: str, runs: int) -> None:
    client.get(url)  # warm caches and connections
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    print(f"| {name} | {statistics.median(timings):.1f} | {p95:.1f} | {len(queries)} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(username="bench"))
    print(f"{Claim.objects.count():,} claims in {connection.vendor}; {args.runs} runs each\n")
    print("| page | median ms | p95 ms | queries |\n|---|---|---|---|")
    for name, url in pages():
        time_page(client, name, url, args.runs)
    public = public_pages()
    for name, url in public:
        time_page(client, name, url, args.runs)
    anonymous = Client(HTTP_HOST="localhost")
    for name, url in public:
        time_page(anonymous, f"{name}, anonymous (cached)", url, args.runs)


if __name__ == "__main__":
    main()
