"""Partner desks whose ClaimReview we import, and the fact-checks imported from them (external fact-checks).

An external fact-check is never one of our claims: it is what a partner published, kept so the matcher can
say "already checked by <partner> on <date>: <rating>". One row per review URL (dedupe by URL)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Partner(models.Model):
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(
        _("address"), max_length=1000, unique=True,
        help_text=_("A ClaimReview feed (JSON Lines or a DataFeed), a sitemap, or a page with ClaimReview markup."),
    )
    interval_minutes = models.PositiveIntegerField(_("poll every (minutes)"), default=360)
    active = models.BooleanField(_("active"), default=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # Polling state: conditional GET validators, failures and the back-off (as monitoring's followed feeds).
    etag = models.CharField(max_length=500, blank=True, default="")
    last_modified = models.CharField(max_length=100, blank=True, default="")
    checked_at = models.DateTimeField(null=True, blank=True)
    next_check_at = models.DateTimeField(default=timezone.now, db_index=True)
    failures = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True, default="")
    last_error_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self) -> str:
        return self.name


class PartnerPage(models.Model):
    """A page a partner's sitemap lists: its validators, so an unchanged page is not fetched or parsed again."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="pages")
    url = models.URLField(max_length=1000)
    lastmod = models.CharField(max_length=64, blank=True, default="")
    etag = models.CharField(max_length=500, blank=True, default="")
    last_modified = models.CharField(max_length=100, blank=True, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partner", "url"], name="partner_page_once")]


class ExternalFactCheck(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="fact_checks", verbose_name=_("partner"))
    url = models.URLField(_("address"), max_length=1000, unique=True)
    claim_reviewed = models.TextField(_("claim reviewed"))
    claimant = models.CharField(_("claimant"), max_length=300, blank=True, default="")
    rating_text = models.CharField(_("rating"), max_length=300, blank=True, default="")
    rating_value = models.FloatField(_("rating value"), null=True, blank=True)
    best_rating = models.FloatField(null=True, blank=True)
    worst_rating = models.FloatField(null=True, blank=True)
    publisher = models.CharField(_("publisher"), max_length=300, blank=True, default="")
    date_published = models.DateField(_("published on"), null=True, blank=True)
    date_modified = models.DateField(_("modified on"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=35, blank=True, default="")
    embedding = models.BinaryField(null=True, blank=True, editable=False)  # float32 × 384 (matching.embedding)
    imported_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-date_published", "-pk"]
        verbose_name = _("external fact-check")
        verbose_name_plural = _("external fact-checks")

    def __str__(self) -> str:
        return self.claim_reviewed[:80]

    @property
    def checked_on(self):
        return self.date_published or self.imported_at.date()
