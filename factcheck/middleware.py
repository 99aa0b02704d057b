"""Answers for faults of the servers the desk depends on.

``DatabaseUnavailableMiddleware`` turns a database that cannot be reached (an
outage, a restart, a failover) into ``503 Service Unavailable`` with
``Retry-After``: a short page, or ``{"detail": ...}`` under ``/api/``. Nothing
is cached or kept: the next request after the database is back is served as
usual (the connection is opened again, CONN_HEALTH_CHECKS drops a broken one).
"""

import logging
import re

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, reverse

logger = logging.getLogger(__name__)

# What a lost database connection raises through Django (psycopg's and sqlite3's
# errors are wrapped in these).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
API_PREFIX = "/api/"
MESSAGE = "The database is not answering; try again in a minute. Nothing you saved earlier is lost."


class DatabaseUnavailableMiddleware:
    """Answer 503 with Retry-After when a view (or its template) cannot reach the database.

    Works under DEBUG too: the answer is given before Django's error page would be.
    The page is rendered without a request, so no context processor touches the
    database again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_UNAVAILABLE):
            return None
        logger.warning("database unavailable, answered 503 to %s %s: %s", request.method, request.path, exception)
        if request.path.startswith(API_PREFIX):
            response = JsonResponse({"detail": MESSAGE}, status=503)
        else:
            response = HttpResponse(render_to_string("503.html", {"message": MESSAGE}), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response


# The first object page (``/desk/claims/5/``) in the path of a form's address.
_OBJECT_PAGE = re.compile(r"^(.*?/\d+/)")


class MethodNotAllowedPageMiddleware:
    """Answer a GET of an address that only takes a submitted form (a followed or
    reloaded link to a form's action) with a page that says so and links to the page
    the form belongs to, instead of Django's blank ``405``. Still 405, with ``Allow``;
    the API's own JSON answers are left as they are."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (response.status_code != 405 or request.method not in ("GET", "HEAD") or response.content
                or request.path.startswith(API_PREFIX)):
            return response
        page = render(request, "405.html", {"form_page": form_page(request.path)}, status=405)
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page


def form_page(path: str) -> str:
    """The page a form posting to ``path`` is on: the object page the address starts
    with when there is one that shows itself, else the section's first page."""
    match = _OBJECT_PAGE.match(path)
    if match:
        try:
            resolve(match[1])
        except Resolver404:
            pass
        else:
            if match[1] != path:
                return match[1]
    return reverse("public:fact-checks") if not path.startswith("/desk/") else reverse("desk:dashboard")
