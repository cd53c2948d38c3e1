"""Error pages that say why, in the desk's own layout."""

from django.shortcuts import render
from django.utils.translation import gettext as _


def _error(request, status, title, exception=None):
    message = ""
    if exception is not None and exception.args and isinstance(exception.args[0], str):
        message = exception.args[0]
    return render(request, "error.html", {"title": title, "message": message}, status=status)


def bad_request(request, exception=None):
    return _error(request, 400, _("Bad request"), exception)


def permission_denied(request, exception=None):
    return _error(request, 403, _("You may not do this"), exception)


def page_not_found(request, exception=None):
    return _error(request, 404, _("Not found"))


def server_error(request):
    return render(request, "500.html", status=500)
