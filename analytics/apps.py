from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "analytics"
    verbose_name = _("Desk analytics")

    def ready(self):
        from reviews.hooks import register_step_observer

        from .rollups import record_step

        # Every workflow step updates the rollups in its own transaction (`reviews.services._run`).
        register_step_observer(record_step)
