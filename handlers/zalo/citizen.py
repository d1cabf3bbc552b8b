"""The citizen's side on Zalo: webhook events as the same service calls as on Telegram.

Commands are typed as text ("/phananh", "/tracuu CODE", or the Vietnamese words); a button of a
template comes back as the citizen's text carrying its payload ("rate:CODE:5", "c:fees", …).
Answers go out at once through the Zalo sender; one that cannot go now waits in the outbox.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import timedelta
from html import escape
from typing import Any

from bot.clock import Clock
from bot.domain import intake
from bot.domain.messages import QUEUED_KEY, Choice, Reply
from bot.domain.texts import t
from bot.domain.wards import fold
from bot.domain.zalo import ZaloAccount
from bot.ports import OutboxStore, SendError, UnitRepository, ZaloStore
from bot.services.feedback import FeedbackService
from bot.services.lookups import LookupLimiter
from handlers.zalo.render import outgoing
from handlers.zalo.sender import CHANNEL, ZaloSender

log = logging.getLogger(__name__)

MAX_ARGUMENT = 200  # characters of a command's argument kept (nothing longer is echoed)

LANG = "vi"  # Zalo tells no language: Vietnamese
# Typed command words (folded: no diacritics, lower case) → command.
_COMMANDS: Mapping[str, str] = {
    "phananh": "feedback",
    "phan anh": "feedback",
    "gui phan anh": "feedback",
    "feedback": "feedback",
    "tracuu": "track",
    "tra cuu": "track",
    "track": "track",
    "hoso": "dossier",
    "ho so": "dossier",
    "dossier": "dossier",
    "dulieucuatoi": "my_data",
    "du lieu cua toi": "my_data",
    "mydata": "my_data",
    "xoadulieu": "erase",
    "xoa du lieu": "erase",
    "erasedata": "erase",
    "huy": "cancel",
    "cancel": "cancel",
    "help": "help",
    "huong dan": "help",
    "tro giup": "help",
    "start": "menu",
    "menu": "menu",
    "bat dau": "menu",
}
_WITH_ARGS = frozenset({"track", "dossier"})
# What a button payload looks like (the intake's choice data, or "kind:…" data).
_PAYLOAD = re.compile(
    r"(?:[a-z]+:[A-Za-z0-9_.:\-]+|skip|done|keep|anon|agree|disagree|send|edit|cancel)"
)
_MENU = ("feedback", "track", "dossier", "contact")


def parse_command(text: str, *, in_conversation: bool) -> tuple[str, str] | None:
    """(command, arguments) for a typed command, else None.

    "/word args" always counts; bare words only when they are the whole message, or (outside
    a conversation) when they start it — so a description starting "hồ sơ…" stays a description.
    """
    stripped = text.strip()
    if stripped.startswith("/"):
        word, _, rest = stripped[1:].partition(" ")
        name = _COMMANDS.get(fold(word.split("@", 1)[0]))
        return (name, rest.strip()) if name else None
    folded = fold(stripped)
    if folded in _COMMANDS:
        return _COMMANDS[folded], ""
    if in_conversation:
        return None
    words = stripped.split()
    for phrase, name in sorted(_COMMANDS.items(), key=lambda kv: -len(kv[0])):
        size = len(phrase.split())
        if name in _WITH_ARGS and len(words) > size and fold(" ".join(words[:size])) == phrase:
            return name, " ".join(words[size:])
    return None


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


class ZaloCitizens:
    """Handles one OA event at a time per citizen (Zalo may deliver events concurrently)."""

    def __init__(
        self,
        feedback: FeedbackService,
        units: UnitRepository,
        store: ZaloStore,
        sender: ZaloSender,
        outbox: OutboxStore,
        clock: Clock,
        wake: asyncio.Event,
        lookups: LookupLimiter | None = None,
    ) -> None:
        self._lookups = lookups
        self._feedback = feedback
        self._units = units
        self._store = store
        self._sender = sender
        self._outbox = outbox
        self._clock = clock
        self._wake = wake
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
            await self._answer(user_id, self._menu(), key)
            return
        user_id = str((event.get("sender") or {}).get("id", ""))
        message = event.get("message") or {}
        if not user_id or not isinstance(message, Mapping):
            return
        msg_id = str(message.get("msg_id") or key)
        async with self._locks.setdefault(user_id, asyncio.Lock()):
            await self._store.touch_user(account.oa_id, user_id, msg_id, now)
            reply = await self._reply(user_id, to_input(name, message), account.unit_id)
            if reply is not None:
                await self._answer(user_id, reply, key)

    async def _reply(self, user_id: str, inp: intake.Input, unit_id: int) -> Reply | None:
        service = self._feedback
        if isinstance(inp, intake.TextInput):
            in_conversation = await service.has_conversation(CHANNEL, user_id)
            command = parse_command(inp.text, in_conversation=in_conversation)
            if command is not None:
                return await self._command(user_id, *command, unit_id=unit_id)
            text = inp.text.strip()
            if _PAYLOAD.fullmatch(text):
                return await self._button(user_id, text, unit_id=unit_id)
        reply = await service.intake_input(CHANNEL, user_id, inp, LANG)
        return reply or Reply("zalo.outside")

    async def _command(self, user_id: str, name: str, args: str, *, unit_id: int) -> Reply:
        service = self._feedback
        if name == "feedback":
            # The OA belongs to one ward: the citizen is not asked which ward again.
            return await service.start_intake(
                CHANNEL, user_id, user_id, LANG, default_unit_id=unit_id
            )
        if name in ("track", "dossier") and args and self._lookups is not None:
            wait = self._lookups.check(CHANNEL, user_id)
            if wait is not None:
                return wait
        args = args[:MAX_ARGUMENT]
        if name == "track":
            return await service.track(args, LANG) if args else Reply("zalo.track_usage")
        if name == "dossier":
            return await service.dossier(args, LANG) if args else Reply("zalo.dossier_usage")
        if name == "my_data":
            return await service.my_data(CHANNEL, user_id, LANG)
        if name == "erase":
            return service.erase_request()
        if name == "cancel":
            done = await service.cancel(CHANNEL, user_id)
            return Reply("feedback.cancelled" if done else "feedback.nothing_to_cancel")
        if name == "help":
            return Reply("zalo.help")
        return self._menu()

    async def _button(self, user_id: str, data: str, *, unit_id: int) -> Reply:
        """A button payload (the same data as Telegram's callback buttons)."""
        service = self._feedback
        if data.startswith("menu:"):
            item = data.removeprefix("menu:")
            if item == "feedback":
                return await self._command(user_id, "feedback", "", unit_id=unit_id)
            if item == "contact":
                return await self._desk_contact()
            return Reply("zalo.track_usage" if item == "track" else "zalo.dossier_usage")
        if data.startswith("rate:"):
            parts = data.split(":")
            stars = int(parts[2]) if len(parts) == 3 and parts[2].isdigit() else 0
            return await service.rate(CHANNEL, user_id, parts[1], stars)
        if data.startswith("reopen:"):
            await service.cancel(CHANNEL, user_id)
            return await service.reopen(CHANNEL, user_id, data.removeprefix("reopen:"))
        if data.startswith("info:"):
            return await service.begin_info(CHANNEL, user_id, data.removeprefix("info:"))
        if data == "erase:yes":
            return await service.erase(CHANNEL, user_id)
        if data == "erase:no":
            return Reply("erase.kept")
        reply = await service.intake_input(CHANNEL, user_id, intake.ChoiceInput(data), LANG)
        if reply is None and data == intake.SEND:
            reply = await service.already_filed(CHANNEL, user_id)
        return reply or Reply("button.old")

    def _menu(self) -> Reply:
        return Reply(
            "zalo.welcome",
            choices=tuple(Choice(f"menu:{item}", f"menu.{item}") for item in _MENU),
        )

    async def _desk_contact(self) -> Reply:
        lines = [
            t(
                LANG,
                "desk.info",
                unit=escape(u.name),
                address=escape(u.desk_address or "—"),
                hours=escape(u.desk_hours or "—"),
                saturday=t(LANG, "desk.saturday") if u.saturday_reception else "",
                hotline=escape(u.desk_hotline or "—"),
            )
            for u in await self._units.all()
            if u.kind == "ward" and (u.desk_address or u.desk_hotline)
        ]
        return Reply("\n\n".join(lines), raw=True) if lines else Reply("desk.none")

    async def _answer(self, user_id: str, reply: Reply, key: str) -> None:
        """Send a reply now; if Zalo can't take it now, the outbox delivers it later."""
        if reply.key == QUEUED_KEY:
            self._wake.set()  # already in the outbox, written with its cause
            return
        if reply.key == "feedback.filed":
            reply = replace(reply, values={**reply.values, "link": ""})  # t.me is Telegram's
        message = outgoing(reply, user_id, LANG)
        try:
            await self._sender.send(message, interactive=True)
        except SendError as err:
            if err.permanent:
                log.warning("Zalo reply to %s refused: %s", user_id, err.reason)
                return
            wait = err.retry_after or 0.0
            not_before = self._clock.now() + timedelta(seconds=wait)
            await self._outbox.enqueue(f"zalo:reply:{key}", message, not_before)
            self._wake.set()
