"""The 2026 Zalo sending rules as a table of cases."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.zalo import Route, decide, quiet_until

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOON = datetime(2026, 11, 27, 12, 0, tzinfo=TZ)
H = timedelta(hours=1)
D = timedelta(days=1)


@pytest.mark.parametrize(
    ("silent", "charged", "template", "route"),
    [
        (H, False, False, Route.REPLY),
        (48 * H, False, False, Route.REPLY),
        (48 * H + timedelta(minutes=1), True, False, Route.CHARGED),
        (48 * H + timedelta(minutes=1), False, True, Route.TEMPLATE),
        (48 * H + timedelta(minutes=1), False, False, Route.UNREACHABLE),
        (7 * D, True, False, Route.CHARGED),
        (7 * D + H, True, True, Route.TEMPLATE),
        (8 * D, True, False, Route.UNREACHABLE),
        (None, True, False, Route.UNREACHABLE),
        (None, False, True, Route.TEMPLATE),
    ],
)
def test_route_by_silence_and_ward_settings(
    silent: timedelta | None, charged: bool, template: bool, route: Route
) -> None:
    last = NOON - silent if silent is not None else None
    decision = decide(NOON, TZ, last, allow_charged=charged, has_template=template)
    assert decision.route is route
    assert decision.retry_at is None


@pytest.mark.parametrize(
    ("hour", "minute", "wait_until_day"),
    [(22, 0, 28), (23, 59, 28), (0, 0, 27), (5, 59, 27)],
)
def test_quiet_hours_wait_for_six(hour: int, minute: int, wait_until_day: int) -> None:
    now = datetime(2026, 11, 27, hour, minute, tzinfo=TZ)
    decision = decide(now, TZ, now - H, allow_charged=True, has_template=True)
    assert decision.route is Route.WAIT
    assert decision.retry_at == datetime(2026, 11, wait_until_day, 6, 0, tzinfo=TZ)


@pytest.mark.parametrize(("hour", "minute"), [(6, 0), (12, 0), (21, 59)])
def test_outside_quiet_hours(hour: int, minute: int) -> None:
    assert quiet_until(datetime(2026, 11, 27, hour, minute, tzinfo=TZ), TZ) is None


def test_quiet_hours_use_local_time_whatever_the_zone_of_now() -> None:
    utc_now = datetime(2026, 11, 27, 16, 0, tzinfo=ZoneInfo("UTC"))  # 23:00 in Hà Nội
    assert quiet_until(utc_now, TZ) == datetime(2026, 11, 28, 6, 0, tzinfo=TZ)


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError):
        decide(datetime(2026, 1, 1), TZ, None, allow_charged=False, has_template=False)  # noqa: DTZ001
