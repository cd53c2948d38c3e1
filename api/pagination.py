from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

MAX_OFFSET = 10**9


class StrictLimitOffsetPagination(LimitOffsetPagination):
    """limit/offset pages of at most 100 rows; a malformed limit or offset is a 400, not a silent default."""

    default_limit = 25
    max_limit = 100

    def _read(self, request, name, minimum, maximum):
        raw = request.query_params.get(name)
        if raw is None:
            return None
        try:
            value = int(raw)
        except (TypeError, ValueError):
            value = None
        if value is None or not (minimum <= value <= maximum):
            raise ValidationError(
                {name: [_("Give a whole number from %(min)s to %(max)s.") % {"min": minimum, "max": maximum}]}
            )
        return value

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
