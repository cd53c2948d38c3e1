from csp.middleware import CSPMiddleware
from django.conf import settings
from django.db.models import ProtectedError, RestrictedError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from factcheck.errors import WorkflowError


class WorkflowErrorMiddleware:
    """A refused workflow step or deletion anywhere (view, admin) becomes a page that says why, never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, WorkflowError):
            return render(request, "error.html", {"message": exception.message}, status=exception.status_code)
        if isinstance(exception, (ProtectedError, RestrictedError)):
            # Something published or in the record still uses it: say what, never a 500.
            objects = exception.protected_objects if isinstance(exception, ProtectedError) else exception.restricted_objects
            names = sorted(str(obj) for obj in list(objects)[:20])
            message = _("This cannot be deleted because other records use it: %(uses)s.") % {"uses": "; ".join(names)}
            return render(request, "error.html", {"message": message}, status=409)
        return None


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp, with `'self'` in `script-src` narrowed to the folders that hold the site's scripts.

    `'self'` would trust every path of the origin, including one that ever served a user's
    file; scripts come only from STATIC_URL and the admin's translation catalogue.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        config = parts.config or (settings.CONTENT_SECURITY_POLICY or {}).get("DIRECTIVES", {})
        scripts = (parts.replace or {}).get("script-src", config.get("script-src"))
        if scripts and "'self'" in scripts:
            narrowed = [source for source in scripts if source != "'self'"]
            for folder in script_folders():
                narrowed.append(folder if folder.startswith(("https://", "http://")) else request.build_absolute_uri(folder))
            parts.replace = {**(parts.replace or {}), "script-src": narrowed}
        return parts


def script_folders() -> list[str]:
    """The URL folders the site's own scripts are served from."""
    return [settings.STATIC_URL, reverse("admin:jsi18n")]
