"""One rule for every text a person types in, and the escapes every output format needs.

Input (models, so forms, the admin, the API, commands and any future intake share it):
- **Refused, not cleaned**: C0 control characters other than tab, line feed and carriage
  return (browsers send every textarea line break as CRLF), DEL, C1 controls, lone
  surrogates and Unicode noncharacters. None of them belongs in a quote, none survives
  XML 1.0 (feeds) and a lone surrogate cannot even be stored; silently dropping one would
  change a quote without telling the editor, so the editor is told where it is instead.
- Bidirectional overrides (U+202E …) and zero-width characters are allowed: real
  Arabic/Hebrew quotes use them, and every output escapes them as plain text.
- **Stored exactly**: statements, translations, excerpts and captured source text
  (`ExactTextField`) keep every space and line break; only names, titles and other
  one-line fields are trimmed (Django's default for form fields).
- **One maximum length per field**, on the model field; forms and the API read it from there.

Output: `xml_safe` (feeds, even for rows stored before this rule), `safe_json` (JSON, JSON Lines:
U+2028/U+2029/U+0085 escaped so no line splitter breaks a record), `SCRIPT_ESCAPES`
(JSON inside `<script type="application/ld+json">`).
"""

from __future__ import annotations

import json
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .errors import InvalidInput

# Long texts (statement, translation, excerpt, notes): one limit shared by forms, model and API.
LONG_TEXT_MAX = 20_000
# A source's full captured text (a whole blog post).
SOURCE_TEXT_MAX = 200_000

_REFUSED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # C0 but tab/LF/CR, DEL, C1
    "\ud800-\udfff"  # lone surrogates (only possible from JSON "\ud800" escapes)
    "\ufdd0-\ufdef\ufffe\uffff"  # noncharacters in the BMP
    "\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0004fffe\U0004ffff"
    "\U0005fffe\U0005ffff\U0006fffe\U0006ffff\U0007fffe\U0007ffff\U0008fffe\U0008ffff"
    "\U0009fffe\U0009ffff\U000afffe\U000affff\U000bfffe\U000bffff\U000cfffe\U000cffff"
    "\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe\U000fffff\U0010fffe\U0010ffff]"
)
# What XML 1.0 cannot carry at all (a subset of the above, plus nothing else).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# Control characters have no Unicode name; these are the ones people meet (terminal colours, typos).
_CONTROL_NAMES = {
    "\x00": "NULL", "\x07": "BELL", "\x08": "BACKSPACE", "\x0b": "LINE TABULATION", "\x0c": "FORM FEED",
    "\x1b": "ESCAPE", "\x7f": "DELETE", "\x85": "NEXT LINE",
}


def _describe(char: str) -> str:
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(char, "")
    if not name:
        category = unicodedata.category(char)
        name = {"Cc": "CONTROL", "Cs": "SURROGATE", "Cn": "NONCHARACTER"}.get(category, category)
    return f"U+{ord(char):04X} {name}"


def first_refused(value) -> tuple[int, str] | None:
    """(position, character) of the first character the rule refuses, else None."""
    if not isinstance(value, str):
        return None
    match = _REFUSED.search(value)
    return (match.start(), match.group()) if match else None


def refusal_message(value, label=None) -> str | None:
    """Why `value` is refused (naming the field when `label` is given), else None."""
    found = first_refused(value)
    if found is None:
        return None
    position, char = found
    params = {"char": _describe(char), "position": position + 1, "field": label}
    if label:
        return _(
            "%(field)s contains an invisible control character (%(char)s) at character %(position)s. "
            "Remove it (only tabs and line breaks are allowed) and save again."
        ) % params
    return _(
        "This text contains an invisible control character (%(char)s) at character %(position)s. "
        "Remove it (only tabs and line breaks are allowed) and save again."
    ) % params


def validate_plain_text(value):
    """Django validator form of the rule (for fields that are not `Plain*Field`s)."""
    message = refusal_message(value)
    if message:
        raise ValidationError(message, code="control_character")


