"""evidence.fetch against a real web server on 127.0.0.1: what it refuses, what it limits."""

import time

import pytest

from evidence import fetch as fetch_module
from evidence.fetch import FetchBlocked, FetchError, FetchRedirects, FetchTimeout, FetchTooLarge, fetch
from tests.integration.web_server import Page, start_site, stop_site

PUBLIC = "93.184.216.34"
HTML = b"<html><body><p>The report says 2,700 look-ups.</p></body></html>"


@pytest.fixture
def site():
    site = start_site()
    site.pages["/page"] = Page(HTML)
    yield site
    if site.server is not None:
        stop_site(site)


@pytest.fixture
def loopback_allowed(settings):
    settings.FETCH_ALLOW_PRIVATE_HOSTS = ["127.0.0.1"]


def public_resolver(host, port):
    return [PUBLIC]


BLOCKED_HOSTS = [
    "127.0.0.1", "2130706433", "0177.0.0.1", "0x7f000001", "0x7f.0.0.1", "127.1", "0177.1",
    "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[::1]", "0.0.0.0", "0", "[::]", "localhost",
    "169.254.169.254", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1",
    "[fc00::1]", "[fd12:3456::1]", "[fe80::1]", "224.0.0.1", "239.255.255.250", "[ff02::1]",
    "240.0.0.1", "255.255.255.255", "192.0.2.1", "198.18.0.1", "[64:ff9b::7f00:1]", "[2002:7f00:1::1]",
    "[::ffff:169.254.169.254]", "[::ffff:10.0.0.1]",
]


@pytest.mark.parametrize("host", BLOCKED_HOSTS)
def test_private_and_reserved_addresses_are_refused_in_every_spelling(site, host):
    with pytest.raises(FetchBlocked, match="private or reserved"):
        # The test server listens on loopback: a request that got through would be recorded.
        fetch(site.url("/page", host=host))
    assert site.requests == []


def test_a_name_resolving_to_loopback_is_refused_even_when_the_resolver_is_injected(site):
    with pytest.raises(FetchBlocked):
        fetch(site.url("/page", host="intranet.example"), resolver=lambda host, port: ["127.0.0.1"])
    assert site.requests == []


def test_allow_listed_loopback_is_fetched_with_an_honest_user_agent(site, loopback_allowed, settings):
    settings.FACTCHECK_ORG_URL = "https://desk.example/"
    result = fetch(site.url("/page"))
    assert (result.status, result.content_type, result.body) == (200, "text/html", HTML)
    assert result.final_url == site.url("/page")
    headers = site.requests[0]["headers"]
    assert headers["User-Agent"] == "FactCheckDesk/1.0 (+https://desk.example/)"
    assert headers["Host"] == f"127.0.0.1:{site.port}"


def test_an_allow_listed_name_connects_to_its_address_with_the_name_as_host(site, settings):
    settings.FETCH_ALLOW_PRIVATE_HOSTS = ["evidence.test"]
    result = fetch(site.url("/page", host="evidence.test"), resolver=lambda host, port: ["127.0.0.1"])
    assert result.status == 200
    assert site.requests[0]["headers"]["Host"] == f"evidence.test:{site.port}"


def test_a_redirect_to_loopback_from_an_allowed_host_is_refused(site, settings):
    settings.FETCH_ALLOW_PRIVATE_HOSTS = ["evidence.test"]
    resolver = lambda host, port: ["127.0.0.1"]  # noqa: E731
    start = site.url(f"/redirect?to={site.url('/page')}", host="evidence.test")
    with pytest.raises(FetchBlocked, match="127.0.0.1"):
        fetch(start, resolver=resolver)
    assert [r["path"] for r in site.requests] == [f"/redirect?to={site.url('/page')}"]


def test_redirects_are_followed_up_to_five_and_loops_are_detected(site, loopback_allowed):
    result = fetch(site.url("/chain/4"))
    assert result.status == 200
    assert result.final_url == site.url("/page")
    assert len(result.redirects) == 5
    with pytest.raises(FetchRedirects, match="more than 5"):
        fetch(site.url("/chain/5"))
    with pytest.raises(FetchRedirects, match="loop"):
        fetch(site.url("/loop"))


def test_a_resolver_answering_public_then_loopback_is_refused(site):
    with pytest.raises(FetchBlocked):
        fetch(site.url("/page", host="rebind.example"), resolver=lambda host, port: [PUBLIC, "127.0.0.1"])
    assert site.requests == []


def test_the_connection_goes_to_the_address_that_was_validated(site, monkeypatch):
    """DNS rebinding: the second answer is loopback; the fetch must never ask again."""
    answers = iter([[PUBLIC], ["127.0.0.1"], ["127.0.0.1"]])
    asked, connected = [], []

    def rebinding_resolver(host, port):
        asked.append(host)
        return next(answers)

    def record_connection(address, port, timeout):
        connected.append(address)
        raise ConnectionRefusedError("no route in the test")

    monkeypatch.setattr(fetch_module, "_open_socket", record_connection)
    with pytest.raises(FetchError):
        fetch(site.url("/page", host="rebind.example"), resolver=rebinding_resolver)
    assert asked == ["rebind.example"]
    assert connected == [PUBLIC]
    assert site.requests == []


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "ftp://93.184.216.34/file", "gopher://93.184.216.34/", "javascript:alert(1)",
    "http://user:secret@93.184.216.34/", "http://user@93.184.216.34/",
])
def test_other_schemes_and_credentials_are_refused(url):
    with pytest.raises(FetchBlocked):
        fetch(url, resolver=public_resolver)


def test_bodies_over_the_limit_are_refused(site, loopback_allowed, settings):
    settings.FETCH_MAX_BYTES = 1000
    site.pages["/big"] = Page(b"x" * 5000, content_type="text/plain")
    site.pages["/big-unannounced"] = Page(b"x" * 5000, content_type="text/plain", send_length=False)
    site.pages["/small"] = Page(b"x" * 1000, content_type="text/plain")
    with pytest.raises(FetchTooLarge, match="1,000"):
        fetch(site.url("/big"))
    with pytest.raises(FetchTooLarge):
        fetch(site.url("/big-unannounced"))
    assert len(fetch(site.url("/small")).body) == 1000


@pytest.mark.parametrize("path", ["/hang", "/drip"])
def test_the_whole_fetch_is_limited_in_time(site, loopback_allowed, settings, path):
    settings.FETCH_TIMEOUT = 1.0
    started = time.monotonic()
    with pytest.raises(FetchTimeout) as raised:
        fetch(site.url(path))
    assert time.monotonic() - started < 2.5
    assert raised.value.transient


def test_an_unknown_host_and_a_closed_port_are_unreachable_not_transient(loopback_allowed, site):
    with pytest.raises(FetchError) as raised:
        fetch("http://no-such-host.invalid/")
    assert raised.value.kind == "unreachable" and not raised.value.transient
    port = site.port
    stop_site(site)
    with pytest.raises(FetchError) as raised:
        fetch(f"http://127.0.0.1:{port}/page")
    assert raised.value.kind == "unreachable"
    site.server = None


def test_http_error_statuses_are_results(site, loopback_allowed):
    result = fetch(site.url("/missing"))
    assert result.status == 404
