"""One vocabulary for filtering claims: the desk list, the public index and the API name each filter the same way.

Each surface's FilterSet inherits the filters it offers from the classes here (and
`reviews.filters` for the verdict's rating), so a concept has one name and one
definition everywhere:

| concept | name |
|---|---|
| free-text search | `q` |
| date said, inclusive range | `said_from`, `said_until` |
| date first reported, inclusive range | `reported_from`, `reported_until` |
| date first published, inclusive range | `published_from`, `published_until` |
| claim kind, language | `kind`, `language` |
| reached the desk via an outlet (a hop of the chain, or its sources) | `via` |

Older names keep working as deprecated aliases (`DEPRECATED_ALIASES`): old bookmarks
and API clients get the same results, and an error names the parameter they sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import django_filters as df
from django import forms
from django.db.models import QuerySet
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from django.db.models import Q

from factcheck.choices import ListedModelChoices

from .languages import LanguageFormField
from .models import Claim, Outlet, ReportingHop, Source
from .outlets import outlets_matching
from .search import search_claims

# Old query parameter name -> its canonical name. Never remove a line: links and clients out there use them.
DEPRECATED_ALIASES: dict[str, str] = {
    "said_to": "said_until",  # the desk's claim list until 2026-11
    "said_after": "said_from",  # the API until 2026-11
    "said_before": "said_until",  # the API until 2026-11
    "reported_to": "reported_until",  # the desk's claim list until 2026-11
    "published_after": "published_from",  # the API until 2026-11
    "published_before": "published_until",  # the API until 2026-11
}

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date_range(field_name: str, lookup_prefix: str, after: str, before: str) -> tuple[df.DateFilter, df.DateFilter]:
    """An inclusive date range: `<concept>_from` (on or after) and `<concept>_until` (on or before)."""
    return (
        df.DateFilter(field_name=field_name, lookup_expr=f"{lookup_prefix}gte", label=after, widget=DATE_WIDGET),
        df.DateFilter(field_name=field_name, lookup_expr=f"{lookup_prefix}lte", label=before, widget=DATE_WIDGET),
    )


class FoldedPanel:
    """A list's filter panel starts folded, so the results show above the fold; it opens when one of its
    filters is set (not the search text above it), the order is not the default, or the form has an error.
    `order_field` names the order field and its default value."""

    panel_ignores: tuple[str, ...] = ("q",)
    order_field: tuple[str, str] | None = None

    def panel_is_open(self) -> bool:
        if not self.is_bound:
            return False
        self.form.is_valid()
        data = getattr(self.form, "cleaned_data", {})
        order_name, order_default = self.order_field or ("", "")
        narrowed = any(
            value not in (None, "", [], ()) for name, value in data.items() if name not in (*self.panel_ignores, order_name)
        )
        ordered_otherwise = bool(order_name) and data.get(order_name) not in (None, "", order_default)
        return bool(self.form.errors) or narrowed or ordered_otherwise


class VocabularyFilterSet(df.FilterSet):
    """Reads deprecated parameter names as their canonical ones; a surface may word a label for its readers.

    `labels` maps a filter name to the label this surface shows (the public site says
    "Said from" where the desk says "Said on or after"); the name and the filtering stay the same.
    """

    labels: Mapping[str, Any] = {}

    def __init__(self, data: Mapping[str, Any] | None = None, *args: Any, **kwargs: Any) -> None:
        self.aliases_used: dict[str, str] = {}
        if data:
            data = self._canonical(data)
        super().__init__(data, *args, **kwargs)
        for name, label in self.labels.items():
            self.filters[name].label = label

    def _canonical(self, data: Mapping[str, Any]) -> Mapping[str, Any]:
        used = {old: new for old, new in DEPRECATED_ALIASES.items() if old in data and new in self.base_filters}
        if not used:
            return data
        data = data.copy()
        for old, new in used.items():
            multi = isinstance(data, MultiValueDict)
            values = data.getlist(old) if multi else data[old]
            del data[old]
            if new in data:
                continue  # the canonical name wins over its alias
            if multi:
                data.setlist(new, values)
            else:
                data[new] = values
            self.aliases_used[new] = old
        return data

    @property
    def errors(self):
        """The form's errors, keyed by the parameter the client sent (an alias if it used one)."""
        errors = self.form.errors
        if not self.aliases_used:
            return errors
        return type(errors)({self.aliases_used.get(name, name): messages for name, messages in errors.items()})


# --- type-ahead filters: choices that grow with the archive never become a <select> ---------


