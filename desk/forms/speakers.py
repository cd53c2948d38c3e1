"""The speaker page: roles and identifiers."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from claims.models import SpeakerIdentifier, SpeakerRole

from .common import DATE_INPUT, _organisations


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
