"""Capture on save: a source with a URL the desk has not captured yet gets a capture queued after commit."""

from django.conf import settings

from . import services
from .models import Capture


def capture_new_url(sender, instance, created, raw=False, **kwargs):
    if raw or not instance.url or not settings.CAPTURE_ON_SAVE:
        return
    if not created and Capture.objects.filter(source=instance, url=instance.url).exists():
        return
    services.request_capture(instance, trigger=Capture.Trigger.SAVE)
