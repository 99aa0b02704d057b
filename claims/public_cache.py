"""Caching of the public pages, feeds and API list in Redis, with conditional GETs.

Every cached response is keyed by a *generation* number. Publishing, correcting or
retracting a verdict (and any edit a public page shows) starts a new generation after
the transaction commits, so every page that shows a verdict is invalidated at once:
its page, the article report, the lists, the feeds, the DataFeed, the sitemap and the
API list. Old generations expire on their own.

The cache is an optimisation, never a dependency: while Redis is down or slow, a
read is a miss and a write is skipped (both logged), and readers get pages
rendered from the database.
"""

import hashlib
import logging
import time
from functools import wraps

from django.core.cache import cache
from django.db import InterfaceError, OperationalError, transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

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


# Set when a change could not start a new generation because Redis was unreachable: a
# Redis that comes back with its data would otherwise serve pages from before the change.
# The next public request in this process (or the next sweep, in a worker) starts it.
_generation_unsaved = False


def _new_generation() -> None:
    global _generation_unsaved
    try:
        cache.set(GENERATION_KEY, time.time_ns(), None)
    except RedisError as exc:
        _generation_unsaved = True
        logger.warning("public cache unavailable, its pages are refreshed once it is back: %s", exc)
    else:
        _generation_unsaved = False


def public_pages_changed() -> None:
    """Invalidate every cached public response once the current transaction commits.

    When Redis cannot be reached, this process starts the new generation as soon as
    Redis answers again (``public_cache_catch_up``).
    """
    transaction.on_commit(_new_generation, robust=True)


def public_cache_catch_up() -> None:
    """Start the generation a change could not start while Redis was unreachable, if any."""
    if _generation_unsaved:
        _new_generation()


def _cache_key(request) -> str:
    # Feeds, the DataFeed and the sitemap write absolute links on the request's scheme and host;
    # the Accept header picks the API's renderer, so the same path may answer JSON or HTML.
    variant = f"{request.build_absolute_uri()}|{request.headers.get('Accept', '')}"
    return f"public:{public_generation()}:{hashlib.sha256(variant.encode()).hexdigest()}"


def _is_signed_in(request) -> bool:
    """Whether the request comes from a signed-in user. Without a database the
    session cannot be read: such a request is served like an anonymous reader's."""
    try:
        return request.user.is_authenticated
    except (OperationalError, InterfaceError):
        return False


def _cache_read(request) -> tuple[str | None, dict | None]:
    """The request's cache key and its cached entry; (None, None) when Redis fails."""
    try:
        public_cache_catch_up()
        key = _cache_key(request)
        return key, cache.get(key)
    except RedisError as exc:
        logger.warning("public cache unavailable, page rendered without it: %s", exc)
        return None, None


def _cache_write(key: str, entry: dict) -> None:
    try:
        cache.set(key, entry, PAGE_TIMEOUT)
    except RedisError as exc:
        logger.warning("public cache unavailable, page not stored: %s", exc)


def public_page(view):
    """Serve ``view`` from the cache for anonymous GET and HEAD requests, answering
    ``If-None-Match`` with 304. Signed-in users always get a fresh page. While Redis
    is down every reader gets a fresh page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or _is_signed_in(request):
            return view(request, *args, **kwargs)
        key, entry = _cache_read(request)
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
            if key is not None:
                _cache_write(key, entry)
        if entry["etag"] in request.headers.get("If-None-Match", ""):
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(entry["content"], content_type=entry["content_type"])
        response["ETag"] = entry["etag"]
        # Browsers keep the copy but ask each time, so a retraction shows at once.
        patch_cache_control(response, public=True, no_cache=True)
        return response

    return wrapper
