"""Public addresses: verdict pages, article reports, lists, feeds and the sitemap."""

from django.urls import path  # noqa: F401  (routes are added below as the pages land)

app_name = "public"

urlpatterns = []
