"""Counts of claims by state, read from `ClaimStateCount` (maintained by triggers, see migration 0019).

Why a table: counting 1M claims by state takes ~100 ms on every dashboard and public index
view; reading ten rows takes well under one.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, OuterRef, Subquery, Sum

from .models import Claim, ClaimStateCount
from .states import State


def state_counts() -> dict[str, int]:
    """Claims per state (every state present, 0 when none)."""
    counts = dict.fromkeys(State.values, 0)
    counts.update(ClaimStateCount.objects.values_list("state", "count"))
    return counts


def total_in(states: Iterable[str]) -> int:
    """Claims in any of `states` (e.g. PUBLIC_STATES for the public index's total)."""
    return ClaimStateCount.objects.filter(state__in=list(states)).aggregate(n=Sum("count"))["n"] or 0


def latest_change(states: Iterable[str] | None = None) -> tuple:
    """(latest `updated_at`, count) of the claims in `states` (all when None): moves with every claim saved,
    created or deleted, so it keys what is cached about them.

    Read without touching the archive: the count from `ClaimStateCount`, the latest change per state from
    the (state, updated_at, id) index — one query of a row per state, whatever the number of claims.
    """
    rows = ClaimStateCount.objects.all() if states is None else ClaimStateCount.objects.filter(state__in=list(states))
    rows = rows.annotate(latest=Subquery(Claim.objects.filter(state=OuterRef("state")).order_by("-updated_at").values("updated_at")[:1]))
    found = list(rows.values_list("latest", "count"))
    return max((when for when, _ in found if when is not None), default=None), sum(count for _, count in found)


@transaction.atomic
def recount() -> dict[str, int]:
    """Rebuild the counts from the claims themselves (one full scan): after a load that bypassed triggers."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE claims_claim IN SHARE MODE")  # no transition moves a claim meanwhile
    ClaimStateCount.objects.all().delete()
    rows = Claim.objects.order_by().values("state").annotate(n=Count("id"))
    ClaimStateCount.objects.bulk_create([ClaimStateCount(state=row["state"], count=row["n"]) for row in rows])
    return state_counts()


SQLITE_TRIGGERS = ("claims_state_count_ai", "claims_state_count_ad", "claims_state_count_au")


def ensure_sqlite_triggers(sender=None, using: str = "default", **kwargs) -> bool:
    """After every migrate (post_migrate): put back the SQLite triggers a table rebuild dropped, then recount.

    SQLite rebuilds `claims_claim` whenever a migration alters it, and a rebuilt table has no
    triggers; without this net the counts would silently freeze. True if anything was restored.
    """
    from importlib import import_module

    from django.db import connections

    conn = connections[using]
    if conn.vendor != "sqlite" or "claims_claimstatecount" not in conn.introspection.table_names():
        return False
    with conn.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'claims_claim'")
        present = {row[0] for row in cursor.fetchall()}
        if set(SQLITE_TRIGGERS) <= present:
            return False
        for name in SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        for sql in import_module("claims.migrations.0019_claim_state_counts").SQLITE_FORWARD:
            cursor.execute(sql)
    recount()
    return True
