"""PostgreSQL unreachable for a while, behind a TCP proxy on loopback that the test cuts.

A worker and a desk server (DEBUG on, as under `make run`) reach the database
through the proxy; the test itself talks to it directly. Claims are logged just
before the cut, so their tasks meet the outage. Meanwhile the desk and the API
answer 503 with Retry-After, and a public page cached before the outage is
still served. After the proxy is restored, with no restart and no sweep (beat is
not running), the tasks' own retries finish every check once, and the desk
answers again.

FAULTS_CLAIMS and FAULTS_OUTAGE_SECONDS set the scale (docs/reliability.md).
"""

import os
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.test import Client
from rest_framework.authtoken.models import Token

from claims import services as claim_services
from claims.models import Claim
from evidence.models import CheckResult
from tests.browser.server import DeskServer
from tests.factories import make_article
from tests.faults.helpers import FINAL, report, sending_to, sentences
from tests.faults.servers import TcpProxy
from tests.integration.public_helpers import fact_check
from tests.worker import WorkerProcess, wait_until

pytestmark = [
    pytest.mark.faults, pytest.mark.worker, pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="SQLite is a file, not a server that can become unreachable: PostgreSQL only",
    ),
]

CLAIMS = int(os.environ.get("FAULTS_CLAIMS", "12"))
OUTAGE_SECONDS = float(os.environ.get("FAULTS_OUTAGE_SECONDS", "20"))
# The sweep would also recover lost work; this test shows the retries alone do.
NO_SWEEP = {"QUEUED_STUCK_AFTER_SECONDS": "3600", "CHECK_STUCK_AFTER_SECONDS": "3600"}


def get(url: str, **headers) -> tuple[int, dict, bytes, float]:
    started = time.monotonic()
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, head, body = response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        status, head, body = error.code, dict(error.headers), error.read()
    return status, head, body, time.monotonic() - started


def proxied_database_url(proxy: TcpProxy) -> str:
    db = connection.settings_dict
    user = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{user}@127.0.0.1:{proxy.port}/{db['NAME']}"


def test_database_unreachable_for_a_while(tmp_path, shipped_data, fact_checker, editor):
    db = connection.settings_dict
    proxy = TcpProxy(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)).start()
    env = {"DATABASE_URL": proxied_database_url(proxy), **NO_SWEEP}
    with sending_to(settings.CELERY_BROKER_URL, "db-outage") as queue:
        worker = WorkerProcess(tmp_path / "worker.log", concurrency=2, queue=queue, env=env).start()
        server = DeskServer(tmp_path / "server.log", queue)
        server.env.update(env, TEST_DEBUG="true")
        server.start()
        try:
            verdict = fact_check(fact_checker, editor, 1)
            # Its checks' results change the page: cache it once they are in.
            wait_until(lambda: not Claim.objects.filter(pk=verdict.claim_id, checks_pending=True).exists(),
                       message="the published claim's checks")
            page = server.url(f"/fact-checks/{verdict.slug}/")
            assert get(page)[0] == 200  # in the public cache now
            desk = Client()
            desk.force_login(fact_checker)
            cookie = f"sessionid={desk.cookies['sessionid'].value}"
            token = Token.objects.create(user=fact_checker).key
            assert get(server.url("/desk/"), Cookie=cookie)[0] == 200

            quotes = sentences(CLAIMS)
            article = make_article(text="\n\n".join(quotes))
            claims = [claim_services.claim_create(article=article, quote=quote) for quote in quotes]
            proxy.cut()
            cut_at = time.monotonic()

            # Meanwhile: the desk and the API say so, readers get the cached page.
            status, head, body, desk_seconds = get(server.url("/desk/"), Cookie=cookie)
            assert (status, head.get("Retry-After")) == (503, "30"), body[:300]
            assert b"Temporarily unavailable" in body and b"Traceback" not in body
            status, head, body, api_seconds = get(server.url("/api/v1/claims/"), Authorization=f"Token {token}")
            assert (status, head.get("Retry-After"), head.get("Content-Type")) == (503, "30", "application/json")
            assert b'"detail"' in body
            status, _, body, reader_seconds = get(page)
            assert status == 200 and verdict.headline.encode() in body

            time.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - cut_at)))
            proxy.restore()
            restored = time.monotonic()
            wait_until(lambda: get(server.url("/desk/"), Cookie=cookie)[0] == 200, timeout=30,
                       message="the desk to answer again")
            desk_back = time.monotonic() - restored
            pending = Claim.objects.filter(pk__in=[c.pk for c in claims])

            def done():
                rows = CheckResult.objects.filter(claim__in=pending, is_current=True)
                return (
                    not pending.filter(checks_pending=True).exists()
                    and not pending.annotate(n=Count("checks")).filter(n=0).exists()
                    and not rows.exclude(state__in=FINAL).exists()
                )

            wait_until(done, timeout=180, interval=0.5, message="every check to finish after the outage")
            recovery = time.monotonic() - restored
        finally:
            server.stop()
            worker.stop()
            proxy.stop()

    rows = CheckResult.objects.filter(claim__in=pending, is_current=True)
    assert not rows.filter(state="error").exists(), list(rows.filter(state="error").values_list("message", flat=True))
    doubled = rows.values("target", "check_id").annotate(n=Count("pk")).filter(n__gt=1).count()
    assert doubled == 0
    retries = (tmp_path / "worker.log").read_text().count("Retry in")
    # Each task's next retry comes at most 60 s (the longest countdown) after the database is
    # back, and within about the outage's length again; then the checks run.
    assert recovery < min(OUTAGE_SECONDS * 2, 60) + 30
    report(
        "database_outage", claims=CLAIMS, outage_seconds=OUTAGE_SECONDS, lost=0, stuck=0, doubled=doubled,
        checks=rows.count(), task_retries=retries, desk_503_seconds=round(desk_seconds, 2),
        api_503_seconds=round(api_seconds, 2), cached_page_seconds=round(reader_seconds, 2),
        desk_back_seconds=round(desk_back, 1), recovery_seconds=round(recovery, 1),
    )
