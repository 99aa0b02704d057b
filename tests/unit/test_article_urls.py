"""Article address normalisation: one spelling per article (table-driven)."""

import pytest

from evidence.urls import BadUrl, normalise_url


@pytest.mark.parametrize(("given", "expected"), [
    ("https://example.com/a", "https://example.com/a"),
    ("HTTPS://Example.COM/News/Story", "https://example.com/News/Story"),
    ("https://example.com:443/a", "https://example.com/a"),
    ("http://example.com:80/a", "http://example.com/a"),
    ("http://example.com:8080/a", "http://example.com:8080/a"),
    ("https://example.com", "https://example.com/"),
    ("https://example.com/a/", "https://example.com/a/"),
    ("https://example.com/a#comments", "https://example.com/a"),
    ("https://example.com/a?utm_source=tw&utm_medium=social", "https://example.com/a"),
    ("https://example.com/a?id=7&fbclid=XYZ&page=2", "https://example.com/a?id=7&page=2"),
    ("https://example.com/a?gclid=1&mc_cid=2&mc_eid=3&_ga=4", "https://example.com/a"),
    ("https://example.com/a?UTM_Campaign=x&q=vote", "https://example.com/a?q=vote"),
    ("https://example.com/a?flag=", "https://example.com/a?flag="),
    ("  https://example.com./a  ", "https://example.com/a"),
    ("http://[2001:DB8::1]:80/a", "http://[2001:db8::1]/a"),
])
def test_spellings_of_one_address_normalise_alike(given, expected):
    assert normalise_url(given) == expected


@pytest.mark.parametrize(("given", "problem"), [
    ("", "address"),
    ("ftp://example.com/a", "http and https"),
    ("javascript:alert(1)", "http and https"),
    ("https://user:secret@example.com/a", "user name or password"),
    ("https://user@example.com/a", "user name or password"),
    ("https:///a", "host name"),
    ("https://example.com:99999/a", "port"),
])
def test_addresses_that_cannot_be_fetched_are_refused_saying_why(given, problem):
    with pytest.raises(BadUrl, match=problem):
        normalise_url(given)
