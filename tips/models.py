"""A reader's tip: a claim someone saw and would like the desk to check.

Personal data is kept to the one optional field a reply needs (`email`); it is shown to desk
roles only and erased on request or after `TIPS_KEEP_DAYS` (`manage.py purge_tip_data`).
No client address is stored: the rate limit counts per window under a keyed hash of the
address (`SubmissionCount`), in the database so that every worker process shares it, and forgets
each window once it ends.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from factcheck.text import PlainTextField

TIP_TEXT_MAX = 2000
WHERE_SEEN_MAX = 1000
REASON_MAX = 500


def new_token() -> str:
    """An unguessable link for the reader (256 random bits)."""
    return secrets.token_urlsafe(32)


class Tip(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("Received, waiting for an editor")
        ACCEPTED = "accepted", _("Accepted: the desk is checking it")
        DISMISSED = "dismissed", _("Dismissed")

    text = PlainTextField(_("the claim"), max_length=TIP_TEXT_MAX)
    where_seen = PlainTextField(_("where you saw it"), max_length=WHERE_SEEN_MAX)
    email = models.EmailField(_("e-mail for a reply"), blank=True)
    language = models.CharField(_("language of the form"), max_length=10, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    claim = models.ForeignKey(
        "claims.Claim", verbose_name=_("claim"), on_delete=models.PROTECT, null=True, blank=True, related_name="tips"
    )
    dismiss_reason = PlainTextField(_("reason"), max_length=REASON_MAX, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    published_mail_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    personal_data_erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("reader tip")
        verbose_name_plural = _("reader tips")
        indexes = [models.Index(fields=["status", "-created_at"], name="tip_status_created_idx")]

    def __str__(self):
        return f"tip {self.pk}"


class SubmissionCount(models.Model):
    """Requests from one client address in one window of a limit (`tips.limits`: tips, feeds and exports).
    `key` is a keyed hash of the limit, the address and the window (never the address); rows go once their
    window ends."""

    key = models.CharField(max_length=64, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.count} until {self.expires_at:%Y-%m-%d %H:%M}"
