"""The desk's own copy of every page it cites: immutable captures, and the watch that re-fetches them."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from factcheck.choices import ChoiceLabels


class Capture(ChoiceLabels, models.Model):
    """One fetch of a source's URL. Written once when the fetch ends (pending -> done/failed), never again."""

    class Status(models.TextChoices):
        PENDING = "pending", _("capturing…")
        DONE = "done", _("captured")
        FAILED = "failed", _("failed")

    class Trigger(models.TextChoices):
        SAVE = "save", _("on save")
        DEMAND = "demand", _("on demand")
        WATCH = "watch", _("watch")
        BULK = "bulk", _("bulk")

    source = models.ForeignKey("claims.Source", on_delete=models.PROTECT, related_name="captures", verbose_name=_("source"))
    url = models.URLField(_("URL asked"), max_length=2000)
    trigger = models.CharField(_("trigger"), max_length=10, choices=Trigger.choices, default=Trigger.SAVE)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    captured_at = models.DateTimeField(_("captured at"), null=True, blank=True)
    final_url = models.URLField(_("final URL"), max_length=2000, blank=True)
    http_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    content_type = models.CharField(_("content type"), max_length=200, blank=True)
    size = models.BigIntegerField(_("size (bytes)"), null=True, blank=True)
    body_sha256 = models.CharField(_("SHA-256 of the body"), max_length=64, blank=True)
    text_sha256 = models.CharField(_("SHA-256 of the text"), max_length=64, blank=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    text = models.TextField(_("extracted text"), blank=True)
    published_hint = models.DateField(_("publication date found in the page"), null=True, blank=True)
    warc = models.FileField(_("WARC file"), upload_to="captures/%Y/%m/", blank=True)
    robots = models.CharField(_("robots.txt"), max_length=12, blank=True, help_text=_("allowed, disallowed or unknown"))
    failure = models.CharField(_("failure"), max_length=30, blank=True)
    failure_detail = models.CharField(_("failure detail"), max_length=500, blank=True)
    gone = models.BooleanField(_("page gone"), default=False)
    changed = models.BooleanField(_("text changed since the previous capture"), default=False)
    public_archive_url = models.URLField(_("Internet Archive copy"), max_length=2000, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("capture")
        verbose_name_plural = _("captures")
        indexes = [models.Index(fields=["source", "status", "-captured_at"], name="capture_latest_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="pending") | Q(captured_at__isnull=False), name="capture_finished_has_time"
            ),
            models.CheckConstraint(condition=~Q(status="failed") | ~Q(failure=""), name="capture_failure_has_reason"),
        ]

    def __str__(self):
        return f"{self.url} @ {self.captured_at or self.requested_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("capture_text", args=[self.pk])

    @property
    def content_hash(self) -> str:
        """What the watch compares: the text when there is one, else the body (PDF without text, images)."""
        return self.text_sha256 or self.body_sha256

    @property
    def failure_message(self) -> str:
        from factcheck.fetch import REASONS

        from .services import FAILURES

        return str(FAILURES.get(self.failure) or REASONS.get(self.failure) or self.failure)


class SourceWatch(models.Model):
    """When a source is next re-fetched; the interval doubles while the page stays the same."""

    source = models.OneToOneField(
        "claims.Source", on_delete=models.CASCADE, primary_key=True, related_name="watch", verbose_name=_("source")
    )
    interval_days = models.PositiveIntegerField(_("interval (days)"), default=1)
    next_check_at = models.DateTimeField(_("next check"), default=timezone.now, db_index=True)
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    gone_on = models.DateField(_("gone since"), null=True, blank=True)
    gone_reason = models.CharField(_("why gone"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("source watch")
        verbose_name_plural = _("source watches")

    def schedule(self, *, changed: bool, now: datetime.datetime | None = None) -> None:
        now = now or timezone.now()
        low, high = settings.CAPTURE_WATCH_MIN_DAYS, settings.CAPTURE_WATCH_MAX_DAYS
        self.interval_days = low if changed else min(high, max(low, self.interval_days * 2))
        self.last_checked_at = now
        self.next_check_at = now + datetime.timedelta(days=self.interval_days)
