from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "analytics"
    verbose_name = _("Desk analytics")

    def ready(self):
        from django.db.models.signals import post_save

        from claims.models import Claim
        from claims.services import claim_edited
        from reviews.hooks import register_step_observer

        from .rollups import record_step

        # Every workflow step updates the rollups in its own transaction (`reviews.services._run`).
        register_step_observer(record_step)
        # A claim edited after its steps (a speaker, source or language put right) takes its rollup rows along:
        # through the desk's and the API's edit service, or saved as a model (the admin).
        claim_edited.connect(_claim_edited, dispatch_uid="analytics_claim_edited")
        post_save.connect(_claim_saved, sender=Claim, dispatch_uid="analytics_claim_saved")


def _claim_edited(sender, claim, changed, **kwargs):
    from .rollups import FOLLOWED_FIELDS, follow_claim

    if FOLLOWED_FIELDS & set(changed):
        follow_claim(claim)


def _claim_saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
    from .rollups import follow_claim

    if not created and not raw:
        follow_claim(instance, update_fields)
