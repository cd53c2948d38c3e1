"""Account pages that django.contrib.auth does not ship: the brute-force lockout page.

django-axes decides *whether* a username+IP is locked out; this module only decides
what the person sees, so the rule stays in axes and the wording stays translatable.
"""

import math

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_noop

# Role (group) names live in the database in English (reviews.roles); marking them here puts
# them in the catalogue, so `{% translate role %}` shows the Japanese name on role badges.
ROLE_NAMES = [gettext_noop("Editor"), gettext_noop("Reviewer"), gettext_noop("Chief editor"), gettext_noop("Admin")]

LOCKOUT_STATUS = 429  # Too Many Requests: the client may retry after the cool-off.


def lockout_response(request, original_response=None, credentials=None):
    """Render the lockout as a normal desk page (settings.AXES_LOCKOUT_CALLABLE)."""
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "username": get_client_username(request, credentials) or "",
        "cooloff_minutes": minutes,
    }
    response = render(request, "registration/lockout.html", context, status=LOCKOUT_STATUS)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


def client_ip(request):
    """The address axes locks out (settings.AXES_CLIENT_IP_CALLABLE).

    Directly exposed, that is REMOTE_ADDR. Behind TRUSTED_PROXY_COUNT trusted reverse proxies,
    it is the X-Forwarded-For entry the outermost proxy appended: counted from the right,
    because a client can put anything at the left of that header.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if not count:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    return hops[-count] if len(hops) >= count else remote
