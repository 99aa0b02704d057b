"""Article addresses in one canonical spelling, so the same article is not ingested twice (pure).

``normalise_url`` lowercases the scheme and host, drops the default port, the
fragment and tracking parameters (``utm_*``, ``fbclid``, ``gclid``, ``mc_cid``
and the like) and keeps every other parameter in its order. An empty path
becomes ``/``; any other path is kept as written, trailing slash included,
because ``/a`` and ``/a/`` can be different pages on a site.
"""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

DEFAULT_PORTS = {"http": 80, "https": 443}
TRACKING_PREFIXES = ("utm_", "_hs", "oly_", "pk_", "mtm_")
TRACKING_PARAMETERS = {
    "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
    "igshid", "mc_cid", "mc_eid", "mkt_tok", "_ga", "_gl", "vero_id", "wt_mc", "cmpid", "s_cid",
}


class BadUrl(ValueError):
    """Not an address an article can be fetched from; the message says why."""


def is_tracking(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def normalise_url(url: str) -> str:
    """The canonical spelling of an http(s) address; raises BadUrl for anything else,
    including addresses with a user name or password in them."""
    url = url.strip()
    if not url:
        raise BadUrl("Give the article's address.")
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise BadUrl("Only http and https addresses can be fetched.")
    if parts.username is not None or parts.password is not None:
        raise BadUrl("Addresses with a user name or password in them are refused.")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise BadUrl("The address has no host name.")
    try:
        port = parts.port
    except ValueError as exc:
        raise BadUrl("The address has a bad port number.") from exc
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != DEFAULT_PORTS[scheme]:
        netloc += f":{port}"
    query = urlencode(
        [(name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking(name)]
    )
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))
