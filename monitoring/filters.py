"""The monitoring queue's filters: speaker, outlet (type-aheads, as the desk's claim list), language, dates, check-worthiness (a minimum, and the order)."""

from __future__ import annotations

import django_filters as df
from django import forms
from django.utils.translation import gettext_lazy as _

from claims.filters import DATE_WIDGET, FoldedPanel, LanguageFilter, TypeaheadFilter
from claims.languages import language_typeahead
from claims.models import Outlet, Speaker
from claims.outlets import outlets_matching
from claims.selectors import speakers_matching

from .models import Candidate
from .selectors import ORDERS

SUGGEST_URL = "monitoring_filter_suggest"


class CandidateFilter(FoldedPanel, df.FilterSet):
    """The queue's filters, folded until one is set (the queue shows its candidates above the fold)."""

    order_field = ("order", "worthy")

    speaker = TypeaheadFilter(
        label=_("Speaker"),
        queryset=Speaker.objects.order_by("name", "pk"),
        url=SUGGEST_URL,
        lookup=lambda queryset, text: queryset.filter(pk__in=speakers_matching(text).values("pk")),
    )
    outlet = TypeaheadFilter(
        label=_("Outlet"),
        queryset=Outlet.objects.order_by("name", "pk"),
        url=SUGGEST_URL,
        lookup=lambda queryset, text: queryset.filter(pk__in=outlets_matching(text).values("pk")),
    )
    language = LanguageFilter(label=_("Language"))
    said_from = df.DateFilter(field_name="said_on", lookup_expr="gte", label=_("Said on or after"), widget=DATE_WIDGET)
    said_until = df.DateFilter(field_name="said_on", lookup_expr="lte", label=_("Said on or before"), widget=DATE_WIDGET)
    found_from = df.DateFilter(field_name="found_at", lookup_expr="date__gte", label=_("Found on or after"), widget=DATE_WIDGET)
    found_until = df.DateFilter(field_name="found_at", lookup_expr="date__lte", label=_("Found on or before"), widget=DATE_WIDGET)
    min_score = df.NumberFilter(
        field_name="checkworthiness", lookup_expr="gte", label=_("Check-worthiness at least (0–1)"), min_value=0, max_value=1,
        widget=forms.NumberInput(attrs={"step": "0.05"}),
    )
    order = df.ChoiceFilter(
        label=_("Order"), choices=[("worthy", _("most worth checking first")), ("newest", _("newest first"))],
        method="ordered", empty_label=None, null_label=None,
    )

    class Meta:
        model = Candidate
        fields: list[str] = []

    def ordered(self, queryset, name, value):
        return queryset.order_by(*ORDERS.get(value, ORDERS["worthy"]))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language_typeahead(self.form.fields["language"])
