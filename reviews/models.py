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

from factcheck.choices import ChoiceLabels
from factcheck.text import LONG_TEXT_MAX, ExactTextField, PlainCharField, PlainTextField

from claims.models import Evidence
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


class Verdict(ChoiceLabels, models.Model):
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
    # The speaker as this version shows it (`claims.speakers.ShownSpeaker`), kept when the verdict is approved
    # or its revision published: later edits of the shared speaker record reach it only through a revision.
    speaker_shown = models.JSONField(_("speaker as shown"), default=dict, blank=True, editable=False)

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
        indexes = [
            models.Index(fields=["claim", "-proposed_at"], name="verdict_claim_idx"),
            # The dashboard's "Awaiting my approval" leaves out the user's own open proposals:
            # without it PostgreSQL read every proposed verdict (~7 ms at 100k claims, 0.1 ms with it).
            models.Index(fields=["proposed_by"], condition=Q(status="proposed"), name="verdict_open_proposer_idx"),
        ]

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
            # The speaker as this version shows it, once approved (history survives a later rename).
            **({"speaker_shown": self.speaker_shown} if self.speaker_shown else {}),
        }


class Correction(ChoiceLabels, models.Model):
    """A public note that a published fact-check was updated, corrected or retracted.

    An update or a correction carries the verdict it put in force (`verdict`) and the one before
    (`previous_verdict`): each is a version of the fact-check readers can open (`publishing.versions`).
    """

    class Kind(models.TextChoices):
        UPDATE = "update", _("Update")
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


class Resolution(ChoiceLabels, models.Model):
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
class FactCheckRevision(ChoiceLabels, models.Model):
    """A draft beside a published fact-check (Wagtail's live page with a draft revision).

    One person prepares it (`prepared_by`), another approves and publishes it (four-eyes);
    until then the public page shows the version in force. Published as an *update* (the
    rating stays; sources added, explanation clarified) or a *correction* (the verdict or a
    material fact changed). Written only by `reviews.services`.
    """

    class Kind(models.TextChoices):
        UPDATE = "update", _("Update")
        CORRECTION = "correction", _("Correction")

    class Status(models.TextChoices):
        DRAFT = "draft", _("In preparation")
        PROPOSED = "proposed", _("Awaiting approval")
        PUBLISHED = "published", _("Approved and published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN = (Status.DRAFT, Status.PROPOSED)

    claim = models.ForeignKey("claims.Claim", on_delete=models.PROTECT, related_name="revisions", verbose_name=_("claim"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    base_verdict = models.ForeignKey(
        Verdict, on_delete=models.PROTECT, related_name="+", verbose_name=_("revises the verdict")
    )
    attribution = models.CharField(_("was it said?"), max_length=20, choices=AttributionFinding.choices)
    rating = models.ForeignKey(Rating, on_delete=models.PROTECT, related_name="+", verbose_name=_("is it true?"))
    summary = PlainCharField(_("summary"), max_length=500)
    explanation = PlainTextField(_("explanation"), max_length=LONG_TEXT_MAX, blank=True, help_text=_("Markdown."))
    evidence = models.ManyToManyField("claims.Evidence", blank=True, related_name="+", verbose_name=_("evidence kept"))
    note = PlainTextField(_("public note"), max_length=LONG_TEXT_MAX, blank=True)
    # The reporting chain as it reads once published (`claims.chains.chain_as_json`); None: unchanged.
    hops = models.JSONField(_("reporting chain on publication"), null=True, blank=True)
    # The speaker as shown when it was sent for approval (`claims.speakers.ShownSpeaker`): what the approver
    # reviews and what is published; a speaker record changed after sending is refused at approval.
    speaker_sent = models.JSONField(_("speaker as sent for approval"), null=True, blank=True, editable=False)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("prepared by")
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("approved by")
    )
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    proposed_at = models.DateTimeField(_("sent for approval at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    verdict = models.ForeignKey(
        Verdict, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("published verdict")
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("revision of a fact-check")
        verbose_name_plural = _("revisions of fact-checks")
        constraints = [
            # Two people starting at once: one wins, the other is shown the open revision.
            models.UniqueConstraint(
                fields=["claim"], condition=Q(status__in=["draft", "proposed"]), name="one_open_revision_per_claim"
            ),
            models.CheckConstraint(condition=~Q(summary=""), name="revision_summary_not_empty"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.claim_id}"

    def get_absolute_url(self):
        return reverse("revision_edit", args=[self.claim_id])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def snapshot(self) -> dict:
        """What the audit log keeps of this revision (so replay and history need nothing else)."""
        return {
            "id": self.pk,
            "kind": self.kind,
            "status": self.status,
            "attribution": self.attribution,
            "rating": self.rating.label,
            "summary": self.summary,
            "explanation": self.explanation,
            "evidence": sorted(e.pk for e in self.evidence.all()) if self.pk else [],
            "new_evidence": [
                {"source": item.source_id, "relation": item.relation, "excerpt": item.excerpt, "locator": item.locator}
                for item in self.new_evidence.all()
            ]
            if self.pk
            else [],
            "note": self.note,
            "hops": self.hops,
            "prepared_by": self.prepared_by.get_username(),
        }


class RevisionEvidence(models.Model):
    """Evidence a revision adds (a new source or a new link to a known one); it joins the
    claim's evidence only when the revision is published, so readers never see a draft."""

    revision = models.ForeignKey(FactCheckRevision, on_delete=models.CASCADE, related_name="new_evidence")
    source = models.ForeignKey("claims.Source", on_delete=models.PROTECT, related_name="+", verbose_name=_("source"))
    relation = models.CharField(_("relation"), max_length=20, choices=Evidence.Relation.choices)
    excerpt = ExactTextField(_("excerpt"), max_length=LONG_TEXT_MAX, help_text=_("The exact words in the source."))
    locator = PlainCharField(_("locator"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("evidence added by a revision")
        verbose_name_plural = _("evidence added by revisions")
        constraints = [models.CheckConstraint(condition=~Q(excerpt=""), name="revision_evidence_excerpt_not_empty")]
