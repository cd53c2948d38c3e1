"""Reviewer comment threads on a claim: internal discussion, never published.

A thread is one point of discussion (optionally anchored to an evidence item
or a verdict of the same claim) made of an opening comment and its replies,
one level deep: review talk is about one point at a time, a flat chronological
list under it reads like a conversation, and the whole point is resolved at
once. Deeper trees hide replies and grow too narrow on the claim page; quote
with Markdown `>` to answer a particular reply.

Rows are written only by `comments.services`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from factcheck.markup import SANITIZER_VERSION, render_markdown
from factcheck.text import LONG_TEXT_MAX, PlainCharField, PlainTextField

# Long enough for a detailed argument with quoted excerpts; short enough that a
# pasted document is refused with a clear message rather than stored.
BODY_MAX_LENGTH = LONG_TEXT_MAX


class Thread(models.Model):
    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="comment_threads", verbose_name=_("claim"))
    evidence = models.ForeignKey(
        "claims.Evidence",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comment_threads",
        verbose_name=_("about evidence"),
    )
    verdict = models.ForeignKey(
        "reviews.Verdict",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comment_threads",
        verbose_name=_("about verdict"),
    )
    # What the anchor was when the thread started, so the thread still says
    # what it was about after the evidence item is removed.
    anchor_label = PlainCharField(_("about"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("started by"))
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    class Meta:
        # Open threads first, then the most recently resolved.
        ordering = [models.F("resolved_at").desc(nulls_first=True), "created_at", "id"]
        verbose_name = _("comment thread")
        verbose_name_plural = _("comment threads")
        constraints = [
            models.CheckConstraint(
                condition=Q(evidence__isnull=True) | Q(verdict__isnull=True),
                name="thread_one_anchor",
                violation_error_message=_("A thread is about one evidence item or one verdict, not both."),
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True, resolved_by__isnull=True)
                | Q(resolved_at__isnull=False, resolved_by__isnull=False),
                name="thread_resolution_complete",
            ),
        ]
        indexes = [models.Index(fields=["claim", "resolved_at"], name="thread_claim_open_idx")]

    def __str__(self):
        return _("Thread #%(id)s on claim #%(claim)s") % {"id": self.pk, "claim": self.claim_id}

    @property
    def is_open(self):
        return self.resolved_at is None

    def get_absolute_url(self):
        return reverse("claim_detail", args=[self.claim_id]) + f"#thread-{self.pk}"

    def clean(self):
        errors = {}
        if self.evidence_id and self.verdict_id:
            errors["evidence"] = _("A thread is about one evidence item or one verdict, not both.")
        if self.evidence_id and self.claim_id and self.evidence.claim_id != self.claim_id:
            errors["evidence"] = _("This evidence item belongs to another claim.")
        if self.verdict_id and self.claim_id and self.verdict.claim_id != self.claim_id:
            errors["verdict"] = _("This verdict belongs to another claim.")
        if errors:
            raise ValidationError(errors)


class Comment(models.Model):
    """One message in a thread. The Markdown source is kept; the HTML is a cache."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="comments", verbose_name=_("thread"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author"))
    body = PlainTextField(_("comment"), max_length=BODY_MAX_LENGTH, help_text=_("Markdown."))
    body_html = models.TextField(_("rendered comment"), blank=True, editable=False)
    sanitizer_version = models.PositiveSmallIntegerField(_("sanitiser version"), default=0, editable=False)
    created_at = models.DateTimeField(_("posted at"), default=timezone.now)
    edited_at = models.DateTimeField(_("last edited at"), null=True, blank=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("removed by"),
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        permissions = [("moderate_comment", _("Can edit and remove other people's comments"))]
        constraints = [models.CheckConstraint(condition=~Q(body=""), name="comment_body_not_empty")]
        indexes = [models.Index(fields=["thread", "created_at"], name="comment_thread_idx")]

    def __str__(self):
        return _("Comment #%(id)s by %(author)s") % {"id": self.pk, "author": self.author}

    @property
    def is_removed(self):
        return self.removed_at is not None

    @property
    def html(self):
        """The sanitised HTML; rendered afresh if the cache predates the current sanitiser policy."""
        if self.sanitizer_version != SANITIZER_VERSION or not self.body_html:
            return render_markdown(self.body)
        # Produced by render_markdown under the current policy (checked just above).
        return mark_safe(self.body_html)

    def render(self):
        self.body_html = str(render_markdown(self.body))
        self.sanitizer_version = SANITIZER_VERSION

    def anchor(self):
        return f"comment-{self.pk}"

    def get_absolute_url(self):
        return reverse("claim_detail", args=[self.thread.claim_id]) + f"#{self.anchor()}"

    def clean(self):
        if self.body is not None and not self.body.strip():
            raise ValidationError({"body": _("Write something: an empty comment cannot be posted.")})


class CommentRevision(models.Model):
    """The text a comment had before an edit or a removal, and who changed it: the edit history."""

    class Action(models.TextChoices):
        EDITED = "edited", _("Edited")
        REMOVED = "removed", _("Removed")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("comment"))
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    body = models.TextField(_("text before the change"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("changed by"))
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    by_moderator = models.BooleanField(
        _("by a moderator"), default=False, help_text=_("Changed by a chief editor, not by the author.")
    )

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("comment revision")
        verbose_name_plural = _("comment revisions")

    def __str__(self):
        return f"{self.get_action_display()} {self.changed_at:%Y-%m-%d %H:%M}"

    @property
    def html(self):
        return render_markdown(self.body)
