"""When the outbox gives up on a Zalo citizen, the staff member on the case is told."""

from __future__ import annotations

import asyncio
from html import escape

from bot.clock import Clock
from bot.domain.messages import OutboxItem, OutgoingMessage
from bot.domain.models import Role
from bot.domain.texts import t
from bot.ports import FeedbackRepository, OutboxStore, StaffRepository
from bot.render.plain import render_plain
from bot.render.text import shorten
from handlers.zalo.sender import CHANNEL, UNREACHABLE

SNIPPET_CHARS = 300


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
        """Queue the alert; False when the row is no Zalo case message (admins are told)."""
        if item.message.channel != CHANNEL:
            return False
        parts = item.key.split(":")
        if len(parts) < 2 or parts[0] != "case":
            return False
        case = await self._cases.by_code(parts[1])
        if case is None:
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
        snippet = shorten(render_plain(item.message.text, item.message.lang).strip(), SNIPPET_CHARS)
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
