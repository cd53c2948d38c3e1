"""Free-text search over claims: one interface, whatever the backend does underneath.

`search_claims(queryset, text)` narrows a claim queryset to those whose statement,
translation, speaker name or aliases, or evidence excerpts contain `text`.
"""

from django.db.models import Exists, OuterRef, Q

from .models import Evidence, SpeakerAlias, fold


def search_claims(queryset, text):
    text = (text or "").strip()
    if not text:
        return queryset
    alias_hit = SpeakerAlias.objects.filter(speaker=OuterRef("speaker_id"), folded__contains=fold(text))
    excerpt_hit = Evidence.objects.filter(claim=OuterRef("pk"), excerpt__icontains=text)
    return queryset.filter(
        Q(statement__icontains=text)
        | Q(translation__icontains=text)
        | Q(speaker__name__icontains=text)
        | Q(speaker_description__icontains=text)
        | Exists(alias_hit)
        | Exists(excerpt_hit)
    )
