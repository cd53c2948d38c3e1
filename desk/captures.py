"""The desk's copies of sources: capture now, the captured text (with the diff to the one before), the WARC file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from capture import selectors, services
from capture.models import Capture
from claims.access import require_desk_access
from claims.models import Source
from claims.permissions import PERM_ADD_SOURCE, PERM_EVIDENCE


@login_required
@require_POST
def source_capture(request, pk):
    """Queue a capture now (editors and reviewers); the page shows "capturing…" until the worker is done."""
    require_desk_access(request.user)
    if not (request.user.has_perm(PERM_ADD_SOURCE) or request.user.has_perm(PERM_EVIDENCE)):
        raise PermissionDenied(_("Your role does not allow capturing sources."))
    source = get_object_or_404(Source, pk=pk)
    services.request_capture(source, trigger=Capture.Trigger.DEMAND, user=request.user)
    messages.success(request, _("Capture queued. Reload this page to see the result."))
    return redirect(source.get_absolute_url() + "#captures")


@login_required
@require_GET
def capture_text(request, pk):
    require_desk_access(request.user)
    capture = get_object_or_404(Capture.objects.select_related("source"), pk=pk)
    previous = selectors.previous_done(capture) if capture.status == Capture.Status.DONE else None
    diff = selectors.word_diff(previous.text, capture.text) if previous is not None else None
    return render(request, "desk/capture_text.html", {"capture": capture, "previous": previous, "diff": diff})


@login_required
@require_GET
def capture_warc(request, pk):
    require_desk_access(request.user)
    capture = get_object_or_404(Capture, pk=pk)
    if not capture.warc:
        raise Http404(_("This capture has no WARC file."))
    response = FileResponse(
        capture.warc.open("rb"), as_attachment=True, filename=f"capture-{capture.pk}.warc.gz", content_type="application/warc"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
