"""Alerts to officials on Zalo that cannot go now: the admins hear of them, none is dropped.

An official who has not written to the OA for more than 48 h (and has no recorded phone for the
ward's ZBS template) cannot be sent a free message; the alert stays in the outbox until they
write again, and the admins are told — once a day per official, whatever the number of alerts.
"""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.messages import Excerpt, OutgoingMessage, Text
from bot.domain.models import Role
from bot.domain.zalo_staff import parse_key
from bot.ports import OutboxStore, StaffRepository
from bot.services.people import ADMIN_CHANNEL

STAFF_LANG = "vi"
SNIPPET_CHARS = 300


class HeldAlerts:
    """Tells the admins that alerts wait for an official silent on Zalo."""

    def __init__(
        self,
        outbox: OutboxStore,
        staff: StaffRepository,
        admin_ids: frozenset[str],
        clock: Clock,
        tz: ZoneInfo,
        wake: Callable[[], None],
    ) -> None:
        self._outbox = outbox
        self._staff = staff
        self._admin_ids = admin_ids
        self._clock = clock
        self._tz = tz
        self._wake = wake

    async def held(self, message: OutgoingMessage) -> int:
        """An alert to `message.recipient` waits: tell each admin (once a day per official).
        Returns how many notices were queued now."""
        official = parse_key(message.recipient)
        if official is None:
            return 0
        now = self._clock.now()
        day = now.astimezone(self._tz).date().isoformat()
        member = await self._staff.get(message.recipient)
        text = Text(
            "zalo.staff.held",
            {
                "name": (member.name if member else None) or official.user_id,
                "oa": official.oa_id,
                "text": Excerpt(message.text, SNIPPET_CHARS),
            },
        )
        admins = {(ADMIN_CHANNEL, admin) for admin in self._admin_ids}
        admins |= {(m.channel, m.user_id) for m in await self._staff.all() if m.role is Role.ADMIN}
        queued = 0
        for channel, admin in sorted(admins):
            if admin == message.recipient:
                continue  # the official held is an admin: nobody else to tell on their behalf
            notice = OutgoingMessage(channel, admin, text, lang=STAFF_LANG)
            key = f"zalo-held:{message.recipient}:{day}:{channel}:{admin}"
            queued += await self._outbox.enqueue(key, notice, now)
        if queued:
            self._wake()
        return queued
