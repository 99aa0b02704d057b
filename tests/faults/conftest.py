"""Fixtures of the fault tests."""

import pytest

from tests.faults.servers import RedisServer


@pytest.fixture
def private_redis(tmp_path):
    """A redis-server of the test's own (the test stops and restarts it)."""
    server = RedisServer(tmp_path).start()
    yield server
    server.stop()
