"""Questions the workflow asks an app above it, answered by a callable that app registers.

Signals are for after-commit notices only. Approval needs an *answer* (how many
discussion threads on the claim are still open), and an answer nobody gives must
not pass for "none": the comments app registers its counter in `ready()`, and a
system check stops start-up (`manage.py check`, `runserver`, `migrate`) when no
app did, instead of approving silently without asking.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from claims.models import AuditEntry, Claim

OpenThreadCounter = Callable[["Claim"], int]

_open_thread_counter: OpenThreadCounter | None = None


def register_open_thread_counter(counter: OpenThreadCounter | None) -> OpenThreadCounter | None:
    """Install the one function that counts a claim's open discussion threads; returns the previous one."""
    global _open_thread_counter
    previous, _open_thread_counter = _open_thread_counter, counter
    return previous


def open_thread_count(claim: Claim) -> int:
    """How many discussion threads on `claim` are still open (asked before approving)."""
    if _open_thread_counter is None:
        raise ImproperlyConfigured("No app counts open discussion threads: is `comments` in INSTALLED_APPS?")
    return _open_thread_counter(claim)


def check_hooks(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """System check: approval must be able to ask about open threads."""
    if _open_thread_counter is None:
        return [
            checks.Error(
                "Approving a verdict must ask how many discussion threads are still open, and no app answers.",
                hint="Add `comments` to INSTALLED_APPS (it registers the counter in its AppConfig.ready()) "
                "or call reviews.hooks.register_open_thread_counter().",
                id="reviews.E001",
            )
        ]
    return []


# --- in-transaction step observers -----------------------------------------------------

StepObserver = Callable[["AuditEntry"], None]

_step_observers: list[StepObserver] = []


def register_step_observer(observer: StepObserver) -> None:
    """Have `observer(entry)` called inside the step's transaction, right after its audit entry is written.

    For bookkeeping that must never disagree with the audit log (the analytics rollups):
    it commits with the step or not at all. An observer that raises refuses the step.
    Registering the same callable twice keeps one.
    """
    if observer not in _step_observers:
        _step_observers.append(observer)


def step_recorded(entry: AuditEntry) -> None:
    """Tell every registered observer about a workflow step's audit entry (called by `reviews.services._run`)."""
    for observer in _step_observers:
        observer(entry)
