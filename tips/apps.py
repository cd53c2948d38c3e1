from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TipsConfig(AppConfig):
    name = "tips"
    verbose_name = _("Reader tips")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from reviews.signals import claim_transitioned

        from . import receivers

        claim_transitioned.connect(receivers.on_claim_transitioned, dispatch_uid="tips-claim-published")
