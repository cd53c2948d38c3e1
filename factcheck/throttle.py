"""A per-client-address rate limit for public endpoints outside the API, on Django's cache.

The API has DRF's throttles; the public feeds and exports are plain Django views, so they
count here instead: a fixed window per address (`factcheck.accounts.client_ip`, which
honours TRUSTED_PROXY_COUNT), in the default cache (local memory per process without
REDIS_URL, shared with it).
"""

from __future__ import annotations

import time

from django.core.cache import cache

from .accounts import client_ip

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'60/minute' -> (60, 60): requests allowed, window in seconds (DRF's notation)."""
    count, _slash, period = (rate or "").partition("/")
    return int(count), _UNITS[period.strip()[:1].lower()]


def retry_after(request, *, scope: str, rate: str) -> int | None:
    """Count this request; None if it is allowed, else the seconds until the window ends."""
    allowed, window = parse_rate(rate)
    now = time.time()
    start = int(now // window) * window
    key = f"throttle:{scope}:{client_ip(request)}:{start}"
    cache.add(key, 0, timeout=window + 1)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        used = 1
    if used <= allowed:
        return None
    return max(1, int(start + window - now))
