"""Followed feeds and what they bring: each new article once, and its candidate statements waiting in the desk's queue."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims.models import DatePrecision
from factcheck.text import PlainCharField, PlainTextField


class Feed(models.Model):
    """An outlet's RSS, Atom or JSON Feed, polled when due (`next_check_at`).

    A failing feed keeps its last error and waits longer after each failure (`factcheck.polled.backoff`);
    it is never retried in a tight loop. Articles are taken in as the editor who follows the feed."""

    outlet = models.ForeignKey("claims.Outlet", on_delete=models.CASCADE, related_name="feeds", verbose_name=_("outlet"))
    url = PlainCharField(_("feed address"), max_length=2000, unique=True)
    title = PlainCharField(_("title"), max_length=200, blank=True)
    host = models.CharField(max_length=255, editable=False, db_index=True)
    followed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("followed by")
    )
    active = models.BooleanField(_("polled"), default=True)
    interval_minutes = models.PositiveIntegerField(_("poll every (minutes)"), default=30)
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    checked_at = models.DateTimeField(_("last checked"), null=True, blank=True, editable=False)
    next_check_at = models.DateTimeField(_("next check"), default=timezone.now, db_index=True)
    failures = models.PositiveIntegerField(_("failures in a row"), default=0, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["outlet__name", "url"]
        verbose_name = _("followed feed")
        verbose_name_plural = _("followed feeds")

    def __str__(self):
        return self.title or self.url


class HostVisit(models.Model):
    """When the desk last fetched from a host: polling waits `MONITORING_HOST_INTERVAL` seconds between two fetches."""

    host = models.CharField(max_length=255, unique=True)
    fetched_at = models.DateTimeField()


class FeedArticle(models.Model):
    """An article a feed listed, stored once whatever the number of feeds listing it (unique address, and guid)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("fetching…")
        TAKEN = "taken", _("taken in")
        FAILED = "failed", _("failed")

    url = PlainCharField(_("address"), max_length=2000, unique=True)
    guid = models.CharField(_("feed id"), max_length=2000, blank=True, db_index=True)
    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="articles", verbose_name=_("first seen in"))
    title = PlainCharField(_("title"), max_length=500, blank=True)
    found_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    source = models.ForeignKey(
        "claims.Source", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("source")
    )
    failure = models.TextField(_("why it failed"), blank=True)
    # Pending articles wait for their host's politeness slot; the one a worker is fetching is leased to it.
    published_on = models.DateField(null=True, blank=True, editable=False)
    leased_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-found_at", "-id"]
        verbose_name = _("feed article")
        verbose_name_plural = _("feed articles")


