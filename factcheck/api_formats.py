"""What the API reads and writes: JSON (and forms) in, JSON out.

``BoundedJSONParser`` is DRF's JSON parser, refusing absurdly nested documents with
a 400. Every request body of the API is an object of plain values, so a few levels of
nesting are plenty. Python's JSON decoder recurses once per level and gives up
with a RecursionError (a 500) near a thousand; this parser answers a clear 400
instead, for any depth above MAX_JSON_DEPTH.
"""

from rest_framework.exceptions import NotAcceptable, ParseError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import JSONParser

MAX_JSON_DEPTH = 32
TOO_DEEP = f"The JSON body is nested too deeply (more than {MAX_JSON_DEPTH} levels of arrays and objects)."


def json_depth_exceeds(value, limit: int) -> bool:
    """Whether ``value`` (as decoded from JSON) nests arrays and objects more than
    ``limit`` levels deep. Iterative, so it never recurses itself."""
    pending = [(value, 1)]
    while pending:
        node, depth = pending.pop()
        if isinstance(node, dict):
            children = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > limit:
            return True
        pending.extend((child, depth + 1) for child in children)
    return False


class BoundedJSONParser(JSONParser):
    """JSONParser that answers 400 to a body nested deeper than MAX_JSON_DEPTH."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(TOO_DEEP) from None
        if json_depth_exceeds(data, MAX_JSON_DEPTH):
            raise ParseError(TOO_DEEP)
        return data


class JSONOnlyNegotiation(DefaultContentNegotiation):
    """DRF's content negotiation; its 406 says what the API answers and what was asked.

    It runs before the view, so a request whose answer could not be sent writes nothing.
    """

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable:
            offered = ", ".join(renderer.media_type for renderer in renderers)
            asked = request.headers.get("Accept", "")
            raise NotAcceptable(
                f"This API answers {offered} only; the Accept header asks for {asked}.",
                available_renderers=renderers,
            ) from None
