"""The monitoring pages under /desk/monitoring/: the queue of candidates from followed feeds, and the feeds.

Thin views: the role through `monitoring.queue.check_queue_access` (403, as intake's pages), then the
object (404); reads through `monitoring.selectors`, writes through `monitoring.queue` and `monitoring.polling`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from claims.filters import suggestions
from claims.pagination import page_of
from factcheck.errors import InvalidInput, NotAllowed, WorkflowError
from matching import selectors as matching
from partners import selectors as partner_selectors

from . import polling, queue, repeats, selectors
from .checkworthiness import explanation_labels
from .filters import CandidateFilter
from .forms import DismissForm, FeedForm, MergeForm
from .models import Candidate

PAGE_SIZE = 25


def _allowed(user) -> None:
    try:
        queue.check_queue_access(user)
    except NotAllowed as refusal:
        raise PermissionDenied(refusal.message) from refusal


def _candidate(request, pk) -> Candidate:
    _allowed(request.user)
    return get_object_or_404(Candidate.objects.select_related("speaker", "outlet", "article", "source"), pk=pk)


@login_required
def monitoring_queue(request):
    """The candidates waiting, filtered; each with its closest claims and the three decisions."""
    _allowed(request.user)
    filterset = CandidateFilter(request.GET or None, queryset=selectors.waiting())
    status = 200 if filterset.is_bound is False or filterset.is_valid() else 400
    page = None
    try:
        page = page_of(request, filterset.qs if status == 200 else selectors.waiting().none(), PAGE_SIZE)
    except InvalidInput as refusal:
        messages.error(request, refusal.message)
        status = 400
    candidates = list(page.items) if page else []
    repeat_alerts = repeats.open_alerts_by_candidate(candidates)
    checked = partner_selectors.already_checked_many([candidate.statement for candidate in candidates])
    rows = [
        {
            "candidate": candidate,
            "suggestions": found,
            "why": explanation_labels(candidate.checkworthiness_why),
            "repeats": repeat_alerts.get(candidate.pk, []),
            "already_checked": already,
        }
        for candidate, found, already in zip(candidates, selectors.closest_claims(request.user, candidates), checked)
    ]
    context = {
        "filter": filterset,
        "page": page,
        "rows": rows,
        "waiting": selectors.waiting_count(),
        "failing": polling.failing_feeds()[:5],
        "dismiss_form": DismissForm(),
        "open_repeats": repeats.open_alerts().count(),
        "can_decide": True,
    }
    return render(request, "monitoring/queue.html", context, status=status)


@require_POST
@login_required
def monitoring_accept(request, pk):
    candidate = _candidate(request, pk)
    try:
        claim = queue.accept(user=request.user, candidate=candidate)
    except WorkflowError as refusal:
        messages.error(request, refusal.message)
        return redirect("monitoring_queue")
    messages.success(request, _("Draft claim #%(pk)s created from the candidate.") % {"pk": claim.pk})
    return redirect(claim.get_absolute_url())


@require_POST
@login_required
def monitoring_merge(request, pk):
    candidate = _candidate(request, pk)
    form = MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the number of the claim this statement is a new appearance of."))
        return redirect("monitoring_queue")
    claim = get_object_or_404(matching.visible_claims(request.user), pk=form.cleaned_data["claim"])
    try:
        kept = queue.merge(user=request.user, candidate=candidate, claim=claim)
    except WorkflowError as refusal:
        messages.error(request, refusal.message)
        return redirect("monitoring_queue")
    messages.success(request, _("The statement is now a new appearance of claim #%(pk)s.") % {"pk": kept.pk})
    return redirect(kept.get_absolute_url())


@require_POST
@login_required
def monitoring_dismiss(request):
    """Dismiss the ticked candidates (one, or many at once) with one reason."""
    _allowed(request.user)
    form = DismissForm(request.POST)
    ids = [value for value in request.POST.getlist("candidate") if value.isdigit()][:1000]
    if not form.is_valid():
        messages.error(request, _("Say why these candidates are dismissed (“opinion”, “not news”, “already checked”)."))
        return redirect("monitoring_queue")
    try:
        count = queue.dismiss(user=request.user, candidates=Candidate.objects.filter(pk__in=ids), reason=form.cleaned_data["reason"])
    except WorkflowError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, queue.dismissed_message(count))
    return redirect("monitoring_queue")


@login_required
def monitoring_feeds(request):
    """The followed feeds, failing ones first with their error and next try; and the form to follow one."""
    _allowed(request.user)
    form = FeedForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                feed = polling.add_feed(user=request.user, outlet=data["outlet"], url=data["url"], interval_minutes=data["interval_minutes"])
            except InvalidInput as refusal:
                form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
            else:
                messages.success(request, _("The desk now follows %(url)s.") % {"url": feed.url})
                return redirect("monitoring_feeds")
        status = 400
    return render(request, "monitoring/feeds.html", {"feeds": selectors.feeds(), "form": form}, status=status)


@login_required
@require_GET
def monitoring_filter_suggest(request, name):
    """Suggestions for the queue's type-ahead filters (speaker, outlet): ?q=<text>."""
    _allowed(request.user)
    results = suggestions(CandidateFilter, name, request.GET.get("q", ""))
    if results is None:
        raise Http404(_("There is no such filter."))
    return JsonResponse({"results": results})
