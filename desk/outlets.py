"""The desk's outlet pages: list (search any name or alias), one outlet with the claims that reached us through it, add and edit.

Reads through `claims.outlets` and `claims.filters.reached_via`; writes through `claims.outlets`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from analytics import charts, figures
from claims import outlets
from claims.access import require_desk_access
from claims.filters import reached_via
from claims.models import Claim, Outlet
from claims.pagination import page_of
from factcheck.errors import WorkflowError

from .forms import OutletForm

PAGE_SIZE = 25


def _outlet_rows(queryset):
    return queryset.prefetch_related("aliases").annotate(source_count=Count("sources", distinct=True)).order_by("name", "pk")


@login_required
def outlet_list(request):
    require_desk_access(request.user)
    text = (request.GET.get("q") or "").strip()
    queryset = outlets.outlets_matching(text) if text else Outlet.objects.all()
    return render(
        request,
        "desk/outlet_list.html",
        {"page": page_of(request, _outlet_rows(queryset), PAGE_SIZE), "q": text, "can_add": outlets.can_edit(request.user)},
    )


@login_required
@require_GET
def outlet_search(request):
    """Type-ahead for the claim form's outlet boxes: ?q=<any name or alias>."""
    require_desk_access(request.user)
    found = outlets.outlets_matching(request.GET.get("q", "")).prefetch_related("aliases").order_by("name", "pk")[:10]
    return JsonResponse(
        {
            "results": [
                {
                    "id": o.pk,
                    "label": o.name,
                    "detail": " · ".join(x for x in (o.get_kind_display(), ", ".join(a.name for a in list(o.aliases.all())[:4])) if x),
                    "url": o.get_absolute_url(),
                }
                for o in found
            ]
        }
    )


@login_required
def outlet_detail(request, pk):
    require_desk_access(request.user)
    from .views import claim_rows

    outlet = get_object_or_404(Outlet.objects.prefetch_related("aliases"), pk=pk)
    reached = Claim.objects.filter(reached_via(outlet))
    claims = claim_rows(reached.order_by("-created_at", "-id"))
    ratings = figures.ratings_given(reached)
    return render(
        request,
        "desk/outlet_detail.html",
        {
            "outlet": outlet,
            "page": page_of(request, claims, PAGE_SIZE),
            "sources": outlet.sources.order_by("-published_on", "title")[:25],
            "ratings": ratings,
            "ratings_chart": charts.bars(
                _("Ratings of the claims that reached us via %(outlet)s") % {"outlet": outlet.name},
                _("Fact-checks per rating in force, named as when it was given."),
                ratings, ("rating",), ["count"], mode="grouped", colour_rows=True,
            ),
            "can_edit": outlets.can_edit(request.user, outlet),
        },
    )


def _outlet_form_page(request, outlet=None):
    require_desk_access(request.user)
    outlets.require_edit(request.user, outlet)
    form = OutletForm(request.POST or None, instance=outlet)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            fields = outlets.outlet_fields(form.cleaned_data)
            try:
                if outlet is None:
                    saved = outlets.create_outlet(user=request.user, aliases=form.alias_list(), **fields)
                else:
                    # Exactly what the form carried: a missing or stale version is refused (409), never replaced.
                    saved = outlets.update_outlet(
                        outlet=outlet, user=request.user, expected_version=request.POST.get("expected_version"),
                        aliases=form.alias_list(), **fields,
                    )
            except ValidationError as error:
                for name, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(name if name in form.fields else None, message)
            except WorkflowError as error:
                form.add_error(None, error.message)
                status = error.status_code
            else:
                messages.success(request, _("The outlet was saved."))
                return redirect(saved)
        status = status if status != 200 else 400
        messages.error(request, _("Please correct the errors below."))
    return render(request, "desk/outlet_form.html", {"form": form, "outlet": outlet}, status=status)


@login_required
def outlet_create(request):
    return _outlet_form_page(request)


@login_required
def outlet_edit(request, pk):
    return _outlet_form_page(request, get_object_or_404(Outlet, pk=pk))
