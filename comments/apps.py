from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comment threads")

    def ready(self):
        from reviews.signals import approval_open_threads

        approval_open_threads.connect(count_open_threads, dispatch_uid="comments-open-threads")


def count_open_threads(sender, claim, verdict=None, **kwargs):
    """Answer `approve_verdict`: approving with open threads needs an explicit confirmation."""
    from .selectors import open_thread_count

    return open_thread_count(claim)
