"""The claim form: the claim, a speaker added on the fly, and its evidence rows, validated before saving.

The forms only read and check input; `claims.services.save_claim_with_evidence`
writes it, in one transaction. Speakers and sources are picked by
search-as-you-type (static/js/desk.js), which fills a hidden id; without
JavaScript the typed name (or a source's URL) is resolved on the server when it
names exactly one record.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from claims import chains, files
from claims.outlets import OUTLET_FIELDS, resolve_outlet

from claims.fields import CLAIM_FIELDS, CLAIM_TAGS, EVIDENCE_FIELDS
from claims.models import (
    ROLE_PRECISIONS,
    Claim,
    DatePrecision,
    Event,
    Evidence,
    Outlet,
    ReportingHop,
    Source,
    Speaker,
    SpeakerAlias,
    SpeakerIdentifier,
    SpeakerRole,
    Tag,
    fold,
)
from claims.filters import TypeaheadChoiceField, TypeaheadMultipleChoiceField
from claims.languages import LanguageFormField, language_typeahead
from claims.validators import validate_web_url
from factcheck.errors import InvalidInput

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
BLANK = [("", "—")]


def language_picker(field):
    """The type-ahead on a language box (static/js/combobox.js); without JavaScript it takes a name or a tag."""
    language_typeahead(field)


def language_hint(field, target_id):
    """A statement or excerpt box whose language the desk guesses for `target_id` (static/js/languages.js)."""
    field.widget.attrs["data-language-target"] = target_id
    field.widget.attrs["data-language-guess-url"] = reverse_lazy("language_guess")


def resolve_speaker(text):
    """The one speaker whose name or alias is exactly `text` (any script, case, width), else None."""
    folded = fold(text)
    if not folded:
        return None
    by_alias = set(SpeakerAlias.objects.filter(folded=folded).values_list("speaker_id", flat=True))
    by_name = set(Speaker.objects.filter(name__iexact=text.strip()).values_list("pk", flat=True))
    ids = by_alias | by_name
    return Speaker.objects.get(pk=ids.pop()) if len(ids) == 1 else None


def resolve_source(text):
    """The one source whose URL or title is exactly `text`, else None."""
    text = (text or "").strip()
    if not text:
        return None
    found = list(Source.objects.filter(Q(url=text) | Q(title=text))[:2])
    return found[0] if len(found) == 1 else None


def move_hidden_errors(form, pairs):
    """An id in a hidden field that no longer matches a record is reported next to the visible search box."""
    for hidden, visible in pairs.items():
        if hidden in form.errors:
            del form.errors[hidden]
            form.add_error(visible, _("That choice is no longer available; search and pick again."))


class ClaimForm(forms.ModelForm):
    speaker = forms.ModelChoiceField(queryset=Speaker.objects.all(), required=False, widget=forms.HiddenInput)
    speaker_lookup = forms.CharField(
        label=_("Speaker"),
        required=False,
        max_length=200,
        help_text=_("Type a name or alias in any script and pick the speaker from the list."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    reported_by = forms.ModelChoiceField(queryset=Source.objects.all(), required=False, widget=forms.HiddenInput)
    reported_by_lookup = forms.CharField(
        label=_("Reported by (source)"),
        required=False,
        max_length=2000,
        help_text=_(
            "The source through which the desk learned of the claim: pick one from the list, or type the URL or "
            "title of a source you add under Evidence in this form, or the name of an outlet. Left empty on a new "
            "claim, the source of its attribution evidence (above) is used."
        ),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    reported_by_outlet_kind = forms.ChoiceField(
        label=_("If it is a new outlet: its kind"),
        required=False,
        choices=BLANK + list(Outlet.Kind.choices),
        help_text=_("Only when the desk knows the report by its outlet alone; the outlet is added on save."),
    )

    # Events and tags grow with the archive: type-aheads over the claim list's own suggestions
    # (/desk/filters/<name>/suggest/, desk roles only), never a <select> or a checkbox per row.
    event = TypeaheadChoiceField(
        queryset=Event.objects.order_by("-date", "-pk"),
        required=False,
        label=_("Event"),
        url="desk_filter_suggest",
        lookup=lambda queryset, text: queryset.filter(Q(name__icontains=text) | Q(place__icontains=text)),
    )
    tags = TypeaheadMultipleChoiceField(
        queryset=Tag.objects.order_by("name"),
        required=False,
        label=_("Tags"),
        url="desk_filter_suggest",
        suggest="tag",  # the claim list's tag filter
        lookup=lambda queryset, name: queryset.filter(Q(name__iexact=name) | Q(slug__iexact=name)),
        help_text=_("Names separated by commas: type a few letters and pick from the list."),
        no_match=_("No tag is called “%(names)s”. Pick one of the suggestions, or ask an administrator to add it."),
    )

    class Meta:
        model = Claim
        fields = [*CLAIM_FIELDS, CLAIM_TAGS]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 4}),
            "translation": forms.Textarea(attrs={"rows": 4}),
            "said_on": DATE_INPUT,
            "first_reported_on": DATE_INPUT,
            "resolution_due": DATE_INPUT,
        }

    def __init__(self, *args, new_speaker_requested=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.new_speaker_requested = new_speaker_requested
        for name in ("language", "translation_language"):
            language_picker(self.fields[name])
        language_hint(self.fields["statement"], "id_language")
        language_hint(self.fields["translation"], "id_translation_language")
        reported = self.fields["first_reported_on"]
        reported.help_text = _(
            "Taken from the reporting chain when a hop has a date (the earliest one); "
            "type it only for a claim whose chain has no dates."
        )
        if self.instance.pk and self.instance.hops.exclude(date=None).exists():
            # The chain supplies it: an edit here would be overwritten on save, so change the hop's date instead.
            reported.disabled = True
            reported.help_text = _("From the reporting chain (the earliest hop date): change a hop's date to change it.")
        if self.instance.pk and self.is_bound:
            self._keep_fields_not_posted()
        if self.instance.pk:
            if self.instance.speaker_id:
                self.fields["speaker_lookup"].initial = self.instance.speaker.name
            if self.instance.reported_by_id:
                self.fields["reported_by_lookup"].initial = self.instance.reported_by.url or self.instance.reported_by.title

    def _keep_fields_not_posted(self):
        """A claim field the post does not carry (the page does not show it, an older form, a script) is
        not an edit: it is disabled, so it keeps the stored value and `claim_fields` leaves it out. Without
        this a ModelForm reads an absent field as empty and the save blanked it (issue #27: the resolution
        date, set in the admin, was erased by fixing one word on the desk)."""
        for name in CLAIM_FIELDS:
            field = self.fields.get(name)
            if field is not None and field.widget.value_omitted_from_data(self.data, self.files, self.add_prefix(name)):
                field.disabled = True

    def clean(self):
        data = super().clean()
        move_hidden_errors(self, {"speaker": "speaker_lookup", "reported_by": "reported_by_lookup"})
        lookup = (data.get("speaker_lookup") or "").strip()
        if not data.get("speaker") and lookup and not self.new_speaker_requested:
            speaker = resolve_speaker(lookup)
            if speaker is None:
                self.add_error(
                    "speaker_lookup",
                    _("No single speaker is called “%(name)s”. Pick one from the list, or add a new speaker below.")
                    % {"name": lookup},
                )
            else:
                data["speaker"] = self.instance.speaker = speaker
        if not data.get("speaker") and not self.new_speaker_requested and not data.get("speaker_description"):
            self.add_error("speaker_lookup", _("Choose a speaker, add a new one, or describe an unknown speaker."))

        source_lookup = (data.get("reported_by_lookup") or "").strip()
        data["reported_by_text"] = ""
        if not data.get("reported_by") and source_lookup:
            source = resolve_source(source_lookup)
            if source is None:
                # Resolved in the view against the sources and outlets added in this same form.
                data["reported_by_text"] = source_lookup
            else:
                data["reported_by"] = self.instance.reported_by = source

        # A missing date has an unknown precision; saying so is the form's job, not the editor's.
        if not data.get("said_on") and "said_on_precision" in data:
            data["said_on_precision"] = DatePrecision.UNKNOWN
            self.instance.said_on_precision = DatePrecision.UNKNOWN
        elif data.get("said_on") and data.get("said_on_precision") == DatePrecision.UNKNOWN:
            self.add_error("said_on_precision", _("Say how precisely the date is known."))
        return data

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        if self.new_speaker_requested:
            # The speaker is created on save; its constraint is checked then.
            exclude.add("speaker")
        return exclude

    def resolve_reported_by(self, formset):
        """Match typed "Reported by" text to a source added under Evidence, an outlet, or a new outlet.

        Returns (source text for the service, outlet {"name", "kind"} or None); errors go next to the field.
        """
        text = self.cleaned_data.get("reported_by_text") or ""
        if not text and not self.cleaned_data.get("reported_by") and not self.instance.pk:
            # A new claim's attribution evidence is usually the report the desk read: reuse it rather than
            # have the editor type its URL twice (Evidence comes first in the form).
            source, new = formset.attribution_source()
            if source is not None:
                self.cleaned_data["reported_by"] = self.instance.reported_by = source
            elif new is not None:
                text = new.get("url") or new.get("title") or ""
        if not text:
            return "", None
        if formset.new_source_named(text) is not None:
            return text, None
        kind = self.cleaned_data.get("reported_by_outlet_kind") or ""
        outlet = resolve_outlet(text)
        if outlet is not None or kind:
            return "", {"name": outlet.name if outlet else text, "kind": kind or Outlet.Kind.OTHER}
        self.add_error(
            "reported_by_lookup",
            _(
                "No source or outlet matches “%(text)s”. Pick one from the list, add the source under Evidence in "
                "this form, or choose the kind of a new outlet below."
            )
            % {"text": text},
        )
        return "", None

    def claim_fields(self):
        """The cleaned values `claims.services` takes, minus tags, form-only fields and fields that are not
        edited here (disabled: shown read-only, or not posted), which keep their stored values."""
        return {name: self.cleaned_data.get(name) for name in CLAIM_FIELDS if not self.fields[name].disabled}


def _organisations():
    return Speaker.objects.filter(kind=Speaker.Kind.ORGANISATION).order_by("name")


def _add_model_errors(form, error, names):
    """A model's ValidationError shown next to the form's fields (`names`: model field → form field)."""
    for name, messages in error.message_dict.items():
        for message in messages:
            form.add_error(names.get(name), message)


class NewSpeakerForm(forms.Form):
    """A speaker the desk has not recorded yet, created together with the claim: names, a role, identifiers."""

    name = forms.CharField(label=_("New speaker's name"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Speaker.Kind.choices, initial=Speaker.Kind.PERSON)
    aliases = forms.CharField(
        label=_("Other names (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The same name in other scripts: ルカシェンコ, Лукашэнка."),
    )
    role_title = forms.CharField(
        label=_("Role (title)"), max_length=200, required=False, help_text=_("E.g. President of Belarus.")
    )
    role_organisation = forms.ModelChoiceField(label=_("Role: organisation"), queryset=Speaker.objects.none(), required=False)
    role_start = forms.DateField(label=_("Role: from"), required=False, widget=DATE_INPUT)
    role_start_precision = forms.ChoiceField(
        label=_("Precision of “from”"), choices=ROLE_PRECISIONS, initial=DatePrecision.DAY, required=False
    )
    role_end = forms.DateField(
        label=_("Role: until"), required=False, widget=DATE_INPUT, help_text=_("Leave empty while the role is held.")
    )
    role_end_precision = forms.ChoiceField(
        label=_("Precision of “until”"), choices=ROLE_PRECISIONS, initial=DatePrecision.DAY, required=False
    )
    wikidata = forms.CharField(
        label=_("Wikidata id"), max_length=300, required=False, help_text=_("Q2354404, or paste the Wikidata page address.")
    )
    wikipedia = forms.CharField(label=_("Wikipedia article (URL)"), max_length=300, required=False)
    website = forms.CharField(label=_("Official website (URL)"), max_length=300, required=False)

    ROLE_NAMES = {
        "title": "role_title",
        "organisation": "role_organisation",
        "start_date": "role_start",
        "start_precision": "role_start_precision",
        "end_date": "role_end",
        "end_precision": "role_end_precision",
    }
    IDENTIFIER_NAMES = {
        SpeakerIdentifier.Scheme.WIKIDATA: "wikidata",
        SpeakerIdentifier.Scheme.WIKIPEDIA: "wikipedia",
        SpeakerIdentifier.Scheme.WEBSITE: "website",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role_organisation"].queryset = _organisations()

    @property
    def requested(self):
        return bool(self.is_bound and (self.data.get(self.add_prefix("name")) or "").strip())

    def clean(self):
        data = super().clean()
        if not (data.get("name") or "").strip():
            return data
        names = [line.strip() for line in (data.get("aliases") or "").splitlines() if line.strip()]
        seen = set()
        for name in [data["name"], *names]:
            folded = fold(name)
            if folded in seen:
                continue
            seen.add(folded)
            clash = SpeakerAlias.objects.filter(folded=folded).select_related("speaker").first()
            if clash:
                self.add_error(
                    "aliases" if name != data["name"] else "name",
                    _("“%(alias)s” is already an alias of %(speaker)s: pick that speaker instead.")
                    % {"alias": name, "speaker": clash.speaker},
                )
        data["alias_list"] = [n for n in names if fold(n) != fold(data["name"])]
        data["role_list"] = self._roles(data)
        data["identifier_list"] = self._identifiers(data)
        return data

    def _roles(self, data):
        values = {model: data.get(form) for model, form in self.ROLE_NAMES.items()}
        for name in ("start_precision", "end_precision"):
            values[name] = values[name] or DatePrecision.DAY
        has_role = any(values[name] for name in ("title", "organisation", "start_date", "end_date"))
        if not has_role:
            return []
        if not (values["title"] or "").strip():
            self.add_error("role_title", _("Give the role's title, or leave the role's fields empty."))
            return []
        role = SpeakerRole(**{k: v for k, v in values.items() if v not in (None, "")})
        try:
            role.full_clean(exclude=["speaker"])
        except ValidationError as error:
            _add_model_errors(self, error, self.ROLE_NAMES)
            return []
        return [{name: getattr(role, name) for name in self.ROLE_NAMES}]

    def _identifiers(self, data):
        found = []
        for scheme, name in self.IDENTIFIER_NAMES.items():
            value = (data.get(name) or "").strip()
            if not value:
                continue
            item = SpeakerIdentifier(scheme=scheme, value=value)
            try:
                item.full_clean(exclude=["speaker"])
            except ValidationError as error:
                for key, messages in error.message_dict.items():
                    for message in messages:
                        if key == "__all__":  # the one constraint across fields: (scheme, value) is unique
                            clash = SpeakerIdentifier.objects.filter(scheme=scheme, value=item.value).select_related("speaker").first()
                            message = _("%(value)s already identifies %(speaker)s: pick that speaker instead.") % {
                                "value": item.value,
                                "speaker": clash.speaker if clash else "?",
                            }
                        self.add_error(name, message)
                continue
            found.append({"scheme": scheme, "value": item.value})
        return found

    def speaker_fields(self):
        return {
            "name": self.cleaned_data["name"].strip(),
            "kind": self.cleaned_data["kind"],
            "aliases": self.cleaned_data["alias_list"],
            "roles": self.cleaned_data["role_list"],
            "identifiers": self.cleaned_data["identifier_list"],
        }


class EvidenceRowForm(forms.ModelForm):
    """One piece of evidence: an existing source, or a new source's details, plus the quoted words.

    The evidence fields come from the model (`claims.fields.EVIDENCE_FIELDS`); the source is
    picked through a search box or described as new, so it is declared here.
    """

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    source = forms.ModelChoiceField(queryset=Source.objects.all(), required=False, widget=forms.HiddenInput)
    source_lookup = forms.CharField(
        label=_("Existing source"),
        required=False,
        max_length=2000,
        help_text=_("Type a title or paste a URL and pick from the list, or fill in a new source below."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    new_url = forms.URLField(
        label=_("New source: URL"), required=False, max_length=2000, assume_scheme="https", validators=[validate_web_url]
    )
    new_title = forms.CharField(label=_("New source: title"), required=False, max_length=500)
    # A source's publisher and its outlet say the same thing (who published it): the outlet is the record
    # (names in any script, aliases, chains, "reached us via"), `Source.publisher` keeps its name as text. One
    # box; a post that still names a publisher (older forms, scripts) is read as the outlet.
    new_publisher = forms.CharField(label=_("Publisher"), required=False, max_length=300, widget=forms.HiddenInput)
    new_outlet = forms.CharField(
        label=_("Outlet (publisher)"),
        required=False,
        max_length=200,
        help_text=_("Who published it: the agency, paper, broadcaster, blog or channel, in any script; a name the desk does not know yet is added."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    new_kind = forms.ChoiceField(label=_("Kind of source"), required=False, choices=BLANK + list(Source.Kind.choices))
    new_language = LanguageFormField(label=_("Language of source"), required=False)
    new_published_on = forms.DateField(label=_("Published on"), required=False, widget=DATE_INPUT)
    new_accessed_on = forms.DateField(label=_("Accessed on"), required=False, widget=DATE_INPUT)
    new_archive_url = forms.URLField(
        label=_("Archived copy (URL)"), required=False, max_length=2000, assume_scheme="https", validators=[validate_web_url]
    )

    class Meta:
        model = Evidence
        fields = list(EVIDENCE_FIELDS)
        widgets = {"excerpt": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Missing values are reported in clean(), in the desk's words, only for rows being saved.
        for name in EVIDENCE_FIELDS:
            self.fields[name].required = False
        self.fields["relation"].choices = BLANK + list(Evidence.Relation.choices)
        language_picker(self.fields["new_language"])
        language_hint(self.fields["excerpt"], f"id_{self.add_prefix('new_language')}")

    def _post_clean(self):
        # The row is not an Evidence yet (it has no claim); claims.services validates it when saving.
        pass

    NEW_SOURCE_FIELDS = ("url", "title", "publisher", "kind", "language", "published_on", "accessed_on", "archive_url")

    def clean(self):
        data = super().clean()
        move_hidden_errors(self, {"source": "source_lookup", "id": "source_lookup"})
        if self.cleaned_data.get("DELETE"):
            return data
        outlet_name = (data.get("new_outlet") or data.get("new_publisher") or "").strip()
        new = {name: data.get(f"new_{name}") for name in self.NEW_SOURCE_FIELDS}
        new["publisher"] = outlet_name[:300]
        wants_new = any(new[name] for name in ("url", "title", "publisher", "archive_url", "published_on"))
        lookup = (data.get("source_lookup") or "").strip()
        if data.get("source") and wants_new:
            self.add_error("new_title", _("Pick an existing source or describe a new one, not both."))
        elif not data.get("source") and not wants_new:
            source = resolve_source(lookup)
            if source is not None:
                data["source"] = source
            elif lookup:
                self.add_error("source_lookup", _("No single source matches “%(text)s”.") % {"text": lookup})
            else:
                self.add_error("source_lookup", _("Pick a source, or fill in a new source's title."))
        elif wants_new:
            data["new_source"] = self._new_source(new)
            if data["new_source"] is not None and outlet_name:
                outlet = resolve_outlet(outlet_name)
                if outlet is not None:
                    data["new_source"]["outlet"] = outlet
                elif len(outlet_name) <= Outlet._meta.get_field("name").max_length:
                    # A name longer than an outlet record holds stays the source's publisher text, as typed.
                    data["new_source"]["new_outlet"] = {"name": outlet_name, "kind": _outlet_kind_for(data.get("new_kind"))}
        if not data.get("relation"):
            self.add_error("relation", _("Say what this evidence shows."))
        if not (data.get("excerpt") or "").strip():
            self.add_error("excerpt", _("Quote the exact words from the source."))
        return data

    def _new_source(self, new):
        fields = {name: value for name, value in new.items() if value not in (None, "")}
        fields.setdefault("kind", Source.Kind.ARTICLE)
        source = Source(**fields)
        try:
            source.full_clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                target = f"new_{name}" if f"new_{name}" in self.fields else None
                for message in messages:
                    if "already exists" in message or name == "__all__" and new.get("url"):
                        message = _("A source with this URL is already recorded: pick it under “Existing source”.")
                        target = "new_url"
                    self.add_error(target, message)
            return None
        return fields


class BaseEvidenceFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", {})
            if not data or data.get("DELETE") or not data.get("source"):
                continue
            key = (data["source"].pk, data.get("relation"))
            if key in seen:
                raise ValidationError(_("The same source is linked twice with the same relation."))
            seen.add(key)

    def attribution_source(self):
        """(existing source, None) or (None, new-source fields) of the first row showing the attribution, else (None, None)."""
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE") or data.get("relation") != Evidence.Relation.ATTRIBUTION:
                continue
            if data.get("source") is not None:
                return data["source"], None
            if data.get("new_source"):
                return None, data["new_source"]
        return None, None

    def new_source_named(self, text):
        """The new-source fields of the row whose URL or title is `text` (any case or width), else None."""
        for form in self.forms:
            new = (getattr(form, "cleaned_data", None) or {}).get("new_source")
            if new and ((new.get("url") and new["url"] == text.strip()) or fold(new.get("title", "")) == fold(text)):
                return new
        return None

    def rows(self):
        """Changed, added and removed evidence rows, as `save_claim_with_evidence` takes them."""
        rows = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or (not form.has_changed() and not data.get("id")):
                continue
            if data.get("DELETE"):
                if data.get("id"):
                    rows.append({"id": data["id"], "delete": True})
                continue
            if data.get("id") and not form.has_changed():
                continue
            row = {"id": data.get("id"), **{name: data.get(name) for name in EVIDENCE_FIELDS if name != "source"}}
            if data.get("new_source"):
                row["new_source"] = data["new_source"]
            else:
                row["source"] = data["source"]
            rows.append(row)
        return rows


def evidence_formset(*, data=None, claim=None, extra=1):
    FormSet = forms.formset_factory(EvidenceRowForm, formset=BaseEvidenceFormSet, extra=extra, can_delete=True)
    initial = []
    if claim is not None and claim.pk:
        for item in claim.evidence.select_related("source").order_by("relation", "id"):
            initial.append(
                {
                    "id": item.pk,
                    **{name: getattr(item, name) for name in EVIDENCE_FIELDS if name != "source"},
                    "source": item.source_id,
                    "source_lookup": item.source.url or item.source.title,
                }
            )
    return FormSet(data=data, initial=initial, prefix="evidence")


def _outlet_kind_for(source_kind):
    """A sensible kind for an outlet first met as the publisher of a new source."""
    return {Source.Kind.BLOG_POST: Outlet.Kind.BLOG, Source.Kind.OFFICIAL_STATEMENT: Outlet.Kind.OFFICIAL}.get(
        source_kind, Outlet.Kind.OTHER
    )


class HopRowForm(forms.Form):
    """One hop of the reporting chain: an outlet and/or a source, its date, the wording there, a note.

    The outlet and the source are picked by type-ahead (hidden ids) or typed: an outlet name the
    desk does not know is added when its kind is chosen; a source may be one added under Evidence
    in this same form (by URL or title). `claims.chains` checks the whole chain.
    """

    outlet = forms.ModelChoiceField(queryset=Outlet.objects.all(), required=False, widget=forms.HiddenInput)
    outlet_lookup = forms.CharField(
        label=_("Outlet"),
        required=False,
        max_length=200,
        help_text=_("An agency, paper, broadcaster, blog or channel, in any script."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    new_outlet_kind = forms.ChoiceField(
        label=_("If it is a new outlet: its kind"), required=False, choices=BLANK + list(Outlet.Kind.choices)
    )
    source = forms.ModelChoiceField(queryset=Source.objects.all(), required=False, widget=forms.HiddenInput)
    source_lookup = forms.CharField(
        label=_("Source (optional)"),
        required=False,
        max_length=2000,
        help_text=_("A URL or title: a recorded source, or one you add under Evidence in this form."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    by_speaker = forms.BooleanField(
        label=_("The speaker's own channel (their briefing, post or site)"), required=False
    )
    date = forms.DateField(label=_("Date"), required=False, widget=DATE_INPUT)
    date_precision = forms.ChoiceField(
        label=_("Precision"), required=False, choices=DatePrecision.choices, initial=DatePrecision.DAY
    )
    wording = forms.CharField(
        label=_("Wording at this hop"),
        required=False,
        strip=False,
        max_length=ReportingHop._meta.get_field("wording").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The exact words this hop gives, if the desk has them."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    CONTENT_FIELDS = ("outlet", "outlet_lookup", "source", "source_lookup", "by_speaker", "date", "wording", "note")

    def is_blank(self):
        """A row with nothing in it (an extra row left empty) is no hop, changed or not."""
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(name) for name in self.CONTENT_FIELDS)

    def clean(self):
        data = super().clean()
        move_hidden_errors(self, {"outlet": "outlet_lookup", "source": "source_lookup"})
        if data.get("DELETE") or self.is_blank():
            return data
        outlet_text = (data.get("outlet_lookup") or "").strip()
        data["new_outlet"] = None
        if data.get("outlet") and outlet_text and fold(outlet_text) not in _outlet_names(data["outlet"]):
            data["outlet"] = None  # the editor typed another name after picking
        if not data.get("outlet") and outlet_text:
            outlet = resolve_outlet(outlet_text)
            if outlet is not None:
                data["outlet"] = outlet
            elif data.get("new_outlet_kind"):
                data["new_outlet"] = {"name": outlet_text, "kind": data["new_outlet_kind"]}
            else:
                self.add_error(
                    "outlet_lookup",
                    _("No outlet is called “%(name)s”. Pick one from the list, or choose its kind to add it as a new outlet.")
                    % {"name": outlet_text},
                )
        source_text = (data.get("source_lookup") or "").strip()
        data["source_text"] = ""
        if not data.get("source") and source_text:
            source = resolve_source(source_text)
            if source is not None:
                data["source"] = source
            else:
                data["source_text"] = source_text  # checked against this form's new sources by the formset
        if not (data.get("outlet") or data.get("new_outlet") or data.get("source") or data.get("source_text")):
            if "outlet_lookup" not in self.errors:
                self.add_error("outlet_lookup", _("Name the outlet or the source of this hop (a hop may be known only by its outlet)."))
        if data.get("date") is None:
            data["date_precision"] = DatePrecision.UNKNOWN
        elif data.get("date_precision") in ("", DatePrecision.UNKNOWN):
            self.add_error("date_precision", _("Say how precisely the date is known."))
        return data


def _outlet_names(outlet):
    return {outlet.folded, *outlet.aliases.values_list("folded", flat=True)}


HOP_FIELD_FOR_ERROR = {"outlet": "outlet_lookup", "source": "source_lookup"}


class BaseHopFormSet(forms.BaseFormSet):
    """The chain editor: rows in the order the editor gave (ORDER), empty and removed rows left out."""

    def ordered_rows(self):
        """(form, cleaned data) of the kept rows, first report first."""
        kept = []
        for index, form in enumerate(self.forms):
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or form.is_blank():
                continue
            order = data.get("ORDER")
            kept.append(((order if order is not None else 10_000 + index, index), form, data))
        kept.sort(key=lambda item: item[0])
        return [(form, data) for _key, form, data in kept]

    def check(self, *, desk_source, evidence, said=None):
        """Run `claims.chains.check_chain` over the rows; each refusal lands next to its row's field."""
        rows = []
        for form, data in self.ordered_rows():
            if data.get("source_text"):
                new = evidence.new_source_named(data["source_text"])
                if new is None:
                    form.add_error(
                        "source_lookup",
                        _("No source matches “%(text)s”. Pick one from the list, or add it under Evidence in this form.")
                        % {"text": data["source_text"]},
                    )
                    continue
            rows.append((form, data))
        if any(form.errors for form in self.forms):
            return False
        hop_rows = [self._hop(data) for _form, data in rows]
        for error in chains.check_chain(hop_rows, desk_source=desk_source, said=said):
            form = rows[error.row][0]
            form.add_error(HOP_FIELD_FOR_ERROR.get(error.field, error.field) if error.field else None, error.message)
        return not any(form.errors for form in self.forms)

    @staticmethod
    def _hop(data):
        return {
            "outlet": data.get("outlet"),
            "new_outlet": data.get("new_outlet"),
            "source": data.get("source"),
            "source_text": data.get("source_text", ""),
            "by_speaker": bool(data.get("by_speaker")),
            "date": data.get("date"),
            "date_precision": data.get("date_precision") or DatePrecision.UNKNOWN,
            "wording": data.get("wording") or "",
            "note": data.get("note") or "",
        }

    def rows(self):
        """The chain as `save_claim_with_evidence` (and a revision's `edit_revision`) takes it."""
        return [self._hop(data) for _form, data in self.ordered_rows()]

    def add_service_error(self, error):
        """A service's refusal naming a hop (`hops-2-date`: the third kept row) shown next to that row's field."""
        parts = (error.field or "").split("-", 2)
        rows = [form for form, _data in self.ordered_rows()] if self.is_bound else []
        if len(parts) != 3 or parts[0] != self.prefix or not parts[1].isdigit() or int(parts[1]) >= len(rows):
            return False
        target = HOP_FIELD_FOR_ERROR.get(parts[2], parts[2])
        rows[int(parts[1])].add_error(target if target in rows[int(parts[1])].fields else None, error.message)
        return True


