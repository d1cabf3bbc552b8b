"""Who an official is on Zalo: a Zalo user id is scoped to one OA, so a Zalo staff identity is the
pair (OA, user id). The core keys every person by one string (a case's assignee, a subscription,
a conversation), so the pair is written as one key, `<oa_id>/<user_id>`; Telegram ids never hold
a "/". Pure."""

from __future__ import annotations

from dataclasses import dataclass

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
