from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from .selectors import is_desk


class ReadPublicWriteDesk(BasePermission):
    """Anyone may read (what they see is narrowed by `api.selectors`); only desk members may write."""

    message = _("Only members of the fact-check desk can change claims.")

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or is_desk(request.user)


class DeskOnly(BasePermission):
    """Internal data (audit trail, open workflow steps) is for desk members only."""

    message = _("Only members of the fact-check desk can see this.")

    def has_permission(self, request, view):
        return is_desk(request.user)
