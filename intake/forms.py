"""The intake forms: the article (paste, file or address) and one row per candidate on the review screen."""

from __future__ import annotations

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from claims.languages import LanguageFormField, language_typeahead
from claims.models import Claim, DatePrecision
from factcheck.text import SOURCE_TEXT_MAX


class ArticleForm(forms.Form):
    text = forms.CharField(
        label=_("Article text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Paste the article as it was published, headline included."),
    )
    upload = forms.FileField(
        label=_("or an HTML or text file"), required=False, widget=forms.ClearableFileInput(attrs={"accept": ".html,.htm,.txt,text/html,text/plain"})
    )
    url = forms.CharField(
        label=_("or its web address"),
        required=False,
        max_length=2000,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=_("Fetched through the desk's safe fetcher (public addresses only, size and time limits)."),
    )
    published_on = forms.DateField(
        label=_("Article date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Relative dates (“on Monday”, 「20日」) are read against it. Left empty, intake looks for a date at the top of the article."),
    )
    language = language_typeahead(
        LanguageFormField(
            label=_("Language"),
            required=False,
            help_text=_("Leave empty to detect it; or type a language's name and pick it, or a tag such as it."),
        )
    )

    def clean_text(self):
        text = self.cleaned_data.get("text") or ""
        return text[1:] if text.startswith("\n") else text  # a textarea's leading newline is not content

    def clean(self):
        data = super().clean()
        given = [name for name in ("text", "upload", "url") if (data.get(name) or "") not in ("", None) and (name != "text" or data[name].strip())]
        if not given:
            raise forms.ValidationError(_("Paste the article's text, upload a file or give its address."), code="empty")
        if len(given) > 1:
            raise forms.ValidationError(_("Give the article one way only: pasted text, a file or an address."), code="several")
        data["way"] = given[0]
        return data


class SourceLanguageForm(forms.Form):
    """The language of an article taken in, corrected by the editor (the desk's language type-ahead)."""

    language = language_typeahead(
        LanguageFormField(label=_("Article language"), help_text=_("Type the language's name and pick it, or a tag such as it."))
    )


class CandidateForm(forms.Form):
    accept = forms.BooleanField(label=_("Create this claim"), required=False)
    statement = forms.CharField(label=_("Statement"), required=False, strip=False, widget=forms.Textarea(attrs={"rows": 3}))
    form = forms.ChoiceField(label=_("Quote or paraphrase"), choices=Claim.Form.choices, required=False)
    language = LanguageFormField(label=_("Language"), required=False)
    speaker = forms.CharField(
        label=_("Speaker"), required=False, max_length=200, help_text=_("A recorded speaker's name or any alias, in any script.")
    )
    new_speaker = forms.BooleanField(label=_("Add as a new speaker"), required=False)
    speaker_description = forms.CharField(label=_("or describe the speaker"), required=False, max_length=300)
    said_on = forms.DateField(label=_("Date said"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    said_on_precision = forms.ChoiceField(label=_("Precision"), choices=DatePrecision.choices, required=False)
    excerpt = forms.CharField(
        label=_("Excerpt"),
        required=False,
        strip=False,
        max_length=SOURCE_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The exact words in the article; checked against its text when you save."),
    )
    reporting_note = forms.CharField(label=_("Reporting chain"), required=False, max_length=500)
    reporting_outlet = forms.CharField(
        label=_("Relayed by (outlet)"),
        required=False,
        max_length=200,
        help_text=_("An outlet the desk records (any of its names) becomes a hop of the reporting chain."),
    )
    start = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)
    end = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)

    def clean_statement(self):
        value = self.cleaned_data.get("statement") or ""
        return value[1:] if value.startswith("\n") else value

    def clean_excerpt(self):
        value = self.cleaned_data.get("excerpt") or ""
        return value[1:] if value.startswith("\n") else value


MAX_CANDIDATE_ROWS = 300
"""The most candidates one review form holds (the review page shows at most these): a posted form count
past it is refused before any row is built (Django otherwise builds up to max_num + 1000 forms)."""


class BaseCandidateFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_many_forms": _(
            "A review form holds at most %(num)d candidates. Reload the article's review page and save again."
        ),
    }

    def too_many(self) -> bool:
        """The posted form count is past the cap: refuse before building (and cleaning) a single row."""
        management = self.management_form
        return management.is_valid() and management.cleaned_data["TOTAL_FORMS"] > self.absolute_max

    def too_many_message(self) -> str:
        return self.error_messages["too_many_forms"] % {"num": self.max_num}


CandidateFormSet = formset_factory(
    CandidateForm,
    formset=BaseCandidateFormSet,
    extra=0,
    max_num=MAX_CANDIDATE_ROWS,
    absolute_max=MAX_CANDIDATE_ROWS,
    validate_max=True,
)


def initial_row(candidate) -> dict:
    """A candidate as the review form's starting values (nothing ticked: the editor decides)."""
    return {
        "accept": False,
        "statement": candidate.statement,
        "form": candidate.form,
        "language": candidate.language,
        "speaker": candidate.speaker.name if candidate.speaker is not None else candidate.new_speaker,
        "new_speaker": bool(candidate.new_speaker and candidate.speaker is None),
        "speaker_description": candidate.speaker_description if candidate.speaker is None and not candidate.new_speaker else "",
        "said_on": candidate.said_on,
        "said_on_precision": candidate.said_on_precision,
        "excerpt": candidate.excerpt,
        "reporting_note": candidate.reporting_phrase,
        "reporting_outlet": candidate.reporting_hint,
        "start": candidate.start,
        "end": candidate.end,
    }
