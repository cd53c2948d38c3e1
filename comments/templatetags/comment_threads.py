"""`{% claim_threads claim as panel %}`: everything the claim page's thread panel needs, in constant queries."""

from django import template
from django.urls import reverse

from .. import rules, selectors
from ..forms import ReplyForm, ThreadForm

register = template.Library()


class ThreadPanel:
    def __init__(self, *, threads, new_thread_form, mention_url):
        self.threads = threads
        self.open_threads = [t for t in threads if t.is_open]
        self.resolved_threads = [t for t in threads if not t.is_open]
        self.new_thread_form = new_thread_form
        self.mention_url = mention_url


@register.simple_tag(takes_context=True)
def claim_threads(context, claim):
    """The claim's threads (open first) with per-comment permissions worked out by `comments.rules`."""
    user = context["request"].user
    if rules.comment_refusal(user, claim):
        return None
    threads = list(selectors.threads_for_claim(claim))
    for thread in threads:
        thread.claim = claim
        thread.reply_form = ReplyForm(auto_id=f"id_reply_{thread.pk}_%s")
        for comment in thread.comments.all():
            comment.role = selectors.role_label(comment.author)
            comment.can_change = rules.can_change(user, comment)
            comment.can_see_history = comment.revision_count > 0 and rules.can_see_history(user, comment)
    return ThreadPanel(
        threads=threads,
        new_thread_form=ThreadForm(claim=claim, auto_id="id_new_thread_%s"),
        mention_url=reverse("mention_candidates") + f"?claim={claim.pk}",
    )
