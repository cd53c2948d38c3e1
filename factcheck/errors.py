"""One family of refusals for every write in the project, and one way to read a version.

Services raise these; views, the admin, the API and commands turn them into an
answer. Each refusal carries a machine-readable `rule` (stable across languages,
so the API never compares translated messages), the `field` it is about when there
is one, and the HTTP status that fits it.
"""

from __future__ import annotations

from django.utils.translation import gettext as _


class WorkflowError(Exception):
    """A refused step or edit; `status_code` is what a view or the API answers (409 by default)."""

    status_code = 409
    default_rule = "state"

    def __init__(self, message, *, field: str | None = None, rule: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.rule = rule or self.default_rule


class NotAllowed(WorkflowError):
    """The user's role, or their relation to this object, forbids the step (403)."""

    status_code = 403
    default_rule = "permission"


class Conflict(WorkflowError):
    """The record changed since the user loaded it (409)."""

    status_code = 409
    default_rule = "stale_version"


class InvalidInput(WorkflowError):
    """The step lacks something it needs or was given something unreadable (400)."""

    status_code = 400
    default_rule = "invalid_input"


def conflict_message() -> str:
    return _("This claim changed since you opened it. Reload it to see the changes, then try again.")


# Claim.version is a PositiveIntegerField; anything larger cannot be a version the user saw.
MAX_VERSION = 2**31 - 1


def missing_version_message() -> str:
    return _("This form did not say which version of the claim you edited, so nothing was saved. Reload the page, then try again.")


def parse_version(expected_version) -> int:
    """The version a form or API call carried, as a non-negative int.

    The one parser for every surface (desk, admin, API, services): a missing,
    empty, non-numeric or negative version is refused (409, rule
    ``missing_version``) rather than checked against the current version, which
    would let a stale edit overwrite someone else's save. Commands that act on
    a claim they just read pass ``claim.version``.
    """
    if isinstance(expected_version, bool) or expected_version is None:
        raise Conflict(missing_version_message(), rule="missing_version", field="version")
    if isinstance(expected_version, str):
        expected_version = expected_version.strip()
        if not expected_version.isascii() or not expected_version.isdigit():
            raise Conflict(missing_version_message(), rule="missing_version", field="version")
    try:
        version = int(expected_version)
    except (TypeError, ValueError, OverflowError):
        raise Conflict(missing_version_message(), rule="missing_version", field="version") from None
    if not 0 <= version <= MAX_VERSION or version != expected_version and not isinstance(expected_version, str):
        raise Conflict(missing_version_message(), rule="missing_version", field="version")
    return version


def check_version(current: int, expected_version) -> None:
    """Refuse (409) unless the edit was made on `current`; see `parse_version`."""
    if parse_version(expected_version) != current:
        raise Conflict(conflict_message())
