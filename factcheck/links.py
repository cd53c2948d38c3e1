"""Absolute links on the desk's canonical site, for feeds, exports, ClaimReview and e-mails."""

from urllib.parse import urljoin

from django.conf import settings


def absolute(path: str) -> str:
    """An absolute URL on the desk's canonical site (DESK_URL), whatever host served the request."""
    return urljoin(settings.DESK_URL, path)
