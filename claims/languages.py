"""Languages: any BCP 47 tag, validated and named by `langcodes`, guessed from text by `lingua`.

Why one module: the claim's statement and translation languages, a source's language and an
alias's language all accept the same tags, named the same way in every form, filter, API field
and page; the type-ahead's list and the "looks like Italian" hint are built here once.

- A tag is stored normalised (`langcodes.standardize_tag`: `EN-us` → `en-US`, `iw` → `he`);
  `und` means "undetermined" (what the old choice "other" became).
- Names come from CLDR via `language-data`, in the reader's language (ja or en), falling
  back to English, then to the tag itself.
- The list offered by the type-ahead is every living, non-deprecated language subtag of the
  IANA registry (about 8,000), named once per interface language and kept in memory.
- Detection: `lingua` in low-accuracy mode over all its 75 languages, built lazily on the first
  hint, with a minimum relative distance so an unsure guess gives no hint rather than a wrong
  one. Measured (2-core machine): first hint 1.3–1.6 s, then ~1–15 ms; ~80 MB resident. The
  high-accuracy models take ~34 s and ~1 GB for all languages, ~9 s and ~300 MB for 15.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

import langcodes
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

MAX_LENGTH = 35  # the longest tag the desk stores (RFC 5646 suggests supporting at least 35 characters)
UNDETERMINED = "und"
LEGACY_OTHER = "other"  # the old list's last choice: links and clients that still send it mean "undetermined"
NAMED_LOCALES = ("en", "ja")  # the interface languages the names are shown in
_IN_PARENTHESES = re.compile(r"\(([A-Za-z0-9-]{2,35})\)\s*$")


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip()


def normalise_tag(text: str) -> str | None:
    """The standard form of a BCP 47 tag (`EN-us` → `en-US`), or None when it is not a valid tag."""
    text = _plain(text)
    if not text or len(text) > MAX_LENGTH or not text.isascii():
        return None
    try:
        if not langcodes.tag_is_valid(text):
            return None
        tag = langcodes.standardize_tag(text)
    except (ValueError, LookupError):
        return None
    return tag if langcodes.Language.get(tag).is_valid() else None


def parse_language(text: str) -> str | None:
    """A tag from what an editor typed or picked: a tag ("it"), a label ("Italian (it)") or a name ("Italian", "イタリア語")."""
    text = _plain(text)
    if not text:
        return None
    if text.casefold() == LEGACY_OTHER:
        return UNDETERMINED
    match = _IN_PARENTHESES.search(text)
    if match:
        return normalise_tag(match.group(1))
    tag = normalise_tag(text)
    if tag:
        return tag
    if len(text) > 60:
        return None
    for locale in (_locale(), *NAMED_LOCALES):
        try:
            found = langcodes.find(text, language=locale)
        except LookupError:
            continue
        return normalise_tag(found.to_tag())
    return None


def validate_language_tag(value: str) -> None:
    """Model validator: a stored language is a normalised, valid tag."""
    if not value:
        return
    tag = normalise_tag(value)
    if tag and tag != value:
        raise ValidationError(
            _("Write the language tag “%(value)s” as %(tag)s."), code="language", params={"value": value, "tag": tag}
        )
    if tag is None:
        raise ValidationError(
            _("“%(value)s” is not a language tag the desk knows. Type a language's name or a tag such as it, pt-BR or und."),
            code="language",
            params={"value": value},
        )


def split_language_list(value: str) -> list[str]:
    """The items of a comma-separated list of languages ("ru, en"; a semicolon also separates)."""
    return [item.strip() for item in (value or "").replace(";", ",").replace("、", ",").split(",") if item.strip()]


def normalise_language_list(value: str) -> str:
    """A list of tags in standard form, each once, joined by ", " ("RU; en-us" → "ru, en-US"); unknown items kept as typed."""
    tags = []
    for item in split_language_list(value):
        tag = normalise_tag(item) or item
        if tag not in tags:
            tags.append(tag)
    return ", ".join(tags)


def validate_language_list(value: str) -> None:
    """Model validator for a list of languages (an outlet's): each item a normalised tag, by the same rule as one tag."""
    for item in split_language_list(value):
        validate_language_tag(item)


def _locale() -> str:
    language = (get_language() or "en").split("-")[0]
    return language if language in NAMED_LOCALES else "en"


def language_name(tag: str, locale: str | None = None) -> str:
    """The language's name in `locale` (the current interface language by default): it → イタリア語 / Italian."""
    if not tag:
        return ""
    return _language_name(tag, locale or _locale())


@lru_cache(maxsize=4096)
def _language_name(tag: str, locale: str) -> str:
    # langcodes takes ~1 ms per name; the answer depends on the two strings only, and pages ask the same few.
    try:
        name = langcodes.Language.get(tag).display_name(locale)
    except (ValueError, LookupError):
        return tag
    return tag if name.startswith("Unknown language") else name


def label(tag: str, locale: str | None = None) -> str:
    """What a language field shows and the type-ahead fills in: "Italian (it)"."""
    if not tag:
        return ""
    name = language_name(tag, locale)
    return tag if name == tag else f"{name} ({tag})"


# --- the type-ahead's list -------------------------------------------------------------------------

def _registry_path() -> Path:
    import language_data

    return Path(language_data.__file__).parent / "data" / "language-subtag-registry.txt"


@lru_cache(maxsize=1)
def registry_languages() -> tuple[str, ...]:
    """Every current language subtag of the IANA registry (no deprecated ones, no private-use ranges)."""
    tags = []
    for record in _registry_path().read_text(encoding="utf-8").split("%%"):
        fields = {}
        for line in record.strip().splitlines():
            if ":" in line and not line.startswith(" "):
                key, value = line.split(":", 1)
                fields.setdefault(key.strip(), value.strip())
        if fields.get("Type") == "language" and "Deprecated" not in fields and ".." not in fields.get("Subtag", ""):
            tags.append(fields["Subtag"])
    return tuple(tags)


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    from language_data.language_lists import CLDR_LANGUAGES

    return frozenset(CLDR_LANGUAGES)


_names_lock = threading.Lock()
_names: dict[str, list[tuple[str, str, str]]] = {}


def _named(locale: str) -> list[tuple[str, str, str]]:
    """(tag, name in `locale`, folded names to match) for every registry language, built once per locale (~0.2–0.6 s)."""
    with _names_lock:
        if locale not in _names:
            rows = []
            for tag in registry_languages():
                name = language_name(tag, locale)
                english = language_name(tag, "en") if locale != "en" else name
                rows.append((tag, name, f"{name.casefold()}\x1f{english.casefold()}"))
            _names[locale] = rows
        return _names[locale]


def search_languages(text: str, limit: int = 15) -> list[dict[str, str]]:
    """Languages whose tag or name (in the reader's language or English) matches `text`, best first."""
    query = _plain(text).casefold()
    locale = _locale()
    if not query:
        return [_result(tag, locale) for tag in ("en", "ja", "ru", "uk", "be", "zh", "ko", "de", "fr", "it", "es", "pl")][:limit]
    exact = parse_language(text)
    ranked = []
    for tag, name, folded in _named(locale):
        if tag == query:
            rank = 0
        elif folded.startswith(query) or f"\x1f{query}" in folded:
            rank = 1
        elif query in folded:
            rank = 3
        else:
            continue
        ranked.append((rank + (0 if tag in _common() else 1), name, tag))
    ranked.sort()
    tags = [tag for _rank, _name, tag in ranked[:limit]]
    if exact and exact not in tags:
        tags.insert(0, exact)  # a regional or script tag typed in full (pt-BR, zh-Hant)
    return [_result(tag, locale) for tag in tags[:limit]]


def _result(tag: str, locale: str) -> dict[str, str]:
    return {"id": tag, "label": label(tag, locale), "detail": tag}


# --- detection ---------------------------------------------------------------------------------

MIN_DETECT_CHARS = 12
DETECT_SAMPLE_CHARS = 500  # enough to tell a language; keeps the hint's GET short
_detector = None
_detector_lock = threading.Lock()


def _get_detector():
    global _detector
    with _detector_lock:
        if _detector is None:
            from lingua import LanguageDetectorBuilder

            _detector = (
                LanguageDetectorBuilder.from_all_languages()
                .with_low_accuracy_mode()
                .with_minimum_relative_distance(0.3)
                .build()
            )
        return _detector


def detect_language(text: str) -> str | None:
    """The tag of the language `text` is probably in, or None when it is too short or the guess is unsure."""
    text = (text or "").strip()
    if len(text) < MIN_DETECT_CHARS:
        return None
    found = _get_detector().detect_language_of(text[:DETECT_SAMPLE_CHARS])
    if found is None:
        return None
    code = found.iso_code_639_1.name.lower()
    return normalise_tag(code)


def detect_text_language(text: str, *, min_letters: int = 60, min_confidence: float = 0.9) -> str | None:
    """The tag of a longer text's language among every language lingua knows, or None when unsure.

    Unsure: fewer than `min_letters` letters (a list of names is read as Vietnamese with 0.99
    confidence), or the best language's confidence under `min_confidence`. Article intake uses it."""
    if sum(char.isalpha() for char in text) < min_letters:
        return None
    values = _get_detector().compute_language_confidence_values(text)
    if not values or values[0].value < min_confidence:
        return None
    return normalise_tag(values[0].language.iso_code_639_1.name.lower())


# --- fields -------------------------------------------------------------------------------------

from django import forms  # noqa: E402
from django.db import models  # noqa: E402


class LanguageFormField(forms.CharField):
    """A text box taking a tag, a name or a picked label ("Italian (it)"); cleans to the normalised tag.

    Without JavaScript it is the whole picker; the desk adds the type-ahead (data-combobox-url).
    """

    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = 120  # a label such as "Standard Moroccan Tamazight (zgh)", not only a tag
        kwargs.setdefault(
            "help_text", _("Type a language's name and pick it, or a tag such as it, pt-BR or und (undetermined).")
        )
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("autocomplete", "off")
        self.widget.attrs.setdefault("class", "language-input")

    def prepare_value(self, value):
        tag = normalise_tag(value or "") if value else None
        return label(tag) if tag else value

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return ""
        tag = parse_language(text)
        if tag is None:
            raise ValidationError(
                _("“%(value)s” is not a language the desk knows. Type its name and pick it from the list, or a tag such as it, pt-BR or und."),
                code="language",
                params={"value": text[:60]},
            )
        return tag


class LanguageField(models.CharField):
    """A BCP 47 tag (normalised), validated by `langcodes`: any language, not a fixed list."""

    default_validators = [validate_language_tag]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", MAX_LENGTH)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == MAX_LENGTH:
            del kwargs["max_length"]
        return name, path, args, kwargs

    def to_python(self, value):
        value = super().to_python(value)
        if value:
            return normalise_tag(value) or value  # an unknown value is kept for the validator to refuse
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": LanguageFormField, **kwargs})


def language_typeahead(field: forms.Field) -> forms.Field:
    """Give a language box the desk's type-ahead (static/js/combobox.js over /desk/languages/): the one
    picker for every language box — claim form, claim list filter, admin. Without JavaScript the box
    still takes a name or a tag (`LanguageFormField`)."""
    from django.urls import reverse_lazy

    field.widget.attrs["data-combobox-url"] = reverse_lazy("language_search")
    field.widget.attrs.setdefault("autocomplete", "off")
    return field


class LanguageListFormField(forms.CharField):
    """Several languages in one box, separated by commas: tags, names or picked labels
    ("Russian, en, イタリア語" → "ru, en, it"); each item read by `parse_language`, as in `LanguageFormField`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", _("Languages separated by commas: names or tags such as ru, en or pt-BR."))
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("autocomplete", "off")

    def prepare_value(self, value):
        return value or ""

    def to_python(self, value):
        text = super().to_python(value)
        tags, unknown = [], []
        for item in split_language_list(text):
            tag = parse_language(item)
            if tag is None:
                unknown.append(item[:60])
            elif tag not in tags:
                tags.append(tag)
        if unknown:
            raise ValidationError(
                _("“%(value)s” is not a language the desk knows. Type its name or a tag such as it, pt-BR or und."),
                code="language",
                params={"value": unknown[0]},
            )
        return ", ".join(tags)


class LanguageListField(models.CharField):
    """Comma-separated BCP 47 tags (an outlet publishes in several), stored normalised, validated like `LanguageField`."""

    default_validators = [validate_language_list]

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_language_list(value) if value else value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": LanguageListFormField, **kwargs})