class TypeaheadWidget(forms.Widget):
    """A text box with the shared type-ahead (static/js/combobox.js) plus a hidden key: only the chosen value is rendered.

    The key (an id, or a slug) travels as the filter's own parameter, so old links
    (`?event=12`) keep working; the box's text travels as `<name>_text`, so without
    JavaScript a reader can still type a name and the field looks it up.
    """

    def __init__(self, url_name: str, attrs: dict | None = None) -> None:
        self.url_name = url_name
        super().__init__(attrs)

    def value_from_datadict(self, data, files, name):
        return (data.get(name) or "", data.get(f"{name}_text") or "")

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_text" not in data

    def render(self, name, value, attrs=None, renderer=None):
        from django.urls import reverse
        from django.utils.html import format_html

        key, label = value if isinstance(value, tuple) else ("", "")
        attrs = self.build_attrs(self.attrs, attrs)
        return format_html(
            '<div class="picker" data-combobox-url="{}"><input type="text" name="{}_text" id="{}" value="{}" '
            'autocomplete="off" placeholder="{}"><input type="hidden" name="{}" value="{}"></div>',
            reverse(self.url_name, args=[name]), name, attrs.get("id", ""), label, _("Type to search"), name, key,
        )


class _ListedFilterChoices(df.fields.ModelChoiceIterator, ListedModelChoices):
    pass  # django-filter's null choice, then the rows read in one plain query (factcheck.choices)


class ListedModelChoiceFilter(df.ModelChoiceFilter):
    """A filter menu of a few rows (ratings) read without a server-side cursor."""

    class field_class(df.fields.ModelChoiceField):
        iterator = _ListedFilterChoices


class TypeaheadChoiceField(df.fields.ModelChoiceField):
    """A ModelChoiceField that never lists its queryset: it reads a key, or a name typed by hand.

    `lookup(queryset, text)` narrows the queryset to rows matching typed text (by default
    the name, any case); the first match in the queryset's order is taken. Text that names
    nothing is an error next to the field that says what to do instead.
    """

    widget = TypeaheadWidget

    def __init__(self, *args, url: str, lookup=None, **kwargs):
        kwargs["widget"] = TypeaheadWidget(url)
        self.lookup = lookup or (lambda queryset, text: queryset.filter(name__icontains=text))
        super().__init__(*args, **kwargs)

    def _split(self, value):
        if isinstance(value, tuple):
            return value
        return (value or "", "")

    def _by_key(self, key):
        try:
            return super().to_python(key)
        except forms.ValidationError:
            return None

    def to_python(self, value):
        key, text = self._split(value)
        key, text = str(key).strip(), str(text).strip()
        chosen = self._by_key(key) if key else None
        if text and (chosen is None or self.label_from_instance(chosen).casefold() != text.casefold()):
            chosen = self.lookup(self.queryset, text[:200]).first()
            if chosen is None:
                raise forms.ValidationError(
                    _("Nothing matches “%(text)s”. Pick one of the suggestions, or clear the box to see all."),
                    code="no_match",
                    params={"text": text[:200]},
                )
        elif key and chosen is None:
            raise forms.ValidationError(
                _("This choice no longer exists. Clear the box, or type a name to pick another."), code="invalid_choice"
            )
        return chosen

    def prepare_value(self, value):
        """(key, label) for the widget: the chosen row's label, or the text as typed."""
        if hasattr(value, "_meta"):
            return (str(getattr(value, self.to_field_name or "pk")), self.label_from_instance(value))
        key, text = self._split(value)
        if key and not text:
            chosen = self._by_key(str(key))
            if chosen is not None:
                return (str(key), self.label_from_instance(chosen))
        return (str(key), text)

    def has_changed(self, initial, data):
        return self._split(data) != ("", "")


class TypeaheadListWidget(forms.TextInput):
    """One text box of names separated by commas, with the shared type-ahead completing the name being typed
    (static/js/combobox.js, `data-combobox-list`): only the chosen values are rendered."""

    def __init__(self, url_name: str, suggest: str | None = None, attrs: dict | None = None) -> None:
        self.url_name, self.suggest = url_name, suggest
        super().__init__({"autocomplete": "off", **(attrs or {})})

    def get_context(self, name, value, attrs):
        from django.urls import reverse

        context = super().get_context(name, value, attrs)
        url = reverse(self.url_name, args=[self.suggest or name])
        context["widget"]["attrs"].update({"data-combobox-url": url, "data-combobox-list": ","})
        return context


class TypeaheadMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several rows of a table that grows with the archive (a claim's tags), typed or picked as names separated
    by commas; never a checkbox or an <option> per row. Each name is read by `lookup(queryset, name)` (exact,
    any case); a name that matches nothing is an error next to the field that names it."""

    def __init__(self, queryset, *, url: str, lookup, suggest: str | None = None, no_match=None, **kwargs):
        kwargs.setdefault("widget", TypeaheadListWidget(url, suggest))
        self.lookup = lookup
        self.no_match = no_match or _("Nothing matches “%(names)s”. Pick one of the suggestions.")
        super().__init__(queryset, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, str):
            return value
        rows = [row if hasattr(row, "_meta") else None for row in (value or [])]
        if value and None in rows:  # keys (a form shown again): read their labels
            rows = list(self.queryset.filter(pk__in=[getattr(v, "pk", v) for v in value]))
        return ", ".join(sorted((self.label_from_instance(row) for row in rows), key=str.casefold))

    def clean(self, value):
        names = [name.strip() for name in (value or "").split(",") if name.strip()] if isinstance(value, str) else []
        if not names:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return self.queryset.none()
        chosen, unknown = [], []
        for name in dict.fromkeys(names):
            row = self.lookup(self.queryset, name[:200]).first()
            (chosen.append(row.pk) if row is not None else unknown.append(name[:200]))
        if unknown:
            raise forms.ValidationError(
                self.no_match,
                code="no_match",
                params={"names": "”, “".join(unknown)},
            )
        return self.queryset.filter(pk__in=chosen)

    def has_changed(self, initial, data):
        return self.prepare_value(initial) != self.prepare_value(data or "")


class TypeaheadFilter(df.ModelChoiceFilter):
    """`ModelChoiceFilter` through `TypeaheadChoiceField`: pass `url=` (a URL name answering ?q=) and optionally `lookup=`."""

    field_class = TypeaheadChoiceField


class ClaimFilterBase(VocabularyFilterSet):
    """What every list of claims filters by: words, and when the claim was said."""

    q = df.CharFilter(
        label=_("Search"),
        method="filter_text",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Statement, translation, speaker, excerpt")}),
    )
    said_from, said_until = _date_range("said_on", "", _("Said on or after"), _("Said on or before"))
    # Type-ahead: only the chosen outlet is rendered. Each surface names its suggestion endpoint
    # (`suggest_url`) and may narrow the outlets it offers (`via_outlets`).
    via = TypeaheadFilter(
        label=_("Reached us via outlet"),
        queryset=Outlet.objects.order_by("name", "pk"),
        method="filter_via",
        url="desk_filter_suggest",
        lookup=lambda queryset, text: queryset.filter(pk__in=outlets_matching(text).values("pk")),
    )
    suggest_url = "desk_filter_suggest"

    class Meta:
        model = Claim
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "via" in self.filters:
            self.filters["via"].extra["url"] = self.suggest_url

    def filter_text(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        return search_claims(queryset, value)

    def filter_via(self, queryset: QuerySet[Claim], name: str, value: Outlet | None) -> QuerySet[Claim]:
        return queryset.filter(reached_via(value)) if value is not None else queryset


def reached_via(outlet: Outlet) -> Q:
    """Claims that reached the desk through `outlet`: a hop names it or one of its sources, or it published the reported-by source.

    Subqueries over indexed columns (hop_outlet_claim_idx, hop_source_claim_idx, source_outlet_idx),
    not joins, so the list needs no DISTINCT.
    """
    sources = Source.objects.filter(outlet=outlet).values("pk")
    by_outlet = ReportingHop.objects.filter(outlet=outlet).values("claim_id")
    by_source = ReportingHop.objects.filter(source__in=sources).values("claim_id")
    return Q(pk__in=by_outlet) | Q(pk__in=by_source) | Q(reported_by__in=sources)


class LanguageFilter(df.CharFilter):
    """Any BCP 47 tag or language name (claims.languages); `en` also finds `en-US`."""

    field_class = LanguageFormField

    def filter(self, qs, value):
        if not value:
            return qs
        name = self.field_name
        return qs.filter(Q(**{name: value}) | Q(**{f"{name}__startswith": value + "-"}))


class ClaimKindFilters(df.FilterSet):
    kind = df.ChoiceFilter(label=_("Claim kind"), choices=Claim.Kind.choices)
    language = LanguageFilter(label=_("Language"))


class ReportedOnFilters(df.FilterSet):
    reported_from, reported_until = _date_range(
        "first_reported_on", "", _("Reported on or after"), _("Reported on or before")
    )


class PublishedOnFilters(df.FilterSet):
    published_from, published_until = _date_range(
        "published_at", "date__", _("First published on or after"), _("First published on or before")
    )


def suggestions(filterset_class: type[df.FilterSet], name: str, text: str, *, limit: int = 10) -> list[dict] | None:
    """What a type-ahead filter offers for typed text: at most `limit` rows, from the filter's own queryset.

    None if `name` is not a type-ahead filter of that FilterSet (the endpoint answers 404).
    The same queryset and lookup the filter applies, so a suggestion always filters to something.
    """
    spec = filterset_class.base_filters.get(name)
    if not isinstance(spec, TypeaheadFilter):
        return None
    text = (text or "").strip()[:200]
    queryset = spec.extra["queryset"]
    lookup = spec.extra.get("lookup") or (lambda qs, t: qs.filter(name__icontains=t))
    rows = lookup(queryset, text) if text else queryset
    key = spec.extra.get("to_field_name") or "pk"
    return [{"id": getattr(row, key), "label": str(row)} for row in rows[:limit]]

