"""/sitemap.xml: the public pages search engines should know about.

Published verdict pages (modified when corrected), the reports of articles with a
published verdict, the list of fact-checks and the methodology pages. Drafts never
appear, nor retracted verdicts: their pages stay online under the retraction
notice, but search engines should drop them rather than be sent to them.
"""

from functools import partial

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.db.models import Max, Q
from django.urls import reverse
from django.views.decorators.http import require_safe

from .models import Article, Verdict
from .public_cache import public_page

_PUBLISHED = Q(claims__verdicts__state=Verdict.State.PUBLISHED)


class _OnThisHost(Sitemap):
    """Locations on the host the request came to (the verdict pages' canonical
    addresses are built the same way), not on the Site row's domain."""

    protocol = None

    def __init__(self, *, domain: str):
        self.domain = domain

    def get_domain(self, site=None):
        return self.domain


class FactCheckSitemap(_OnThisHost):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return (
            Verdict.objects.filter(state=Verdict.State.PUBLISHED)
            .only("slug", "published_at", "public_updated_at")
            .order_by("-published_at", "-id")
        )

    def lastmod(self, verdict):
        return verdict.public_updated_at or verdict.published_at


class ReportSitemap(_OnThisHost):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return (
            Article.objects.filter(_PUBLISHED)
            .annotate(modified=Max("claims__verdicts__public_updated_at", filter=_PUBLISHED))
            .only("slug")
            .order_by("-modified", "-pk")
        )

    def location(self, article):
        return reverse("public:report", args=[article.slug])

    def lastmod(self, article):
        return article.modified


class PageSitemap(_OnThisHost):
    """The list of fact-checks and the methodology and corrections-policy pages."""

    PAGES = {"public:fact-checks": "daily", "public:methodology": "monthly", "public:corrections-policy": "monthly"}

    def items(self):
        return list(self.PAGES)

    def location(self, name):
        return reverse(name)

    def changefreq(self, name):
        return self.PAGES[name]


SECTIONS = {"fact-checks": FactCheckSitemap, "reports": ReportSitemap, "pages": PageSitemap}


@require_safe
@public_page
def sitemap_xml(request):
    """The sitemap of every section, with links on this request's host."""
    host = request.get_host()
    return sitemap(request, sitemaps={name: partial(cls, domain=host) for name, cls in SECTIONS.items()})
