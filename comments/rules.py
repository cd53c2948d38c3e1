"""Who may do what with comment threads: the one place these rules live.

Comments are internal: whoever may see a claim on the desk (`can_view_claim`)
may read its threads, start one, reply, and resolve or reopen a thread (the
resolver is recorded). Authors edit and remove their own comments; chief
editors (`comments.moderate_comment`) moderate everyone's, and every such
change is kept as a revision.
"""

from django.utils.translation import gettext as _

from factcheck.errors import NotAllowed, WorkflowError
from claims.access import can_view_claim

PERM_MODERATE = "comments.moderate_comment"


def can_moderate(user):
    return user.is_authenticated and user.is_active and user.has_perm(PERM_MODERATE)


def comment_refusal(user, claim):
    """Why `user` may not read or write threads on `claim`, or None."""
    if not can_view_claim(user):
        return NotAllowed(_("You do not have access to this claim's comment threads."))
    return None


def change_refusal(user, comment):
    """Why `user` may not edit or remove `comment`, or None."""
    refusal = comment_refusal(user, comment.thread.claim)
    if refusal:
        return refusal
    if comment.is_removed:
        return WorkflowError(_("This comment was removed and can no longer be changed."))
    if comment.author_id != user.pk and not can_moderate(user):
        return NotAllowed(_("You can only change your own comments; chief editors moderate the others."))
    return None


def can_change(user, comment):
    return change_refusal(user, comment) is None


def can_see_history(user, comment):
    """Anyone with access sees how a comment was edited; a removed comment's text only its author and moderators."""
    if comment_refusal(user, comment.thread.claim):
        return False
    return not comment.is_removed or comment.author_id == user.pk or can_moderate(user)
