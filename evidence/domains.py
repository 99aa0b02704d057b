"""The registrable domain of a URL: the name a publisher registered, one Source per publisher.

``news.bbc.co.uk`` and ``www.bbc.co.uk`` are both ``bbc.co.uk``; ``www.nytimes.com`` is
``nytimes.com``. The public suffix list is the snapshot bundled with ``tldextract``: it
is never fetched at run time (no network, no cache directory), so the answer only
changes when the package is upgraded. Addresses (IPv4, IPv6) are kept as they are;
hosts without a public suffix (``localhost``, ``intranet``, ``site.example``) are kept
whole, less a leading ``www.``.

Private suffixes of the list count too: ``alice.blogspot.com`` and ``bob.github.io``
are publishers of their own, not one Source for all of Blogger or GitHub Pages.
"""

from urllib.parse import urlsplit

import tldextract

# Built once: no suffix list URLs and no cache directory mean no fetch and no
# files written; the bundled snapshot is the only data.
_extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


def url_host(url: str) -> str:
    """The lower-cased host of ``url`` (without port or brackets), or "" when it has none."""
    try:
        return (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
    except ValueError:  # malformed, e.g. an unclosed IPv6 bracket
        return ""


def registrable_domain(url: str) -> str:
    """The registrable domain of ``url``'s host, or "" when it has no host."""
    host = url_host(url)
    if not host:
        return ""
    parts = _extract(host)
    if parts.ipv4 or parts.ipv6:
        return host
    if parts.suffix and parts.domain:
        return f"{parts.domain}.{parts.suffix}"
    return host.removeprefix("www.")
