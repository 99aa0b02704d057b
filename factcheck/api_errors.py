"""The API's errors: service validation errors become 400 responses, and the
errors Django answers before any API view runs are JSON under /api/ too.

Services raise Django's ``ValidationError`` with a dict keyed by field name;
``service_exception_handler`` turns it into DRF's, so the response carries the
same field keys and views need no try/except around service calls. The
``handler*`` views (named in ``factcheck.urls``) answer an address that matches
no endpoint, a request Django refuses and a crash with ``{"detail": ...}`` under
/api/, and with the site's pages elsewhere.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.views import defaults
from rest_framework import serializers
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler


def field_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    """The messages of a Django ValidationError keyed by field, DRF-style."""
    if not hasattr(error, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: error.messages}
    return {
        (api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field): messages
        for field, messages in error.message_dict.items()
    }


def service_exception_handler(exc, context):
    """DRF's handler, also answering a service's ValidationError with a 400."""
    if isinstance(exc, DjangoValidationError):
        exc = serializers.ValidationError(detail=field_errors(exc))
    return exception_handler(exc, context)


API_PREFIX = "/api/"


def _json_or_page(request, status: int, detail: str, page):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": detail}, status=status)
    return page()


def bad_request(request, exception):
    return _json_or_page(request, 400, "Bad request.", lambda: defaults.bad_request(request, exception))


def not_found(request, exception):
    return _json_or_page(request, 404, "Not found.", lambda: defaults.page_not_found(request, exception))


def server_error(request):
    return _json_or_page(request, 500, "Server error.", lambda: defaults.server_error(request))
