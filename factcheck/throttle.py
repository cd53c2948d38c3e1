"""Rates in DRF's notation ("60/minute"), read by every limit outside the API.

The API has DRF's throttles; the public feeds and exports and the reader-tip form count per client
address in the database (`tips.limits.address_wait`), so every worker process shares the count:
without Redis, Django's cache is each worker's own memory.
"""

from __future__ import annotations

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'60/minute' -> (60, 60): requests allowed, window in seconds (DRF's notation)."""
    count, _slash, period = (rate or "").partition("/")
    return int(count), _UNITS[period.strip()[:1].lower()]
