"""Template helpers for the public site."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from claims.speakers import speaker_name_as_published
from factcheck.text import SCRIPT_ESCAPES

register = template.Library()


@register.filter
def json_ld(value):
    """`json_script`, but with type application/ld+json (a data block: never executed, so CSP's
    script-src does not apply) and no id. Empty output for None (a retracted fact-check).
    `<`, `>`, `&`, U+2028 and U+2029 are escaped (factcheck.text.SCRIPT_ESCAPES), so no stored
    string can close the element or break an older JavaScript parser."""
    if value is None:
        return ""
    data = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(data))


@register.simple_tag
def verdict_badge(claim):
    """A list entry's rating (or "Retracted"). A tag, not an include: an include per row cost a
    template render each, 20 per page."""
    rating = claim.current_verdict.rating if claim.current_verdict_id else None
    retracted = claim.state == "retracted"
    value = rating.value if rating is not None else None
    return format_html(
        '<span class="verdict verdict-{}{}">{}</span>',
        value or "offscale",
        " verdict-retracted" if retracted else "",
        _("Retracted") if retracted else (rating.label if rating is not None else ""),
    )


@register.filter
def speaker_as_published(claim):
    """The speaker's name as the fact-check's version in force shows it (`claims.speakers.speaker_as_published`),
    not the record's name now: a rename reaches a published fact-check only through a revision."""
    return speaker_name_as_published(claim)
