"""The claim list's filters: one FilterSet the desk list (and anything else listing claims) shares.

Every value travels in the URL, so a filtered view can be bookmarked and shared.
A value the form cannot read (a tampered id, a typo in a date) is dropped from
the filtering and reported back to the user by the view; it never becomes a 500.
"""

import hashlib

import django_filters as df
from django import forms
from django.db.models import Exists, F, OuterRef
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from django.db.models import Q

from claims.filters import ClaimKindFilters, FoldedPanel, ReportedOnFilters, TypeaheadChoiceField, TypeaheadFilter
from claims.languages import language_typeahead
from claims.models import Event, Evidence, Source, Speaker, Tag
from claims.selectors import speakers_matching
from claims.states import State
from factcheck.choices import ListedModelChoices
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


class UserChoiceField(forms.ModelChoiceField):
    iterator = ListedModelChoices  # a dozen reviewers: one plain query, no server-side cursor

    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class UserFilter(df.ModelChoiceFilter):
    field_class = UserChoiceField


class DeskFilterForm(forms.Form):
    # The list's filter panel, in the order editors scan it; the date ranges and the sort follow.
    field_order = [
        "q", "state", "rating", "attribution", "speaker", "organisation", "event", "tag", "via", "kind", "language",
        "source_kind", "reviewer", "said_from", "said_until", "reported_from", "reported_until", "sort",
    ]


class ClaimFilter(FoldedPanel, ReviewedClaimFilterBase, ClaimKindFilters, ReportedOnFilters):
    """The desk's claim list and CSV: the shared vocabulary (`claims.filters`) plus the desk's own filters."""

    panel_ignores = ("q",)
    order_field = ("sort", SORT_CHOICES[0][0])

    state = df.ChoiceFilter(label=_("State"), choices=State.choices)
    attribution = df.ChoiceFilter(
        label=_("Attribution"), field_name="current_verdict__attribution", choices=AttributionFinding.choices
    )
    speaker = df.CharFilter(label=_("Speaker (any name or alias)"), method="filter_speaker")
    # Type-ahead filters (claims.filters.TypeaheadFilter): these tables grow with the archive, so the page renders
    # only the chosen value; /desk/filters/<name>/suggest/ offers the rest.
    organisation = TypeaheadFilter(
        label=_("Speaker's organisation"),
        field_name="speaker__affiliation",
        queryset=Speaker.objects.filter(kind=Speaker.Kind.ORGANISATION).order_by("name", "pk"),
        url="desk_filter_suggest",
        lookup=lambda queryset, text: queryset.filter(pk__in=speakers_matching(text).values("pk")),
    )
    event = TypeaheadFilter(
        label=_("Event"),
        queryset=Event.objects.order_by("-date", "-pk"),
        url="desk_filter_suggest",
        lookup=lambda queryset, text: queryset.filter(Q(name__icontains=text) | Q(place__icontains=text)),
    )
    tag = TypeaheadFilter(
        label=_("Tag"),
        field_name="tags",
        queryset=Tag.objects.order_by("name"),
        to_field_name="slug",
        url="desk_filter_suggest",
        lookup=lambda queryset, text: queryset.filter(Q(name__icontains=text) | Q(slug__icontains=text)),
    )
    source_kind = df.ChoiceFilter(label=_("Source kind"), choices=Source.Kind.choices, method="filter_source_kind")
    reviewer = UserFilter(label=_("Assigned reviewer"), field_name="assigned_reviewer", queryset=reviewers())
    sort = df.ChoiceFilter(label=_("Sort by"), choices=SORT_CHOICES, method="filter_sort", empty_label=None)

    class Meta(ReviewedClaimFilterBase.Meta):
        form = DeskFilterForm

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        # The desk offers the ratings of the scale in use; an old scale's rating is reported as ignored.
        self.filters["rating"].queryset = Rating.objects.filter(scale__is_active=True)
        # The claim form's language type-ahead (/desk/languages/): any language, by name in the reader's language.
        language_typeahead(self.form.fields["language"])

    def filter_speaker(self, queryset, name, value):
        # The few matching speakers first (one query on the small speaker table): as a subquery, PostgreSQL
        # misjudged the name-or-alias match and probed it for every claim (~170 ms at 100k claims).
        return queryset.filter(speaker__in=list(speakers_matching(value).values_list("pk", flat=True)))

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

    def panel_key(self) -> str | None:
        """What the filter panel shows, as a cache key; None when it must be rendered afresh.

        Rendering the panel's widgets was about a quarter of the list's Python time (issue #18), and on
        most views (every page of the plain list) it is the same panel. It shows the language, each
        field's value and the menus read from the database (ratings of the scale in use, reviewers):
        all of them are in the key, so a new rating or reviewer shows at once. A chosen type-ahead
        record is shown by its current name, read live, so a panel with one chosen (or with an error
        next to a field) is not kept.
        """
        parts: list = [get_language()]
        for field in self.form:
            if field.name == "q":  # rendered outside the panel
                continue
            if field.errors:
                return None
            value = field.value()
            if isinstance(field.field, TypeaheadChoiceField):
                if any(value) if isinstance(value, (list, tuple)) else value not in (None, ""):  # (key, typed name)
                    return None
            elif isinstance(field.field, forms.ModelChoiceField):
                parts.append([(str(key), str(label)) for key, label in field.field.choices])
            parts.append((field.name, repr(value)))
        return hashlib.sha256(repr(parts).encode()).hexdigest()
