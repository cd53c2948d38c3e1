"""Writes to the inbox, and the mention email. Called by comments.services and the workflow receiver."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Notification, describe

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from capture.models import Capture
    from claims.models import AuditEntry, Claim
    from comments.models import Comment


def _absolute(url: str) -> str:
    return settings.DESK_URL.rstrip("/") + url


def notify_mentions(*, comment: Comment, recipients: Iterable[User], actor: User) -> list[User]:
    """Tell `recipients` (already checked: they can see the claim) that `actor` mentioned them in `comment`.

    Runs inside the caller's transaction; the email goes out only after it commits.
    """
    recipients = [person for person in recipients if person.pk != actor.pk]
    if not recipients:
        return []
    claim_id = comment.thread.claim_id
    text = describe(Notification.Verb.MENTION, actor=actor, claim_id=claim_id)
    url = comment.get_absolute_url()
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=person,
                verb=Notification.Verb.MENTION,
                actor=actor,
                claim_id=claim_id,
                comment=comment,
                text=text[:300],
                url=url,
            )
            for person in recipients
        ],
        ignore_conflicts=True,
    )
    subject = _("[%(desk)s] %(text)s") % {"desk": settings.DESK_NAME, "text": text}
    body = _("%(text)s:\n\n%(body)s\n\n%(url)s") % {"text": text, "body": comment.body, "url": _absolute(url)}
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email]) for person in recipients if person.email]
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))
    return recipients


def notify_workflow_step(*, claim: Claim, entry: AuditEntry, recipients: Iterable[User]) -> None:
    """One inbox entry per person concerned by a workflow step (who they are is `reviews.notifications`' rule)."""
    text = describe(Notification.Verb.WORKFLOW, actor=entry.actor, claim_id=claim.pk, entry=entry)
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=person,
                verb=Notification.Verb.WORKFLOW,
                actor_id=entry.actor_id,
                claim=claim,
                audit_entry=entry,
                text=text[:300],
                url=entry.get_absolute_url(),
                created_at=entry.created_at,
            )
            for person in recipients
        ],
        ignore_conflicts=True,
    )


def mark_read(*, notification: Notification, user: User) -> Notification:
    """Only the recipient marks their own notification read (others get a 404 from the view)."""
    if notification.recipient_id != user.pk:
        raise Notification.DoesNotExist
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def unread_count(user: User | AnonymousUser) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notify_source_changed(
    *, capture: Capture, recipients_by_claim: Mapping[Claim, Iterable[User]]
) -> list[Notification]:
    """One inbox entry and one email per person and claim whose excerpt changed or vanished with `capture`."""
    rows, messages = [], []
    for claim, recipients in recipients_by_claim.items():
        text = describe(Notification.Verb.SOURCE, actor=None, claim_id=claim.pk, capture=capture)
        url = capture.get_absolute_url() if not capture.gone else capture.source.get_absolute_url() + "#captures"
        for person in recipients:
            rows.append(
                Notification(
                    recipient=person,
                    verb=Notification.Verb.SOURCE,
                    claim=claim,
                    capture=capture,
                    text=text[:300],
                    url=url,
                )
            )
            if person.email:
                subject = _("[%(desk)s] %(text)s") % {"desk": settings.DESK_NAME, "text": text}
                body = _("%(text)s\n\nClaim: %(claim)s\nThe desk's copies: %(url)s") % {
                    "text": text,
                    "claim": _absolute(claim.get_absolute_url()),
                    "url": _absolute(url),
                }
                messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [person.email]))
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))
    return rows
