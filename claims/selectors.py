"""Reads that several views, the admin and the API share."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from .models import Claim, Speaker, SpeakerAlias, fold


def speakers_matching(text: str | None) -> QuerySet[Speaker]:
    """Speakers whose name or any alias contains `text`, in any script (クレーバ, Кулеба, Kuleba)."""
    text = (text or "").strip()
    if not text:
        return Speaker.objects.none()
    alias_hit = SpeakerAlias.objects.filter(speaker=OuterRef("pk"), folded__contains=fold(text))
    return Speaker.objects.filter(Q(name__icontains=text) | Exists(alias_hit))


def role_at_the_time(claim: Claim) -> str:
    """The speaker's title when the claim was made; unknown when the date said is unknown."""
    if claim.speaker_id is None or claim.said_on is None or claim.speaker.kind != Speaker.Kind.PERSON:
        return ""
    role = claim.speaker_role
    return role.title if role else ""
