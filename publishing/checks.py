"""System checks for the public site's identity (run by `manage.py check --deploy`)."""

from __future__ import annotations

from ipaddress import ip_address
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks


def _points_at_this_machine(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if host in ("", "localhost") or host.endswith(".localhost"):
        return True
    try:
        address = ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def check_desk_url(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """DESK_URL is the desk's public address: ClaimReview `url`, the logo, canonical links and
    e-mailed links are built on it, so its default (localhost) in production points readers,
    search engines and aggregators nowhere."""
    if not _points_at_this_machine(settings.DESK_URL):
        return []
    return [
        checks.Warning(
            f"DESK_URL is {settings.DESK_URL!r}: public links, ClaimReview markup and e-mails would point at this machine.",
            hint="Set DESK_URL to the public address readers use, e.g. DESK_URL=https://factcheck.example/.",
            id="publishing.W001",
        )
    ]
