"""Verdicts, the rating scale, corrections and the audit trail.

Rows here are written only by `reviews.services`. Verdicts are history: a
correction adds a new verdict, it never edits the old one.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from factcheck.text import LONG_TEXT_MAX, ExactTextField, PlainCharField, PlainTextField

from claims.states import State


class RatingScale(models.Model):
    name = PlainCharField(_("name"), max_length=100, unique=True)
    is_active = models.BooleanField(
        _("active"), default=False, help_text=_("The scale offered to reviewers for new verdicts. Only one is active.")
    )
    description = PlainTextField(_("description"), max_length=LONG_TEXT_MAX, blank=True)

    class Meta:
        verbose_name = _("rating scale")
        verbose_name_plural = _("rating scales")
        constraints = [models.UniqueConstraint(fields=["is_active"], condition=Q(is_active=True), name="one_active_scale")]

    def __str__(self):
        return self.name

    @classmethod
    def active(cls):
        return cls.objects.filter(is_active=True).first()


class Rating(models.Model):
    """One step of a scale. `value` orders it (higher is truer); none means off the scale."""

    scale = models.ForeignKey(RatingScale, on_delete=models.PROTECT, related_name="ratings", verbose_name=_("scale"))
    label = PlainCharField(_("public label"), max_length=100)
    value = models.PositiveSmallIntegerField(
        _("value"),
        null=True,
        blank=True,
        help_text=_("Position on the scale, 1 = least true. Leave empty for ratings off the scale, such as Unverifiable."),
    )
    description = PlainTextField(_("what it means"), max_length=LONG_TEXT_MAX, blank=True)

    class Meta:
        ordering = ["scale", models.F("value").desc(nulls_last=True)]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["scale", "label"], name="rating_label_unique"),
            models.UniqueConstraint(fields=["scale", "value"], name="rating_value_unique"),
            models.CheckConstraint(condition=Q(value__isnull=True) | Q(value__gte=1), name="rating_value_positive"),
        ]

    def __str__(self):
        return self.label

    @property
    def is_unverifiable(self):
        """Off-scale ratings do not say true or false, so they need no substantive evidence."""
        return self.value is None


class AttributionFinding(models.TextChoices):
    CORRECT = "correct", _("Correctly attributed")
    MISATTRIBUTED = "misattributed", _("Misattributed")
    UNVERIFIED = "unverified", _("Attribution unverified")


class Verdict(models.Model):
    """Two findings on a claim: was it said (attribution) and is it true (rating)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        SENT_BACK = "sent_back", _("Sent back")
        WITHDRAWN = "withdrawn", _("Withdrawn on reopening")

    claim = models.ForeignKey("claims.Claim", on_delete=models.PROTECT, related_name="verdicts", verbose_name=_("claim"))
    attribution = models.CharField(_("was it said?"), max_length=20, choices=AttributionFinding.choices)
    rating = models.ForeignKey(Rating, on_delete=models.PROTECT, related_name="verdicts", verbose_name=_("is it true?"))
    summary = PlainCharField(_("summary"), max_length=500, help_text=_("One or two sentences a reader sees first."))
    explanation = PlainTextField(_("explanation"), max_length=LONG_TEXT_MAX, blank=True, help_text=_("Markdown."))
    evidence = models.ManyToManyField("claims.Evidence", blank=True, related_name="verdicts", verbose_name=_("evidence"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    recheck_on = models.DateField(_("re-check on"), null=True, blank=True)
    recheck_reason = PlainCharField(
        _("why re-check"), max_length=300, blank=True, help_text=_("“When the official trade figures for 2022 are out.”")
    )
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrected_by", verbose_name=_("corrects")
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposed_verdicts", verbose_name=_("proposed by")
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decided_verdicts",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        get_latest_by = "proposed_at"
        verbose_name = _("verdict")
        verbose_name_plural = _("verdicts")
        constraints = [
            # At most one verdict awaits a decision per claim.
            models.UniqueConstraint(fields=["claim"], condition=Q(status="proposed"), name="one_proposed_verdict_per_claim"),
            models.CheckConstraint(condition=~Q(summary=""), name="verdict_summary_not_empty"),
        ]
        indexes = [models.Index(fields=["claim", "-proposed_at"], name="verdict_claim_idx")]

    def __str__(self):
        return f"{self.rating} / {self.get_attribution_display()}"

    def snapshot(self):
        """What the audit log keeps of this verdict, so history survives later changes."""
        return {
            "id": self.pk,
            "status": self.status,
            "attribution": self.attribution,
            "rating": self.rating.label,
            "rating_value": self.rating.value,
            "summary": self.summary,
            "explanation": self.explanation,
            "evidence": sorted(e.pk for e in self.evidence.all()) if self.pk else [],
            "proposed_by": self.proposed_by.get_username(),
            "corrects": self.corrects_id,
            "recheck_on": self.recheck_on.isoformat() if self.recheck_on else None,
            "recheck_reason": self.recheck_reason,
        }


class Correction(models.Model):
    """A public note that a published fact-check was corrected or retracted."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        RETRACTION = "retraction", _("Retraction")

    claim = models.ForeignKey("claims.Claim", on_delete=models.PROTECT, related_name="corrections", verbose_name=_("claim"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    note = PlainTextField(_("public note"), max_length=LONG_TEXT_MAX)
    verdict = models.ForeignKey(
        Verdict, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("new verdict")
    )
    previous_verdict = models.ForeignKey(
        Verdict, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("previous verdict")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        indexes = [models.Index(fields=["-created_at"], name="correction_created_idx")]
        constraints = [models.CheckConstraint(condition=~Q(note=""), name="correction_note_not_empty")]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.claim_id}"


class Resolution(models.Model):
    """Whether a prediction or a promise came true, with its evidence; proposed by a reviewer, approved by another
    person (four-eyes). "Not yet" sets the next resolution date. Rows are history: a later resolution adds a row."""

    class Outcome(models.TextChoices):
        KEPT = "kept", _("Kept")
        BROKEN = "broken", _("Broken")
        PARTLY = "partly", _("Partly kept")
        NOT_YET = "not_yet", _("Not yet")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")

    claim = models.ForeignKey("claims.Claim", on_delete=models.PROTECT, related_name="resolutions", verbose_name=_("claim"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    note = PlainTextField(_("public note"), max_length=LONG_TEXT_MAX)
    source = models.ForeignKey(
        "claims.Source", on_delete=models.PROTECT, related_name="resolutions", verbose_name=_("evidence source")
    )
    excerpt = ExactTextField(_("excerpt"), max_length=LONG_TEXT_MAX, blank=True)
    next_resolution_on = models.DateField(_("next resolution date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("proposed by")
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("approved by")
    )
    decided_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        constraints = [
            models.UniqueConstraint(fields=["claim"], condition=Q(status="proposed"), name="one_proposed_resolution_per_claim"),
            models.CheckConstraint(condition=~Q(note=""), name="resolution_note_not_empty"),
            models.CheckConstraint(
                condition=~Q(outcome="not_yet") | Q(next_resolution_on__isnull=False),
                name="resolution_not_yet_has_next_date",
            ),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()} — {self.claim_id}"

    def snapshot(self):
        return {
            "id": self.pk,
            "outcome": self.outcome,
            "status": self.status,
            "source": self.source_id,
            "excerpt": self.excerpt,
            "next_resolution_on": self.next_resolution_on.isoformat() if self.next_resolution_on else None,
            "proposed_by": self.proposed_by.get_username(),
        }
