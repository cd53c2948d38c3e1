"""Helpers the desk's forms share: pickers, hints, resolving a typed name, errors moved next to a visible box."""

from django import forms
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from claims.models import Source, Speaker, SpeakerAlias, fold
from claims.languages import language_typeahead


DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


BLANK = [("", "—")]


def language_picker(field):
    """The type-ahead on a language box (static/js/combobox.js); without JavaScript it takes a name or a tag."""
    language_typeahead(field)


def language_hint(field, target_id):
    """A statement or excerpt box whose language the desk guesses for `target_id` (static/js/languages.js)."""
    field.widget.attrs["data-language-target"] = target_id
    field.widget.attrs["data-language-guess-url"] = reverse_lazy("language_guess")


def resolve_speaker(text):
    """The one speaker whose name or alias is exactly `text` (any script, case, width), else None."""
    folded = fold(text)
    if not folded:
        return None
    by_alias = set(SpeakerAlias.objects.filter(folded=folded).values_list("speaker_id", flat=True))
    by_name = set(Speaker.objects.filter(name__iexact=text.strip()).values_list("pk", flat=True))
    ids = by_alias | by_name
    return Speaker.objects.get(pk=ids.pop()) if len(ids) == 1 else None


def resolve_source(text):
    """The one source whose URL or title is exactly `text`, else None."""
    text = (text or "").strip()
    if not text:
        return None
    found = list(Source.objects.filter(Q(url=text) | Q(title=text))[:2])
    return found[0] if len(found) == 1 else None


def move_hidden_errors(form, pairs):
    """An id in a hidden field that no longer matches a record is reported next to the visible search box."""
    for hidden, visible in pairs.items():
        if hidden in form.errors:
            del form.errors[hidden]
            form.add_error(visible, _("That choice is no longer available; search and pick again."))


def _organisations():
    return Speaker.objects.filter(kind=Speaker.Kind.ORGANISATION).order_by("name")


def _add_model_errors(form, error, names):
    """A model's ValidationError shown next to the form's fields (`names`: model field → form field)."""
    for name, messages in error.message_dict.items():
        for message in messages:
            form.add_error(names.get(name), message)
