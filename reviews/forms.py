"""The forms behind the claim page's workflow buttons: each step asks only for what it needs.

A step's form is built from its inputs in `reviews.workflow` (`FORM_FIELDS` says
how the desk asks for each), so the page, the API and the spec cannot disagree.
The forms check shape (a reviewer from the list, a rating from the active scale,
evidence of this claim); the rules themselves (who may, in which state) stay in
`reviews.workflow` and are enforced by `reviews.services`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from capture.selectors import excerpts_not_found
from claims.authorship import contributors
from claims.models import Claim

from .hooks import open_thread_count
from .models import AttributionFinding, Correction, Rating, Resolution, Verdict
from .selectors import editors, reviewers
from .workflow import TRANSITIONS, Input, Transition


class EvidenceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_relation_display()} — {obj.source.title}: “{obj.excerpt[:120]}”"


class ReviewerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


def _reviewer_field(form: ActionForm, item: Input) -> forms.Field:
    # The four-eyes rule is the service's; the list just leaves out whom it would refuse.
    queryset = reviewers().exclude(pk__in=contributors(form.claim))
    return ReviewerChoiceField(label=_("Reviewer"), queryset=queryset, required=item.required)


def _due_field(form: ActionForm, item: Input) -> forms.Field:
    label = _("Review due") if form.transition.name == "assign" else _("Review due (optional)")
    return forms.DateField(label=label, required=item.required, widget=forms.DateInput(attrs={"type": "date"}))


def _attribution_field(form: ActionForm, item: Input) -> forms.Field:
    return forms.ChoiceField(
        label=_("Was it said as reported? (attribution)"),
        choices=AttributionFinding.choices,
        widget=forms.RadioSelect,
        required=item.required,
    )


def _rating_field(form: ActionForm, item: Input) -> forms.Field:
    return forms.ModelChoiceField(
        label=_("Is it true? (rating)"),
        queryset=Rating.objects.filter(scale__is_active=True),
        empty_label=None,
        widget=forms.RadioSelect,
        required=item.required,
    )


def _summary_field(form: ActionForm, item: Input) -> forms.Field:
    return forms.CharField(
        label=_("Summary"),
        max_length=500,
        help_text=_("One or two sentences a reader sees first."),
        required=item.required,
    )


def _explanation_field(form: ActionForm, item: Input) -> forms.Field:
    return forms.CharField(
        label=_("Explanation"),
        required=item.required,
        max_length=Verdict._meta.get_field("explanation").max_length,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown."),
    )


def _evidence_field(form: ActionForm, item: Input) -> forms.Field:
    # Only this claim's evidence: an id from another claim is an invalid choice, never accepted.
    field = EvidenceChoiceField(
        label=_("Evidence the verdict rests on"),
        queryset=form.claim.evidence.select_related("source").order_by("relation", "id"),
        required=item.required,
        widget=forms.CheckboxSelectMultiple,
    )
    if form.page_evidence is not None and not form.is_bound:
        # Reuse the rows the page already fetched, so rendering costs no extra query.
        field.choices = [(e.pk, field.label_from_instance(e)) for e in form.page_evidence]
    return field


def _confirm_open_threads_field(form: ActionForm, item: Input) -> forms.Field | None:
    # Ask only when there is something to confirm (the comments app answers the count).
    open_threads = open_thread_count(form.claim)
    if not open_threads:
        return None
    return forms.BooleanField(
        label=_("Approve even though %(count)s reviewer comment thread(s) are still open") % {"count": open_threads},
        required=False,
    )


def _note_field(form: ActionForm, item: Input) -> forms.Field:
    if form.transition.name == "propose_revision":
        label = _("Public note (readers see “Updated on <date>: <note>”, or it as the correction note)")
    elif item.required:
        label = _("Reason (shown to readers)") if item.public else _("Reason")
    else:
        label = _("Note (optional)")
    return forms.CharField(
        label=label,
        required=item.required,
        max_length=Correction._meta.get_field("note").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _confirm_unverified_excerpts_field(form: ActionForm, item: Input) -> forms.Field | None:
    # Ask only when an excerpt of this claim is not in the desk's capture of its source.
    evidence = form.page_evidence if form.page_evidence is not None else form.claim.evidence.select_related("source")
    missing = excerpts_not_found(evidence)
    if not missing:
        return None
    return forms.BooleanField(
        label=_(
            "Propose even though %(count)s excerpt(s) were not found in the desk's capture (give the reason in the note)"
        )
        % {"count": len(missing)},
        required=False,
    )


def _recheck_on_field(form: ActionForm, item: Input) -> forms.Field:
    return forms.DateField(
        label=_("Re-check on (optional)"),
        required=item.required,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("A day after today when the desk looks at this fact-check again."),
    )


def _recheck_reason_field(form: ActionForm, item: Input) -> forms.Field:
    return forms.CharField(
        label=_("What to look for then"),
        required=item.required,
        max_length=300,
        help_text=_("“When the official trade figures for 2022 are out.”"),
    )


def _outcome_field(form: ActionForm, item: Input) -> forms.Field:
    return forms.ChoiceField(
        label=_("Outcome"), choices=Resolution.Outcome.choices, widget=forms.RadioSelect, required=item.required
    )


def _source_url_field(form: ActionForm, item: Input) -> forms.Field:
    return forms.URLField(
        label=_("Evidence: URL of the source that shows the outcome"),
        required=item.required,
        max_length=2000,
        assume_scheme="https",
    )


def _excerpt_field(form: ActionForm, item: Input) -> forms.Field:
    return forms.CharField(
        label=_("Excerpt from that source"),
        required=item.required,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _next_resolution_on_field(form: ActionForm, item: Input) -> forms.Field:
    return forms.DateField(
        label=_("Next resolution date (for “not yet”)"),
        required=item.required,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


def _editor_field(form: ActionForm, item: Input) -> forms.Field:
    return ReviewerChoiceField(label=_("Editor"), queryset=editors(), required=item.required)


# How the desk asks for each input of `reviews.workflow` (every input name has one; tested).
FORM_FIELDS = {
    "note": _note_field,
    "reviewer": _reviewer_field,
    "due": _due_field,
    "attribution": _attribution_field,
    "rating": _rating_field,
    "summary": _summary_field,
    "explanation": _explanation_field,
    "evidence": _evidence_field,
    "confirm_open_threads": _confirm_open_threads_field,
    "confirm_unverified_excerpts": _confirm_unverified_excerpts_field,
    "recheck_on": _recheck_on_field,
    "recheck_reason": _recheck_reason_field,
    "outcome": _outcome_field,
    "source_url": _source_url_field,
    "excerpt": _excerpt_field,
    "next_resolution_on": _next_resolution_on_field,
    "editor": _editor_field,
}


class ActionForm(forms.Form):
    """The form of one workflow step: its fields are the step's inputs in `reviews.workflow`, in order.

    Every step carries the version the user saw, so a stale click is a conflict, not a lost update.
    """

    # Read by the step itself (factcheck.errors.parse_version): missing or unreadable is a 409 saying to reload.
    expected_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, transition: Transition, claim: Claim, *args: Any, evidence: list | None = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", transition.name)
        kwargs.setdefault("initial", {"expected_version": claim.version})
        super().__init__(*args, **kwargs)
        self.transition = transition
        self.claim = claim
        self.page_evidence = evidence
        for item in transition.inputs:
            field = FORM_FIELDS[item.name](self, item)
            if field is not None:
                self.fields[item.name] = field

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        return {"expected_version": data.pop("expected_version"), "note": data.pop("note", ""), **data}


def action_form(name: str, claim: Claim, data: Any = None, evidence: list | None = None) -> ActionForm:
    """The form for workflow step `name` on `claim`, bound to `data` when given."""
    return ActionForm(TRANSITIONS[name], claim, data, evidence=evidence)
