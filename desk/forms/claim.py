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
from django.utils.translation import gettext_lazy as _

from claims.outlets import resolve_outlet
from claims.fields import CLAIM_FIELDS, CLAIM_TAGS
from claims.models import (
    ROLE_PRECISIONS,
    Claim,
    DatePrecision,
    Event,
    Outlet,
    Source,
    Speaker,
    SpeakerAlias,
    SpeakerIdentifier,
    SpeakerRole,
    Tag,
    fold,
)
from claims.filters import TypeaheadChoiceField, TypeaheadMultipleChoiceField

from .common import BLANK, DATE_INPUT, _add_model_errors, _organisations, language_hint, language_picker, move_hidden_errors, resolve_source, resolve_speaker


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
