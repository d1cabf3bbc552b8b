"""Zalo Official Account facts the core decides on: accounts, citizens, the 2026 sending rules.

Pure and synchronous; "now" is a parameter. Zalo's OA messaging rules (in force from
01/01/2026): a consultation message is free within 48 h of the citizen's last message, charged
from 48 h to 7 days, refused after 7 days (-230/-232), and nothing goes out 22:00–06:00 (-234).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

FREE_WINDOW = timedelta(hours=48)
CHARGED_WINDOW = timedelta(days=7)
QUIET_START = time(22, 0)
QUIET_END = time(6, 0)


@dataclass(frozen=True, slots=True)
class ZaloAccount:
    """One ward's OA: credentials, the current token pair and the ward's sending settings."""

    unit_id: int
    app_id: str
    oa_id: str
    app_secret: str
    oa_secret_key: str
    access_token: str
    refresh_token: str
    access_expires_at: datetime | None = None
    allow_charged: bool = False
    zbs_template_id: str | None = None

    def __repr__(self) -> str:  # never print secrets by accident
        return f"ZaloAccount(unit_id={self.unit_id}, app_id={self.app_id!r}, oa_id={self.oa_id!r})"


@dataclass(frozen=True, slots=True)
class ZaloUser:
    """A citizen as one OA knows them."""

    oa_id: str
    user_id: str
    last_message_at: datetime | None = None
    last_msg_id: str | None = None
    followed: bool = False


class Route(StrEnum):
    """How (and whether) a message may go to a Zalo citizen now."""

    REPLY = "reply"  # free: a reply to their last message (≤ 48 h)
    CHARGED = "charged"  # 48 h–7 d, the ward allows charged messages
    TEMPLATE = "template"  # > 7 d (or charged not allowed): a ZBS template message
    UNREACHABLE = "unreachable"  # no way: mark undeliverable and tell the staff
    WAIT = "wait"  # quiet hours: try again at 06:00


@dataclass(frozen=True, slots=True)
class Decision:
    """A route, and for WAIT when to try again."""

    route: Route
    retry_at: datetime | None = None


def quiet_until(now: datetime, tz: ZoneInfo) -> datetime | None:
    """The next 06:00 (local) when `now` falls in the 22:00–06:00 quiet hours, else None."""
    local = now.astimezone(tz)
    if QUIET_END <= local.time() < QUIET_START:
        return None
    day = local.date() if local.time() < QUIET_END else local.date() + timedelta(days=1)
    return datetime.combine(day, QUIET_END, tzinfo=tz)


def decide(
    now: datetime,
    tz: ZoneInfo,
    last_message_at: datetime | None,
    *,
    allow_charged: bool,
    has_template: bool,
) -> Decision:
    """The route for a message to a citizen whose last message was at `last_message_at`."""
    if now.tzinfo is None:
        raise ValueError("decide needs an aware datetime")
    wait = quiet_until(now, tz)
    if wait is not None:
        return Decision(Route.WAIT, wait)
    silent = now - last_message_at if last_message_at is not None else None
    if silent is not None and silent <= FREE_WINDOW:
        return Decision(Route.REPLY)
    if silent is not None and silent <= CHARGED_WINDOW and allow_charged:
        return Decision(Route.CHARGED)
    return Decision(Route.TEMPLATE if has_template else Route.UNREACHABLE)
