"""Caching of the public pages, feeds and API list in Redis, with conditional GETs.

Every cached response is keyed by a *generation* number. Publishing, correcting or
retracting a verdict (and any edit a public page shows) starts a new generation after
the transaction commits, so every page that shows a verdict is invalidated at once:
its page, the article report, the lists, the feeds, the DataFeed, the sitemap and the
API list. Old generations expire on their own.
"""

import hashlib
import time
from functools import wraps

from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control

GENERATION_KEY = "public:generation"
PAGE_TIMEOUT = 24 * 3600


def public_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # A clock value, not 1: after a cache flush, old keys can never be reused.
        generation = time.time_ns()
        cache.add(GENERATION_KEY, generation, None)
        generation = cache.get(GENERATION_KEY, generation)
    return generation


def public_pages_changed() -> None:
    """Invalidate every cached public response once the current transaction commits."""
    transaction.on_commit(lambda: cache.set(GENERATION_KEY, time.time_ns(), None), robust=True)


def _cache_key(request) -> str:
    # Feeds, the DataFeed and the sitemap write absolute links on the request's scheme and host;
    # the Accept header picks the API's renderer, so the same path may answer JSON or HTML.
    variant = f"{request.build_absolute_uri()}|{request.headers.get('Accept', '')}"
    return f"public:{public_generation()}:{hashlib.sha256(variant.encode()).hexdigest()}"


def public_page(view):
    """Serve ``view`` from the cache for anonymous GET and HEAD requests, answering
    ``If-None-Match`` with 304. Signed-in users always get a fresh page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        key = _cache_key(request)
        entry = cache.get(key)
        if entry is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            if response.status_code != 200:
                return response
            entry = {
                "content": response.content,
                "content_type": response["Content-Type"],
                "etag": f'"{hashlib.sha256(response.content).hexdigest()[:32]}"',
            }
            cache.set(key, entry, PAGE_TIMEOUT)
        if entry["etag"] in request.headers.get("If-None-Match", ""):
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(entry["content"], content_type=entry["content_type"])
        response["ETag"] = entry["etag"]
        # Browsers keep the copy but ask each time, so a retraction shows at once.
        patch_cache_control(response, public=True, no_cache=True)
        return response

    return wrapper
