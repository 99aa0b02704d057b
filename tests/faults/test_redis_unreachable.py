"""Redis unreachable for a while but keeping its data (a network fault, behind a TCP proxy
the test cuts): readers get pages meanwhile, and a correction published meanwhile shows
at once when Redis is back, although the old pages are still in its cache."""

import pytest

from claims import services as claim_services
from tests.faults.servers import TcpProxy
from tests.integration.public_helpers import fact_check

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]


def test_a_correction_made_while_redis_is_unreachable_shows_when_it_is_back(
    private_redis, settings, client, shipped_data, fact_checker, editor,
):
    proxy = TcpProxy("127.0.0.1", private_redis.port).start()
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": f"redis://127.0.0.1:{proxy.port}/0"}}
    try:
        verdict = fact_check(fact_checker, editor, 1)
        page = f"/fact-checks/{verdict.slug}/"
        assert client.get(page).status_code == 200  # cached

        proxy.cut()
        claim_services.verdict_act(verdict=verdict, user=editor, action="corrections",
                                   text="The amount was 12 million, not 21.")
        during = client.get(page)
        assert during.status_code == 200 and b"The amount was 12 million" in during.content

        proxy.restore()
        after = client.get(page)
        assert after.status_code == 200 and b"The amount was 12 million" in after.content
        assert client.get(page).content == after.content  # and cached again
    finally:
        proxy.stop()
