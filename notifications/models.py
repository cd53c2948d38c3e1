"""The desk inbox: mentions in comment threads and workflow steps, one row per person told."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class Verb(models.TextChoices):
        MENTION = "mention", _("mentioned you")
        WORKFLOW = "workflow", _("workflow step")
        SOURCE = "source", _("source changed or gone")
        DUE = "due", _("due today")
        REPEAT = "repeat", _("a checked claim repeated")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    verb = models.CharField(_("kind"), max_length=20, choices=Verb.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="+", verbose_name=_("claim"))
    comment = models.ForeignKey(
        "comments.Comment", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("comment")
    )
    audit_entry = models.ForeignKey(
        "claims.AuditEntry", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("workflow step")
    )
    capture = models.ForeignKey(
        "capture.Capture", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("capture")
    )
    key = models.CharField(
        _("sweep key"),
        max_length=100,
        blank=True,
        help_text=_("What the daily sweep told this person about (re-check or resolution, claim, date): told once."),
    )
    text = models.CharField(_("what happened"), max_length=300)
    url = models.CharField(_("link"), max_length=300, help_text=_("Where on the desk it happened (a page and anchor)."))
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        # Unread first, newest first within each group.
        ordering = [models.F("read_at").desc(nulls_first=True), "-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(verb="mention", comment__isnull=False)
                | Q(verb="workflow", audit_entry__isnull=False)
                | Q(verb="source", capture__isnull=False)
                | (Q(verb="due") & ~Q(key=""))
                | (Q(verb="repeat") & ~Q(key="")),
                name="notification_has_its_subject",
            ),
            # A workflow step or a mention tells each person once.
            models.UniqueConstraint(
                fields=["recipient", "audit_entry"], condition=Q(audit_entry__isnull=False), name="notification_once_per_step"
            ),
            models.UniqueConstraint(
                fields=["recipient", "comment", "verb"], condition=Q(comment__isnull=False), name="notification_once_per_comment"
            ),
            # The daily sweep tells each person once of each due date, however often it runs.
            models.UniqueConstraint(fields=["recipient", "key"], condition=~Q(key=""), name="notification_once_per_sweep_key"),
            # A changed or vanished source tells each person once per claim.
            models.UniqueConstraint(
                fields=["recipient", "capture", "claim"], condition=Q(capture__isnull=False), name="notification_once_per_capture"
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def is_unread(self):
        return self.read_at is None

    @property
    def summary(self):
        """What happened, in the reader's language (the stored `text` is in the writer's)."""
        return (
            describe(
                self.verb, actor=self.actor, claim_id=self.claim_id, entry=self.audit_entry, capture=self.capture, key=self.key
            )
            or self.text
        )


def describe(verb, *, actor, claim_id, entry=None, capture=None, key=""):
    """The one wording of a notification, shared by the inbox, the stored text and the email subject."""
    from reviews.workflow import TRANSITIONS

    if verb == Notification.Verb.DUE:
        if key.startswith("resolve:"):
            return gettext("A prediction or promise is due to be resolved: claim #%(claim)s") % {"claim": claim_id}
        return gettext("A fact-check is due for its re-check: claim #%(claim)s") % {"claim": claim_id}

    name = actor.get_username() if actor is not None else gettext("The desk")
    if verb == Notification.Verb.SOURCE and capture is not None:
        if capture.gone:
            return gettext("The page of a source you rely on is gone: %(url)s — claim #%(claim)s") % {
                "url": capture.url[:120],
                "claim": claim_id,
            }
        return gettext("An excerpt you rely on is no longer in its source: %(url)s — claim #%(claim)s") % {
            "url": capture.url[:120],
            "claim": claim_id,
        }
    if verb == Notification.Verb.MENTION:
        return gettext("%(actor)s mentioned you in a comment on claim #%(claim)s") % {"actor": name, "claim": claim_id}
    transition = TRANSITIONS.get(entry.action) if entry is not None else None
    if transition is not None:
        return gettext("%(actor)s: %(action)s — claim #%(claim)s") % {
            "actor": name,
            "action": transition.label,
            "claim": claim_id,
        }
    return ""
