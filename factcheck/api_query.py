"""Query parameters of the API: filters and page numbers, each checked.

A parameter given empty (``?until=``) or malformed (``?page=abc``) answers 400 keyed
by its name instead of being dropped silently, which would answer a list the client
did not ask for. Only fields that say ``allow_blank`` take an empty value.
"""

from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination

# Ids are 64-bit integers in both databases; a larger number is refused, not looked up.
MAX_ID = 2**63 - 1
EMPTY = "Give a value, or leave the parameter out."


def IdParameter(**kwargs) -> serializers.IntegerField:  # noqa: N802 (reads as a field class)
    """A query parameter holding a row's id."""
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


class QueryParameters(serializers.Serializer):
    """Base for a list's filters: an empty value answers 400 naming the parameter
    unless its field allows blanks."""

    def to_internal_value(self, data):
        empty = {
            name: [EMPTY]
            for name, field in self.fields.items()
            if name in data and data.get(name) == "" and not getattr(field, "allow_blank", False)
        }
        if empty:
            raise serializers.ValidationError(empty)
        return super().to_internal_value(data)


class PageNumbers(PageNumberPagination):
    """Numbered pages; ``page`` must be a whole number from 1 (400 otherwise), and a
    page past the end answers 404 saying so."""

    last_page_strings = ()
    invalid_page_message = "There is no page {page_number}; follow the next and previous links."
    BAD_PAGE = "A page number: 1, 2, 3…"

    def get_page_number(self, request, paginator):
        value = request.query_params.get(self.page_query_param)
        if value is None:
            return 1
        if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= MAX_ID:
            raise serializers.ValidationError({self.page_query_param: [self.BAD_PAGE]})
        return int(value)
