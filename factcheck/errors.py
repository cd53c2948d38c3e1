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


def parse_version(expected_version) -> int | None:
    """The version a form or API call carried; garbage is a conflict, never a 500."""
    if expected_version is None:
        return None
    if isinstance(expected_version, bool):
        raise Conflict(conflict_message())
    try:
        return int(expected_version)
    except (TypeError, ValueError):
        raise Conflict(conflict_message()) from None
