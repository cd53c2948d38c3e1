"""Filters on the public index: speaker, rating, tag, date said, free text (via `claims.search`)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from claims.models import Speaker, Tag
from claims.search import search_claims
from reviews.models import Rating
from reviews.workflow import PUBLIC_STATES


class PublicClaimFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    speaker = django_filters.ModelChoiceFilter(
        label=_("Speaker"),
        queryset=Speaker.objects.filter(claims__state__in=PUBLIC_STATES).distinct(),
        empty_label=_("Any speaker"),
    )
    rating = django_filters.ModelChoiceFilter(
        label=_("Rating"),
        field_name="current_verdict__rating",
        queryset=Rating.objects.select_related("scale"),
        empty_label=_("Any rating"),
    )
    tag = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        field_name="tags",
        to_field_name="slug",
        queryset=Tag.objects.filter(claims__state__in=PUBLIC_STATES).distinct(),
        empty_label=_("Any topic"),
    )
    said_from = django_filters.DateFilter(
        label=_("Said from"), field_name="said_on", lookup_expr="gte", widget=forms.DateInput(attrs={"type": "date"})
    )
    said_until = django_filters.DateFilter(
        label=_("Said until"), field_name="said_on", lookup_expr="lte", widget=forms.DateInput(attrs={"type": "date"})
    )

    def search(self, queryset, name, value):
        return search_claims(queryset, value)

    @property
    def qs(self):
        # A tag filter joins a many-to-many; keep one row per claim.
        return super().qs.distinct()

    def error_message(self):
        """The form's errors as one sentence for a 400 page."""
        parts = []
        for name, errors in self.form.errors.items():
            label = self.form.fields[name].label if name in self.form.fields else name
            parts.append(f"{label}: {' '.join(errors)}")
        return "; ".join(parts)
