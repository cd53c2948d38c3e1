from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The JSON API (Django REST framework + drf-spectacular): a client of the same services as the desk."""

    name = "api"
    verbose_name = _("JSON API")

    def ready(self):
        from . import schema  # noqa: F401  registers the drf-spectacular extension
