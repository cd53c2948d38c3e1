"""Reads that several views, the admin and the API share."""

from django.db.models import Exists, OuterRef, Q

from .models import Speaker, SpeakerAlias, fold


def speakers_matching(text):
    """Speakers whose name or any alias contains `text`, in any script (クレーバ, Кулеба, Kuleba)."""
    text = (text or "").strip()
    if not text:
        return Speaker.objects.none()
    alias_hit = SpeakerAlias.objects.filter(speaker=OuterRef("pk"), folded__contains=fold(text))
    return Speaker.objects.filter(Q(name__icontains=text) | Exists(alias_hit))
