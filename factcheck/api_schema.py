"""What the OpenAPI schema says beyond what drf-spectacular finds by itself.

* ``OptionalURLField``: a URL that may be empty (``""``), as the models store an
  absent URL; ``format: uri`` alone would call every empty one a violation.
* ``document_error_responses``: a postprocessing hook that documents, on every
  operation, the errors every endpoint may answer (DRF's and this project's own:
  400 for input, 401 and 403 for auth, 404 for what the caller may not see or a
  page past the end, 406 when JSON is not acceptable, 415 for a body in another
  format, 429 when throttled, 503 when the database cannot be reached), each with
  its JSON body. An operation keeps its own description of a status when it has one.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

EMPTY_OR_URI = {"type": "string", "anyOf": [{"format": "uri"}, {"enum": [""]}]}


@extend_schema_field(EMPTY_OR_URI)
class OptionalURLField(serializers.CharField):
    """A read-only URL that is ``""`` when there is none."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)


DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "What went wrong, in words."}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "description": "Messages keyed by the field or query parameter they concern (`non_field_errors` "
    "for the input as a whole, `state` for a workflow state, `detail` when the body could not be read).",
    "additionalProperties": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
}
ERROR_SCHEMAS = {"Error": DETAIL, "FieldErrors": FIELD_ERRORS}

# status: (schema component, description, whether an operation may answer it)
ERRORS = {
    400: ("FieldErrors", "The input is wrong, or the object's state does not allow the action: messages "
          "keyed by the field, the parameter or `state`.",
          lambda method, op: method != "get" or _parameters(op, "query")),
    401: ("Error", "No credentials, or a token or session that is not valid.", lambda method, op: True),
    403: ("Error", "Your role may not do this.", lambda method, op: _needs_auth(op)),
    404: ("Error", "Nothing here that you may see (or a page past the end of the list).",
          lambda method, op: _parameters(op, "path") or "page" in {p["name"] for p in _parameters(op, "query")}),
    406: ("Error", "The Accept header does not allow JSON, the only format answered.", lambda method, op: True),
    415: ("Error", "The body is in a format not read here (send JSON or a form).",
          lambda method, op: "requestBody" in op),
    429: ("Error", "Too many requests: wait as the Retry-After header says.", lambda method, op: True),
    503: ("Error", "The service cannot reach its database right now: try again shortly.", lambda method, op: True),
}


def _parameters(operation: dict, where: str) -> list[dict]:
    return [p for p in operation.get("parameters", []) if p.get("in") == where]


def _needs_auth(operation: dict) -> bool:
    """Whether anonymous callers are refused (an empty requirement means they are not)."""
    security = operation.get("security")
    return bool(security) and {} not in security


def document_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: see the module's docstring."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(ERROR_SCHEMAS)
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status, (component, description, applies) in ERRORS.items():
                if not applies(method, operation):
                    continue
                response = responses.setdefault(str(status), {"description": description})
                body = {"schema": {"$ref": f"#/components/schemas/{component}"}}
                response.setdefault("content", {"application/json": body})
    return result
