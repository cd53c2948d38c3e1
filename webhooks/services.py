"""Webhooks: the one module that manages endpoints, queues events and delivers them, signed.

A delivery is a row before it is a request: queued in the transaction that records the event (or after
the event's own commit), sent by a task (`webhooks.tasks.deliver`), retried with exponential back-off
up to `WEBHOOK_MAX_ATTEMPTS`, then failed. `send_due` (the `send_webhooks` command) sends whatever is due,
so a worker that died or a backend that cannot defer loses nothing. Every request goes through the one
SSRF-safe fetcher (`factcheck.fetch.post`).

Signature (docs/webhooks.md): `X-Factcheck-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`
with `X-Factcheck-Timestamp: <unix seconds>`; the receiver refuses a timestamp outside its replay window.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from factcheck.errors import InvalidInput, NotAllowed
from factcheck.fetch import FetchError, check_url_offline, post

from .models import Delivery, Endpoint, Event

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)

# Chief editors and admins (the role that approves verdicts): a webhook sends the desk's news out.
PERM_MANAGE = "claims.approve_verdict"
RESPONSE_MAX_BYTES = 64 * 1024
ERROR_MAX = 500


# --- who ---------------------------------------------------------------------------------------------


def can_manage(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_superuser or user.has_perm(PERM_MANAGE)))


def require_manage(user: User) -> None:
    if not can_manage(user):
        raise NotAllowed(_("Webhooks are managed by chief editors and admins."), rule="webhooks_role")


# --- endpoints ---------------------------------------------------------------------------------------


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def _clean(url: str, events: list[str]) -> tuple[str, list[str]]:
    url = (url or "").strip()
    try:
        check_url_offline(url)
    except FetchError as refusal:
        raise InvalidInput(_("This address cannot receive webhooks: %(why)s") % {"why": refusal.message}, rule="webhook_url") from refusal
    known = set(Event.values)
    chosen = [e for e in Event.values if e in set(events or ())]
    if not chosen or set(events) - known:
        raise InvalidInput(_("Choose at least one event from the list."), rule="webhook_events")
    return url, chosen


def create_endpoint(*, user: User, url: str, events: list[str], description: str = "") -> Endpoint:
    """A new endpoint with a secret made here (the caller shows it once)."""
    require_manage(user)
    url, events = _clean(url, events)
    return Endpoint.objects.create(url=url, events=events, description=description[:200], secret=new_secret(), created_by=user)


def update_endpoint(*, user: User, endpoint: Endpoint, url: str, events: list[str], active: bool, description: str = "") -> Endpoint:
    require_manage(user)
    endpoint.url, endpoint.events = _clean(url, events)
    endpoint.active = active
    endpoint.description = description[:200]
    endpoint.save(update_fields=["url", "events", "active", "description"])
    return endpoint


def rotate_secret(*, user: User, endpoint: Endpoint) -> str:
    require_manage(user)
    endpoint.secret = new_secret()
    endpoint.save(update_fields=["secret"])
    return endpoint.secret


# --- events ------------------------------------------------------------------------------------------


def subscribers(event: str) -> list[Endpoint]:
    if event not in Event.values:
        raise ValueError(event)
    return [e for e in Endpoint.objects.filter(active=True) if event in e.events]


def emit(event: str, data: dict | Callable[[], dict]) -> list[Delivery]:
    """One delivery per active endpoint subscribed to `event`, each sent after this transaction commits.

    `data` may be a function: it is called only when someone subscribes (a desk without webhooks
    builds no payload on every publish)."""
    endpoints = subscribers(event)
    if not endpoints:
        return []
    if callable(data):
        data = data()
    created = []
    with transaction.atomic():
        for endpoint in endpoints:
            delivery = Delivery(endpoint=endpoint, event=event, next_attempt_at=timezone.now())
            delivery.payload = {
                "delivery": str(delivery.uid),
                "event": event,
                "occurred_at": timezone.now().isoformat(),
                "data": data,
            }
            delivery.save()
            created.append(delivery)
        for delivery in created:
            transaction.on_commit(lambda pk=delivery.pk: _enqueue(pk))
    return created


def _enqueue(delivery_id: int, run_after: datetime | None = None) -> None:
    from django_tasks import default_task_backend

    from .tasks import deliver

    if run_after is not None:
        if not default_task_backend.supports_defer:
            return  # `send_due` (manage.py send_webhooks) sends it when it is due
        deliver.using(run_after=run_after).enqueue(delivery_id=delivery_id)
        return
    deliver.enqueue(delivery_id=delivery_id)


# --- delivery ----------------------------------------------------------------------------------------


def body_of(delivery: Delivery) -> bytes:
    """The exact bytes sent and signed (compact, keys sorted, non-ASCII kept as UTF-8)."""
    return json.dumps(delivery.payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def signature(secret: str, timestamp: int, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failure: base × 2^(attempts-1)."""
    return timedelta(seconds=settings.WEBHOOK_RETRY_BASE * 2 ** max(attempts - 1, 0))


