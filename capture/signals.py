"""Sent after commit when the watch finds a cited page changed or gone; `notifications` decides who is told."""

from django.dispatch import Signal

# kwargs: capture_id (the new capture), previous_id (the capture before it, or None), kind ("changed" | "gone")
source_changed = Signal()
