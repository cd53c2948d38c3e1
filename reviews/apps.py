from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews")

    def ready(self):
        from . import hooks

        checks.register(hooks.check_hooks, checks.Tags.compatibility)
