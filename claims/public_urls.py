"""Public addresses: verdict pages, article reports, lists, feeds and the sitemap."""

from django.contrib.flatpages.views import flatpage
from django.urls import path

from claims import feeds, public_lists, public_views, sitemaps
from claims.public_cache import public_page

app_name = "public"

urlpatterns = [
    path("reports/<slug:slug>/", public_views.report, name="report"),
    path("archive/<int:snapshot_id>/", public_views.archived_text, name="archived-text"),
    # Flat pages edited in the admin (its FlatPage admin starts a new cache generation).
    path("methodology/", public_page(flatpage), {"url": "/methodology/"}, name="methodology"),
    path("corrections-policy/", public_page(flatpage), {"url": "/corrections-policy/"}, name="corrections-policy"),
    path("fact-checks/", public_lists.fact_check_list, name="fact-checks"),
    path("fact-checks/feed/rss/", feeds.rss_feed, name="feed-rss"),
    path("fact-checks/feed/atom/", feeds.atom_feed, name="feed-atom"),
    path("fact-checks/claimreview.json", feeds.claimreview_feed, name="claimreview-feed"),
    path("sitemap.xml", sitemaps.sitemap_xml, name="sitemap"),
    # Keep last: the slug pattern would swallow fixed addresses under fact-checks/.
    path("fact-checks/<slug:slug>/", public_views.fact_check, name="fact-check"),
]