def attempt(delivery_id: int, *, now: datetime | None = None) -> Delivery:
    """Send one pending delivery once (locked, so two workers never send it twice at once)."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().select_related("endpoint").get(pk=delivery_id)
        now = now or timezone.now()
        if delivery.status != Delivery.Status.PENDING or (delivery.next_attempt_at and delivery.next_attempt_at > now):
            return delivery  # sent, given up, or not due yet (the deferred task and `send_due` may both ask)
        endpoint = delivery.endpoint
        body = body_of(delivery)
        stamp = int(time.time())
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "X-Factcheck-Event": delivery.event,
            "X-Factcheck-Delivery": str(delivery.uid),
            "X-Factcheck-Timestamp": str(stamp),
            "X-Factcheck-Signature": signature(endpoint.secret, stamp, body),
        }
        delivery.attempts += 1
        final = False
        try:
            result = post(endpoint.url, body, headers=headers, max_bytes=RESPONSE_MAX_BYTES, total_timeout=settings.WEBHOOK_TIMEOUT)
        except FetchError as failure:
            delivery.response_code = None
            delivery.error = f"{failure.message} ({failure})"[:ERROR_MAX]
            final = failure.reason in ("address", "scheme", "credentials", "host")  # refused: retrying cannot help
        else:
            delivery.response_code = result.status
            delivery.error = "" if 200 <= result.status < 300 else f"HTTP {result.status} {result.reason}"[:ERROR_MAX]
        if not delivery.error:
            delivery.status = Delivery.Status.DELIVERED
            delivery.delivered_at = now
            delivery.next_attempt_at = None
        elif final or delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
            delivery.status = Delivery.Status.FAILED
            delivery.next_attempt_at = None
        else:
            delivery.next_attempt_at = now + backoff(delivery.attempts)
        delivery.save()
        if delivery.status == Delivery.Status.PENDING:
            transaction.on_commit(lambda: _enqueue(delivery.pk, run_after=delivery.next_attempt_at))
    return delivery


def due(now: datetime | None = None) -> QuerySet[Delivery]:
    return Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now or timezone.now())


def send_due(now: datetime | None = None) -> int:
    """Send every delivery whose time has come (cron: `manage.py send_webhooks`); the number sent."""
    sent = 0
    for pk in list(due(now).order_by("next_attempt_at").values_list("pk", flat=True)[:1000]):
        attempt(pk, now=now)
        sent += 1
    return sent


def resend(*, user: User, delivery: Delivery) -> Delivery:
    """Send a delivery again, with the same id (a receiver that had it dedupes) and a fresh count."""
    require_manage(user)
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
        delivery.status = Delivery.Status.PENDING
        delivery.attempts = 0
        delivery.error = ""
        delivery.next_attempt_at = timezone.now()
        delivery.save(update_fields=["status", "attempts", "error", "next_attempt_at"])
        transaction.on_commit(lambda: _enqueue(delivery.pk))
    return delivery
