"""The desk's webhook pages under /desk/webhooks/: endpoints, the delivery log, resend.

Thin views: the role first (`services.require_manage`, 403), then the object (404); writes through
`webhooks.services`. A new secret is shown once, on the answer to the POST that made it."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from factcheck.errors import InvalidInput

from . import selectors, services
from .forms import DeliveryFilter, EndpointForm
from .models import Delivery, Endpoint

LOG_ROWS = 100


def _secret_page(request, endpoint, secret):
    response = render(request, "webhooks/secret.html", {"endpoint": endpoint, "secret": secret})
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@login_required
def webhook_list(request):
    services.require_manage(request.user)
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = services.create_endpoint(
                user=request.user, url=form.cleaned_data["url"], events=form.cleaned_data["events"], description=form.cleaned_data["description"]
            )
        except InvalidInput as refusal:
            form.add_error("url" if refusal.rule == "webhook_url" else "events", refusal.message)
        else:
            return _secret_page(request, endpoint, endpoint.secret)
    status = 400 if request.method == "POST" else 200
    return render(request, "webhooks/list.html", {"endpoints": selectors.endpoints(), "form": form}, status=status)


@never_cache
@login_required
def webhook_detail(request, pk):
    services.require_manage(request.user)
    endpoint = get_object_or_404(selectors.endpoints(), pk=pk)
    form = EndpointForm(request.POST) if request.method == "POST" else EndpointForm.of(endpoint)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_endpoint(
                user=request.user, endpoint=endpoint, url=data["url"], events=data["events"], active=data["active"], description=data["description"]
            )
        except InvalidInput as refusal:
            form.add_error("url" if refusal.rule == "webhook_url" else "events", refusal.message)
        else:
            messages.success(request, _("The webhook is saved."))
            return redirect("webhook_detail", pk=endpoint.pk)
    context = {"endpoint": endpoint, "form": form, "recent": selectors.deliveries(endpoint=endpoint)[:20]}
    return render(request, "webhooks/detail.html", context, status=400 if request.method == "POST" else 200)


@require_POST
@login_required
def webhook_rotate(request, pk):
    services.require_manage(request.user)
    endpoint = get_object_or_404(Endpoint, pk=pk)
    return _secret_page(request, endpoint, services.rotate_secret(user=request.user, endpoint=endpoint))


@login_required
def delivery_list(request):
    services.require_manage(request.user)
    filters = DeliveryFilter(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    rows = selectors.deliveries(endpoint=chosen.get("endpoint"), event=chosen.get("event", ""), status=chosen.get("status", ""))
    return render(request, "webhooks/deliveries.html", {"filters": filters, "deliveries": rows[:LOG_ROWS]})


@login_required
def delivery_detail(request, pk):
    services.require_manage(request.user)
    delivery = get_object_or_404(Delivery.objects.select_related("endpoint"), pk=pk)
    payload = json.dumps(delivery.payload, ensure_ascii=False, indent=2, sort_keys=True)
    return render(request, "webhooks/delivery.html", {"delivery": delivery, "payload": payload})


@require_POST
@login_required
def delivery_resend(request, pk):
    services.require_manage(request.user)
    delivery = get_object_or_404(Delivery, pk=pk)
    services.resend(user=request.user, delivery=delivery)
    messages.success(request, _("The delivery is queued again, with the same id."))
    return redirect("webhook_delivery", pk=delivery.pk)
