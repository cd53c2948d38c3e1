"""Schema details drf-spectacular cannot infer from the serializers alone."""

from drf_spectacular.extensions import OpenApiSerializerExtension
from rest_framework import serializers


def _min_lengths(serializer, schema):
    """A text field that may not be blank says `minLength: 1`, so clients and fuzzers know it."""
    for name, field in serializer.fields.items():
        if field.read_only or name not in schema.get("properties", {}):
            continue
        prop = schema["properties"][name]
        if isinstance(field, serializers.CharField) and not field.allow_blank:
            prop.setdefault("minLength", max(field.min_length or 0, 1))
        if isinstance(field, serializers.ListField) and isinstance(field.child, serializers.CharField):
            if not field.child.allow_blank and isinstance(prop.get("items"), dict):
                prop["items"].setdefault("minLength", 1)


class StrictFieldsExtension(OpenApiSerializerExtension):
    """Write serializers refuse unknown keys (`StrictFieldsMixin`), so their schemas say `additionalProperties: false`."""

    target_class = "api.serializers.StrictFieldsMixin"
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_basic_serializer(self.target, direction)
        schema["additionalProperties"] = False
        _min_lengths(self.target, schema)
        return schema


THROTTLED = {
    "description": "Too many requests from this client address (anonymous readers: API_ANON_RATE). "
    "Wait for the number of seconds in the Retry-After header.",
    "headers": {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}},
    "content": {
        "application/json": {
            "schema": {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}
        }
    },
}


def add_throttle_responses(result, generator, request, public):
    """Every operation may answer 429 (DRF's throttle runs before any view), so every operation says so."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if isinstance(operation, dict) and "responses" in operation:
                operation["responses"].setdefault("429", THROTTLED)
    return result
