from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comment threads")

    def ready(self):
        from reviews.hooks import register_open_thread_counter

        from .selectors import open_thread_count

        # Approving with open threads needs an explicit confirmation (`reviews.services.approve_verdict`).
        register_open_thread_counter(open_thread_count)
