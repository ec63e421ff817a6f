"""A small fixed-window rate limiter on the shared cache (Redis in production).

Each client gets `limit` hits per window of `window` seconds; the counter key holds the
window's start, so it expires by itself. The client address is hashed before it goes
into the cache key (no IP addresses stored in clear).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from axes.helpers import get_client_ip_address
from django.core.cache import cache
from django.http import HttpRequest


@dataclass(frozen=True)
class RateDecision:
    """Whether a hit is allowed, and how long to wait when it is not."""

    allowed: bool
    retry_after: int
    count: int


def client_address(request: HttpRequest) -> str:
    """The client's address, resolved as for login throttling (django-axes' settings)."""
    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR", "") or "unknown"


def rate_limit_hit(*, scope: str, client: str, limit: int, window: int) -> RateDecision:
    """Count one hit of a client in the current window; allowed while count <= limit."""
    now = int(time.time())
    window_start = now - now % window
    digest = hashlib.sha256(client.encode("utf-8")).hexdigest()[:32]
    key = f"ratelimit:{scope}:{digest}:{window_start}"
    if cache.add(key, 1, timeout=window + 5):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window + 5)
            count = 1
    return RateDecision(
        allowed=count <= limit, retry_after=max(1, window_start + window - now), count=count
    )
