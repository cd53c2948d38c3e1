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


def notify_source_changed(sender, capture_id, previous_id, kind, **kwargs):
    """Receiver of `capture.signals.source_changed` (sent after commit): the reviewer of an open claim and the
    chief editors of a published one hear of each excerpt they rely on that changed or vanished."""
    from capture.models import Capture
    from capture.selectors import excerpts_lost
    from claims.states import OPEN_STATES
    from reviews.selectors import chief_editors

    with transaction.atomic():
        capture = Capture.objects.select_related("source").get(pk=capture_id)
        previous = Capture.objects.get(pk=previous_id) if previous_id else None
        chiefs = None
        recipients_by_claim = {}
        for item in excerpts_lost(capture, previous):
            claim = item.claim
            if claim.state in OPEN_STATES:
                people = [claim.assigned_reviewer] if claim.assigned_reviewer_id else []
            else:
                chiefs = list(chief_editors()) if chiefs is None else chiefs
                people = chiefs
            people = [person for person in people if person.is_active and can_view_claim(person)]
            if people:
                recipients_by_claim.setdefault(claim, [])
                recipients_by_claim[claim] += [p for p in people if p not in recipients_by_claim[claim]]
        services.notify_source_changed(capture=capture, recipients_by_claim=recipients_by_claim)
