"""Forms for posting, replying and editing. They check shape only; the rules live in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BODY_MAX_LENGTH

EMPTY_MESSAGE = _("Write something: an empty comment cannot be posted.")
MARKDOWN_HELP = _("Markdown: **bold**, *italic*, `code`, > quote, lists, tables, [links](https://…). Mention someone with @username.")


def _body_field(label):
    return forms.CharField(
        label=label,
        max_length=BODY_MAX_LENGTH,
        strip=True,
        help_text=MARKDOWN_HELP,
        error_messages={"required": EMPTY_MESSAGE},
        widget=forms.Textarea(attrs={"rows": 4, "class": "comment-body", "data-mentions": "on"}),
    )


class ThreadForm(forms.Form):
    body = _body_field(_("Comment"))
    anchor = forms.ChoiceField(label=_("About (optional)"), required=False)

    def __init__(self, *args, claim, **kwargs):
        super().__init__(*args, **kwargs)
        self.claim = claim
        # The claim page has already read both (prefetched, same order): reuse them instead of reading twice.
        cached = getattr(claim, "_prefetched_objects_cache", {})
        evidence = list(cached["evidence"]) if "evidence" in cached else list(claim.evidence.select_related("source"))
        verdicts = list(cached["verdicts"]) if "verdicts" in cached else list(claim.verdicts.select_related("rating"))
        self._anchors = {f"evidence-{e.pk}": ("evidence", e) for e in evidence}
        self._anchors.update({f"verdict-{v.pk}": ("verdict", v) for v in verdicts})
        choices = [("", _("The claim as a whole"))]
        choices += [(f"evidence-{e.pk}", _("Evidence: %(evidence)s") % {"evidence": e}) for e in evidence]
        choices += [(f"verdict-{v.pk}", _("Verdict: %(verdict)s") % {"verdict": v}) for v in verdicts]
        self.fields["anchor"].choices = choices

    def anchor_kwargs(self):
        """`evidence=` or `verdict=` for `services.start_thread`, from the chosen anchor."""
        kind_and_object = self._anchors.get(self.cleaned_data.get("anchor") or "")
        return {kind_and_object[0]: kind_and_object[1]} if kind_and_object else {}


class ReplyForm(forms.Form):
    body = _body_field(_("Reply"))


class EditForm(forms.Form):
    body = _body_field(_("Comment"))
