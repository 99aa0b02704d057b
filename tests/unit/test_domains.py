"""A Source is the registrable domain of a URL, found offline with the bundled public suffix list."""

import pytest

from evidence.domains import registrable_domain


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.nytimes.com/2016/11/01/us/politics.html", "nytimes.com"),
        ("https://nytimes.com/", "nytimes.com"),
        ("https://news.bbc.co.uk/2/hi/uk_news/1.stm", "bbc.co.uk"),
        ("https://www.bbc.co.uk/news", "bbc.co.uk"),
        ("https://WWW.Example.COM./page", "example.com"),
        ("http://user:pw@data.census.gov:8080/table", "census.gov"),
        ("https://www.gov.uk/government/statistics", "www.gov.uk"),  # gov.uk is a public suffix
        ("https://assets.publishing.service.gov.uk/x.pdf", "publishing.service.gov.uk"),  # service.gov.uk is a private suffix
        ("https://alice.blogspot.com/2016/post", "alice.blogspot.com"),  # private suffix: one blog
        ("https://bob.github.io/notes", "bob.github.io"),
        ("https://www.lemonde.fr/", "lemonde.fr"),
        ("https://abc.net.au/news", "abc.net.au"),
        ("http://127.0.0.1:8000/evidence", "127.0.0.1"),
        ("http://[::1]:8000/evidence", "::1"),
        ("http://localhost/x", "localhost"),
        ("https://www.source1.example/report", "source1.example"),  # no public suffix: the whole host
        ("", ""),
        ("not a url", ""),
        ("mailto:desk@example.org", ""),
        ("http://[broken/", ""),
    ],
)
def test_registrable_domain(url, domain):
    assert registrable_domain(url) == domain


def test_no_network_and_no_cache_files(monkeypatch, tmp_path):
    """The suffix list is the bundled snapshot: nothing is fetched or written."""
    import socket

    from evidence import domains

    def refuse(*args, **kwargs):
        raise AssertionError("registrable_domain opened a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert domains.registrable_domain("https://news.bbc.co.uk/") == "bbc.co.uk"
    assert domains._extract.suffix_list_urls == ()
    assert list(tmp_path.iterdir()) == []
