"""Who is told what about a case, through the outbox: the citizen of each change, the staff who
hear about it, the one who answered when it arrived — and one policy, for every channel, when a
message could not be delivered: the staff member on the case is told, the admins when nobody is."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, tzinfo

from bot.clock import Clock
from bot.domain.choices import ProvideInfo, Rate
from bot.domain.feedback import DESK, Action, Case
from bot.domain.fmt import clip, moment
from bot.domain.inbox import who_hears
from bot.domain.kinds import unit_values
from bot.domain.messages import (
    Excerpt,
    OutboxButton,
    OutboxItem,
    OutgoingMessage,
    Text,
    Value,
)
from bot.domain.models import Unit
from bot.domain.privacy import mask_personal
from bot.domain.texts import t
from bot.ports import UNREACHABLE, FeedbackRepository, OutboxStore, StaffRepository

log = logging.getLogger(__name__)

Keyed = tuple[str, OutgoingMessage]
STAFF_LANG = "vi"  # staff messages are in Vietnamese
SUMMARY_CHARS = 200  # of a case's description in a staff notice
SNIPPET_CHARS = 300  # of an undelivered message quoted to staff
ADMIN_CHANNEL = "telegram"  # ADMIN_TELEGRAM_IDS are Telegram ids
_UNDELIVERED = "undelivered"  # key prefix of the alerts (never alerted about themselves)


class Notifications:
    """The outbox rows about cases, and what happens after a delivery or a failure."""

    def __init__(
        self,
        cases: FeedbackRepository,
        staff: StaffRepository,
        outbox: OutboxStore,
        clock: Clock,
        tz: tzinfo,
        admin_ids: frozenset[str],
        wake: Callable[[], None] = lambda: None,
    ) -> None:
        self._cases = cases
        self._staff = staff
        self._outbox = outbox
        self._clock = clock
        self._tz = tz
        self._admin_ids = admin_ids
        self._wake = wake

    def to_citizen(
        self, case: Case, key: str, suffix: str, home: Unit | None, **values: Value
    ) -> list[Keyed]:
        """The row telling the citizen about their case (none for walk-ins or erased ones);
        `home` is the case's ward, named in the message ("Xã Cẩm Giàng đã trả lời …") unless
        `values` name another unit (where the case was transferred)."""
        if not case.chat_id or case.channel == DESK:
            return []
        choices: tuple[OutboxButton, ...] = ()
        if key == "case.citizen.answered":
            choices = tuple(OutboxButton(Rate(case.code, n), "★" * n) for n in range(5, 0, -1))
        elif key == "case.citizen.needs_info":
            label = t(case.language, "case.citizen.info_button")
            choices = (OutboxButton(ProvideInfo(case.code), label),)
        text = Text(key, {"code": case.code, **unit_values(home), **values})
        message = OutgoingMessage(case.channel, case.chat_id, text, choices, lang=case.language)
        return [(f"case:{case.code}:{suffix}", message)]

    async def to_staff(
        self,
        case: Case,
        key: str,
        unit: Unit | None,
        *,
        exclude: str | None = None,
        summary: str | None = None,
    ) -> list[Keyed]:
        """Rows telling the staff who hear about the case (see `who_hears`); `summary` is the
        text quoted (the case's description unless given), masked and cut."""
        quoted = case.description if summary is None else summary
        text = Text(
            key,
            {
                "code": case.code,
                "unit": unit.name if unit else "",
                "category": Text(f"intake.category.{case.category.value}"),
                "summary": clip(mask_personal(quoted), SUMMARY_CHARS),
            },
        )
        stamp = self._clock.now().strftime("%Y%m%d%H%M%S")
        staff = await self._staff.all()
        hearing = who_hears(case, staff)
        if case.assignee and all(m.user_id != case.assignee for m in staff):
            # The one on the case chose to hear on another of their channels.
            hearing = await self._staff.reach(case.assignee) or hearing
        return [
            (
                f"case:{case.code}:{key}:{stamp}:{m.user_id}",
                OutgoingMessage(m.channel, m.user_id, text, lang=STAFF_LANG),
            )
            for m in hearing
            if m.user_id != exclude
        ]

    async def _on_it(self, assignee: str) -> list[tuple[str, str]]:
        """(channel, id) where the official on a case hears of it: the channels they chose for
        alerts; their own entry (the admins' channel for an admin by id) otherwise."""
        reached = await self._staff.reach(assignee)
        if reached:
            return [(m.channel, m.user_id) for m in reached]
        member = await self._staff.get(assignee)
        return [(member.channel if member else ADMIN_CHANNEL, assignee)]

    async def delivered(self, item: OutboxItem, at: datetime) -> None:
        """An outbox message was sent: when it was a citizen's answer, tell who answered."""
        parts = item.key.split(":")  # case:<code>:answer:<n> — the citizen's copy of an answer
        if len(parts) != 4 or parts[0] != "case" or parts[2] != Action.ANSWER.value:
            return
        case = await self._cases.by_code(parts[1])
        if case is None or case.assignee is None:
            return
        text = Text("staff.delivered", {"code": case.code, "at": moment(at, self._tz, STAFF_LANG)})
        for channel, user_id in await self._on_it(case.assignee):
            message = OutgoingMessage(channel, user_id, text, lang=STAFF_LANG)
            suffix = "" if user_id == case.assignee else f":{user_id}"
            await self._outbox.enqueue(f"{item.key}:delivered{suffix}", message, at)
        self._wake()

    async def undelivered(self, item: OutboxItem, reason: str) -> None:
        """The outbox gave up on a message: the staff member on its case hears of it (with the
        citizen's phone, if given, and what did not arrive); the admins when nobody is on it."""
        if item.key.startswith(_UNDELIVERED + ":"):
            log.error("an alert about an undelivered message was not delivered: %s", item.key)
            return
        case = await self._case_of(item)
        now = self._clock.now()
        if case is not None and case.assignee:
            why = "undelivered.unreachable" if UNREACHABLE in reason else "undelivered.refused"
            text = Text(
                "case.staff.undelivered",
                {
                    "code": case.code,
                    "channel": Text(f"inbox.channel.{item.message.channel}"),
                    "why": Text(why),
                    "phone": case.phone or Text("case.staff.no_phone"),
                    "text": Excerpt(item.message.text, SNIPPET_CHARS),
                },
            )
            for channel, user_id in await self._on_it(case.assignee):
                message = OutgoingMessage(channel, user_id, text, lang=STAFF_LANG)
                await self._outbox.enqueue(f"{_UNDELIVERED}:{item.key}:{user_id}", message, now)
        else:
            alert = Text(
                "outbox.dead",
                {"key": item.key, "recipient": item.message.recipient, "reason": reason[:500]},
            )
            for admin in sorted(self._admin_ids):
                message = OutgoingMessage(ADMIN_CHANNEL, admin, alert, lang=STAFF_LANG)
                await self._outbox.enqueue(f"{_UNDELIVERED}:{item.key}:{admin}", message, now)
        self._wake()

    async def _case_of(self, item: OutboxItem) -> Case | None:
        """The case whose citizen the message was for (key case:<code>:…), if any."""
        parts = item.key.split(":")
        if len(parts) < 3 or parts[0] != "case":
            return None
        case = await self._cases.by_code(parts[1])
        message = item.message
        if case is None or (case.channel, case.chat_id) != (message.channel, message.recipient):
            return None  # a staff notice about the case, not the citizen's copy
        return case
