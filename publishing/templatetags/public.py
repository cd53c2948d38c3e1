"""Template helpers for the public site."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# The escapes Django's `json_script` uses: inside the data block, `<`, `>` and `&` become
# \u003C, \u003E, \u0026, so no string in the data can close the <script> element.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(value):
    """`json_script`, but with type application/ld+json (a data block: never executed, so CSP's
    script-src does not apply) and no id. Empty output for None (a retracted fact-check)."""
    if value is None:
        return ""
    data = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(data))
