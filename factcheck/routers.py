"""Optional read-replica routing (set DATABASE_REPLICA_URL; see README "Scaling out").

Reads go to the replica, writes to the primary ("default"). Two cases read from the
primary so a user never sees the past:
- inside a transaction on the primary (a service that locks and re-reads a row);
- for a short while after the same browser wrote something (`PrimaryAfterWriteMiddleware`
  sets a cookie on any unsafe request), so the page shown after "Save" has the save,
  whatever the replica's lag.
"""

import contextvars

from django.db import connections

REPLICA = "replica"
PRIMARY = "default"
# Longer than any replication lag the desk tolerates; a few seconds is typical.
STICKY_SECONDS = 10
STICKY_COOKIE = "primary_reads"

_pinned = contextvars.ContextVar("primary_pinned", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _pinned.get() or connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica is migrated by replication, never directly.
        return db == PRIMARY


class pin_to_primary:
    """Context manager: every read inside goes to the primary (unless `pinned` is false)."""

    def __init__(self, pinned=True):
        self.pinned = pinned

    def __enter__(self):
        self._token = _pinned.set(self.pinned)

    def __exit__(self, *exc):
        _pinned.reset(self._token)


class PrimaryAfterWriteMiddleware:
    """Unsafe requests, and requests from a browser that wrote in the last STICKY_SECONDS, read from the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        writes = request.method not in ("GET", "HEAD", "OPTIONS", "TRACE")
        with pin_to_primary(writes or STICKY_COOKIE in request.COOKIES):
            response = self.get_response(request)
        if writes:
            response.set_cookie(STICKY_COOKIE, "1", max_age=STICKY_SECONDS, httponly=True, samesite="Lax")
        return response
