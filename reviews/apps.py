from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews")

    def ready(self):
        from . import hooks, notifications, signals

        checks.register(hooks.check_hooks, checks.Tags.compatibility)
        signals.claim_transitioned.connect(notifications.email_people_concerned, dispatch_uid="reviews-email")
