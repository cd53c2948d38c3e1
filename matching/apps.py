from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Claim matching")

    def ready(self):
        from .services import connect_signals

        connect_signals()
