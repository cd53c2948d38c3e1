from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from .access import get_claim_for_user, require_desk_access
from .models import Event, Source, Speaker


@login_required
def dashboard(request):
    require_desk_access(request.user)
    return render(request, "claims/dashboard.html")


@login_required
def claim_detail(request, pk):
    claim = get_claim_for_user(request.user, pk)
    return render(request, "claims/claim_detail.html", {"claim": claim})


@login_required
def speaker_detail(request, pk):
    require_desk_access(request.user)
    speaker = get_object_or_404(Speaker, pk=pk)
    return render(request, "claims/speaker_detail.html", {"speaker": speaker})


@login_required
def source_detail(request, pk):
    require_desk_access(request.user)
    source = get_object_or_404(Source, pk=pk)
    return render(request, "claims/source_detail.html", {"source": source})


@login_required
def event_detail(request, pk):
    require_desk_access(request.user)
    event = get_object_or_404(Event, pk=pk)
    return render(request, "claims/event_detail.html", {"event": event})
