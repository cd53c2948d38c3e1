"""Rollups of the workflow, read by the analytics figures instead of the audit log.

Written only by `analytics.rollups` — step by step inside each workflow transaction,
or all at once from the audit log by `manage.py rebuild_analytics` — never by hand.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from claims.states import State


class StepFact(models.Model):
    """One workflow step, with what the figures need already worked out.

    `seconds_in_state` is how long the claim stayed in `from_state` (from the step that entered it);
    `cycle_seconds` (publish only) is the time from the submission that led to this publication.
    `reviewer` was assigned during the stay the step ends; `credited` is the reviewer whose
    verdict the step judges (send back, approve, publish, correct). Publish and correct steps carry
    the rating as the audit snapshot had it, and `superseded_at` once a correction replaces it.
    """

    entry_id = models.BigIntegerField(_("audit entry"), unique=True)
    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="+")
    action = models.CharField(_("action"), max_length=40)
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices)
    at = models.DateTimeField(_("when"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    credited = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    seconds_in_state = models.BigIntegerField(null=True)
    cycle_seconds = models.BigIntegerField(null=True)
    rating_label = models.CharField(max_length=100, blank=True)
    rating_value = models.IntegerField(null=True)
    publication_at = models.DateTimeField(null=True)
    superseded_at = models.DateTimeField(null=True)
    # The claim's language when the step happened (`analytics.rollups`: a later edit does not move past steps).
    language = models.CharField(max_length=35, blank=True, default="")
    # The claim's speaker and the source it was reported by, as the claim has them now (kept so by
    # `analytics.rollups.follow_attribution`; a speaker merge moves them with every other reference): the rating
    # mixes group by these without joining the claims table.
    speaker = models.ForeignKey("claims.Speaker", on_delete=models.SET_NULL, null=True, related_name="+")
    reported_by = models.ForeignKey("claims.Source", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["at", "entry_id"]
        # Named so in a speaker merge's plan, which moves these with every other reference to the speaker.
        verbose_name = _("workflow step in the desk analytics")
        verbose_name_plural = _("workflow steps in the desk analytics")
        indexes = [
            models.Index(fields=["action", "at"], name="analytics_step_action_at"),
            models.Index(fields=["from_state", "at"], name="analytics_step_from_at"),
            models.Index(fields=["claim", "at"], name="analytics_step_claim_at"),
            # The duration figures read the days at the edges of a period (outside its whole months) by time.
            models.Index(fields=["at"], name="analytics_step_at"),
            # The rating mixes read publications by their date, with everything they group by in the index
            # (covering on PostgreSQL: no visit to the table's pages).
            models.Index(
                fields=["publication_at"], name="analytics_step_rating_read",
                include=["action", "at", "superseded_at", "speaker", "reported_by", "rating_label", "rating_value", "language"],
                condition=models.Q(publication_at__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} #{self.claim_id}"


class ClaimFlow(models.Model):
    """Where a claim stands in the workflow now, as its last step left it (for the ageing figure)."""

    claim = models.OneToOneField("claims.Claim", on_delete=models.CASCADE, primary_key=True, related_name="+")
    state = models.CharField(max_length=20, choices=State.choices)
    state_since = models.DateTimeField()
    reviewer_id = models.IntegerField(null=True)  # assigned now
    proposer_id = models.IntegerField(null=True)  # proposed the verdict awaiting a decision
    published_by_id = models.IntegerField(null=True)  # proposed the verdict readers see
    cycle_submitted_at = models.DateTimeField(null=True)  # first submission since the claim was last a draft
    publication_at = models.DateTimeField(null=True)
    rating_entry_id = models.BigIntegerField(null=True)  # the step whose rating is in force
    # The claim's language now (kept by `analytics.rollups.follow_claim`): the ageing figure's language filter.
    language = models.CharField(max_length=35, blank=True, default="")

    class Meta:
        indexes = [models.Index(fields=["state", "state_since"], name="analytics_flow_state_since")]


class LengthHistogram(models.Model):
    """One bucket of a histogram of lengths (seconds): the columns `DurationHistogram` (per month) and
    `DurationYearHistogram` (per year) share; see the first for what each means."""

    stage = models.CharField(max_length=20)
    who = models.IntegerField(default=0)
    dim = models.CharField(max_length=50, default="")
    bucket = models.SmallIntegerField()
    n = models.IntegerField(default=0)
    low = models.BigIntegerField()
    high = models.BigIntegerField()

    class Meta:
        abstract = True


class DurationHistogram(LengthHistogram):
    """How many stays (or submission → publication cycles) of each length ended in a UTC month.

    One row per (month, stage, reviewer, dimension, bucket): `stage` is the state left, or "cycle" for a
    publication; `who` the reviewer during the stay, or the one credited with the publication
    (0: none; -1: the same lengths again, whoever the reviewer, read by the month figure); `dim` is "" for every claim, or "language:<tag>" for the claims in that language when
    the step happened (`analytics.rollups.dims`: the one-filter fast path). Lengths fall into fixed log-scale buckets (`analytics.rollups.bucket`: eight per
    doubling) and each row keeps the shortest and longest length it holds, so the figures read
    medians and 90th percentiles from a few thousand rows instead of every step
    (`analytics.rollups.histogram_percentile` states the error bound).
    """

    month = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dim", "month", "stage", "who", "bucket"], name="analytics_histogram_dim_key"),
        ]
        indexes = [
            # What the duration figures read (the months of a period, by reviewer, in bucket order), answered from
            # the index alone on PostgreSQL (covering; elsewhere the same columns without the counts).
            models.Index(fields=["dim", "month", "who", "stage", "bucket"], include=["n", "low", "high"],
                         name="analytics_histogram_read"),
        ]


class DurationMonth(models.Model):
    """Each UTC month's count, median and 90th percentile of the lengths in one stage (seconds), read off its
    histogram (`who` = -1) by `analytics.rollups` whenever a step adds to it: the month figure reads one row
    per month and stage instead of ranking the buckets on every request. `dim` as in `DurationHistogram`."""

    month = models.DateField()
    stage = models.CharField(max_length=20)
    dim = models.CharField(max_length=50, default="")
    n = models.IntegerField(default=0)
    median = models.FloatField(null=True)
    p90 = models.FloatField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dim", "month", "stage"], name="analytics_durationmonth_key")]


class DurationYearHistogram(LengthHistogram):
    """`DurationHistogram`'s rows per reviewer (`who` ≥ 0) summed per UTC year (`year`: its 1 January): the
    reviewer figure reads the whole years of a long period here, twelve times fewer rows."""

    year = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dim", "year", "stage", "who", "bucket"], name="analytics_histogram_year_key"),
        ]
        indexes = [
            models.Index(fields=["dim", "year"], include=["who", "stage", "bucket", "n", "low", "high"],
                         name="analytics_histogram_year_read"),
        ]


class StepDay(models.Model):
    """How many steps of each counted action (`analytics.rollups.DAY_ACTIONS`) happened on a UTC day
    (`dim` as in `DurationHistogram`)."""

    day = models.DateField()
    action = models.CharField(max_length=40)
    dim = models.CharField(max_length=50, default="")
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dim", "day", "action"], name="analytics_stepday_dim_key")]


class StepMonth(models.Model):
    """How many steps of each action happened in a UTC month, per reviewer credited with the verdict they
    judge (`StepFact.credited`, 0: none) and dimension (`dim` as in `DurationHistogram`): the reviewer rates
    read these instead of the step rows."""

    month = models.DateField()
    action = models.CharField(max_length=40)
    who = models.IntegerField(default=0)
    dim = models.CharField(max_length=50, default="")
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dim", "month", "action", "who"], name="analytics_stepmonth_key"),
        ]
