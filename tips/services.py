"""Reader tips: the one module that takes them in, decides them and forgets the reader's address.

Views (public form in `publishing`, queue and decisions in `desk`), the admin and the
management command all call these functions.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from claims.access import can_view_claim
from claims.audit import record
from claims.languages import normalise_tag
from claims.models import Claim
from claims.services import create_claim
from factcheck.errors import Conflict, InvalidInput, NotAllowed
from .limits import address_wait
from .models import REASON_MAX, SubmissionCount, Tip
from .signals import tip_received

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)


def _absolute(url: str) -> str:
    return settings.DESK_URL.rstrip("/") + url


def submit_tip(*, text: str, where_seen: str, email: str = "", language: str = "") -> Tip:
    """Store a tip exactly as typed (it is plain text, escaped wherever it is shown)."""
    tip = Tip.objects.create(text=text, where_seen=where_seen, email=email.strip(), language=language[:10])
    transaction.on_commit(lambda: _announce(tip.pk))
    return tip


def _announce(tip_id: int) -> None:
    """Tell listeners (webhooks) once the tip committed; a failing listener never loses the tip."""
    for receiver, result in tip_received.send_robust(sender=Tip, tip_id=tip_id):
        if isinstance(result, Exception):
            logger.error("tip_received receiver %r failed", receiver, exc_info=result)


def submission_wait(*, address: str, rate: str | None = None, now: datetime | None = None) -> int | None:
    """Count one tip from `address`; None while within TIPS_RATE, else the seconds until its window ends.

    Counted in the database (`tips.limits.address_wait`), not the cache: without Redis the cache is each
    worker's own memory, and 3 gunicorn workers let 13 of 24 tips through a 5/hour limit."""
    return address_wait(scope="tips.submission_wait", address=address, rate=rate or settings.TIPS_RATE, now=now)


def can_decide(user: User) -> bool:
    """Editors accept or dismiss tips (the desk page shows the buttons by this same rule)."""
    return bool(can_view_claim(user) and user.has_perm("claims.add_claim"))


def _require_editor(user: User) -> None:
    if not can_decide(user):
        raise NotAllowed(_("Only editors can accept or dismiss tips; ask an editor of the desk."))


def _locked_new(tip: Tip) -> Tip:
    locked = Tip.objects.select_for_update().get(pk=tip.pk)
    if locked.status != Tip.Status.NEW:
        raise Conflict(
            _("This tip was already %(status)s by someone else; reload the queue to see what is left.")
            % {"status": locked.get_status_display().lower()}
        )
    return locked


@transaction.atomic
def accept_tip(*, tip: Tip, user: User) -> Claim:
    """The tip becomes a draft claim (speaker unknown until the editor finds them), linked and audited."""
    _require_editor(user)
    tip = _locked_new(tip)
    language = normalise_tag(tip.language or "") or settings.LANGUAGE_CODE[:2]
    claim = create_claim(
        user=user,
        statement=tip.text,
        language=language,
        translation_language="",
        speaker_description=_("Unknown: suggested by a reader"),
        said_on_precision="unknown",
        audit_note=_("from reader tip #%(pk)s") % {"pk": tip.pk},
        audit_snapshot={"tip": tip.pk, "where_seen": tip.where_seen},
    )
    tip.status, tip.claim, tip.decided_by, tip.decided_at = Tip.Status.ACCEPTED, claim, user, timezone.now()
    tip.save(update_fields=["status", "claim", "decided_by", "decided_at"])
    return claim


@transaction.atomic
def dismiss_tip(*, tip: Tip, user: User, reason: str) -> Tip:
    """Dismissed with a reason the reader sees on their status page."""
    _require_editor(user)
    if not (reason or "").strip():
        raise InvalidInput(_("Say why the tip is dismissed (the reader sees the reason)."), field="reason")
    if len(reason) > REASON_MAX:
        raise InvalidInput(_("Keep the reason under %(max)s characters.") % {"max": REASON_MAX}, field="reason")
    tip = _locked_new(tip)
    tip.status, tip.dismiss_reason, tip.decided_by, tip.decided_at = Tip.Status.DISMISSED, reason, user, timezone.now()
    tip.save(update_fields=["status", "dismiss_reason", "decided_by", "decided_at"])
    return tip


@transaction.atomic
def erase_personal_data(*, tip: Tip, user: User | None) -> Tip:
    """The reader asked to be forgotten (or the keeping period ended): the e-mail address goes."""
    if user is not None and not can_view_claim(user):
        raise NotAllowed(_("Only members of the desk can erase a reader's data."))
    tip = Tip.objects.select_for_update().get(pk=tip.pk)
    if tip.email:
        tip.email = ""
        tip.personal_data_erased_at = timezone.now()
        tip.save(update_fields=["email", "personal_data_erased_at"])
        if tip.claim_id and user is not None:
            record(claim=tip.claim, actor=user, action="tip_data_erased", note=_("reader tip #%(pk)s") % {"pk": tip.pk})
    return tip


def purge_personal_data(*, days: int | None = None, now=None) -> int:
    """Erase the e-mail of every tip older than `days` (TIPS_KEEP_DAYS); how many were erased."""
    days = settings.TIPS_KEEP_DAYS if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    SubmissionCount.objects.filter(expires_at__lte=now or timezone.now()).delete()  # ended limit windows
    return Tip.objects.filter(created_at__lt=cutoff).exclude(email="").update(email="", personal_data_erased_at=now or timezone.now())


def mail_readers_on_publish(claim_id: int) -> int:
    """One e-mail to each reader whose tip became this claim, the first time it is published."""
    sent = 0
    with transaction.atomic():
        tips = list(Tip.objects.select_for_update().filter(claim_id=claim_id, published_mail_sent_at__isnull=True).exclude(email=""))
        for tip in tips:
            with translation.override(tip.language or settings.LANGUAGE_CODE):
                subject = _("[%(desk)s] The claim you suggested has been checked") % {"desk": settings.DESK_NAME}
                body = _("Thank you for your tip. Our fact-check is published:\n\n%(url)s\n\nYour tip: %(status)s") % {
                    "url": _absolute(reverse("publishing:claim", args=[claim_id])),
                    "status": _absolute(reverse("publishing:tip_status", args=[tip.token])),
                }
            message = (subject, body, tip.email)
            transaction.on_commit(lambda m=message: send_mail(m[0], m[1], settings.DEFAULT_FROM_EMAIL, [m[2]], fail_silently=True))
            tip.published_mail_sent_at = timezone.now()
            tip.save(update_fields=["published_mail_sent_at"])
            sent += 1
    return sent
