"""API rate limits (issue 15): DRF throttles with their counters in the shared Redis
cache answer 429 with Retry-After past the rate, per user, per anonymous address and
for the token endpoint, and let requests through when the cache does not answer.

The suite's settings raise the rates out of reach (factcheck/settings/test.py); these
tests set low ones, and each uses its own addresses and users so that counters left
in Redis by other tests do not count.
"""

import logging
import socket
import uuid

import pytest
from django.core.cache import cache
from django.test import override_settings
from rest_framework.test import APIClient

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"  # tests.factories.UserFactory's


def rates(**scopes):
    """REST_FRAMEWORK with these throttle rates (others out of reach)."""
    from django.conf import settings

    return override_settings(REST_FRAMEWORK={
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "user": "100000/minute", "login": "100000/minute",
                                   **scopes},
    })


@pytest.fixture
def address():
    """A documentation address of its own (192.0.2.0/24): only a header, no traffic."""
    return f"192.0.2.{uuid.uuid4().int % 250 + 1}"


@pytest.fixture
def member():
    user = UserFactory(username=f"checker-{uuid.uuid4().hex[:8]}", role="fact-checker")
    cache.delete(f"throttle_user_{user.pk}")  # a user of an earlier test may have had this id
    return user


def test_a_user_past_the_rate_gets_429_with_retry_after(member):
    api = APIClient()
    api.force_authenticate(member)
    with rates(user="5/minute"):
        answers = [api.get("/api/v1/claims/").status_code for _ in range(7)]
        refused = api.get("/api/v1/claims/")
    assert answers == [200] * 5 + [429] * 2
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "Request was throttled" in refused.json()["detail"]


def test_each_user_has_a_rate_of_their_own(member):
    other = UserFactory(username=f"editor-{uuid.uuid4().hex[:8]}", role="editor")
    cache.delete(f"throttle_user_{other.pk}")
    first, second = APIClient(), APIClient()
    first.force_authenticate(member)
    second.force_authenticate(other)
    with rates(user="3/minute"):
        for _ in range(3):
            first.get("/api/v1/claims/")
        assert first.get("/api/v1/claims/").status_code == 429
        assert second.get("/api/v1/claims/").status_code == 200


def test_anonymous_readers_past_the_rate_get_429(address):
    reader = APIClient(REMOTE_ADDR=address)
    with rates(anon="4/minute"):
        answers = [reader.get("/api/v1/fact-checks/").status_code for _ in range(5)]
        assert APIClient(REMOTE_ADDR=address.replace("192.0.2.", "198.51.100.")).get(
            "/api/v1/fact-checks/").status_code == 200
    assert answers == [200] * 4 + [429]


def test_a_forged_forwarded_for_header_does_not_reset_the_count(address):
    """Without a proxy (NUM_PROXIES 0), X-Forwarded-For is the client's own word."""
    with rates(anon="3/minute"):
        answers = [
            APIClient(REMOTE_ADDR=address, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").get("/api/v1/fact-checks/").status_code
            for n in range(4)
        ]
    assert answers == [200] * 3 + [429]


def test_the_token_endpoint_has_a_stricter_rate(address, member):
    client = APIClient(REMOTE_ADDR=address)
    body = {"username": member.username, "password": PASSWORD}
    with rates(login="3/minute"):
        answers = [client.post("/api/v1/auth/token/", body).status_code for _ in range(4)]
        refused = client.post("/api/v1/auth/token/", body)
    assert answers == [200] * 3 + [429]
    assert int(refused["Retry-After"]) > 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_api_keeps_answering_when_the_cache_is_down(member, caplog):
    """Throttling fails open: a cache that refuses connections is logged, not a 500."""
    dead_cache = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
    }}
    api = APIClient()
    api.force_authenticate(member)
    with rates(user="2/minute"), override_settings(CACHES=dead_cache), caplog.at_level(logging.WARNING):
        answers = [api.get("/api/v1/claims/").status_code for _ in range(4)]
    assert answers == [200] * 4
    assert "API throttling skipped for this request: the cache does not answer" in caplog.text
