"""The API's exception handler: service validation errors become 400 responses.

Services raise Django's ``ValidationError`` with a dict keyed by field name;
this turns it into DRF's, so the response carries the same field keys and views
need no try/except around service calls.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
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
