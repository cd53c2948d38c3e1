from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaptureConfig(AppConfig):
    name = "capture"
    verbose_name = _("Source capture")

    def ready(self):
        from django.db.models.signals import post_save

        from claims.models import Source

        from . import receivers

        post_save.connect(receivers.capture_new_url, sender=Source, dispatch_uid="capture_new_url")
