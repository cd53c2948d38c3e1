"""Reads that several views, the admin and the API share."""

from __future__ import annotations

from django.db.models import QuerySet

from .counters import state_counts
from .models import Claim, Speaker, SpeakerAlias, fold
from .states import OPEN_STATES, State


def open_claims() -> QuerySet[Claim]:
    """Claims still open: the one definition the dashboard's counts, the analytics ageing figure and the
    queues share. A claim is open from the moment it is written (a draft nobody has sent yet included)
    until it is published or rejected; whether a workflow step has touched it does not matter."""
    return Claim.objects.filter(state__in=OPEN_STATES)


def open_counts() -> dict[str, int]:
    """{state: number of open claims} for every open state in workflow order, zeros included: `open_claims`
    counted by the maintained counts (`claims.counters`), not a scan."""
    counts = state_counts()
    return {state: counts[state] for state in State.values if state in OPEN_STATES}


def speakers_matching(text: str | None) -> QuerySet[Speaker]:
    """Speakers whose name or any alias contains `text`, in any script (クレーバ, Кулеба, Kuleba)."""
    text = (text or "").strip()
    if not text:
        return Speaker.objects.none()
    # One set of ids from two index probes (claims/migrations/0027's trigram indexes on PostgreSQL): with
    # `name OR EXISTS(alias)` the database walked every speaker and scanned every alias for each lookup.
    by_name = Speaker.objects.filter(name__icontains=text).order_by().values("pk")
    by_alias = SpeakerAlias.objects.filter(folded__contains=fold(text)).order_by().values("speaker_id")
    return Speaker.objects.filter(pk__in=by_name.union(by_alias))


def role_at_the_time(claim: Claim) -> str:
    """The speaker's title when the claim was made; unknown when the date said is unknown."""
    if claim.speaker_id is None or claim.said_on is None or claim.speaker.kind != Speaker.Kind.PERSON:
        return ""
    role = claim.speaker_role
    return role.title if role else ""
