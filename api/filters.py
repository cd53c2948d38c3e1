"""Query filters for the API, matching the desk's list filters; malformed values are a 400."""

import django_filters
from django import forms
from django.core.validators import EMPTY_VALUES
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import PermissionDenied

from claims.filters import ClaimKindFilters, LanguageFilter, PublishedOnFilters
from claims.models import Source, Speaker
from claims.selectors import speakers_matching
from reviews.filters import ReviewedClaimFilterBase
from reviews.models import AttributionFinding, Correction, Verdict
from claims.states import PUBLIC_STATES, State

from .selectors import is_desk
from .serializers import MAX_ID


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.Filter):
    """An id that fits the database's integer column (a bigger one is a 400, not an overflow)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "string", "maxLength": 200, "pattern": "^[^\\u0000]*$"})
class TextFilter(django_filters.CharFilter):
    """Free text of bounded length (NUL characters are refused, as every text field refuses them)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sorts by the chosen field, then by id, so limit/offset pages never overlap."""

    def filter(self, qs, value):
        params = [param for param in (value or []) if param not in EMPTY_VALUES]  # "?ordering=,," sorts by nothing
        if not params:
            return qs
        return qs.order_by(*[self.get_ordering_value(param) for param in params], "-pk")


class ClaimFilter(ReviewedClaimFilterBase, ClaimKindFilters, PublishedOnFilters):
    """`/api/v1/claims/`: the shared vocabulary (`claims.filters`), with ids and bounded text for clients."""

    q = TextFilter(method="filter_text", label=_("Search statement, speaker, aliases, evidence"))
    state = django_filters.MultipleChoiceFilter(
        choices=State.choices, method="filter_state", label=_("Workflow state (non-public states: desk only)")
    )
    speaker = IdFilter(field_name="speaker_id", label=_("Speaker id"))
    rating = IdFilter(field_name="current_verdict__rating_id", label=_("Rating id of the verdict in force"))
    tag = TextFilter(field_name="tags__slug", label=_("Tag slug"))
    ordering = StableOrderingFilter(
        fields=(("said_on", "said_on"), ("published_at", "published_at"), ("created_at", "created_at"), ("id", "id"))
    )

    class Meta(ReviewedClaimFilterBase.Meta):
        pass

    def filter_state(self, queryset, name, value):
        if not value:
            return queryset
        if not set(value) <= set(PUBLIC_STATES) and not is_desk(self.request.user):
            raise PermissionDenied(_("Only members of the fact-check desk can filter by unpublished states."))
        return queryset.filter(state__in=value)


class SpeakerFilter(django_filters.FilterSet):
    q = TextFilter(method="filter_q", label=_("Name or alias, in any script"))
    kind = django_filters.ChoiceFilter(choices=Speaker.Kind.choices)

    class Meta:
        model = Speaker
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.filter(pk__in=speakers_matching(value).values("pk"))


class SourceFilter(django_filters.FilterSet):
    q = TextFilter(method="filter_q", label=_("Title or publisher"))
    kind = django_filters.ChoiceFilter(choices=Source.Kind.choices)
    language = LanguageFilter()

    class Meta:
        model = Source
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(publisher__icontains=value))


class VerdictFilter(django_filters.FilterSet):
    claim = IdFilter(field_name="claim_id")
    rating = IdFilter(field_name="rating_id")
    attribution = django_filters.ChoiceFilter(choices=AttributionFinding.choices)
    status = django_filters.ChoiceFilter(choices=Verdict.Status.choices)

    class Meta:
        model = Verdict
        fields = []


class CorrectionFilter(django_filters.FilterSet):
    claim = IdFilter(field_name="claim_id")
    kind = django_filters.ChoiceFilter(choices=Correction.Kind.choices)

    class Meta:
        model = Correction
        fields = []
