"""Object lookups for views: 404 for what does not exist, 403 for what the user may not see."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from reviews.workflow import can_view_claim

from .models import Claim


def require_desk_access(user):
    if not can_view_claim(user):
        raise PermissionDenied(_("Only members of the fact-check desk can see this page."))


def get_claim_for_user(user, pk, queryset=None):
    require_desk_access(user)
    return get_object_or_404(queryset if queryset is not None else Claim.objects.all(), pk=pk)
