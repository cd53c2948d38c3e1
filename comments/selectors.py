"""Shared reads for comment threads: the claim page's threads, open-thread counts, mention candidates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from reviews.roles import ADMIN, CHIEF_EDITOR, EDITOR, REVIEWER
from claims.permissions import PERM_VIEW

from .models import Comment, CommentRevision, Thread

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from claims.models import Claim

# The badge shown next to an author: the most senior desk role they hold.
ROLE_ORDER = [CHIEF_EDITOR, REVIEWER, EDITOR, ADMIN]
ROLE_LABELS = {
    CHIEF_EDITOR: _("Chief editor"),
    REVIEWER: _("Reviewer"),
    EDITOR: _("Editor"),
    ADMIN: _("Admin"),
}


def threads_for_claim(claim: Claim) -> QuerySet[Thread]:
    """Threads of `claim`, open first, with comments, authors and their roles in a fixed number of queries."""
    # The panel names authors and who resolved a thread; anchors are shown from their stored labels and ids,
    # so the evidence, verdict and remover rows are not joined. Revisions are counted per comment in a
    # subquery rather than by grouping every selected column.
    revisions = CommentRevision.objects.filter(comment=OuterRef("pk")).order_by().values("comment").annotate(n=Count("*")).values("n")
    comments = Comment.objects.select_related("author").prefetch_related("author__groups")
    comments = comments.annotate(revision_count=Coalesce(Subquery(revisions), 0))
    return Thread.objects.filter(claim=claim).select_related("resolved_by").prefetch_related(Prefetch("comments", queryset=comments))


def open_thread_count(claim: Claim) -> int:
    return Thread.objects.filter(claim=claim, resolved_at__isnull=True).count()


def role_label(user: User) -> str:
    """The author's desk role for the badge, from already-prefetched groups when there are any."""
    names = {group.name for group in user.groups.all()}
    for role in ROLE_ORDER:
        if role in names:
            return ROLE_LABELS[role]
    return ""


def desk_users() -> QuerySet[User]:
    """Active users who can see claims on the desk (the people a mention can reach)."""
    app_label, codename = PERM_VIEW.split(".")
    User = get_user_model()
    return (
        User.objects.filter(
            Q(groups__permissions__codename=codename, groups__permissions__content_type__app_label=app_label)
            | Q(user_permissions__codename=codename, user_permissions__content_type__app_label=app_label)
            | Q(is_superuser=True),
            is_active=True,
        )
        .distinct()
        .order_by(User.USERNAME_FIELD)
    )


def mention_candidates(prefix: str | None, limit: int = 10) -> list[User]:
    """Desk users whose username (or name) starts with `prefix`, for @mention autocomplete."""
    User = get_user_model()
    prefix = (prefix or "").lstrip("@").strip()
    users = desk_users()
    if prefix:
        users = users.filter(
            Q(**{f"{User.USERNAME_FIELD}__istartswith": prefix})
            | Q(first_name__istartswith=prefix)
            | Q(last_name__istartswith=prefix)
        )
    return list(users[:limit])
