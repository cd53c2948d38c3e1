"""Who is told, and telling them: the inbox entry and the email, for mentions and workflow steps.

The one module that decides who hears of something and sends both the inbox
entry and the email. Emails are written in the desk's language (`LANGUAGE_CODE`):
the actor's screen language says nothing about the recipients'; the inbox shows
each reader their own. `comments.services` calls `notify_mentions`; workflow
steps arrive through `reviews.signals.claim_transitioned` after they committed
(`notifications.receivers`) and go to `notify_workflow_step`.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from claims.access import can_view_claim
from claims.models import Claim
from claims.permissions import PERM_APPROVE, PERM_ASSIGN
from claims.states import State

from .models import Notification, describe

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from capture.models import Capture
    from claims.models import AuditEntry
    from django.db.models import Model
    from reviews.workflow import Transition

logger = logging.getLogger(__name__)


def _absolute(url: str) -> str:
    return settings.DESK_URL.rstrip("/") + url


def notify_mentions(*, comment: Model, recipients: Iterable[User], actor: User) -> list[User]:
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
    with translation.override(settings.LANGUAGE_CODE):
        mail_text = describe(Notification.Verb.MENTION, actor=actor, claim_id=claim_id)
        subject = _("[%(desk)s] %(text)s") % {"desk": settings.DESK_NAME, "text": mail_text}
        body = _("%(text)s:\n\n%(body)s\n\n%(url)s") % {"text": mail_text, "body": comment.body, "url": _absolute(url)}
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email]) for person in recipients if person.email]
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))
    return recipients


def _holders_of(perm: str) -> QuerySet[User]:
    app_label, codename = perm.split(".")
    return (
        get_user_model()
        .objects.filter(
            Q(groups__permissions__codename=codename, groups__permissions__content_type__app_label=app_label)
            | Q(is_superuser=True),
            is_active=True,
        )
        .distinct()
    )


def people_concerned(claim: Claim, entry: AuditEntry) -> list[User]:
    """Who hears of a workflow step: the assigned reviewer, the claim's author and the editor holding it, a reviewer just taken off
    it and, when a decision is due (submitted, verdict proposed, revision sent for approval), the chief
    editors; the preparer of a revision hears what became of it. Never the actor,
    and nobody who can no longer see the claim (someone who left the desk)."""
    people = {claim.created_by}
    if claim.owner_id:  # the editor a chief handed the claim to
        people.add(claim.owner)
    if claim.assigned_reviewer_id:
        people.add(claim.assigned_reviewer)
    previous = (entry.snapshot or {}).get("previous_reviewer_id")
    if previous:
        people.update(get_user_model().objects.filter(pk=previous))
    if entry.to_state == State.SUBMITTED:
        people.update(_holders_of(PERM_ASSIGN))
    elif entry.to_state == State.VERDICT_PROPOSED:
        people.update(_holders_of(PERM_APPROVE))
    revision = (entry.snapshot or {}).get("revision") or {}
    if entry.action == "propose_revision":  # a revision awaits a second person
        people.update(_holders_of(PERM_APPROVE))
    elif revision.get("id"):  # its preparer hears what became of it
        from reviews.models import FactCheckRevision

        people.update(
            get_user_model().objects.filter(pk__in=FactCheckRevision.objects.filter(pk=revision["id"]).values("prepared_by"))
        )
    return sorted(
        (p for p in people if p.pk != entry.actor_id and p.is_active and can_view_claim(p)),
        key=lambda p: p.pk,
    )


def _workflow_email(claim: Claim, entry: AuditEntry, transition: Transition) -> tuple[str, str]:
    subject = _("[%(desk)s] %(action)s: claim #%(id)s") % {
        "desk": settings.DESK_NAME,
        "action": transition.label,
        "id": claim.pk,
    }
    body = _("%(actor)s: %(action)s.\n\n%(claim)s\n\nNow: %(state)s\n%(note)s") % {
        "actor": entry.actor,
        "action": transition.label,
        "claim": claim,
        "state": entry.get_to_state_display(),  # the state this step led to, whenever the mail goes out
        "note": entry.note,
    }
    return subject, body


def notify_workflow_step(*, claim_id: int, entry: AuditEntry, transition: Transition) -> list[User]:
    """Tell the people concerned by a committed workflow step: an inbox entry each, then an email each.

    Runs after the step committed; a failure here never undoes it (the sender logs it).
    """
    claim = Claim.objects.select_related("created_by", "owner", "assigned_reviewer").get(pk=claim_id)
    recipients = people_concerned(claim, entry)
    if not recipients:
        return []
    text = describe(Notification.Verb.WORKFLOW, actor=entry.actor, claim_id=claim.pk, entry=entry)
    with transaction.atomic():
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
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _workflow_email(claim, entry, transition)
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [p.email]) for p in recipients if p.email]
    if messages:
        send_mass_mail(messages, fail_silently=True)
    return recipients


# --- the daily sweep: re-checks and resolutions that fell due ----------------------------------


def people_due(claim: Claim) -> list[User]:
    """Who hears that a fact-check is due for its re-check or a promise for its resolution: the reviewer whose
    verdict is in force (they know the file) and the chief editors (they approve what follows)."""
    people = {*_holders_of(PERM_APPROVE)}
    verdict = claim.current_verdict
    if verdict is not None:
        people.add(verdict.proposed_by)
    return sorted((p for p in people if p.is_active and can_view_claim(p)), key=lambda p: p.pk)


def _tell_once(person: User, claim: Claim, key: str, text: str) -> bool:
    """One inbox row per person and key; False when an earlier sweep (or one running now) already told them."""
    try:
        with transaction.atomic():
            Notification.objects.create(
                recipient=person,
                verb=Notification.Verb.DUE,
                claim=claim,
                key=key,
                text=text[:300],
                url=claim.get_absolute_url(),
            )
    except IntegrityError:
        return False
    return True


def sweep_due(today: datetime.date | None = None) -> int:
    """The daily sweep: tell the people concerned of every re-check and resolution that fell due, once each.

    The key (what, which claim, which due date) is unique per recipient in the database, so running the
    sweep twice, or on two machines at once, tells nobody twice; a new due date ("not yet", a next
    re-check) is told again. Returns the number of people told (inbox entries written).
    """
    from reviews.selectors import recheck_due_claims, resolution_due_claims

    today = today or timezone.localdate()
    told, messages = 0, []
    batches = (
        ("recheck", "recheck_due", recheck_due_claims(today).select_related("current_verdict__proposed_by")),
        ("resolve", "resolution_due", resolution_due_claims(today).select_related("current_verdict__proposed_by")),
    )
    for kind, date_field, claims in batches:
        for claim in claims:
            key = f"{kind}:{claim.pk}:{getattr(claim, date_field).isoformat()}"
            text = describe(Notification.Verb.DUE, actor=None, claim_id=claim.pk, key=key)
            with translation.override(settings.LANGUAGE_CODE):
                mail_text = describe(Notification.Verb.DUE, actor=None, claim_id=claim.pk, key=key)
                subject = _("[%(desk)s] %(text)s") % {"desk": settings.DESK_NAME, "text": mail_text}
                reason = claim.recheck_reason if kind == "recheck" else ""
                body = _("%(text)s\n\n%(claim)s\n%(reason)s\n%(url)s") % {
                    "text": mail_text,
                    "claim": claim,
                    "reason": reason,
                    "url": _absolute(claim.get_absolute_url()),
                }
            for person in people_due(claim):
                if not _tell_once(person, claim, key, text):
                    continue
                told += 1
                if person.email:
                    messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [person.email]))
    if messages:
        send_mass_mail(messages, fail_silently=True)
    return told


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


def notify_excerpts_lost(*, capture_id: int, previous_id: int | None) -> list[Notification]:
    """Who hears that a source changed: the reviewer of an open claim and the chief editors of a published
    one, for each excerpt they rely on that changed or vanished (and only people who can see the claim)."""
    from capture.models import Capture
    from capture.selectors import excerpts_lost
    from claims.states import OPEN_STATES
    from reviews.selectors import chief_editors

    with transaction.atomic():
        capture = Capture.objects.select_related("source").get(pk=capture_id)
        previous = Capture.objects.get(pk=previous_id) if previous_id else None
        chiefs = None
        recipients_by_claim = {}
        for item in excerpts_lost(capture, previous):
            claim = item.claim
            if claim.state in OPEN_STATES:
                people = [claim.assigned_reviewer] if claim.assigned_reviewer_id else []
            else:
                chiefs = list(chief_editors()) if chiefs is None else chiefs
                people = chiefs
            people = [person for person in people if person.is_active and can_view_claim(person)]
            if people:
                recipients_by_claim.setdefault(claim, [])
                recipients_by_claim[claim] += [p for p in people if p not in recipients_by_claim[claim]]
        return notify_source_changed(capture=capture, recipients_by_claim=recipients_by_claim)


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


# --- repeats: a published claim said again (monitoring.repeats decides it is one) ---------------


def people_who_checked(claim: Claim) -> list[User]:
    """Who hears that a published claim was said again: the editor who recorded it, the editor holding it,
    the reviewer whose verdict is in force and the chief editor who approved it (they know the file).

    The desk has no notion of following a speaker, so nobody else is told."""
    people = {claim.created_by}
    if claim.owner_id:
        people.add(claim.owner)
    verdict = claim.current_verdict
    if verdict is not None:
        people.add(verdict.proposed_by)
        if verdict.decided_by_id:
            people.add(verdict.decided_by)
    return sorted((p for p in people if p.is_active and can_view_claim(p)), key=lambda p: p.pk)


def notify_repeat(*, claim: Claim, key: str, text: str, url: str, body: str = "") -> list[User]:
    """One inbox entry and one email per person who checked `claim`, once per `key` (the repeat alert):
    a second detection of the same repeat, or two workers at once, tell nobody twice.

    `text` is written in the desk's language (`LANGUAGE_CODE`) by the caller; the email goes out after commit."""
    told = [person for person in people_who_checked(claim) if _tell_repeat_once(person, claim, key, text, url)]
    subject = _("[%(desk)s] %(text)s") % {"desk": settings.DESK_NAME, "text": text}
    mail = "\n\n".join(part for part in (text, body, _absolute(url)) if part)
    messages = [(subject, mail, settings.DEFAULT_FROM_EMAIL, [person.email]) for person in told if person.email]
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))
    return told


def _tell_repeat_once(person: User, claim: Claim, key: str, text: str, url: str) -> bool:
    try:
        with transaction.atomic():
            Notification.objects.create(
                recipient=person, verb=Notification.Verb.REPEAT, claim=claim, key=key, text=text[:300], url=url[:300]
            )
    except IntegrityError:
        return False
    return True
