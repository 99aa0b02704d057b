"""Builders and readers shared by the tests of the public lists, feeds and cache."""

import json
import re
import xml.etree.ElementTree as ET

from claims import services as claim_services
from claims.models import Verdict
from tests.factories import make_verdict

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def fact_check(fact_checker, editor, n: int, *, state: str = "published", claimant: str = "Mayor Alba",
               rating: str = "false", headline: str = "", summary: str = "", text: str = "",
               quote: str = "", published_at=None, article=None, claim_date=None) -> Verdict:
    """Verdict number ``n`` in ``state`` through the real workflow, on a claim made at
    an appearance URL (or quoted from ``article``). ``published_at`` back-dates it."""
    quote = quote or f"Statement {n}: the council spent {n} million on roads"
    if article is not None:
        claim = claim_services.claim_create(article=article, quote=quote, text=text, claimant_name=claimant,
                                            claim_date=claim_date)
    else:
        claim = claim_services.claim_create(quote=quote, appearance_url=f"https://speeches.example/{n}",
                                            text=text, claimant_name=claimant, claim_date=claim_date)
    verdict = make_verdict(
        claim=claim, author=fact_checker, reviewer=editor, state=state, rating=rating,
        headline=headline or f"Spending claim {n} checked", summary=summary or f"The accounts for year {n} differ.",
    )
    if published_at is not None:
        Verdict.objects.filter(pk=verdict.pk).update(published_at=published_at, public_updated_at=published_at)
        verdict.refresh_from_db()
    return verdict


def listed_slugs(html: str) -> list[str]:
    """The slugs of the fact-checks a list page shows, in order."""
    return re.findall(r'class="fc-item__title"><a href="/fact-checks/([^/"]+)/"', html)


def pager_links(html: str) -> dict[str, str]:
    """The list page's "newer" and "older" links (query strings), by rel."""
    links = re.findall(r'class="pager__link[^"]*" rel="(prev|next)" href="([^"]+)"', html)
    return {rel: href.replace("&amp;", "&") for rel, href in links}


def rss_items(content: bytes) -> list[dict]:
    channel = ET.fromstring(content).find("channel")
    return [{child.tag: child.text for child in item} for item in channel.findall("item")]


def atom_entries(content: bytes) -> list[dict]:
    feed = ET.fromstring(content)
    entries = []
    for entry in feed.findall(f"{ATOM}entry"):
        found = {child.tag.removeprefix(ATOM): child.text for child in entry}
        found["link"] = entry.find(f"{ATOM}link").get("href")
        entries.append(found)
    return entries


def sitemap_urls(content: bytes) -> dict[str, str | None]:
    """Each location of the sitemap with its lastmod (or None)."""
    root = ET.fromstring(content)
    return {
        url.find(f"{SITEMAP}loc").text: getattr(url.find(f"{SITEMAP}lastmod"), "text", None)
        for url in root.findall(f"{SITEMAP}url")
    }


def datafeed_reviews(content: bytes) -> list[dict]:
    feed = json.loads(content)
    return [review for element in feed["dataFeedElement"] for review in element["item"]]


def page_url(verdict: Verdict) -> str:
    return f"http://testserver{verdict.get_absolute_url()}"
