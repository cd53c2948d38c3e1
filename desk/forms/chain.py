"""The reporting chain's hop rows (claim form and revision page), checked by `claims.chains`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from claims import chains
from claims.outlets import resolve_outlet
from claims.models import DatePrecision, Outlet, ReportingHop, Source, fold

from .common import BLANK, DATE_INPUT, move_hidden_errors, resolve_source


def _outlet_kind_for(source_kind):
    """A sensible kind for an outlet first met as the publisher of a new source."""
    return {Source.Kind.BLOG_POST: Outlet.Kind.BLOG, Source.Kind.OFFICIAL_STATEMENT: Outlet.Kind.OFFICIAL}.get(
        source_kind, Outlet.Kind.OTHER
    )


class HopRowForm(forms.Form):
    """One hop of the reporting chain: an outlet and/or a source, its date, the wording there, a note.

    The outlet and the source are picked by type-ahead (hidden ids) or typed: an outlet name the
    desk does not know is added when its kind is chosen; a source may be one added under Evidence
    in this same form (by URL or title). `claims.chains` checks the whole chain.
    """

    outlet = forms.ModelChoiceField(queryset=Outlet.objects.all(), required=False, widget=forms.HiddenInput)
    outlet_lookup = forms.CharField(
        label=_("Outlet"),
        required=False,
        max_length=200,
        help_text=_("An agency, paper, broadcaster, blog or channel, in any script."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    new_outlet_kind = forms.ChoiceField(
        label=_("If it is a new outlet: its kind"), required=False, choices=BLANK + list(Outlet.Kind.choices)
    )
    source = forms.ModelChoiceField(queryset=Source.objects.all(), required=False, widget=forms.HiddenInput)
    source_lookup = forms.CharField(
        label=_("Source (optional)"),
        required=False,
        max_length=2000,
        help_text=_("A URL or title: a recorded source, or one you add under Evidence in this form."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    by_speaker = forms.BooleanField(
        label=_("The speaker's own channel (their briefing, post or site)"), required=False
    )
    date = forms.DateField(label=_("Date"), required=False, widget=DATE_INPUT)
    date_precision = forms.ChoiceField(
        label=_("Precision"), required=False, choices=DatePrecision.choices, initial=DatePrecision.DAY
    )
    wording = forms.CharField(
        label=_("Wording at this hop"),
        required=False,
        strip=False,
        max_length=ReportingHop._meta.get_field("wording").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The exact words this hop gives, if the desk has them."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    CONTENT_FIELDS = ("outlet", "outlet_lookup", "source", "source_lookup", "by_speaker", "date", "wording", "note")

    def is_blank(self):
        """A row with nothing in it (an extra row left empty) is no hop, changed or not."""
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(name) for name in self.CONTENT_FIELDS)

    def clean(self):
        data = super().clean()
        move_hidden_errors(self, {"outlet": "outlet_lookup", "source": "source_lookup"})
        if data.get("DELETE") or self.is_blank():
            return data
        outlet_text = (data.get("outlet_lookup") or "").strip()
        data["new_outlet"] = None
        if data.get("outlet") and outlet_text and fold(outlet_text) not in _outlet_names(data["outlet"]):
            data["outlet"] = None  # the editor typed another name after picking
        if not data.get("outlet") and outlet_text:
            outlet = resolve_outlet(outlet_text)
            if outlet is not None:
                data["outlet"] = outlet
            elif data.get("new_outlet_kind"):
                data["new_outlet"] = {"name": outlet_text, "kind": data["new_outlet_kind"]}
            else:
                self.add_error(
                    "outlet_lookup",
                    _("No outlet is called “%(name)s”. Pick one from the list, or choose its kind to add it as a new outlet.")
                    % {"name": outlet_text},
                )
        source_text = (data.get("source_lookup") or "").strip()
        data["source_text"] = ""
        if not data.get("source") and source_text:
            source = resolve_source(source_text)
            if source is not None:
                data["source"] = source
            else:
                data["source_text"] = source_text  # checked against this form's new sources by the formset
        if not (data.get("outlet") or data.get("new_outlet") or data.get("source") or data.get("source_text")):
            if "outlet_lookup" not in self.errors:
                self.add_error("outlet_lookup", _("Name the outlet or the source of this hop (a hop may be known only by its outlet)."))
        if data.get("date") is None:
            data["date_precision"] = DatePrecision.UNKNOWN
        elif data.get("date_precision") in ("", DatePrecision.UNKNOWN):
            self.add_error("date_precision", _("Say how precisely the date is known."))
        return data


def _outlet_names(outlet):
    return {outlet.folded, *outlet.aliases.values_list("folded", flat=True)}


HOP_FIELD_FOR_ERROR = {"outlet": "outlet_lookup", "source": "source_lookup"}


class BaseHopFormSet(forms.BaseFormSet):
    """The chain editor: rows in the order the editor gave (ORDER), empty and removed rows left out."""

    def ordered_rows(self):
        """(form, cleaned data) of the kept rows, first report first."""
        kept = []
        for index, form in enumerate(self.forms):
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or form.is_blank():
                continue
            order = data.get("ORDER")
            kept.append(((order if order is not None else 10_000 + index, index), form, data))
        kept.sort(key=lambda item: item[0])
        return [(form, data) for _key, form, data in kept]

    def check(self, *, desk_source, evidence, said=None):
        """Run `claims.chains.check_chain` over the rows; each refusal lands next to its row's field."""
        rows = []
        for form, data in self.ordered_rows():
            if data.get("source_text"):
                new = evidence.new_source_named(data["source_text"])
                if new is None:
                    form.add_error(
                        "source_lookup",
                        _("No source matches “%(text)s”. Pick one from the list, or add it under Evidence in this form.")
                        % {"text": data["source_text"]},
                    )
                    continue
            rows.append((form, data))
        if any(form.errors for form in self.forms):
            return False
        hop_rows = [self._hop(data) for _form, data in rows]
        for error in chains.check_chain(hop_rows, desk_source=desk_source, said=said):
            form = rows[error.row][0]
            form.add_error(HOP_FIELD_FOR_ERROR.get(error.field, error.field) if error.field else None, error.message)
        return not any(form.errors for form in self.forms)

    @staticmethod
    def _hop(data):
        return {
            "outlet": data.get("outlet"),
            "new_outlet": data.get("new_outlet"),
            "source": data.get("source"),
            "source_text": data.get("source_text", ""),
            "by_speaker": bool(data.get("by_speaker")),
            "date": data.get("date"),
            "date_precision": data.get("date_precision") or DatePrecision.UNKNOWN,
            "wording": data.get("wording") or "",
            "note": data.get("note") or "",
        }

    def rows(self):
        """The chain as `save_claim_with_evidence` (and a revision's `edit_revision`) takes it."""
        return [self._hop(data) for _form, data in self.ordered_rows()]

    def add_service_error(self, error):
        """A service's refusal naming a hop (`hops-2-date`: the third kept row) shown next to that row's field."""
        parts = (error.field or "").split("-", 2)
        rows = [form for form, _data in self.ordered_rows()] if self.is_bound else []
        if len(parts) != 3 or parts[0] != self.prefix or not parts[1].isdigit() or int(parts[1]) >= len(rows):
            return False
        target = HOP_FIELD_FOR_ERROR.get(parts[2], parts[2])
        rows[int(parts[1])].add_error(target if target in rows[int(parts[1])].fields else None, error.message)
        return True


def hop_formset(*, data=None, claim=None, extra=1, rows=None):
    """The chain editor, filled with `claim`'s chain, or with `rows` (`claims.chains` rows: a revision's chain)."""
    FormSet = forms.formset_factory(HopRowForm, formset=BaseHopFormSet, extra=extra, can_delete=True, can_order=True)
    if rows is None:
        rows = chains.chain_rows(claim) if claim is not None and claim.pk else []
    initial = []
    for position, hop in enumerate(rows, start=1):
        outlet, source = hop.get("outlet"), hop.get("source")
        initial.append(
            {
                "outlet": outlet.pk if outlet else None,
                "outlet_lookup": outlet.name if outlet else "",
                "source": source.pk if source else None,
                "source_lookup": (source.url or source.title) if source else "",
                "by_speaker": hop.get("by_speaker"),
                "date": hop.get("date"),
                "date_precision": hop.get("date_precision") if hop.get("date") else DatePrecision.DAY,
                "wording": hop.get("wording") or "",
                "note": hop.get("note") or "",
                "ORDER": position,
            }
        )
    return FormSet(data=data, initial=initial, prefix="hops")
