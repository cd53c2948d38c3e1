from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from capture.signals import source_changed
        from reviews.signals import claim_transitioned

        from . import receivers

        claim_transitioned.connect(receivers.on_claim_transitioned, dispatch_uid="notifications-workflow")
        source_changed.connect(receivers.notify_source_changed, dispatch_uid="notifications-source-changed")
