"""The forms behind the claim page's workflow buttons: each step asks only for what it needs.

The forms check shape (a reviewer from the list, a rating from the active scale,
evidence of this claim); the rules themselves (who may, in which state) stay in
`reviews.workflow` and are enforced by `reviews.services`.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .selectors import reviewers

from .models import AttributionFinding, Correction, Rating, Verdict
from .workflow import TRANSITIONS


class EvidenceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_relation_display()} — {obj.source.title}: “{obj.excerpt[:120]}”"


class ReviewerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class ActionForm(forms.Form):
    """Every step carries the version the user saw, so a stale click is a conflict, not a lost update."""

    # Read by the step itself (factcheck.errors.parse_version): missing or unreadable is a 409 saying to reload.
    expected_version = forms.CharField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=Correction._meta.get_field("note").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, transition, claim, *args, evidence=None, **kwargs):
        kwargs.setdefault("prefix", transition.name)
        kwargs.setdefault("initial", {"expected_version": claim.version})
        super().__init__(*args, **kwargs)
        self.transition = transition
        self.claim = claim
        note = self.fields["note"]
        if transition.note_required:
            note.required = True
            note.label = _("Reason (shown to readers)") if transition.note_is_public else _("Reason")
        else:
            note.label = _("Note (optional)")

    def service_kwargs(self):
        data = dict(self.cleaned_data)
        return {"expected_version": data.pop("expected_version"), "note": data.pop("note", ""), **data}


class TakeForm(ActionForm):
    field_order = ["due", "note"]
    due = forms.DateField(
        label=_("Review due (optional)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class AssignForm(ActionForm):
    field_order = ["reviewer", "due", "note"]
    reviewer = ReviewerChoiceField(label=_("Reviewer"), queryset=get_user_model().objects.none())
    due = forms.DateField(label=_("Review due"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, transition, claim, *args, **kwargs):
        super().__init__(transition, claim, *args, **kwargs)
        # The four-eyes rule is the service's; the list just leaves out whom it would refuse.
        self.fields["reviewer"].queryset = reviewers().exclude(pk=claim.created_by_id)


class ApproveForm(ActionForm):
    field_order = ["note", "confirm_open_threads"]
    confirm_open_threads = forms.BooleanField(
        label=_("Approve even if reviewer comment threads are still open"), required=False
    )

    def __init__(self, transition, claim, *args, **kwargs):
        super().__init__(transition, claim, *args, **kwargs)
        # Ask only when there is something to confirm (the comments app answers the count).
        from claims.models import Claim
        from reviews.signals import approval_open_threads

        open_threads = sum(n or 0 for _r, n in approval_open_threads.send(sender=Claim, claim=claim, verdict=None))
        if open_threads:
            self.fields["confirm_open_threads"].label = _(
                "Approve even though %(count)s reviewer comment thread(s) are still open"
            ) % {"count": open_threads}
        else:
            del self.fields["confirm_open_threads"]


class VerdictForm(ActionForm):
    field_order = ["attribution", "rating", "summary", "explanation", "evidence", "note"]
    attribution = forms.ChoiceField(
        label=_("Was it said as reported? (attribution)"), choices=AttributionFinding.choices, widget=forms.RadioSelect
    )
    rating = forms.ModelChoiceField(
        label=_("Is it true? (rating)"),
        queryset=Rating.objects.filter(scale__is_active=True),
        empty_label=None,
        widget=forms.RadioSelect,
    )
    summary = forms.CharField(label=_("Summary"), max_length=500, help_text=_("One or two sentences a reader sees first."))
    explanation = forms.CharField(
        label=_("Explanation"),
        required=False,
        max_length=Verdict._meta.get_field("explanation").max_length,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown."),
    )
    evidence = EvidenceChoiceField(
        label=_("Evidence the verdict rests on"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, transition, claim, *args, evidence=None, **kwargs):
        super().__init__(transition, claim, *args, **kwargs)
        # Only this claim's evidence: an id from another claim is an invalid choice, never accepted.
        self.fields["evidence"].queryset = claim.evidence.select_related("source").order_by("relation", "id")
        if evidence is not None and not self.is_bound:
            # Reuse the rows the page already fetched, so rendering costs no extra query.
            self.fields["evidence"].choices = [(e.pk, self.fields["evidence"].label_from_instance(e)) for e in evidence]
        if transition.name == "propose":
            # Ask only when an excerpt of this claim is not in the desk's capture of its source.
            from capture.selectors import excerpts_not_found

            missing = excerpts_not_found(evidence if evidence is not None else claim.evidence.select_related("source"))
            if missing:
                self.fields["confirm_unverified_excerpts"] = forms.BooleanField(
                    label=_("Propose even though %(count)s excerpt(s) were not found in the desk's capture (give the reason in the note)")
                    % {"count": len(missing)},
                    required=False,
                )


FORMS = {"take": TakeForm, "assign": AssignForm, "approve": ApproveForm, "propose": VerdictForm, "correct": VerdictForm}


def action_form(name, claim, data=None, evidence=None):
    """The form for workflow step `name` on `claim`, bound to `data` when given."""
    transition = TRANSITIONS[name]
    form_class = FORMS.get(name, ActionForm)
    kwargs = {"evidence": evidence} if form_class is VerdictForm else {}
    return form_class(transition, claim, data, **kwargs)
