"""The states a claim can be in, and the sets of them other rules ask about.

The vocabulary lives with the claim record (its `state` field uses it); how a
claim moves between states, and who may move it, is `reviews.workflow`.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    VERDICT_PROPOSED = "verdict_proposed", _("Verdict proposed")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    CORRECTED = "corrected", _("Published, corrected")
    RETRACTED = "retracted", _("Retracted")
    REJECTED = "rejected", _("Rejected / not checkable")


# States in which the claim's own fields (statement, speaker, dates) and its
# evidence may be edited. After a verdict is proposed the claim is frozen;
# a chief editor must reopen it (audited) before anyone edits it again.
EDITABLE_STATES = frozenset({State.DRAFT, State.SUBMITTED, State.IN_REVIEW, State.CHANGES_REQUESTED})
# States a reader may see on the public site.
PUBLIC_STATES = frozenset({State.PUBLISHED, State.CORRECTED, State.RETRACTED})
# Published and not retracted: the verdict stands, and the fact-check can be updated or corrected.
STANDING_STATES = frozenset({State.PUBLISHED, State.CORRECTED})
OPEN_STATES = frozenset(
    {State.DRAFT, State.SUBMITTED, State.IN_REVIEW, State.CHANGES_REQUESTED, State.VERDICT_PROPOSED, State.APPROVED}
)


def due_date_applies(claim) -> bool:
    """A review due date matters only while the claim is still open."""
    return claim.review_due is not None and claim.state in OPEN_STATES


def is_overdue(claim, today: datetime.date | None = None) -> bool:
    """A claim is overdue when its review due date has passed while it is still open."""
    return due_date_applies(claim) and claim.review_due < (today or timezone.localdate())


def overdue_q(today: datetime.date | None = None) -> Q:
    """`is_overdue` as a query filter, for lists (same rule, evaluated by the database)."""
    return Q(review_due__lt=today or timezone.localdate(), state__in=OPEN_STATES)
