"""Webhooks listen to the apps below them (signals sent after commit) and queue deliveries."""

from . import events, services
from .models import Event


def on_claim_transitioned(sender, claim_id, entry, transition, **kwargs):
    event = events.event_for_step(transition.name)
    if event is not None:
        services.emit(event, lambda: events.fact_check(claim_id, transition.name))


def on_repeat_detected(sender, alert_id, **kwargs):
    services.emit(Event.REPEAT_DETECTED, lambda: events.repeat(alert_id))


def on_tip_received(sender, tip_id, **kwargs):
    services.emit(Event.TIP_RECEIVED, lambda: events.tip(tip_id))
