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

        from claims.relations import claim_merged

        claim_merged.connect(move_threads, dispatch_uid="comments-move-threads")


def move_threads(sender, keep, drop, **kwargs):
    """Answer `claims.relations.merge`: the dropped claim's comment threads move to the kept claim."""
    from .models import Thread

    ids = list(Thread.objects.filter(claim=drop).values_list("pk", flat=True))
    Thread.objects.filter(pk__in=ids).update(claim=keep)
    return ids


move_threads.merge_label = "comment_threads"
