"""What the API accepts: query parameters and request bodies, checked to the letter.

A query parameter or form field given empty (``?until=``, ``title=``) answers 400
keyed by its name instead of being dropped silently (DRF's way with forms), which
would answer a list or make a change the client did not ask for; only fields that
say ``allow_blank`` take an empty value. In a JSON body, values must have the types
the schema gives (``"quote": 0`` is not a string, ``"claim": "7"`` not an id): DRF
would convert them, and a client that sends them has a bug worth hearing about.
A page number must be a whole number from 1.
"""

from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.utils import html

# Ids are 64-bit integers in both databases; a larger number is refused, not looked up.
MAX_ID = 2**63 - 1
EMPTY = "Give a value, or leave it out."


def IdParameter(**kwargs) -> serializers.IntegerField:  # noqa: N802 (reads as a field class)
    """A query parameter holding a row's id."""
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


class StrictInput(serializers.Serializer):
    """Base for the API's query parameters and request bodies: a query or form value
    given empty answers 400 unless its field allows blanks, and in JSON, text fields
    take strings and id fields integers, as the schema says (400 naming each)."""

    def to_internal_value(self, data):
        writable = {name: field for name, field in self.fields.items() if not field.read_only}
        if html.is_html_input(data):  # a query string or a form: every value is a string
            wrong = {
                name: [EMPTY] for name, field in writable.items()
                if data.get(name) == "" and not getattr(field, "allow_blank", False)
            }
        elif isinstance(data, dict):
            wrong = {
                name: [message] for name, field in writable.items()
                if data.get(name) is not None and (message := _wrong_type(field, data[name]))
            }
        else:
            wrong = {}
        if wrong:
            raise serializers.ValidationError(wrong)
        return super().to_internal_value(data)


def _wrong_type(field, value) -> str:
    """Why ``value`` does not have the JSON type of ``field`` ('' when it does)."""
    if isinstance(field, serializers.CharField) and not isinstance(value, str):
        return "Not a valid string."
    is_integer = isinstance(value, int) and not isinstance(value, bool)
    if isinstance(field, (serializers.IntegerField, serializers.PrimaryKeyRelatedField)) and not is_integer:
        return "A valid integer is required."
    return ""


class PageNumbers(PageNumberPagination):
    """Numbered pages; ``page`` must be a whole number from 1 (400 otherwise), and a
    page past the end answers 404 saying so."""

    last_page_strings = ()
    invalid_page_message = "There is no page {page_number}; follow the next and previous links."
    BAD_PAGE = "A page number: 1, 2, 3…"

    def get_schema_operation_parameters(self, view):
        [page] = super().get_schema_operation_parameters(view)
        page["schema"]["minimum"] = 1
        page["description"] = "A page number, from 1; a page past the end answers 404."
        return [page]

    def get_page_number(self, request, paginator):
        value = request.query_params.get(self.page_query_param)
        if value is None:
            return 1
        if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= MAX_ID:
            raise serializers.ValidationError({self.page_query_param: [self.BAD_PAGE]})
        return int(value)
