"""Feeds of published fact-checks: RSS and Atom for readers, and a ClaimReview
``DataFeed`` (the Data Commons shape) for search engines and other fact-checkers.

Only published verdicts appear; a retracted one drops out at once (the cache
generation changes with the retraction). Links are absolute on the host the
request came to, as on the verdict pages' own ClaimReview ``url``.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Max
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.views.decorators.http import require_safe

from . import fact_check_lists
from .claimreview import claimreview
from .models import Verdict
from .public_cache import public_page
from .quotation import quoted
from .selectors import PUBLIC_VERDICT_STATES

FEED_SIZE = 50


class FactCheckRssFeed(Feed):
    """The newest published fact-checks: headline, rating and summary, dates, author."""

    feed_type = Rss201rev2Feed
    language = "en"

    def get_object(self, request, *args, **kwargs):
        # Not an object of the feed: the request, to make every link absolute on its host.
        return request

    def title(self):
        return f"{settings.FACTCHECK_ORG_NAME}: fact-checks"

    def description(self):
        return f"The newest fact-checks published by {settings.FACTCHECK_ORG_NAME}, with their ratings."

    def link(self, request):
        return request.build_absolute_uri(reverse("public:fact-checks"))

    def feed_url(self, request):
        return request.build_absolute_uri()

    def items(self, request):
        verdicts = list(fact_check_lists.fact_checks_listed().select_related("author")[:FEED_SIZE])
        for verdict in verdicts:
            verdict.page_url = request.build_absolute_uri(verdict.get_absolute_url())
        return verdicts

    def item_title(self, verdict):
        # Plain text: the feed generator escapes it for XML once, and readers show it as written.
        return verdict.headline or verdict.claim.checked_text

    def item_description(self, verdict):
        claim = verdict.claim
        # Only the claimant's own words stand in quotation marks after their name; the
        # desk's wording of the claim is labelled as ours.
        said = f"{claim.claimant.name}: {quoted(claim.quote)}" if claim.claimant_id else quoted(claim.quote)
        if claim.text and claim.text != claim.quote:
            said += f" The claim we checked: {claim.text}."
        text = f"{verdict.rating.label}. {said} {verdict.summary}".strip()
        if verdict.public_updated_at and verdict.public_updated_at > verdict.published_at:
            text += f" (Corrected {date_format(timezone.localtime(verdict.public_updated_at), 'j F Y')}.)"
        return escape(text)

    def item_link(self, verdict):
        return verdict.page_url

    def item_guid(self, verdict):
        return verdict.page_url

    def item_pubdate(self, verdict):
        return verdict.published_at

    def item_updateddate(self, verdict):
        return verdict.public_updated_at or verdict.published_at

    def item_author_name(self, verdict):
        author = verdict.author
        return (author.get_full_name() or author.get_username()) if author else None

    def item_categories(self, verdict):
        return [verdict.rating.label]


class FactCheckAtomFeed(FactCheckRssFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()


rss_feed = require_safe(public_page(FactCheckRssFeed()))
atom_feed = require_safe(public_page(FactCheckAtomFeed()))


@require_safe
@public_page
def claimreview_feed(request):
    """Every published fact-check's ClaimReview as one schema.org ``DataFeed``, newest
    first: the shape Data Commons publishes and ``import_claimreview`` reads."""
    elements = []
    # In chunks, each with its appearances prefetched: memory stays flat however long the archive.
    verdicts = fact_check_lists.with_claimreview(fact_check_lists.fact_checks_listed())
    for verdict in verdicts.iterator(chunk_size=500):
        url = request.build_absolute_uri(verdict.get_absolute_url())
        element = {
            "@type": "DataFeedItem",
            "url": url,
            "dateCreated": verdict.published_at.isoformat(),
            "item": [claimreview(verdict, url=url)],
        }
        if verdict.public_updated_at:
            element["dateModified"] = verdict.public_updated_at.isoformat()
        elements.append(element)
    # A retraction changes the feed (an item leaves it), so retracted verdicts count here.
    changed = Verdict.objects.filter(state__in=PUBLIC_VERDICT_STATES).aggregate(at=Max("public_updated_at"))["at"]
    feed = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": f"{settings.FACTCHECK_ORG_NAME}: ClaimReview feed",
        "url": request.build_absolute_uri(),
        "dateModified": (changed or timezone.now()).isoformat(),
        "dataFeedElement": elements,
    }
    return JsonResponse(feed, json_dumps_params={"ensure_ascii": False})
