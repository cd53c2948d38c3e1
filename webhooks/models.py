"""Webhook endpoints a desk wires (Slack, a CMS) and the log of every delivery to them."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from factcheck.choices import ChoiceLabels


class Event(models.TextChoices):
    """The one list of events a webhook can subscribe to (their payloads: `webhooks.events`, docs/webhooks.md)."""

    PUBLISHED = "claim.published", _("A fact-check is published")
    UPDATED = "claim.updated", _("A published fact-check is updated, corrected or retracted")
    REPEAT_DETECTED = "repeat.detected", _("A checked claim is repeated (repeat alert)")
    TIP_RECEIVED = "tip.received", _("A reader's tip is received")


class Endpoint(models.Model):
    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=list)
    # Needed in clear to sign; shown once to whoever creates (or rotates) it, never again.
    secret = models.CharField(max_length=100, editable=False)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("webhook endpoint")

    def __str__(self):
        return self.url


class Delivery(ChoiceLabels, models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    # X-Factcheck-Delivery: the receiver dedupes on it (a retry or a resend keeps it).
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, choices=Event.choices)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due_idx")]

    def __str__(self):
        return f"{self.event} → {self.endpoint_id} ({self.uid})"
