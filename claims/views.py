"""The one way stored files leave the desk: `/files/<name>`, checked for who asks (MEDIA_URL points here)."""

from django.http import Http404, HttpRequest
from django.views.decorators.http import require_safe

from .access import can_view_source_file
from .files import file_response
from .models import Source


@require_safe
def source_file(request: HttpRequest, name: str):
    """A source's file for desk roles, or for anyone when a published fact-check cites the source.

    Everyone else gets the same 404 as for a name that does not exist, so nothing leaks.
    """
    source = Source.objects.filter(file=name).exclude(file="").first()
    if source is None or not can_view_source_file(request.user, source):
        raise Http404("No such file.")
    try:
        return file_response(source, download=request.GET.get("download") == "1")
    except FileNotFoundError as missing:
        raise Http404("No such file.") from missing
