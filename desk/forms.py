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
from django.utils.translation import gettext_lazy as _

from claims import files

from claims.fields import CLAIM_FIELDS, CLAIM_TAGS, EVIDENCE_FIELDS
from claims.models import (
    LANGUAGE_CHOICES,
    ROLE_PRECISIONS,
    Claim,
    DatePrecision,
    Event,
    Evidence,
    Source,
    Speaker,
    SpeakerAlias,
    SpeakerIdentifier,
    SpeakerRole,
    Tag,
    fold,
)
from claims.validators import validate_web_url

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
BLANK = [("", "—")]


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
        help_text=_("Type a title or paste a URL and pick the source through which the desk learned of the claim."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    class Meta:
        model = Claim
        fields = [*CLAIM_FIELDS, CLAIM_TAGS]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 4}),
            "translation": forms.Textarea(attrs={"rows": 4}),
            "said_on": DATE_INPUT,
            "first_reported_on": DATE_INPUT,
            "tags": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, new_speaker_requested=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.new_speaker_requested = new_speaker_requested
        self.fields["event"].queryset = Event.objects.order_by("-date", "name")
        self.fields["tags"].queryset = Tag.objects.order_by("name")
        if self.instance.pk:
            if self.instance.speaker_id:
                self.fields["speaker_lookup"].initial = self.instance.speaker.name
            if self.instance.reported_by_id:
                self.fields["reported_by_lookup"].initial = self.instance.reported_by.url or self.instance.reported_by.title

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
        if not data.get("reported_by") and source_lookup:
            source = resolve_source(source_lookup)
            if source is None:
                self.add_error(
                    "reported_by_lookup",
                    _("No single source matches “%(text)s”. Pick one from the list, or add it as evidence first.")
                    % {"text": source_lookup},
                )
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

    def claim_fields(self):
        """The cleaned values `claims.services` takes, minus tags and form-only fields."""
        return {name: self.cleaned_data.get(name) for name in CLAIM_FIELDS}


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
    new_publisher = forms.CharField(label=_("Publisher"), required=False, max_length=300)
    new_kind = forms.ChoiceField(label=_("Kind of source"), required=False, choices=BLANK + list(Source.Kind.choices))
    new_language = forms.ChoiceField(label=_("Language of source"), required=False, choices=BLANK + list(LANGUAGE_CHOICES))
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

    def _post_clean(self):
        # The row is not an Evidence yet (it has no claim); claims.services validates it when saving.
        pass

    NEW_SOURCE_FIELDS = ("url", "title", "publisher", "kind", "language", "published_on", "accessed_on", "archive_url")

    def clean(self):
        data = super().clean()
        move_hidden_errors(self, {"source": "source_lookup", "id": "source_lookup"})
        if self.cleaned_data.get("DELETE"):
            return data
        new = {name: data.get(f"new_{name}") for name in self.NEW_SOURCE_FIELDS}
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
