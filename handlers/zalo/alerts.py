"""When the outbox gives up on a message to a citizen about a case (on Zalo or Telegram), the
staff member on the case is told, so nobody believes an answer arrived that did not."""

from __future__ import annotations

import asyncio
from html import escape

from bot.clock import Clock
from bot.domain.messages import OutboxItem, OutgoingMessage
from bot.domain.models import Role
from bot.domain.texts import t
from bot.ports import FeedbackRepository, OutboxStore, StaffRepository
from bot.render.plain import to_plain
from handlers.zalo.sender import CHANNEL, UNREACHABLE

SNIPPET_CHARS = 300
TELEGRAM = "telegram"


class UnreachableAlerts:
    """Turns a dead Zalo outbox row about a case into a message to its staff on Telegram."""

    def __init__(
        self,
        cases: FeedbackRepository,
        staff: StaffRepository,
        outbox: OutboxStore,
        clock: Clock,
        wake: asyncio.Event,
    ) -> None:
        self._cases = cases
        self._staff = staff
        self._outbox = outbox
        self._clock = clock
        self._wake = wake

    async def on_dead(self, item: OutboxItem, reason: str) -> bool:
        """Queue the alert; False when the row is no message to a case's citizen (admins are
        told then)."""
        if item.message.channel not in (CHANNEL, TELEGRAM):
            return False
        parts = item.key.split(":")
        if len(parts) < 2 or parts[0] != "case":
            return False
        case = await self._cases.by_code(parts[1])
        if case is None or item.message.recipient != case.chat_id:
            return False
        members = [
            m
            for m in await self._staff.all()
            if m.unit_id == case.unit_id and m.role in (Role.OFFICER, Role.LEADER)
        ]
        if case.assignee:
            members = [m for m in members if m.user_id == case.assignee] or members
        if not members:
            return False
        snippet = to_plain(item.message.text).strip()
        if len(snippet) > SNIPPET_CHARS:
            snippet = snippet[: SNIPPET_CHARS - 1].rstrip() + "…"
        if item.message.channel == TELEGRAM:
            key = "case.staff.undelivered"
        else:
            key = "zalo.staff.unreachable" if UNREACHABLE in reason else "zalo.staff.failed"
        text = t(
            "vi",
            key,
            code=case.code,
            phone=escape(case.phone) if case.phone else t("vi", "zalo.staff.no_phone"),
            text=escape(snippet),
        )
        now = self._clock.now()
        for member in members:
            await self._outbox.enqueue(
                f"zalo-dead:{item.key}:{member.user_id}",
                OutgoingMessage(member.channel, member.user_id, text),
                now,
            )
        self._wake.set()
        return True
