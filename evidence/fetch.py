"""The only code that opens outbound connections: a small SSRF-safe HTTP client.

``fetch(url)`` refuses what a newsroom tool must never reach on a reader's
behalf: private, loopback, link-local, shared, multicast, unspecified and
reserved addresses in any spelling (``2130706433``, ``0177.0.0.1``, ``0x7f.1``,
``127.1``, ``[::ffff:127.0.0.1]``), URLs with credentials and schemes other
than http(s). It resolves the host once, checks every address, and connects to
the address it checked (the Host header, SNI and the certificate check use the
original name), so a DNS answer that changes between check and connection
cannot lead it elsewhere. Every redirect hop is checked again. Bodies, time and
redirects are limited. Hosts or addresses listed in the setting
``FETCH_ALLOW_PRIVATE_HOSTS`` may be private (tests serve pages on loopback).
"""

import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from django.conf import settings

REDIRECT_STATUSES = {301, 302, 303, 307, 308}
MAX_REDIRECTS = 5
CHUNK = 64 * 1024
# NAT64 embeds an IPv4 address in IPv6; Python does not unwrap it.
NAT64 = ipaddress.ip_network("64:ff9b::/96")

Resolver = Callable[[str, int], list[str]]


class FetchError(Exception):
    """The URL could not be fetched. ``kind`` names why for editors; ``transient``
    says whether trying again later may help."""

    kind = "unreachable"
    transient = False

    def __init__(self, message: str, *, transient: bool | None = None):
        super().__init__(message)
        if transient is not None:
            self.transient = transient


class FetchBlocked(FetchError):
    """Refused before connecting: a private address, a bad scheme or credentials."""

    kind = "blocked"


class FetchTooLarge(FetchError):
    kind = "too_large"


class FetchTimeout(FetchError):
    kind = "timeout"
    transient = True


class FetchRedirects(FetchError):
    """Too many redirects, or a redirect loop."""

    kind = "redirects"


class FetchUndecodable(FetchError):
    """The page answered, but its body cannot be read as text: compressed although
    none was asked for (bodies are never unpacked here), or binary data."""

    kind = "undecodable"


class FetchCertificateError(FetchError):
    """The HTTPS certificate is not trusted, expired, or issued for another host name."""

    kind = "certificate"


@dataclass(frozen=True)
class FetchResult:
    url: str
    final_url: str
    status: int
    reason: str
    content_type: str
    body: bytes
    redirects: list[str] = field(default_factory=list)


def user_agent() -> str:
    return f"FactCheckDesk/1.0 (+{settings.FACTCHECK_ORG_URL})"


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for ``host``, in its order."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        # EAI_AGAIN is a resolver hiccup; a name that does not exist is not.
        raise FetchError(
            f"the host name {host} could not be resolved ({exc.strerror})",
            transient=exc.errno == socket.EAI_AGAIN,
        ) from exc
    return list(dict.fromkeys(info[4][0] for info in infos))


