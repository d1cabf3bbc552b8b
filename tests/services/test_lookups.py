"""/tracuu and /hoso: about ten a minute per user, then a polite wait that says how long."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import FrozenClock
from bot.domain.texts import t
from bot.render.plain import render_plain
from bot.services.lookups import LookupLimiter

T0 = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("spacing_s", "lookups", "refused"),
    [
        (0, 10, 0),  # ten at once are fine
        (0, 11, 1),  # the eleventh waits
        (0, 15, 5),
        (6, 30, 0),  # one every six seconds never waits
        (5, 13, 2),  # one every five: the 11th and 12th fall in the first one's minute
    ],
)
def test_limit_per_minute(spacing_s: int, lookups: int, refused: int) -> None:
    clock = FrozenClock(T0)
    limiter = LookupLimiter(clock, per_minute=10)
    waits = 0
    for _ in range(lookups):
        if limiter.check("telegram", "1") is not None:
            waits += 1
        clock.advance(timedelta(seconds=spacing_s))
    assert waits == refused


def test_the_wait_says_how_long_and_users_are_apart() -> None:
    clock = FrozenClock(T0)
    limiter = LookupLimiter(clock, per_minute=2)
    assert limiter.check("telegram", "1") is None
    clock.advance(timedelta(seconds=20))
    assert limiter.check("telegram", "1") is None
    wait = limiter.check("telegram", "1")
    assert wait is not None and wait.values["seconds"] == 40
    assert "40 giây" in render_plain(wait.body, "vi")
    assert "40 seconds" in render_plain(wait.body, "en")
    assert limiter.check("telegram", "2") is None  # another user is not held back
    assert limiter.check("zalo", "1") is None
    clock.advance(timedelta(seconds=40))
    assert limiter.check("telegram", "1") is None
    assert t("vi", "lookup.wait", seconds=1)
