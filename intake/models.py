"""An article address waiting to be fetched: intake fetches in the background, never on the request thread."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from factcheck.text import PlainCharField


class IntakeRequest(models.Model):
    """One "take this address in" by one editor: pending until the worker fetched it, then done
    (with the Source it became) or failed (with the reason, in the editor's language). Written
    once when the fetch ends, by a conditional UPDATE on `status=pending` (a task run twice does
    nothing twice)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("fetching…")
        DONE = "done", _("fetched")
        FAILED = "failed", _("failed")

    url = PlainCharField(_("address"), max_length=2000)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    published_on = models.DateField(_("article date"), null=True, blank=True)
    language = models.CharField(_("article language"), max_length=35, blank=True)
    page_language = models.CharField(
        _("language of the desk's pages"), max_length=35, blank=True, help_text=_("the reason for a failure is written in it")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    source = models.ForeignKey(
        "claims.Source", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("source")
    )
    failure = models.CharField(_("failure"), max_length=30, blank=True)
    failure_message = models.TextField(_("why it failed"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("intake request")
        verbose_name_plural = _("intake requests")
        constraints = [
            models.CheckConstraint(condition=Q(status="pending") | Q(finished_at__isnull=False), name="intake_finished_has_time"),
            models.CheckConstraint(condition=~Q(status="done") | Q(source__isnull=False), name="intake_done_has_source"),
            models.CheckConstraint(condition=~Q(status="failed") | ~Q(failure_message=""), name="intake_failure_has_reason"),
        ]

    def __str__(self):
        return f"{self.url} ({self.status})"
