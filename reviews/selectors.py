"""The desk's work queues: which claims wait on whom. Shared by the dashboard, the API and commands.

Each returns an unsliced, unordered-by-caller-safe queryset of claims (ordered
oldest-waiting first where that is what a queue means), so callers add their
own `select_related` and slicing.
"""

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from claims.models import Claim

from .models import Verdict
from .workflow import OPEN_STATES, PERM_APPROVE, PERM_ASSIGN, PERM_REVIEW, PUBLIC_STATES, State


def drafts_of(user):
    """Claims the user wrote that are still drafts."""
    return Claim.objects.filter(created_by=user, state=State.DRAFT).order_by("-updated_at", "-id")


def awaiting_review(user):
    """Submitted claims nobody has taken yet, that this user may take (not their own: four-eyes)."""
    if not user.has_perm(PERM_REVIEW):
        return Claim.objects.none()
    return Claim.objects.filter(state=State.SUBMITTED).exclude(created_by=user).order_by("updated_at", "id")


def assigned_to(user):
    """Claims the user is reviewing now."""
    return Claim.objects.filter(assigned_reviewer=user, state=State.IN_REVIEW).order_by(
        "review_due", "updated_at", "id"
    )


def awaiting_approval(user):
    """Proposed verdicts this user may decide on (never their own proposal)."""
    if not user.has_perm(PERM_APPROVE):
        return Claim.objects.none()
    own_proposal = Verdict.objects.filter(claim=OuterRef("pk"), status=Verdict.Status.PROPOSED, proposed_by=user)
    return (
        Claim.objects.filter(state=State.VERDICT_PROPOSED)
        .exclude(Exists(own_proposal))
        .order_by("updated_at", "id")
    )


def changes_requested_for(user):
    """The user's claims that a reviewer sent back for changes."""
    return Claim.objects.filter(created_by=user, state=State.CHANGES_REQUESTED).order_by("updated_at", "id")


def overdue(user):
    """Open reviews past their due date: the user's own, or all of them for whoever assigns reviewers."""
    queryset = Claim.objects.filter(
        state__in=OPEN_STATES, review_due__isnull=False, review_due__lt=timezone.localdate()
    )
    if not user.has_perm(PERM_ASSIGN):
        queryset = queryset.filter(assigned_reviewer=user)
    return queryset.order_by("review_due", "id")


def recently_published():
    """Published (or corrected, or retracted) fact-checks, latest first."""
    return Claim.objects.filter(state__in=PUBLIC_STATES, published_at__isnull=False).order_by("-published_at", "-id")


def counts_by_state():
    """{state: number of claims} for every state, zeros included, in one query."""
    counts = dict.fromkeys(State.values, 0)
    for row in Claim.objects.order_by().values("state").annotate(n=Count("id")):
        counts[row["state"]] = row["n"]
    return counts
