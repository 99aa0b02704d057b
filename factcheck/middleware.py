"""Answers for faults of the servers the desk depends on.

``DatabaseUnavailableMiddleware`` turns a database that cannot be reached (an
outage, a restart, a failover) into ``503 Service Unavailable`` with
``Retry-After``: a short page, or ``{"detail": ...}`` under ``/api/``. Nothing
is cached or kept: the next request after the database is back is served as
usual (the connection is opened again, CONN_HEALTH_CHECKS drops a broken one).
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

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
