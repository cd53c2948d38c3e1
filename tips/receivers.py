"""Tips listen to the workflow (signal sent after the step committed)."""

from claims.states import State

from . import services


def on_claim_transitioned(sender, claim_id, entry, transition, **kwargs):
    """A claim that came from a reader's tip is published: tell the reader once."""
    if transition.target == State.PUBLISHED:
        services.mail_readers_on_publish(claim_id)
