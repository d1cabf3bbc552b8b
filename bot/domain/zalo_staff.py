"""Who an official is on Zalo: a Zalo user id is scoped to one OA, so a Zalo staff identity is the
pair (OA, user id). The core keys every person by one string (a case's assignee, a subscription,
a conversation), so the pair is written as one key, `<oa_id>/<user_id>`; Telegram ids never hold
a "/". Pure; "now" is a parameter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain.zalo import Route, decide

SEPARATOR = "/"


@dataclass(frozen=True, slots=True)
class ZaloStaffId:
    """An official as seen by one OA."""

    oa_id: str
    user_id: str

    @property
    def key(self) -> str:
        """The one string the core knows the official by."""
        return f"{self.oa_id}{SEPARATOR}{self.user_id}"


def parse_key(key: str) -> ZaloStaffId | None:
    """The (OA, user id) of a Zalo staff key; None for anything else (a citizen's bare id)."""
    oa_id, sep, user_id = key.partition(SEPARATOR)
    if not sep or not oa_id or not user_id or SEPARATOR in user_id:
        return None
    return ZaloStaffId(oa_id, user_id)


# An alert held for an official silent past the free window is looked at again this often (and at
# once when they write to the OA, which opens the window again).
HOLD_RECHECK = timedelta(hours=1)


class StaffRoute(StrEnum):
    """How (and whether) an alert may go to an official on Zalo now."""

    REPLY = "reply"  # free: within 48 h of their last message to the OA
    TEMPLATE = "template"  # silent longer: the configured ZBS template at their recorded phone
    HOLD = "hold"  # neither: the alert waits for them to write again; the admins are told
    WAIT = "wait"  # quiet hours 22:00–06:00: try again at 06:00


@dataclass(frozen=True, slots=True)
class StaffDecision:
    """A route, and for HOLD and WAIT when to look again."""

    route: StaffRoute
    retry_at: datetime | None = None


def staff_route(
    now: datetime, tz: ZoneInfo, last_message_at: datetime | None, *, has_template: bool
) -> StaffDecision:
    """The route of an alert to an official who last wrote to the OA at `last_message_at` (None:
    never). The 2026 rules as for citizens, but an alert is never paid as a charged cs message
    and never given up: past the free window it goes as a template, or it waits."""
    decision = decide(now, tz, last_message_at, allow_charged=False, has_template=has_template)
    if decision.route is Route.WAIT:
        return StaffDecision(StaffRoute.WAIT, decision.retry_at)
    if decision.route is Route.REPLY:
        return StaffDecision(StaffRoute.REPLY)
    if decision.route is Route.TEMPLATE:
        return StaffDecision(StaffRoute.TEMPLATE)
    return StaffDecision(StaffRoute.HOLD, now + HOLD_RECHECK)
