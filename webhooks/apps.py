from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = _("Webhooks")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from monitoring.signals import repeat_detected
        from reviews.signals import claim_transitioned
        from tips.signals import tip_received

        from . import receivers

        claim_transitioned.connect(receivers.on_claim_transitioned, dispatch_uid="webhooks-workflow")
        repeat_detected.connect(receivers.on_repeat_detected, dispatch_uid="webhooks-repeat")
        tip_received.connect(receivers.on_tip_received, dispatch_uid="webhooks-tip")
