"""Schema details drf-spectacular cannot infer from the serializers alone."""

from drf_spectacular.extensions import OpenApiSerializerExtension


class StrictFieldsExtension(OpenApiSerializerExtension):
    """Write serializers refuse unknown keys (`StrictFieldsMixin`), so their schemas say `additionalProperties: false`."""

    target_class = "api.serializers.StrictFieldsMixin"
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_basic_serializer(self.target, direction)
        schema["additionalProperties"] = False
        return schema
