"""One exception handler for the API: refusals from the domain become 400/403/409 answers that say why.

The services raise `factcheck.errors.WorkflowError` (403 for role or object
rules, 409 for state or version conflicts, 400 for missing input) and Django's
`ValidationError` from `full_clean()`; the API never lets either become a 500.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from factcheck.errors import WorkflowError


def workflow_error_data(exc):
    data = {"detail": str(exc.message), "rule": exc.rule}
    if exc.field:
        data["field"] = exc.field
    return data


def validation_error_data(exc):
    if hasattr(exc, "error_dict"):
        non_field = api_settings.NON_FIELD_ERRORS_KEY
        return {(non_field if key == "__all__" else key): messages for key, messages in exc.message_dict.items()}
    return {"detail": " ".join(exc.messages)}


def api_exception_handler(exc, context):
    if isinstance(exc, WorkflowError):
        return Response(workflow_error_data(exc), status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        return Response(validation_error_data(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, IntegrityError):
        # A uniqueness race lost to another writer; the service's transaction rolled back.
        return Response(
            {"detail": _("This change conflicts with another record; reload and try again.")},
            status=status.HTTP_409_CONFLICT,
        )
    return drf_exception_handler(exc, context)
