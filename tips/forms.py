from django import forms
from django.utils.translation import gettext_lazy as _

from .models import REASON_MAX, Tip


class TipForm(forms.ModelForm):
    """The public “Suggest a claim to check” form. `website` is a honeypot: people never see it."""

    website = forms.CharField(required=False, label=_("Leave this field empty"))

    class Meta:
        model = Tip
        fields = ["text", "where_seen", "email"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 5}),
            "where_seen": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "text": _("What was said, in the words you saw or heard."),
            "where_seen": _("A web address, or where and when: “NHK news, 21 December, 7 pm”."),
            "email": _("Optional. Only to tell you when we publish a fact-check; erased after a few months or when you ask."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class DismissForm(forms.Form):
    reason = forms.CharField(label=_("Reason (the reader sees it)"), max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 2}), strip=False)
