"""Is a production SECRET_KEY strong enough? (issue #11: production started with SECRET_KEY=x)

Sessions, password-reset links and CSRF tokens are signed with it, so a short,
repetitive or published key lets anyone forge them. Settings refuse to start in
production with a key this module finds weak; no Django import, so settings can use it.
"""

from __future__ import annotations

MIN_LENGTH = 50
MIN_DISTINCT = 10
DEVELOPMENT_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"
# Keys copied from tutorials, templates and our own development default.
KNOWN_DEFAULTS = frozenset({
    DEVELOPMENT_KEY,
    "x",
    "secret",
    "changeme",
    "change-me",
    "your-secret-key",
    "your-secret-key-here",
    "django-insecure",
    "insecure",
    "please-change-me",
})
WEAK_MARKERS = ("django-insecure", "changeme", "change-me", "change_me", "your-secret-key", "dev-only-insecure")


def weak_secret_key_reason(key: str) -> str | None:
    """Why `key` is too weak for production, or None if it will do."""
    folded = key.strip().lower()
    if folded in KNOWN_DEFAULTS or any(marker in folded for marker in WEAK_MARKERS):
        return "it is a published default or placeholder"
    if len(key) < MIN_LENGTH:
        return f"it has {len(key)} characters; use at least {MIN_LENGTH}"
    if len(set(key)) < MIN_DISTINCT:
        return f"it uses only {len(set(key))} different characters; use at least {MIN_DISTINCT}"
    return None
