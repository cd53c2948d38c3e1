"""Filters on the public index: speaker, rating, tag, date said, free text (via `claims.search`)."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from django.db.models import Q

from claims.filters import TypeaheadFilter
from claims.models import Claim, Outlet, ReportingHop, Speaker, Tag
from claims.outlets import outlets_matching
from claims.selectors import speakers_matching
from claims.states import PUBLIC_STATES
from reviews.filters import ReviewedClaimFilterBase


class PublicFilterForm(forms.Form):
    # The index's filters as readers meet them, left to right.
    field_order = ["q", "speaker", "rating", "tag", "via", "said_from", "said_until"]


def _with_public_claims(model, claim_link):
    """Choices that lead somewhere: only speakers and topics with a public fact-check.

    An EXISTS per row instead of a join + DISTINCT over every public claim
    (at 100k claims on PostgreSQL: 90 ms -> a few ms for both menus).
    """
    public = Claim.objects.filter(state__in=PUBLIC_STATES, **{claim_link: OuterRef("pk")})
    return model.objects.filter(Exists(public))


def _outlets_with_public_claims():
    """Outlets a public fact-check reached the desk through (a hop names it or one of its sources)."""
    public_hops = ReportingHop.objects.filter(claim__state__in=PUBLIC_STATES).filter(
        Q(outlet=OuterRef("pk")) | Q(source__outlet=OuterRef("pk"))
    )
    return Outlet.objects.filter(Exists(public_hops))


class PublicClaimFilter(ReviewedClaimFilterBase):
    """The public index: the shared vocabulary (`claims.filters`), menus that lead to published fact-checks."""

    labels = {"said_from": _("Said from"), "said_until": _("Said until")}

    # Type-ahead (claims.filters.TypeaheadFilter): a desk with 20k speakers must not send 20k <option>s to every reader.
    speaker = TypeaheadFilter(
        label=_("Speaker"),
        queryset=_with_public_claims(Speaker, "speaker").order_by("name", "pk"),
        url="publishing:filter_suggest",
        lookup=lambda queryset, text: queryset.filter(pk__in=speakers_matching(text).values("pk")),
    )
    tag = TypeaheadFilter(
        label=_("Topic"),
        method="filter_tag",
        to_field_name="slug",
        queryset=_with_public_claims(Tag, "tags").order_by("name"),
        url="publishing:filter_suggest",
        lookup=lambda queryset, text: queryset.filter(Q(name__icontains=text) | Q(slug__icontains=text)),
    )

    # The shared `via` filter (claims.filters), offering only outlets that lead to a public fact-check.
    suggest_url = "publishing:filter_suggest"
    via = TypeaheadFilter(
        label=_("Reached us via outlet"),
        queryset=_outlets_with_public_claims().order_by("name", "pk"),
        method="filter_via",
        url="publishing:filter_suggest",
        lookup=lambda queryset, text: queryset.filter(pk__in=outlets_matching(text).values("pk")),
    )

    class Meta(ReviewedClaimFilterBase.Meta):
        form = PublicFilterForm

    def filter_tag(self, queryset, name, value):
        # A subquery, not a join: one row per claim without DISTINCT over the whole table.
        return queryset.filter(pk__in=Claim.tags.through.objects.filter(tag=value).values("claim_id"))

    def narrows(self) -> bool:
        """Whether any filter is set (else the index is every public fact-check, whose total is maintained)."""
        return self.is_bound and self.is_valid() and any(v not in (None, "", [], ()) for v in self.form.cleaned_data.values())

    def error_message(self):
        """The form's errors as one sentence for a 400 page."""
        parts = []
        for name, errors in self.form.errors.items():
            label = self.form.fields[name].label if name in self.form.fields else name
            parts.append(f"{label}: {' '.join(errors)}")
        return "; ".join(parts)
