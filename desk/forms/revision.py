"""The draft revision of a published fact-check."""

from django import forms
from django.utils.translation import gettext_lazy as _

from claims import chains
from factcheck.errors import InvalidInput

from .chain import hop_formset
from .evidence import EvidenceRowForm


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