def ip_literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address a host spelled as an IP literal means, in any spelling the C
    library accepts (decimal, octal, hex, short forms), or None for a name."""
    try:
        return ipaddress.ip_address(host.strip("[]").split("%")[0])
    except ValueError:
        pass
    if host and all(c in "0123456789abcdefxABCDEFX." for c in host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether an address is globally routable unicast, looking through IPv6
    forms that embed an IPv4 address."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour or (address.teredo or (None, None))[1]
        if embedded is None and address in NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None and not is_public(embedded):
            return False
    return address.is_global and not address.is_multicast


def _allowed_private(host: str, address: str) -> bool:
    allowed = {entry.strip().lower().strip("[]") for entry in settings.FETCH_ALLOW_PRIVATE_HOSTS}
    return host.lower().strip("[]") in allowed or address.lower() in allowed


def _addresses(host: str, port: int, resolver: Resolver) -> list[str]:
    """The validated addresses to connect to; refuses if any answer is not public."""
    literal = ip_literal(host)
    addresses = [str(literal)] if literal is not None else resolver(host, port)
    if not addresses:
        raise FetchError(f"the host name {host} has no address")
    for address in addresses:
        if not is_public(ipaddress.ip_address(address.split("%")[0])) and not _allowed_private(host, address):
            raise FetchBlocked(f"{host} is a private or reserved address ({address}); refused")
    return addresses


def _open_socket(address: str, port: int, timeout: float) -> socket.socket:
    return socket.create_connection((address, port), timeout=timeout)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection that talks to the named host at one validated address."""

    def __init__(self, host: str, port: int, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._create_connection = lambda _addr, timeout, _source: _open_socket(address, port, timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to one validated address; SNI and the certificate check use the host name."""

    def __init__(self, host: str, port: int, address: str, timeout: float, context: ssl.SSLContext):
        super().__init__(host, port, timeout=timeout, context=context)
        self._create_connection = lambda _addr, timeout, _source: _open_socket(address, port, timeout)


def _remaining(deadline: float, url: str) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchTimeout(f"{url} did not answer in time")
    return left


def _check_url(url: str) -> tuple[str, str, int, str]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchBlocked(f"only http and https links can be archived, not {scheme or 'this'}:")
    if parts.username is not None or parts.password is not None:
        raise FetchBlocked("links with a user name or password are refused")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as exc:
        raise FetchBlocked(f"the link has a bad port ({exc})") from exc
    host = parts.hostname or ""
    if not host:
        raise FetchBlocked("the link has no host")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return scheme, host, port, path


def _request_once(url: str, *, deadline: float, max_bytes: int, resolver: Resolver, ssl_context: ssl.SSLContext):
    """One request without following redirects: (status, reason, headers, body)."""
    scheme, host, port, path = _check_url(url)
    addresses = _addresses(host, port, resolver)
    # Connect to the first validated address only: trying others would let a
    # refused first answer steer the fetch.
    if scheme == "https":
        connection = _PinnedHTTPSConnection(
            host, port, addresses[0], timeout=_remaining(deadline, url), context=ssl_context
        )
    else:
        connection = _PinnedHTTPConnection(host, port, addresses[0], timeout=_remaining(deadline, url))
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        connection.putheader("User-Agent", user_agent())
        connection.putheader("Accept", "text/html,application/xhtml+xml,application/pdf,text/plain;q=0.9,*/*;q=0.5")
        connection.putheader("Accept-Encoding", "identity")
        connection.putheader("Connection", "close")
        connection.endheaders()
        # The response outlives the connection object's hold on the socket
        # ("Connection: close"), so keep it to limit each read.
        sock = connection.sock
        sock.settimeout(_remaining(deadline, url))
        response = connection.getresponse()
        if response.status in REDIRECT_STATUSES:
            return response.status, response.reason, response.headers, b""
        encoding = (response.headers.get("Content-Encoding") or "identity").strip().lower()
        if encoding != "identity" and response.status < 400:
            # Asked for "identity"; unpacking is refused too (a small body may unpack to gigabytes).
            raise FetchUndecodable(f"the site sent its page {encoding}-encoded although asked for none")
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise FetchTooLarge(f"the page is {int(declared):,} bytes; the limit is {max_bytes:,}")
        body = bytearray()
        while True:
            sock.settimeout(_remaining(deadline, url))
            chunk = response.read1(CHUNK)
            if not chunk:
                break
            body += chunk
            if len(body) > max_bytes:
                raise FetchTooLarge(f"the page is larger than the limit of {max_bytes:,} bytes")
        return response.status, response.reason, response.headers, bytes(body)
    except (TimeoutError, socket.timeout) as exc:
        raise FetchTimeout(f"{url} did not answer in time") from exc
    except ssl.SSLCertVerificationError as exc:
        raise FetchCertificateError(f"the site's certificate is not valid ({exc.verify_message})") from exc
    except (ConnectionResetError, ConnectionAbortedError, http.client.RemoteDisconnected,
            http.client.IncompleteRead) as exc:
        raise FetchError(f"the connection to {host} broke ({type(exc).__name__})", transient=True) from exc
    except (OSError, http.client.HTTPException) as exc:
        raise FetchError(f"{host} could not be reached ({exc})") from exc
    finally:
        connection.close()


def fetch(
    url: str,
    *,
    max_bytes: int | None = None,
    timeout: float | None = None,
    resolver: Resolver | None = None,
    ssl_context: ssl.SSLContext | None = None,
) -> FetchResult:
    """GET ``url`` safely, following at most five redirects, each checked again.

    HTTPS certificates are checked against ``ssl_context`` (by default the
    system's trust store, with host name checking). Raises FetchBlocked,
    FetchTooLarge, FetchTimeout, FetchRedirects, FetchCertificateError,
    FetchUndecodable (a compressed body: only ``identity`` is asked for) or
    FetchError. An HTTP error status is a result, not an exception.
    """
    max_bytes = settings.FETCH_MAX_BYTES if max_bytes is None else max_bytes
    timeout = settings.FETCH_TIMEOUT if timeout is None else timeout
    resolver = resolver or system_resolver
    ssl_context = ssl_context or ssl.create_default_context()
    deadline = time.monotonic() + timeout
    current, seen = url, [url]
    while True:
        status, reason, headers, body = _request_once(
            current, deadline=deadline, max_bytes=max_bytes, resolver=resolver, ssl_context=ssl_context
        )
        location = headers.get("Location") if status in REDIRECT_STATUSES else None
        if not location:
            content_type = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
            return FetchResult(url, current, status, reason, content_type, body, seen[1:])
        current = urljoin(current, location.strip())
        if current in seen:
            raise FetchRedirects(f"the link redirects in a loop (back to {current})")
        seen.append(current)
        if len(seen) > MAX_REDIRECTS + 1:
            raise FetchRedirects(f"the link redirects more than {MAX_REDIRECTS} times")
