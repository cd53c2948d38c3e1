"""Per-client-address limits counted in the database, so every worker process shares them.

Without Redis, Django's cache is each worker's own memory: a limit counted there lets every worker
through up to the limit (3 gunicorn workers let 13 of 24 tips through a 5/hour limit). The reader-tip
form (`TIPS_RATE`) and the public feeds and exports (`PUBLIC_EXPORT_RATE`) count here, each in its own
`scope`, in one table of fixed windows (`SubmissionCount`: a keyed hash of scope, address and window,
never the address; a row goes once its window ends).
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.db import connections, router, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from factcheck.throttle import parse_rate

from .models import SubmissionCount


def address_wait(*, scope: str, address: str, rate: str, now: datetime | None = None) -> int | None:
    """Count one request from `address` in `scope`; None while within `rate` ("60/minute"), else the seconds
    until the window ends.

    One `UPDATE … RETURNING` in the common case (a window already open); the first request of a window
    clears ended windows and opens its row. Concurrent requests cannot both take the last place: the
    increment happens in the database."""
    allowed, window = parse_rate(rate)
    now = now or timezone.now()
    start = int(now.timestamp() // window) * window
    key = salted_hmac(scope, f"{address}|{window}|{start}").hexdigest()
    alias = router.db_for_write(SubmissionCount)
    used = _increment(alias, key)  # one statement, atomic by itself
    if used is None:
        with transaction.atomic(using=alias):
            SubmissionCount.objects.using(alias).filter(expires_at__lte=now).delete()
            row, _created = SubmissionCount.objects.using(alias).get_or_create(
                key=key, defaults={"expires_at": datetime.fromtimestamp(start + window, tz=UTC)}
            )
            SubmissionCount.objects.using(alias).filter(pk=row.pk).update(count=F("count") + 1)
            used = SubmissionCount.objects.using(alias).values_list("count", flat=True).get(pk=row.pk)
    if used <= allowed:
        return None
    return max(1, int(start + window - now.timestamp()))


def _increment(alias: str, key: str) -> int | None:
    """The window's count after adding one, or None when the window has no row yet (PostgreSQL and SQLite
    ≥ 3.35 both answer `RETURNING`)."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    table, count, column = quote(SubmissionCount._meta.db_table), quote("count"), quote("key")
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {count} = {count} + 1 WHERE {column} = %s RETURNING {count}", [key])
        row = cursor.fetchone()
    return row[0] if row else None
