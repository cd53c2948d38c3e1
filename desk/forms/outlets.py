"""An outlet on the desk's outlet pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from claims.outlets import OUTLET_FIELDS
from claims.models import Outlet, fold
from claims.validators import validate_web_url


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
