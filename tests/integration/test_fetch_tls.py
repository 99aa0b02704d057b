"""evidence.fetch over HTTPS against a real TLS server on 127.0.0.1, with
certificates made by a certificate authority that exists only in the test."""

import ssl

import pytest
import trustme

from evidence import fetch as fetch_module
from evidence.fetch import FetchCertificateError, fetch
from tests.integration.web_server import Page, start_site, stop_site

HTML = b"<html><body><p>The report says 2,700 look-ups.</p></body></html>"
HOST = "evidence.test"


@pytest.fixture
def ca():
    return trustme.CA()


def start_tls_site(certificate: trustme.LeafCert):
    """The test web site, serving HTTPS with ``certificate``; records the SNI names it was asked for."""
    site = start_site()
    site.pages["/page"] = Page(HTML)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    certificate.configure_cert(context)
    site.server_names = []
    context.sni_callback = lambda _socket, name, _context: site.server_names.append(name)
    # No client has connected yet: wrapping the listening socket makes every
    # accepted connection TLS.
    site.server.socket = context.wrap_socket(site.server.socket, server_side=True)
    return site


@pytest.fixture
def tls_site(ca, settings):
    settings.FETCH_ALLOW_PRIVATE_HOSTS = [HOST]
    site = start_tls_site(ca.issue_cert(HOST))
    yield site
    stop_site(site)


@pytest.fixture
def connections(monkeypatch):
    """The addresses fetch opens sockets to."""
    opened = []
    open_socket = fetch_module._open_socket

    def record(address, port, timeout):
        opened.append(address)
        return open_socket(address, port, timeout)

    monkeypatch.setattr(fetch_module, "_open_socket", record)
    return opened


def to_loopback(host, port):
    return ["127.0.0.1"]


def trusting(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context()
    ca.configure_trust(context)
    return context


def https_url(site, path="/page", host=HOST) -> str:
    return f"https://{host}:{site.port}{path}"


def test_a_trusted_certificate_is_fetched_with_the_name_in_sni_and_host(tls_site, ca, connections):
    result = fetch(https_url(tls_site), resolver=to_loopback, ssl_context=trusting(ca))
    assert (result.status, result.content_type, result.body) == (200, "text/html", HTML)
    assert result.final_url == https_url(tls_site)
    # The connection goes to the address that was validated; the name travels in SNI and Host.
    assert connections == ["127.0.0.1"]
    assert tls_site.server_names == [HOST]
    assert tls_site.requests[0]["headers"]["Host"] == f"{HOST}:{tls_site.port}"


def test_redirects_over_https_are_followed_and_checked_again(tls_site, ca, connections):
    start = https_url(tls_site, f"/redirect?to={https_url(tls_site)}")
    result = fetch(start, resolver=to_loopback, ssl_context=trusting(ca))
    assert result.status == 200 and result.redirects == [https_url(tls_site)]
    assert connections == ["127.0.0.1", "127.0.0.1"]
    assert tls_site.server_names == [HOST, HOST]


def test_a_certificate_for_another_host_name_is_refused(ca, settings):
    settings.FETCH_ALLOW_PRIVATE_HOSTS = [HOST]
    site = start_tls_site(ca.issue_cert("other.example"))
    try:
        with pytest.raises(FetchCertificateError) as raised:
            fetch(https_url(site), resolver=to_loopback, ssl_context=trusting(ca))
    finally:
        stop_site(site)
    assert raised.value.kind == "certificate" and not raised.value.transient
    assert str(raised.value).startswith("the site's certificate is not valid")
    assert HOST in str(raised.value)  # the name it was asked for, which the certificate does not cover
    assert site.requests == []


def test_a_certificate_from_an_untrusted_authority_is_refused_by_default(tls_site):
    with pytest.raises(FetchCertificateError) as raised:
        fetch(https_url(tls_site), resolver=to_loopback)
    assert raised.value.kind == "certificate" and not raised.value.transient
    assert "issuer" in str(raised.value)
    assert tls_site.requests == []


def test_a_certificate_from_another_authority_is_refused(tls_site):
    with pytest.raises(FetchCertificateError, match="certificate is not valid"):
        fetch(https_url(tls_site), resolver=to_loopback, ssl_context=trusting(trustme.CA()))
    assert tls_site.requests == []


def test_https_to_a_private_address_is_refused_before_any_handshake(tls_site, ca, settings):
    settings.FETCH_ALLOW_PRIVATE_HOSTS = []
    with pytest.raises(fetch_module.FetchBlocked):
        fetch(https_url(tls_site), resolver=to_loopback, ssl_context=trusting(ca))
    assert tls_site.server_names == [] and tls_site.requests == []
