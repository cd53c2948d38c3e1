"""The polling state of anything fetched on a schedule (a followed feed, a partner desk): one lease, one back-off.

A polled record carries `interval_minutes`, `next_check_at`, `checked_at`, `failures`, `last_error` and
`last_error_at`. Workers take a due record with a conditional UPDATE (the lease), so two never poll it at once;
a failure pushes the next try back by interval × 2^failures (capped), so a failing source is never retried in a
tight loop; a success clears the failures and books the next regular check.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

LEASE = datetime.timedelta(minutes=10)


def backoff(record: models.Model, failures: int) -> datetime.timedelta:
    """interval × 2^failures, capped at `MONITORING_BACKOFF_MAX_HOURS`."""
    minutes = record.interval_minutes * (2 ** min(failures, 16))
    return min(datetime.timedelta(minutes=minutes), datetime.timedelta(hours=settings.MONITORING_BACKOFF_MAX_HOURS))


def lease(record: models.Model) -> bool:
    """Take the record for this worker: False when another worker has it or it is not due."""
    now = timezone.now()
    due = type(record).objects.filter(pk=record.pk, active=True, next_check_at__lte=now)
    return bool(due.update(next_check_at=now + LEASE))


def record_failure(record: models.Model, message: str) -> None:
    """Keep the error (cut to 1,000 characters) and back off; `record` is read again."""
    now = timezone.now()
    failures = record.failures + 1
    type(record).objects.filter(pk=record.pk).update(
        failures=failures, last_error=message[:1000], last_error_at=now, checked_at=now,
        next_check_at=now + backoff(record, failures),
    )
    record.refresh_from_db()


def record_success(record: models.Model, **fields) -> None:
    """Clear the failures, book the next regular check and store `fields`; `record` is read again."""
    now = timezone.now()
    type(record).objects.filter(pk=record.pk).update(
        failures=0, last_error="", checked_at=now,
        next_check_at=now + datetime.timedelta(minutes=record.interval_minutes), **fields,
    )
    record.refresh_from_db()
