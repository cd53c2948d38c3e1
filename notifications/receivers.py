"""The notifications app listens to the apps below it (signals sent after commit); `services` decides and sends."""

from . import services


def on_claim_transitioned(sender, claim_id, entry, transition, **kwargs):
    """Receiver of `reviews.signals.claim_transitioned`, sent robustly after the step committed."""
    services.notify_workflow_step(claim_id=claim_id, entry=entry, transition=transition)


def notify_source_changed(sender, capture_id, previous_id, kind, **kwargs):
    """Receiver of `capture.signals.source_changed` (sent after commit)."""
    services.notify_excerpts_lost(capture_id=capture_id, previous_id=previous_id)
