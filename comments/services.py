"""Every write to comment threads: one atomic, permission-checked call each.

Views, admin and any future API call these; they raise the workflow errors
(`NotAllowed` 403, `InvalidInput` 400, `WorkflowError` 409) that the
middleware turns into a page saying why, and write nothing when they refuse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.models import Claim, Evidence
from notifications.services import notify_mentions
from reviews.models import Verdict
from factcheck.errors import InvalidInput, WorkflowError
from claims.access import can_view_claim

from . import rules
from .mentions import mentioned_users
from .models import BODY_MAX_LENGTH, Comment, CommentRevision, Thread

if TYPE_CHECKING:
    from django.contrib.auth.models import User

M = TypeVar("M", bound=models.Model)


@dataclass
class Posted:
    """What a write did: the comment, who was notified, and who was mentioned but cannot see the claim."""

    comment: Comment
    notified: list[User] = field(default_factory=list)
    not_notified: list[User] = field(default_factory=list)


def _clean_body(body: str | None) -> str:
    body = (body or "").strip()
    if not body:
        raise InvalidInput(_("Write something: an empty comment cannot be posted."), field="body")
    if len(body) > BODY_MAX_LENGTH:
        raise InvalidInput(
            _("A comment can be at most %(max)s characters long (this one has %(n)s).") % {"max": BODY_MAX_LENGTH, "n": len(body)},
            field="body",
        )
    return body


def _require_access(user: User, claim: Claim) -> None:
    refusal = rules.comment_refusal(user, claim)
    if refusal:
        raise refusal


def _save(instance: M) -> M:
    try:
        instance.full_clean()
    except ValidationError as error:
        message = " ".join(str(m) for messages in error.message_dict.values() for m in messages)
        raise InvalidInput(message, field=next(iter(error.message_dict), None)) from None
    instance.save()
    return instance


def _mention(comment: Comment, actor: User, *, previously: str = "") -> Posted:
    """Notify users newly named in `comment`; those who cannot see the claim are reported, not told."""
    already = {user.pk for user in mentioned_users(previously)} if previously else set()
    named = [user for user in mentioned_users(comment.body) if user.pk not in already and user.pk != actor.pk]
    reachable = [user for user in named if can_view_claim(user)]
    unreachable = [user for user in named if not can_view_claim(user)]
    notified = notify_mentions(comment=comment, recipients=reachable, actor=actor)
    return Posted(comment=comment, notified=notified, not_notified=unreachable)


def _anchor_label(evidence: Evidence | None, verdict: Verdict | None) -> str:
    if evidence is not None:
        return (_("Evidence: %(evidence)s") % {"evidence": evidence})[:300]
    if verdict is not None:
        return (_("Verdict: %(verdict)s") % {"verdict": verdict})[:300]
    return ""


def start_thread(
    *, claim: Claim, user: User, body: str, evidence: Evidence | None = None, verdict: Verdict | None = None
) -> Posted:
    """A new thread on `claim`, optionally about one of its evidence items or verdicts."""
    _require_access(user, claim)
    body = _clean_body(body)
    if evidence is not None and verdict is not None:
        raise InvalidInput(_("A thread is about one evidence item or one verdict, not both."), field="anchor")
    if evidence is not None and (not isinstance(evidence, Evidence) or evidence.claim_id != claim.pk):
        raise InvalidInput(_("This evidence item belongs to another claim."), field="anchor")
    if verdict is not None and (not isinstance(verdict, Verdict) or verdict.claim_id != claim.pk):
        raise InvalidInput(_("This verdict belongs to another claim."), field="anchor")
    now = timezone.now()
    with transaction.atomic():
        thread = _save(
            Thread(
                claim=claim,
                evidence=evidence,
                verdict=verdict,
                anchor_label=_anchor_label(evidence, verdict),
                created_by=user,
                created_at=now,
            )
        )
        comment = Comment(thread=thread, author=user, body=body, created_at=now)
        comment.render()
        _save(comment)
        return _mention(comment, user)


def reply(*, thread: Thread, user: User, body: str, claim: Claim | None = None) -> Posted:
    """A reply in `thread` (one level: replies belong to the thread, not to another reply).

    `claim`, when given, is the claim the user was looking at: a reply to a
    thread of another claim is refused.
    """
    if claim is not None and thread.claim_id != claim.pk:
        raise InvalidInput(_("This thread belongs to another claim."), field="thread")
    _require_access(user, thread.claim)
    body = _clean_body(body)
    with transaction.atomic():
        comment = Comment(thread=thread, author=user, body=body)
        comment.render()
        _save(comment)
        return _mention(comment, user)


def edit_comment(*, comment: Comment, user: User, body: str) -> Posted:
    """Change a comment's text; the previous text is kept as a revision."""
    body = _clean_body(body)
    with transaction.atomic():
        locked = Comment.objects.select_for_update().select_related("thread__claim").get(pk=comment.pk)
        refusal = rules.change_refusal(user, locked)
        if refusal:
            raise refusal
        if body == locked.body:
            return Posted(comment=locked)
        now = timezone.now()
        previous = locked.body
        CommentRevision.objects.create(
            comment=locked,
            action=CommentRevision.Action.EDITED,
            body=previous,
            changed_by=user,
            changed_at=now,
            by_moderator=locked.author_id != user.pk,
        )
        locked.body = body
        locked.edited_at = now
        locked.render()
        _save(locked)
        return _mention(locked, user, previously=previous)


def remove_comment(*, comment: Comment, user: User) -> Comment:
    """Soft delete: the thread shows "comment removed" and keeps its replies; the text stays in the history."""
    with transaction.atomic():
        locked = Comment.objects.select_for_update().select_related("thread__claim").get(pk=comment.pk)
        refusal = rules.change_refusal(user, locked)
        if refusal:
            raise refusal
        now = timezone.now()
        CommentRevision.objects.create(
            comment=locked,
            action=CommentRevision.Action.REMOVED,
            body=locked.body,
            changed_by=user,
            changed_at=now,
            by_moderator=locked.author_id != user.pk,
        )
        Comment.objects.filter(pk=locked.pk).update(removed_at=now, removed_by=user)
        locked.removed_at, locked.removed_by = now, user
        return locked


def resolve_thread(*, thread: Thread, user: User) -> Thread:
    return _set_resolution(thread, user, resolve=True)


def reopen_thread(*, thread: Thread, user: User) -> Thread:
    return _set_resolution(thread, user, resolve=False)


def _set_resolution(thread: Thread, user: User, *, resolve: bool) -> Thread:
    _require_access(user, thread.claim)
    with transaction.atomic():
        locked = Thread.objects.select_for_update().get(pk=thread.pk)
        if resolve and locked.resolved_at is not None:
            raise WorkflowError(_("This thread is already resolved."))
        if not resolve and locked.resolved_at is None:
            raise WorkflowError(_("This thread is already open."))
        values = {"resolved_at": timezone.now(), "resolved_by": user} if resolve else {"resolved_at": None, "resolved_by": None}
        Thread.objects.filter(pk=locked.pk).update(**values)
        for name, value in values.items():
            setattr(thread, name, value)
        return thread