def check_text(value, *, field: str, label) -> None:
    """The rule for services that write without `full_clean` (workflow notes, verdicts)."""
    message = refusal_message(value, str(label))
    if message:
        raise InvalidInput(message, field=field, rule="control_character")


def check_length(value, *, field: str, label, limit: int) -> None:
    if isinstance(value, str) and len(value) > limit:
        raise InvalidInput(
            _("%(field)s is too long: at most %(limit)s characters (it has %(length)s).")
            % {"field": label, "limit": f"{limit:,}", "length": f"{len(value):,}"},
            field=field,
            rule="too_long",
        )


def check_field(model, name: str, value, *, field: str | None = None):
    """The rule and the model's maximum length for a value a service writes without `full_clean`."""
    model_field = model._meta.get_field(name)
    label = capfirst(model_field.verbose_name)
    check_text(value, field=field or name, label=label)
    if model_field.max_length is not None:
        check_length(value, field=field or name, label=label, limit=model_field.max_length)
    return value


class PlainTextMixin:
    """A model field holding typed text: the rule above runs in `full_clean`, naming the field."""

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        message = refusal_message(value, capfirst(self.verbose_name))
        if message:
            raise ValidationError(message, code="control_character")


class PlainCharField(PlainTextMixin, models.CharField):
    """A one-line name or title: the rule, `max_length`, and trimmed by forms (Django's default)."""


class PlainTextField(PlainTextMixin, models.TextField):
    """Multi-line text with a maximum length that `full_clean` enforces too (TextField alone does not)."""

    @cached_property
    def validators(self):
        found = list(super().validators)
        if self.max_length is not None and not any(isinstance(v, MaxLengthValidator) for v in found):
            found.append(MaxLengthValidator(self.max_length))
        return found


class ExactTextField(PlainTextField):
    """A quote or excerpt: stored exactly as given, so forms built from it never trim it."""

    def formfield(self, **kwargs):
        kwargs.setdefault("strip", False)
        return super().formfield(**kwargs)


def is_exact(model_field) -> bool:
    return isinstance(model_field, ExactTextField)


def serializer_kwargs(model, name: str) -> dict:
    """`max_length` and trimming for a DRF CharField from the model field, so the API and the model agree."""
    field = model._meta.get_field(name)
    return {"max_length": field.max_length, "trim_whitespace": not is_exact(field)}


def machine_text(text: str) -> str:
    """Text a machine read (a captured page), not one a person typed: line ends made "\n", and every
    character the input rule refuses removed, since there is no editor to ask (tab and line feed stay)."""
    return _REFUSED.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


# --- output ---------------------------------------------------------------------------------------


def xml_safe(text):
    """`text` with every character XML 1.0 cannot carry replaced by U+FFFD (feeds never 500)."""
    if not isinstance(text, str):
        return text
    return _XML_INVALID.sub("\ufffd", text)


# Inside a <script> data block `<`, `>` and `&` cannot close the element; U+2028/U+2029 are
# line terminators for older JavaScript parsers. Same escapes as Django's `json_script`, plus those.
SCRIPT_ESCAPES = {
    ord(">"): "\\u003E",
    ord("<"): "\\u003C",
    ord("&"): "\\u0026",
    ord("\u2028"): "\\u2028",
    ord("\u2029"): "\\u2029",
}
# Characters that some line splitters (Python's str.splitlines, JavaScript) treat as a newline.
LINE_ESCAPES = {ord("\u2028"): "\\u2028", ord("\u2029"): "\\u2029", ord("\x85"): "\\u0085"}


def safe_json(value, **kwargs) -> str:
    """JSON with U+2028, U+2029 and U+0085 escaped: without `indent`, one document on one line
    whatever line splitter reads it (JSON Lines); safe to embed in JavaScript either way."""
    return json.dumps(value, ensure_ascii=False, **kwargs).translate(LINE_ESCAPES)

