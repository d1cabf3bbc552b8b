"""Against guessing: /tracuu and /hoso answer about ten lookups a minute per user.

Tracking codes carry a check character and dossier codes can be sequential: a user who looks
up much faster than a person reads is asked to wait, and told for how long. The window slides
over the last minute; time comes from the Clock. Kept in memory (one process serves all).
"""

from __future__ import annotations

import math
from collections import deque
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.domain.messages import Reply

WINDOW = timedelta(minutes=1)
_FORGET_ABOVE = 10_000  # users tracked before the idle ones are forgotten


class LookupLimiter:
    """At most `per_minute` lookups per (channel, user) in any minute."""

    def __init__(self, clock: Clock, per_minute: int = 10) -> None:
        if per_minute < 1:
            raise ValueError("per_minute must be >= 1")
        self._clock = clock
        self._limit = per_minute
        self._seen: dict[tuple[str, str], deque[datetime]] = {}

    def check(self, channel: str, user_id: str) -> Reply | None:
        """None when the lookup may go ahead (and count it); else the polite wait."""
        now = self._clock.now()
        times = self._seen.setdefault((channel, user_id), deque())
        while times and now - times[0] >= WINDOW:
            times.popleft()
        if len(times) >= self._limit:
            wait = math.ceil((times[0] + WINDOW - now).total_seconds())
            return Reply("lookup.wait", {"seconds": max(wait, 1)})
        times.append(now)
        if len(self._seen) > _FORGET_ABOVE:
            self._seen = {k: v for k, v in self._seen.items() if v and now - v[-1] < WINDOW}
        return None
