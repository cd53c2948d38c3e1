from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

from claims.pagination import whole_number
from factcheck.errors import InvalidInput

MAX_OFFSET = 10**9


class StrictLimitOffsetPagination(LimitOffsetPagination):
    """limit/offset pages of at most 100 rows; a malformed limit or offset is a 400, not a silent default."""

    default_limit = 25
    max_limit = 100

    def _read(self, request, name, minimum, maximum):
        """The one reading of a page parameter (claims.pagination): malformed is a 400 naming it."""
        try:
            return whole_number(request.query_params.get(name), field=name, minimum=minimum, maximum=maximum)
        except InvalidInput as error:
            raise ValidationError({name: [error.message]}) from None

    def get_limit(self, request):
        value = self._read(request, self.limit_query_param, 1, self.max_limit)
        return self.default_limit if value is None else value

    def get_offset(self, request):
        value = self._read(request, self.offset_query_param, 0, MAX_OFFSET)
        return 0 if value is None else value

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.limit_query_param: {"minimum": 1, "maximum": self.max_limit},
            self.offset_query_param: {"minimum": 0, "maximum": MAX_OFFSET},
        }
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters
