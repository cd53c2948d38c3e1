"""What the desk and the reader see of tips."""

from django.db.models import QuerySet

from claims.access import PUBLIC_CLAIM
from claims.models import Claim

from .models import Tip


def intake_queue() -> QuerySet[Tip]:
    """Tips waiting for an editor, oldest first (the order they should be answered in)."""
    return Tip.objects.filter(status=Tip.Status.NEW).order_by("created_at", "id")


def decided_tips() -> QuerySet[Tip]:
    return Tip.objects.exclude(status=Tip.Status.NEW).select_related("claim", "decided_by").order_by("-decided_at", "-id")


def public_claim_of(tip: Tip) -> Claim | None:
    """The published fact-check a tip became, if the public may read it yet."""
    if not tip.claim_id:
        return None
    return Claim.objects.filter(PUBLIC_CLAIM, pk=tip.claim_id, merged_into__isnull=True).first()
