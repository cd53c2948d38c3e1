"""Stored links are web links: http or https, nothing else.

One validator for every URL the desk stores (source URLs, archived copies,
speaker identifiers), used by the models (and so by forms, the admin and the
API, which all run model validation), backed by database check constraints.
`web_url_or_none` is the output guard: public links and ClaimReview `sameAs`
only ever carry what it lets through.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

WEB_SCHEMES = ("http", "https")

validate_web_url = URLValidator(
    schemes=list(WEB_SCHEMES),
    message=_("Enter a web address that starts with http:// or https://."),
)


def is_web_url(value) -> bool:
    if not isinstance(value, str) or not value:
        return False
    try:
        validate_web_url(value)
    except ValidationError:
        return False
    return True


def web_url_or_none(value) -> str | None:
    """`value` if it is an http(s) URL, else None: what a public link or `sameAs` may carry."""
    return value if is_web_url(value) else None


def web_url_q(field: str) -> Q:
    """The database's version of the rule, for CheckConstraints (the scheme part)."""
    return Q(**{f"{field}__istartswith": "http://"}) | Q(**{f"{field}__istartswith": "https://"})
