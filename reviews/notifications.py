"""Who hears about a workflow step, by email (Django's mail API)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db.models import Q
from django.utils.translation import gettext as _

from claims.models import Claim

from claims.permissions import PERM_APPROVE, PERM_ASSIGN
from claims.states import State


def people_concerned(claim, entry):
    """The assigned reviewer, the claim's editor and, when a decision is due, the chief editors."""
    User = get_user_model()
    people = {claim.created_by}
    if claim.assigned_reviewer_id:
        people.add(claim.assigned_reviewer)
    previous = (entry.snapshot or {}).get("previous_reviewer_id")
    if previous:
        # A reviewer taken off a claim hears about it too.
        people.update(User.objects.filter(pk=previous))
    if entry.to_state in (State.VERDICT_PROPOSED, State.SUBMITTED):
        perm = PERM_APPROVE if entry.to_state == State.VERDICT_PROPOSED else PERM_ASSIGN
        app_label, codename = perm.split(".")
        chiefs = User.objects.filter(
            Q(groups__permissions__codename=codename, groups__permissions__content_type__app_label=app_label)
            | Q(is_superuser=True),
            is_active=True,
        ).distinct()
        people.update(chiefs)
    return {person for person in people if person.pk != entry.actor_id and person.is_active}


def email_people_concerned(sender, claim_id, entry, transition, **kwargs):
    claim = Claim.objects.select_related("created_by", "assigned_reviewer").get(pk=claim_id)
    recipients = [person.email for person in people_concerned(claim, entry) if person.email]
    if not recipients:
        return
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
    send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients], fail_silently=True)
