"""The desk's analytics page and its CSV files (chief editors and admins), filtered like the claim list."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from analytics import charts, figures
from analytics.access import require_analytics_access
from claims.access import require_desk_access
from claims.models import Claim

from .exports import safe_cell
from .filters import ClaimFilter

# The period and time-zone parameters travel with the claim list's filters.
PERIOD_PARAMS = ("period_from", "period_until", "tz")
# The claim list's filters the page offers (the list); any other of them given in the URL applies too.
PAGE_FILTERS = ("q", "speaker", "organisation", "event", "tag", "language", "kind")


def selection(request):
    """(period, selection, filterset, problems) from the query string — the claim list's filters,
    with the same handling of values it cannot read (ignored, and said so). The selection is None (no
    filter), `figures.OneLanguage` (the language filter alone: rollups) or the filtered claims (exact:
    `figures.narrow`)."""
    period, problems = figures.parse_period(request.GET)
    data = request.GET.copy()
    for key in (*PERIOD_PARAMS, "sort", "page"):
        data.pop(key, None)
    filterset = ClaimFilter(data or None, queryset=Claim.objects.all(), request=request)
    claims = None
    if filterset.is_bound:
        problems += [
            _("The filter “%(filter)s” was ignored: %(reason)s") % {"filter": label, "reason": reason}
            for label, reason in filterset.ignored()
        ]
        if filterset.active():
            given = {name: value for name, value in filterset.form.cleaned_data.items()
                     if name != "sort" and value not in (None, "", [], ())}
            if list(given) == ["language"]:
                # One language alone: the figures read the rollups' per-language rows (`analytics.figures.OneLanguage`).
                claims = figures.OneLanguage(given["language"])
            else:
                claims = figures.narrow(filterset.qs.order_by())
    return period, claims, filterset, problems


@login_required
@require_GET
def analytics_page(request):
    require_desk_access(request.user)
    require_analytics_access(request.user)
    period, claims, filterset, problems = selection(request)
    for problem in problems:
        messages.warning(request, problem)
    shown = [(figure, charts.draw(figure), charts.table_body(figure)) for figure in figures.cached_all(period, claims)]
    query = request.GET.urlencode()
    return render(
        request,
        "desk/analytics.html",
        {
            "period": period,
            "tz_name": str(period.tz),
            "filter": filterset,
            "page_filters": PAGE_FILTERS,
            "active_filters": filterset.active() if filterset.is_bound else [],
            "figures": shown,
            "query": query,
        },
    )


@login_required
@require_GET
def analytics_csv(request, name):
    require_desk_access(request.user)
    require_analytics_access(request.user)
    if name not in figures.FIGURES:
        raise Http404(_("There is no such figure."))
    period, claims, _filterset, _problems = selection(request)
    figure = figures.cached(name, period, claims)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{period.start}-{period.end}.csv"'
    writer = csv.writer(response)
    writer.writerow([safe_cell(label) for _key, label in figure.columns])
    for row in figure.as_table():
        writer.writerow([safe_cell(cell) for cell in row])
    return response
