from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    """Article intake: paste, upload or fetch an article and turn its attributed statements into draft claims."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "intake"
    verbose_name = _("Article intake")
