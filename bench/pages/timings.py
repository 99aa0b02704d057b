"""Time the desk's pages and API lists on a seeded database.

    DATABASE_URL=... REDIS_URL=... .venv/bin/python bench/pages/timings.py [--runs 30]

Requests go through Django's full stack in process (test client: middleware,
sessions, templates), logged in as the seeded "bench" user. Prints the median
and 95th percentile time and the query count of each page.
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

from claims.models import Article, Claim  # noqa: E402


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
        ("API claims list", "/api/v1/claims/"),
        ("API claims list, filtered", "/api/v1/claims/?support_status=disputed"),
        ("API claim detail", f"/api/v1/claims/{claim.pk}/"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(username="bench"))
    print(f"{Claim.objects.count():,} claims in {connection.vendor}; {args.runs} runs each\n")
    print("| page | median ms | p95 ms | queries |\n|---|---|---|---|")
    for name, url in pages():
        client.get(url)  # warm caches and connections
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        timings = []
        for _ in range(args.runs):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        print(f"| {name} | {statistics.median(timings):.1f} | {p95:.1f} | {len(queries)} |")


if __name__ == "__main__":
    main()
