"""Public addresses: verdict pages, article reports, lists, feeds and the sitemap."""

from django.contrib.flatpages.views import flatpage
from django.urls import path

app_name = "public"

urlpatterns = [
    # Flat pages edited in the admin. Not behind public_page: an admin edit starts no
    # new cache generation, and the pages cost two queries.
    path("methodology/", flatpage, {"url": "/methodology/"}, name="methodology"),
    path("corrections-policy/", flatpage, {"url": "/corrections-policy/"}, name="corrections-policy"),
]