class Candidate(models.Model):
    """A statement intake found in a followed article, waiting for an editor: accepted (a draft claim),
    merged into an existing claim (evidence of a new appearance) or dismissed with a reason. Never a claim by itself."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        ACCEPTED = "accepted", _("accepted")
        MERGED = "merged", _("merged")
        DISMISSED = "dismissed", _("dismissed")

    article = models.ForeignKey(FeedArticle, on_delete=models.CASCADE, related_name="candidates", verbose_name=_("article"))
    source = models.ForeignKey("claims.Source", on_delete=models.CASCADE, related_name="+", verbose_name=_("source"))
    outlet = models.ForeignKey("claims.Outlet", on_delete=models.CASCADE, related_name="+", verbose_name=_("outlet"))
    statement = PlainTextField(_("statement"))
    excerpt = PlainTextField(_("excerpt"))
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    language = models.CharField(_("language"), max_length=35, blank=True, db_index=True)
    form = models.CharField(_("quote or paraphrase"), max_length=20, blank=True)
    speaker = models.ForeignKey(
        "claims.Speaker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("speaker")
    )
    speaker_name = PlainCharField(_("speaker (new)"), max_length=200, blank=True)
    speaker_description = PlainCharField(_("speaker described"), max_length=300, blank=True)
    said_on = models.DateField(_("date said"), null=True, blank=True, db_index=True)
    said_on_precision = models.CharField(max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN)
    reporting_note = PlainCharField(max_length=500, blank=True)
    reporting_outlet = PlainCharField(max_length=200, blank=True)
    found_at = models.DateTimeField(_("found at"), default=timezone.now, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    dismiss_reason = PlainCharField(_("reason"), max_length=300, blank=True)
    claim = models.ForeignKey(
        "claims.Claim", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("claim")
    )
    # Check-worthiness (monitoring.checkworthiness): set when the candidate is created, and by the rescoring task.
    # Not null (0 until scored), so one plain index serves the queue's order on SQLite and PostgreSQL alike.
    checkworthiness = models.FloatField(_("check-worthiness"), default=0.0, editable=False)
    checkworthiness_why = models.CharField(max_length=200, blank=True, editable=False)
    # An open repeat alert (monitoring.repeats): a repeat of a published fact-check heads the queue.
    repeats_fact_check = models.BooleanField(_("repeats a published fact-check"), default=False, editable=False)

    class Meta:
        ordering = ["-found_at", "-id"]
        indexes = [
            models.Index(
                fields=["status", "-repeats_fact_check", "-checkworthiness", "-found_at", "-id"], name="monitoring_cand_worthy_idx"
            )
        ]
        verbose_name = _("monitoring candidate")
        verbose_name_plural = _("monitoring candidates")
        constraints = [
            models.CheckConstraint(condition=~Q(status="dismissed") | ~Q(dismiss_reason=""), name="monitoring_dismissed_has_reason"),
            models.CheckConstraint(condition=Q(status="waiting") | Q(decided_at__isnull=False), name="monitoring_decided_has_time"),
        ]

    def __str__(self):
        return self.statement[:80]

    def save(self, *args, **kwargs):
        """A candidate made outside polling (admin, shell, tests) is scored too: the queue ranks every one."""
        if self._state.adding and not self.checkworthiness_why and not self.checkworthiness and self.statement:
            from .checkworthiness import assess

            self.checkworthiness, self.checkworthiness_why = assess(self.statement)
        super().save(*args, **kwargs)

    @property
    def speaker_label(self) -> str:
        if self.speaker_id:
            return self.speaker.name
        return self.speaker_name or self.speaker_description


class CheckworthinessModel(models.Model):
    """Check-worthiness weights the desk's own decisions trained (accepted or merged: 1, dismissed: 0).

    Never fetched: trained here by `monitoring.checkworthiness_training.retrain`. The newest row is used when
    its cross-validated AUC beats the shipped weights' AUC on the same decisions; otherwise the shipped ones are."""

    version = models.PositiveIntegerField(unique=True)
    trained_at = models.DateTimeField(default=timezone.now)
    coefficients = models.JSONField()
    accepted = models.PositiveIntegerField()
    dismissed = models.PositiveIntegerField()
    cv_auc = models.FloatField(help_text="ROC AUC of this training, cross-validated on the decisions")
    shipped_auc = models.FloatField(help_text="ROC AUC of the shipped weights on the same decisions")

    class Meta:
        ordering = ["-version"]
        verbose_name = _("check-worthiness model")
        verbose_name_plural = _("check-worthiness models")

    def __str__(self):
        return f"v{self.version} (AUC {self.cv_auc:.3f})"

    @property
    def better(self) -> bool:
        return self.cv_auc > self.shipped_auc


class RepeatAlert(models.Model):
    """A candidate the matcher calls the same claim as a published fact-check (`monitoring.repeats`).

    One per candidate and claim, whatever the number of polls or rescorings; the people who checked the claim
    are told once, when it is found. An editor confirms it (the fact-check gains an appearance) or dismisses it
    with a reason."""

    class State(models.TextChoices):
        OPEN = "open", _("open")
        CONFIRMED = "confirmed", _("confirmed")
        DISMISSED = "dismissed", _("dismissed")

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="repeat_alerts", verbose_name=_("candidate"))
    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="+", verbose_name=_("published claim"))
    score = models.FloatField(_("match score"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN, db_index=True)
    found_at = models.DateTimeField(_("found at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    dismiss_reason = PlainCharField(_("reason"), max_length=300, blank=True)
    appearance = models.ForeignKey(
        "claims.Appearance", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("appearance")
    )

    class Meta:
        ordering = ["-found_at", "-id"]
        verbose_name = _("repeat alert")
        verbose_name_plural = _("repeat alerts")
        constraints = [
            models.UniqueConstraint(fields=["candidate", "claim"], name="repeat_alert_once_per_pair"),
            models.CheckConstraint(condition=~Q(state="dismissed") | ~Q(dismiss_reason=""), name="repeat_alert_dismissed_has_reason"),
        ]

    def __str__(self):
        return f"#{self.claim_id} ← {self.candidate_id}"
