from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from reviews.signals import claim_transitioned

        from . import receivers

        claim_transitioned.connect(receivers.notify_workflow_step, dispatch_uid="notifications-inbox")
