"""The desk's partners page: the partner desks whose ClaimReview we import, and what they published, filtered.

Editors read it (partners.view_partner); chief editors and admins add and edit partners (partners.services)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from claims.pagination import page_of
from factcheck.errors import InvalidInput, NotAllowed
from partners import selectors, services
from partners.models import Partner

PAGE_SIZE = 25


class PartnerForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    url = forms.URLField(label=gettext_lazy("Address"), max_length=1000, assume_scheme="https",
                         help_text=gettext_lazy("A ClaimReview feed (JSON Lines or a DataFeed), a sitemap, or a page with ClaimReview markup."))
    interval_minutes = forms.IntegerField(label=gettext_lazy("Poll every (minutes)"), min_value=services.MIN_INTERVAL, max_value=100000, initial=360)
    active = forms.BooleanField(label=gettext_lazy("Active"), required=False, initial=True)


def _readable(user) -> None:
    try:
        services.check_read(user)
    except NotAllowed as refusal:
        raise PermissionDenied(refusal.message) from refusal


def _manageable(user) -> None:
    try:
        services.check_manage(user)
    except NotAllowed as refusal:
        raise PermissionDenied(refusal.message) from refusal


def _save(request, form, partner=None):
    data = form.cleaned_data
    try:
        if partner is None:
            return services.add_partner(user=request.user, name=data["name"], url=data["url"], interval_minutes=data["interval_minutes"])
        return services.edit_partner(user=request.user, partner=partner, name=data["name"], url=data["url"],
                                     interval_minutes=data["interval_minutes"], active=data["active"])
    except InvalidInput as refusal:
        form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
    except NotAllowed as refusal:
        raise PermissionDenied(refusal.message) from refusal
    return None


@login_required
def partner_list(request):
    """Partners (with their polling state) and their imported fact-checks, filtered by partner, language, words."""
    _readable(request.user)
    can_manage = services.can_manage(request.user)
    form = PartnerForm(request.POST or None) if can_manage else None
    status = 200
    if request.method == "POST":
        _manageable(request.user)
        if form.is_valid() and _save(request, form) is not None:
            messages.success(request, _("Partner added: it is polled within minutes."))
            return redirect("partner_list")
        status = 400
    partner = None
    if request.GET.get("partner", "").isdigit():
        partner = Partner.objects.filter(pk=int(request.GET["partner"])).first()
    language = request.GET.get("language", "").strip()[:35]
    q = request.GET.get("q", "").strip()[:200]
    rows = selectors.fact_checks(partner=partner, language=language, q=q)
    return render(
        request,
        "desk/partner_list.html",
        {
            "partners": Partner.objects.all(),
            "form": form,
            "can_manage": can_manage,
            "page": page_of(request, rows, PAGE_SIZE),
            "chosen": partner,
            "language": language,
            "q": q,
        },
        status=status,
    )


@login_required
def partner_edit(request, pk):
    _manageable(request.user)
    partner = get_object_or_404(Partner, pk=pk)
    initial = {"name": partner.name, "url": partner.url, "interval_minutes": partner.interval_minutes, "active": partner.active}
    form = PartnerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and _save(request, form, partner) is not None:
        messages.success(request, _("Partner saved."))
        return redirect("partner_list")
    return render(request, "desk/partner_form.html", {"form": form, "partner": partner}, status=400 if request.method == "POST" else 200)
