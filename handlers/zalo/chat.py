"""Zalo's side of the conversation: OA webhook events into the core's router, and its answers back
as Zalo messages. Zalo has no command menu and its buttons come back as the citizen's text, so
`Who.typed` is set: the core reads typed commands ("tra cứu MÃ") and button payloads itself.
Answers go out at once through the Zalo sender; one that cannot go now waits in the outbox.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta
from typing import Any

from bot.clock import Clock
from bot.domain import intake
from bot.domain.chat import Who
from bot.domain.commands import Command, CommandName
from bot.domain.messages import QUEUED_KEY, OutgoingMessage, Reply, Text
from bot.domain.report import outcome_content
from bot.domain.zalo import ZaloAccount
from bot.domain.zalo_staff import ZaloStaffId
from bot.ports import OutboxStore, SendError, ZaloStore
from bot.services.router import Answer, Router
from handlers.zalo.client import FILE_TYPES
from handlers.zalo.render import outgoing, pick
from handlers.zalo.sender import CHANNEL, ZaloSender

log = logging.getLogger(__name__)

LANG = "vi"  # Zalo tells no language: Vietnamese


def to_input(event_name: str, message: Mapping[str, Any]) -> intake.Input:
    """A `user_send_*` event's message as an input of the intake machine."""
    attachments = message.get("attachments") or []
    first = attachments[0] if attachments and isinstance(attachments[0], Mapping) else {}
    payload = first.get("payload") or {}
    if event_name in ("user_send_image", "user_send_gif") and payload.get("url"):
        return intake.PhotoInput(str(payload["url"]), 0)
    if event_name == "user_send_file" and payload.get("url"):
        name = str(payload.get("name") or "")
        kind = str(payload.get("type") or "")
        try:
            size = int(str(payload.get("size") or 0))
        except ValueError:
            size = 0
        if "." not in name and kind:
            name = f"{name or 'file'}.{kind}"
        return intake.DocumentInput(str(payload["url"]), name, "", size)
    if event_name == "user_send_location":
        coordinates = payload.get("coordinates") or {}
        try:
            return intake.LocationInput(
                float(str(coordinates["latitude"])), float(str(coordinates["longitude"]))
            )
        except (KeyError, ValueError):
            return intake.UnsupportedInput("location")
    if event_name == "user_send_text":
        return intake.TextInput(str(message.get("text") or ""))
    return intake.UnsupportedInput(event_name.removeprefix("user_send_"))


class ZaloChat:
    """Handles one OA event at a time per user (Zalo may deliver events concurrently)."""

    def __init__(
        self,
        router: Router,
        store: ZaloStore,
        sender: ZaloSender,
        outbox: OutboxStore,
        clock: Clock,
        wake: asyncio.Event,
        on_official: Callable[[str], Awaitable[object]] | None = None,
    ) -> None:
        self._router = router
        self._store = store
        self._sender = sender
        self._outbox = outbox
        self._clock = clock
        self._wake = wake
        self._on_official = on_official  # an official wrote: their held alerts may go now
        self._locks: dict[str, asyncio.Lock] = {}

    async def on_event(self, account: ZaloAccount, event: Mapping[str, Any], key: str) -> None:
        """One verified, first-seen event of the OA."""
        name = str(event.get("event_name", ""))
        now = self._clock.now()
        if name in ("follow", "unfollow"):
            user_id = str((event.get("follower") or {}).get("id", ""))
            if not user_id:
                return
            if name == "unfollow":
                await self._store.set_unfollowed(account.oa_id, user_id, now)
                return
            await self._store.touch_user(account.oa_id, user_id, None, now)
            await self._store.clear_choices(account.oa_id, user_id)
            who = await self._who(user_id, account)
            answers = await self._router.handle(who, Command(CommandName.START))
            await self._answer(user_id, answers, key)
            return
        user_id = str((event.get("sender") or {}).get("id", ""))
        message = event.get("message") or {}
        if not user_id or not isinstance(message, Mapping):
            return
        msg_id = str(message.get("msg_id") or key)
        async with self._locks.setdefault(user_id, asyncio.Lock()):
            await self._store.touch_user(account.oa_id, user_id, msg_id, now)
            inp = to_input(name, message)
            if isinstance(inp, intake.TextInput):
                # "2" after numbered choices does what tapping the second button would: its
                # payload comes as the text (a button's payload arrives so too).
                offered = await self._store.offered_choices(account.oa_id, user_id)
                payload = pick(inp.text, offered)
                if payload is not None:
                    inp = intake.TextInput(payload)
            await self._store.clear_choices(account.oa_id, user_id)  # the answer shows its own
            who = await self._who(user_id, account)
            if who.user_id != user_id and self._on_official is not None:
                await self._on_official(who.user_id)
            await self._answer(user_id, await self._router.handle(who, inp), key)

    async def _who(self, user_id: str, account: ZaloAccount) -> Who:
        """The sender as the core knows them: an official of this OA (by the staff table), else
        a citizen. The OA belongs to one ward: the citizen is not asked which ward again."""
        staff = Who(
            CHANNEL,
            ZaloStaffId(account.oa_id, user_id).key,
            user_id,
            LANG,
            unit_id=account.unit_id,
            typed=True,
            file_types=FILE_TYPES,
        )
        if await self._router.member(staff) is not None:
            return staff
        return Who(
            CHANNEL,
            user_id,
            user_id,
            LANG,
            unit_id=account.unit_id,
            typed=True,
            staff_key=staff.user_id,  # an invitation's code makes them staff under this key
            file_types=FILE_TYPES,
        )

    async def _answer(self, user_id: str, answers: list[Answer], key: str) -> None:
        """Send the answers now; what Zalo can't take now, the outbox delivers later."""
        for n, item in enumerate(answers):
            if isinstance(item, Reply) and item.key == QUEUED_KEY:
                self._wake.set()  # already in the outbox, written with its cause
                continue
            if isinstance(item, Reply):
                message = outgoing(item, user_id, LANG)
            else:  # a report's outcome, worded by the report's content
                text = outcome_content(item, LANG)
                message = OutgoingMessage(CHANNEL, user_id, text, lang=LANG)
            await self._send(message, f"zalo:reply:{key}" + (f":{n}" if n else ""))

    async def _send(self, message: OutgoingMessage, outbox_key: str) -> None:
        try:
            await self._sender.send(message, interactive=True)
        except SendError as err:
            if err.permanent:
                log.warning("Zalo reply to %s refused: %s", message.recipient, err.reason)
                if message.document_bytes is not None:  # never silence: say the file failed
                    name = message.document_name or ""
                    notice = Text("zalo.file_refused", {"name": name})
                    told = OutgoingMessage(CHANNEL, message.recipient, notice, lang=message.lang)
                    await self._send(told, outbox_key)
                return
            wait = err.retry_after or 0.0
            not_before = self._clock.now() + timedelta(seconds=wait)
            await self._outbox.enqueue(outbox_key, message, not_before)
            self._wake.set()
