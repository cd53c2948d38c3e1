"""The claim list's filters: one FilterSet the desk list (and anything else listing claims) shares.

Every value travels in the URL, so a filtered view can be bookmarked and shared.
A value the form cannot read (a tampered id, a typo in a date) is dropped from
the filtering and reported back to the user by the view; it never becomes a 500.
"""

import django_filters as df
from django import forms
from django.db.models import Exists, F, OuterRef
from django.utils.translation import gettext_lazy as _

from claims.filters import ClaimKindFilters, ReportedOnFilters
from claims.models import Event, Evidence, Source, Speaker, Tag
from claims.selectors import speakers_matching
from claims.states import State
from reviews.filters import ReviewedClaimFilterBase
from reviews.models import AttributionFinding, Rating
from reviews.selectors import reviewers

SORTS = {
    "-said": (F("said_on").desc(nulls_last=True), "-id"),
    "said": (F("said_on").asc(nulls_last=True), "id"),
    "-reported": (F("first_reported_on").desc(nulls_last=True), "-id"),
    "reported": (F("first_reported_on").asc(nulls_last=True), "id"),
    "-created": ("-created_at", "-id"),
    "created": ("created_at", "id"),
    "-updated": ("-updated_at", "-id"),
    "updated": ("updated_at", "id"),
}
SORT_CHOICES = [
    ("-created", _("Newest first (created)")),
    ("created", _("Oldest first (created)")),
    ("-updated", _("Recently updated")),
    ("updated", _("Least recently updated")),
    ("-said", _("Date said, newest first")),
    ("said", _("Date said, oldest first")),
    ("-reported", _("Date reported, newest first")),
    ("reported", _("Date reported, oldest first")),
]
DEFAULT_SORT = "-created"


class RecentChoiceIterator(forms.models.ModelChoiceIterator):
    """The first `max_shown` rows of the queryset, plus the chosen one: a long table stays a short menu."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        shown = list(self.queryset[: self.field.max_shown])
        selected = self.field.selected
        if selected and str(selected).isdigit() and all(str(obj.pk) != str(selected) for obj in shown):
            shown[:0] = self.queryset.filter(pk=selected)
        for obj in shown:
            yield self.choice(obj)

    def __len__(self):
        return min(self.queryset.count(), self.field.max_shown) + (self.field.empty_label is not None)


class RecentChoiceField(forms.ModelChoiceField):
    """Accepts any row, but offers only the first `max_shown` rows (the most recent events) in its <select>.

    A desk that has recorded thousands of events would otherwise render one <option> per
    event on every list page — most of the page's time at 100k claims (see bench/).
    An older event chosen through its event page's link (?event=<id>) is still offered, selected.
    """

    iterator = RecentChoiceIterator

    def __init__(self, *args, selected=None, max_shown=100, **kwargs):
        self.selected = selected
        self.max_shown = max_shown
        super().__init__(*args, **kwargs)


class RecentChoiceFilter(df.ModelChoiceFilter):
    field_class = RecentChoiceField


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class UserFilter(df.ModelChoiceFilter):
    field_class = UserChoiceField


class DeskFilterForm(forms.Form):
    # The list's filter panel, in the order editors scan it; the date ranges and the sort follow.
    field_order = [
        "q", "state", "rating", "attribution", "speaker", "organisation", "event", "tag", "kind", "language",
        "source_kind", "reviewer", "said_from", "said_until", "reported_from", "reported_until", "sort",
    ]


class ClaimFilter(ReviewedClaimFilterBase, ClaimKindFilters, ReportedOnFilters):
    """The desk's claim list and CSV: the shared vocabulary (`claims.filters`) plus the desk's own filters."""

    state = df.ChoiceFilter(label=_("State"), choices=State.choices)
    attribution = df.ChoiceFilter(
        label=_("Attribution"), field_name="current_verdict__attribution", choices=AttributionFinding.choices
    )
    speaker = df.CharFilter(label=_("Speaker (any name or alias)"), method="filter_speaker")
    organisation = df.ModelChoiceFilter(
        label=_("Speaker's organisation"),
        field_name="speaker__affiliation",
        queryset=Speaker.objects.filter(kind=Speaker.Kind.ORGANISATION),
    )
    event = RecentChoiceFilter(label=_("Event"), queryset=Event.objects.order_by("-date", "-pk"))
    tag = df.ModelChoiceFilter(label=_("Tag"), field_name="tags", queryset=Tag.objects.all(), to_field_name="slug")
    source_kind = df.ChoiceFilter(label=_("Source kind"), choices=Source.Kind.choices, method="filter_source_kind")
    reviewer = UserFilter(label=_("Assigned reviewer"), field_name="assigned_reviewer", queryset=reviewers())
    sort = df.ChoiceFilter(label=_("Sort by"), choices=SORT_CHOICES, method="filter_sort", empty_label=None)

    class Meta(ReviewedClaimFilterBase.Meta):
        form = DeskFilterForm

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        # The desk offers the ratings of the scale in use; an old scale's rating is reported as ignored.
        self.filters["rating"].queryset = Rating.objects.filter(scale__is_active=True)
        if data:
            self.filters["event"].extra["selected"] = data.get("event")

    def filter_speaker(self, queryset, name, value):
        return queryset.filter(speaker__in=speakers_matching(value).values("pk"))

    def filter_source_kind(self, queryset, name, value):
        # Exists, not a join: a claim citing three videos is listed once.
        return queryset.filter(Exists(Evidence.objects.filter(claim=OuterRef("pk"), source__kind=value)))

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS[DEFAULT_SORT]))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by(*SORTS[DEFAULT_SORT])
        return queryset

    def ignored(self):
        """(label, message) for each value the form could not read; those filters were not applied."""
        return [
            (self.form.fields[name].label if name in self.form.fields else name, " ".join(errors))
            for name, errors in self.form.errors.items()
        ]

    def active(self):
        """(label, shown value) for each filter that narrowed the list (sorting aside)."""
        if not self.is_bound:
            return []
        self.form.is_valid()
        shown = []
        for name, value in self.form.cleaned_data.items():
            if name == "sort" or value in (None, "", [], ()):
                continue
            field = self.form.fields[name]
            if hasattr(field, "choices") and not isinstance(field, forms.ModelChoiceField):
                value = dict(field.choices).get(value, value)
            elif isinstance(field, forms.ModelChoiceField):
                value = field.label_from_instance(value)
            shown.append((field.label, value))
        return shown
