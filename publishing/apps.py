from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "publishing"
    verbose_name = _("Public site")

    def ready(self):
        from .checks import check_desk_url

        checks.register(check_desk_url, checks.Tags.security, deploy=True)
