"""The monitoring forms: follow a feed, merge into a claim, dismiss with a reason."""

from django import forms
from django.utils.translation import gettext_lazy as _

from claims.filters import TypeaheadChoiceField
from claims.models import Outlet
from claims.outlets import outlets_matching

from .models import Candidate, Feed


class FeedForm(forms.Form):
    # The desk's type-ahead (any name or alias of the outlet), answered by the queue's outlet filter endpoint.
    outlet = TypeaheadChoiceField(
        label=_("Outlet"),
        queryset=Outlet.objects.order_by("name", "pk"),
        url="monitoring_filter_suggest",
        lookup=lambda queryset, text: queryset.filter(pk__in=outlets_matching(text).values("pk")),
    )
    url = forms.CharField(
        label=_("Feed address"),
        max_length=Feed._meta.get_field("url").max_length,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=_("An RSS, Atom or JSON Feed address, or a news sitemap for a site without a feed; fetched through the desk's safe fetcher."),
    )
    interval_minutes = forms.IntegerField(label=_("Poll every (minutes)"), min_value=5, max_value=24 * 60, initial=30)


class MergeForm(forms.Form):
    claim = forms.IntegerField(label=_("Claim number"), min_value=1, help_text=_("The claim this statement is a new appearance of."))


class DismissForm(forms.Form):
    reason = forms.CharField(
        label=_("Why dismiss"),
        max_length=Candidate._meta.get_field("dismiss_reason").max_length,
        help_text=_("“opinion”, “not news”, “already checked”…"),
    )


class RepeatDismissForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is not a repeat"),
        max_length=300,
        help_text=_("“different claim”, “quoted to refute it”…"),
    )
