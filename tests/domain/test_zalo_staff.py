"""Officials on Zalo: the (OA, user id) key, and the route of an alert under the 2026 rules."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.invites import invite_hash, make_invite, parse_invite
from bot.domain.zalo_staff import HOLD_RECHECK, StaffRoute, ZaloStaffId, parse_key, staff_route

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOON = datetime(2026, 11, 27, 12, 0, tzinfo=TZ)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("oa-1/u-2", ZaloStaffId("oa-1", "u-2")),
        ("4512/8876", ZaloStaffId("4512", "8876")),
        ("2011", None),  # a Telegram id
        ("u-100", None),  # a citizen's bare Zalo id
        ("/u-2", None),
        ("oa-1/", None),
        ("oa-1/u/2", None),
    ],
)
def test_parse_key(key: str, expected: ZaloStaffId | None) -> None:
    assert parse_key(key) == expected
    if expected is not None:
        assert expected.key == key


H = timedelta(hours=1)


@pytest.mark.parametrize(
    ("now", "silent", "template", "route", "retry_at"),
    [
        (NOON, H, False, StaffRoute.REPLY, None),
        (NOON, 48 * H, False, StaffRoute.REPLY, None),
        (NOON, 48 * H + timedelta(seconds=1), True, StaffRoute.TEMPLATE, None),
        (NOON, 49 * H, False, StaffRoute.HOLD, NOON + HOLD_RECHECK),
        (NOON, 8 * 24 * H, True, StaffRoute.TEMPLATE, None),  # no 7-day refusal for a template
        (NOON, 8 * 24 * H, False, StaffRoute.HOLD, NOON + HOLD_RECHECK),  # never given up
        (NOON, None, False, StaffRoute.HOLD, NOON + HOLD_RECHECK),  # never wrote to the OA
        (NOON, None, True, StaffRoute.TEMPLATE, None),
        (NOON.replace(hour=22), H, False, StaffRoute.WAIT, datetime(2026, 11, 28, 6, tzinfo=TZ)),
        (NOON.replace(hour=5, minute=59), H, True, StaffRoute.WAIT, NOON.replace(hour=6)),
        (NOON.replace(hour=6), H, False, StaffRoute.REPLY, None),
        (
            NOON.replace(hour=23),
            72 * H,
            True,
            StaffRoute.WAIT,
            datetime(2026, 11, 28, 6, tzinfo=TZ),
        ),
    ],
)
def test_staff_route(
    now: datetime,
    silent: timedelta | None,
    template: bool,
    route: StaffRoute,
    retry_at: datetime | None,
) -> None:
    last = now - silent if silent is not None else None
    decision = staff_route(now, TZ, last, has_template=template)
    assert decision.route is route
    assert decision.retry_at == retry_at


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("CB-ABCD-EF23", "CB-ABCD-EF23"),
        ("cb abcd ef23", "CB-ABCD-EF23"),
        ("CBABCDEF23", "CB-ABCD-EF23"),
        ("/start CB-ABCD-EF23", "CB-ABCD-EF23"),
        ("cán bộ CB-ABCD-EF23", "CB-ABCD-EF23"),
        ("PA-ABCD-EF23", None),  # a tracking code
        ("CB-ABCD", None),
        ("mã của tôi là CB-ABCD-EF23", None),  # only the code, not inside a sentence
    ],
)
def test_parse_invite(text: str, code: str | None) -> None:
    assert parse_invite(text) == code


def test_make_invite_reads_back() -> None:
    code = make_invite(bytes(range(16)))
    assert code == "CB-ABCD-EFGH" and parse_invite(code) == code
    assert invite_hash(code) != code and len(invite_hash(code)) == 64
    with pytest.raises(ValueError):
        make_invite(b"short")