def hop_formset(*, data=None, claim=None, extra=1, rows=None):
    """The chain editor, filled with `claim`'s chain, or with `rows` (`claims.chains` rows: a revision's chain)."""
    FormSet = forms.formset_factory(HopRowForm, formset=BaseHopFormSet, extra=extra, can_delete=True, can_order=True)
    if rows is None:
        rows = chains.chain_rows(claim) if claim is not None and claim.pk else []
    initial = []
    for position, hop in enumerate(rows, start=1):
        outlet, source = hop.get("outlet"), hop.get("source")
        initial.append(
            {
                "outlet": outlet.pk if outlet else None,
                "outlet_lookup": outlet.name if outlet else "",
                "source": source.pk if source else None,
                "source_lookup": (source.url or source.title) if source else "",
                "by_speaker": hop.get("by_speaker"),
                "date": hop.get("date"),
                "date_precision": hop.get("date_precision") if hop.get("date") else DatePrecision.DAY,
                "wording": hop.get("wording") or "",
                "note": hop.get("note") or "",
                "ORDER": position,
            }
        )
    return FormSet(data=data, initial=initial, prefix="hops")


class SourceFileForm(forms.Form):
    """A screenshot or document for a source, checked by `claims.files` before anything is stored."""

    file = forms.FileField(
        label=_("File"),
        help_text=_("PNG, JPEG, GIF or WebP image, or PDF; at most %(size)s. Images are stored re-encoded, without metadata."),
        widget=forms.FileInput(attrs={"accept": files.ACCEPT_ATTRIBUTE}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = self.fields["file"].help_text % {"size": filesizeformat(files.max_bytes())}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        files.check_upload(upload)  # a ValidationError lands next to the field
        return upload


# --- the speaker page: roles and identifiers -----------------------------------------------


class RoleForm(forms.ModelForm):
    """One role row on the speaker page; the model's clean() normalises partial dates and checks the order."""

    class Meta:
        model = SpeakerRole
        fields = ["title", "organisation", "start_date", "start_precision", "end_date", "end_precision"]
        widgets = {"start_date": DATE_INPUT, "end_date": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations()


class IdentifierForm(forms.ModelForm):
    """One identifier row: a Wikidata id (q42 and its page address are accepted), Wikipedia or a website."""

    class Meta:
        model = SpeakerIdentifier
        fields = ["scheme", "value"]

    def validate_unique(self):
        try:
            self.instance.validate_constraints(exclude=self._get_validation_exclusions())
        except ValidationError:
            clash = (
                SpeakerIdentifier.objects.filter(scheme=self.instance.scheme, value=self.instance.value)
                .exclude(pk=self.instance.pk)
                .select_related("speaker")
                .first()
            )
            if clash:
                self.add_error(
                    "value",
                    _("%(value)s already identifies %(speaker)s: pick that speaker instead.")
                    % {"value": self.instance.value, "speaker": clash.speaker},
                )


class SpeakerRowsFormSet(forms.BaseModelFormSet):
    def rows(self):
        """Added, changed and removed rows as `claims.speakers.save_speaker_details` takes them."""
        rows = []
        names = self.form._meta.fields
        for form in self.forms:
            if not hasattr(form, "cleaned_data"):
                continue
            pk = form.instance.pk
            if form.cleaned_data.get("DELETE"):
                if pk:
                    rows.append({"id": pk, "delete": True})
                continue
            if not form.has_changed():
                continue
            rows.append({"id": pk, **{name: getattr(form.instance, name) for name in names}})
        return rows


def speaker_formsets(speaker, data=None):
    """(roles, identifiers) formsets for the desk speaker page; one empty row each to add."""
    Roles = forms.modelformset_factory(SpeakerRole, form=RoleForm, formset=SpeakerRowsFormSet, extra=1, can_delete=True)
    Identifiers = forms.modelformset_factory(
        SpeakerIdentifier, form=IdentifierForm, formset=SpeakerRowsFormSet, extra=1, can_delete=True
    )
    roles = Roles(data, queryset=speaker.roles.select_related("organisation").order_by("-start_date", "pk"), prefix="roles")
    identifiers = Identifiers(data, queryset=speaker.identifiers.order_by("scheme", "pk"), prefix="identifiers")
    for formset in (roles, identifiers):
        for form in formset.forms:
            form.instance.speaker = speaker
    return roles, identifiers


class OutletForm(forms.ModelForm):
    """An outlet on the desk's outlet pages: its record and its other names (one per line, any script)."""

    aliases = forms.CharField(
        label=_("Other names (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The same outlet in other scripts or spellings: РИА Новости, RIA Novosti, РИА."),
    )

    class Meta:
        model = Outlet
        fields = list(OUTLET_FIELDS)
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        field_classes = {}

    homepage = forms.URLField(
        label=_("homepage"), required=False, max_length=2000, assume_scheme="https", validators=[validate_web_url]
    )

    # The version the editor loaded, read by claims.outlets.check_outlet_version (missing or stale: 409).
    expected_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["aliases"].initial = "\n".join(self.instance.aliases.values_list("name", flat=True))
            self.fields["expected_version"].initial = self.instance.version

    def alias_list(self):
        return [line.strip() for line in (self.cleaned_data.get("aliases") or "").splitlines() if line.strip()]

    def clean(self):
        data = super().clean()
        seen = {fold(data.get("name") or "")}
        for name in self.alias_list():
            key = fold(name)
            if key in seen:
                continue
            seen.add(key)
            clash = Outlet.objects.filter(folded=key).exclude(pk=self.instance.pk).first()
            other = clash or Outlet.objects.filter(aliases__folded=key).exclude(pk=self.instance.pk).first()
            if other is not None:
                self.add_error(
                    "aliases",
                    _("“%(name)s” already names the outlet %(outlet)s.") % {"name": name, "outlet": other.name},
                )
        return data
class RevisionForm(forms.Form):
    """The draft revision of a published fact-check: the verdict as it would read, the claim's
    evidence it keeps, the evidence it adds (`RevisionEvidence`) and one new row (`EvidenceRowForm`,
    prefix "add"). Rules (an update keeps the rating, new evidence not already linked) are the
    service's (`reviews.services.edit_revision`); its refusals come back next to the field."""

    expected_version = forms.CharField(widget=forms.HiddenInput, required=False)
    attribution = forms.ChoiceField(label=_("Was it said as reported? (attribution)"), widget=forms.RadioSelect)
    rating = forms.ModelChoiceField(
        label=_("Is it true? (rating)"), queryset=None, empty_label=None, widget=forms.RadioSelect,
    )
    summary = forms.CharField(label=_("Summary"), max_length=500, help_text=_("One or two sentences a reader sees first."))
    explanation = forms.CharField(
        label=_("Explanation"), required=False, widget=forms.Textarea(attrs={"rows": 8}), help_text=_("Markdown.")
    )
    evidence = forms.ModelMultipleChoiceField(
        label=_("The claim's evidence this version rests on"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    remove_new = forms.ModelMultipleChoiceField(
        label=_("Remove evidence this revision adds"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, revision, *args, **kwargs):
        from reviews.models import AttributionFinding, Rating

        kwargs.setdefault(
            "initial",
            {
                "attribution": revision.attribution,
                "rating": revision.rating_id,
                "summary": revision.summary,
                "explanation": revision.explanation,
                "evidence": [e.pk for e in revision.evidence.all()],
            },
        )
        super().__init__(*args, **kwargs)
        self.revision = revision
        self.fields["attribution"].choices = AttributionFinding.choices
        self.fields["rating"].queryset = Rating.objects.filter(scale__is_active=True)
        if revision.kind == "update":
            # Shown, not offered: an update keeps the rating (`reviews.workflow.UPDATE_KEEPS_RATING`).
            self.fields["rating"].disabled = True
            self.fields["rating"].help_text = _("An update keeps the rating; a new rating is a correction.")
        self.fields["evidence"].queryset = revision.claim.evidence.select_related("source").order_by("relation", "id")
        self.fields["evidence"].label_from_instance = lambda e: f"{e.get_relation_display()} — {e.source.title}: “{e.excerpt[:120]}”"
        self.fields["remove_new"].queryset = revision.new_evidence.select_related("source")
        self.fields["remove_new"].label_from_instance = lambda e: f"{e.get_relation_display()} — {e.source.title}: “{e.excerpt[:120]}”"
        if not revision.new_evidence.exists():
            del self.fields["remove_new"]
        self.add_row = EvidenceRowForm(*args[:1], prefix="add")
        # The claim form's chain editor; a post without it (an older form, a script) leaves the chain as it is.
        data = args[0] if args else None
        self.chain_posted = data is None or "hops-TOTAL_FORMS" in data
        try:
            rows = chains.chain_from_json(revision.hops) if revision.hops is not None else None
        except InvalidInput:
            rows = None  # a record it named was removed: start again from the claim's chain
        self.hops = hop_formset(data=data if self.chain_posted else None, claim=revision.claim, rows=rows)

    def clean(self):
        data = super().clean()
        posted = self.data.get(self.add_prefix("rating")) if self.is_bound else None
        if self.fields["rating"].disabled and posted not in (None, "", str(self.revision.rating_id)):
            self.add_error("rating", _("An update keeps the rating; a new rating is a correction."))
        return data

    def is_valid(self):
        valid = super().is_valid()
        if self.add_row.has_changed():
            valid = self.add_row.is_valid() and valid
        if self.is_bound and self.chain_posted:
            valid = self.hops.is_valid() and valid
        return valid

    def service_kwargs(self):
        data = self.cleaned_data
        removed = {item.pk for item in data.get("remove_new", [])}
        new_evidence = [
            {"source": item.source, "relation": item.relation, "excerpt": item.excerpt, "locator": item.locator}
            for item in self.revision.new_evidence.select_related("source")
            if item.pk not in removed
        ]
        if self.add_row.has_changed():
            row = self.add_row.cleaned_data
            added = {"relation": row.get("relation"), "excerpt": row.get("excerpt"), "locator": row.get("locator") or ""}
            if row.get("new_source"):
                added["new_source"] = row["new_source"]
            else:
                added["source"] = row.get("source")
            new_evidence.append(added)
        return {
            "expected_version": data["expected_version"],
            "attribution": data["attribution"],
            "rating": data["rating"],
            "summary": data["summary"],
            "explanation": data.get("explanation") or "",
            "evidence": list(data.get("evidence") or []),
            "new_evidence": new_evidence,
            "hops": self.hops.rows() if self.chain_posted else None,
        }
