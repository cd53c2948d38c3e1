"""A claim's evidence rows and a source's file, checked before anything is stored."""

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from claims import files
from claims.outlets import resolve_outlet
from claims.fields import EVIDENCE_FIELDS
from claims.models import Evidence, Outlet, Source, fold
from claims.languages import LanguageFormField
from claims.validators import validate_web_url

from .chain import _outlet_kind_for
from .common import BLANK, DATE_INPUT, language_hint, language_picker, move_hidden_errors, resolve_source


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
