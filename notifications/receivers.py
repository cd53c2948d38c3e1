"""Workflow steps land in the inbox of the same people who get the workflow email."""

from django.db import transaction

from claims.models import Claim
from reviews.notifications import people_concerned
from claims.access import can_view_claim

from . import services


def notify_workflow_step(sender, claim_id, entry, transition, **kwargs):
    """Receiver of `reviews.signals.claim_transitioned` (sent robustly after the step committed:
    a failure here is logged by the sender and never undoes the step)."""
    with transaction.atomic():
        claim = Claim.objects.select_related("created_by", "assigned_reviewer").get(pk=claim_id)
        # Who is concerned is the workflow's rule; the inbox only adds that nobody without access hears of it.
        recipients = [person for person in people_concerned(claim, entry) if can_view_claim(person)]
        services.notify_workflow_step(claim=claim, entry=entry, recipients=recipients)
