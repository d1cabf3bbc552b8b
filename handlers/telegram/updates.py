"""Telegram updates into the durable inbox and out of it into PTB.

Polling: our own long-poll loop over `Bot.get_updates`. Telegram drops the updates below the
`offset` of a call, so the offset of the next call moves past a batch only once that batch is
stored: a crash at any moment loses nothing Telegram was told we have (PTB's Updater confirms
on its next poll, before the updates are handled). The workers (bot.services.inbox) hand each
stored update to `Application.process_update`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Mapping, Sequence
from contextvars import ContextVar
from http import HTTPStatus
from typing import Any

from telegram import Bot, Update
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from telegram.request import HTTPXRequest

from bot.clock import Clock
from bot.domain.updates import InboundUpdate, InboxItem
from bot.ports import InboxEntrance
from bot.services.inbox import MAX_ATTEMPTS, Handle
from handlers.telegram.context import BotApplication
from handlers.telegram.limiter import as_reply
from handlers.telegram.limiter import retry_seconds as _retry_seconds

log = logging.getLogger(__name__)

CHANNEL = "telegram"
_BACKOFF = (1.0, 2.0, 5.0, 10.0, 30.0)


def bot_key(bot: Bot) -> str:
    """The ledger's name for this bot: update ids restart with a new bot, not with a new token
    of the same bot (the id is the token's first part)."""
    return f"{CHANNEL}:{bot.id}"


def inbound(update: Update, key: str, raw: Mapping[str, Any] | None = None) -> InboundUpdate:
    """An update as the inbox stores it (`raw`, the JSON it came as, when known: PTB's
    `to_dict()` of it costs more than the rest of storing it); a chat's updates are handled
    in order."""
    chat = update.effective_chat
    user = update.effective_user
    if chat is not None:
        conversation = f"{CHANNEL}:{chat.id}"
    elif user is not None:
        conversation = f"{CHANNEL}:{user.id}"
    else:
        conversation = f"{CHANNEL}:update:{update.update_id}"
    data = raw if raw is not None else update.to_dict()
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return InboundUpdate(key, str(update.update_id), conversation, payload)


class RawUpdatesRequest(HTTPXRequest):
    """The request `getUpdates` goes through: keeps the last answer's updates as they came,
    which the poller stores (so it never turns PTB's objects back into JSON)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._body: bytes | None = None

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        self._body = None
        status, body = await super().do_request(*args, **kwargs)
        if status == HTTPStatus.OK:
            self._body = body
        return status, body

    def take(self) -> dict[int, Mapping[str, Any]]:
        """The last answer's updates by id (empty if it is not at hand or not as expected)."""
        body, self._body = self._body, None
        if body is None:
            return {}
        try:
            result = json.loads(body).get("result")
        except (ValueError, AttributeError):
            return {}
        if not isinstance(result, list):
            return {}
        return {
            item["update_id"]: item
            for item in result
            if isinstance(item, dict) and isinstance(item.get("update_id"), int)
        }


class TransientFailure(Exception):
    """A reply could not be sent for now (5xx, a timeout): the inbox tries the update again."""


# Set while the inbox workers run an update through PTB: where the error handler leaves a
# transient send failure for the worker to see (None on the last attempt: it is reported then).
_transient: ContextVar[list[BaseException] | None] = ContextVar("cchc_transient", default=None)


def is_transient(error: BaseException | None) -> bool:
    """A failure worth trying the whole update again for: Telegram or the network was down."""
    if isinstance(error, RetryAfter):
        return True  # still flood-limited after the rate limiter's own retries
    return isinstance(error, NetworkError) and not isinstance(error, BadRequest)


def defer_if_transient(error: BaseException | None) -> bool:
    """Called by the error handler: True when the inbox will try this update again (so the
    user is not told of an error, and the admins are not alerted)."""
    box = _transient.get()
    if box is None or error is None or not is_transient(error):
        return False
    box.append(error)
    return True


class ParsedUpdates:
    """The updates this process polled, as PTB parsed them, until a worker takes them: an
    update is then not parsed a second time from its stored JSON (after a restart it is)."""

    def __init__(self, capacity: int = 5000) -> None:
        self._capacity = capacity
        self._updates: dict[tuple[str, str], Update] = {}

    def keep(self, key: str, updates: Sequence[Update]) -> None:
        for update in updates:
            if len(self._updates) >= self._capacity:
                self._updates.pop(next(iter(self._updates)))  # the oldest: parsed again later
            self._updates[(key, str(update.update_id))] = update

    def take(self, item: InboxItem) -> Update | None:
        return self._updates.pop((item.bot, item.update_id), None)


def handler(app: BotApplication, parsed: ParsedUpdates | None = None) -> Handle:
    """Hand a stored update to PTB (its handlers, its error handler); a transient send
    failure makes the update fail, so that the workers try it again later."""

    async def handle(item: InboxItem) -> None:
        update = parsed.take(item) if parsed is not None else None
        if update is None:
            update = Update.de_json(json.loads(item.payload), app.bot)
        box: list[BaseException] | None = [] if item.attempts + 1 < MAX_ATTEMPTS else None
        token = _transient.set(box)
        try:
            with as_reply():  # what the handlers send answers this person: it goes first
                await app.process_update(update)
        finally:
            _transient.reset(token)
        if box:
            raise TransientFailure(f"{type(box[0]).__name__}: {box[0]}")

    return handle


class Poller:
    """Long polling that confirms a batch to Telegram only after the batch is stored."""

    def __init__(
        self,
        bot: Bot,
        store: InboxEntrance,
        clock: Clock,
        *,
        timeout: int = 10,
        allowed_updates: Sequence[str] = (),
        parsed: ParsedUpdates | None = None,
        raw: RawUpdatesRequest | None = None,
    ) -> None:
        """`raw`: the bot's `get_updates_request`, if it is one (the updates are then stored
        as they came)."""
        self._bot = bot
        self._raw = raw
        self._parsed = parsed
        self._store = store
        self._clock = clock
        self._timeout = timeout
        self._allowed = list(allowed_updates)
        self.offset: int | None = None

    async def run(self, stop: asyncio.Event) -> None:
        """Poll until `stop`; an error waits and polls again with the same offset."""
        key = bot_key(self._bot)
        failures = 0
        while not stop.is_set():
            try:
                updates = await self._poll(stop)
                if updates is None:
                    break
                if updates:
                    came = self._raw.take() if self._raw is not None else {}
                    batch = [inbound(u, key, came.get(u.update_id)) for u in updates]
                    await self._store.store(batch, self._clock.now())
                    if self._parsed is not None:
                        self._parsed.keep(key, updates)
                    # Stored: the next call's offset confirms them to Telegram.
                    self.offset = max(u.update_id for u in updates) + 1
                failures = 0
            except RetryAfter as err:
                await _pause(stop, _retry_seconds(err))
            except (InvalidToken, Forbidden):
                log.error("Telegram refused the bot token; polling stops")
                raise
            except Conflict:
                log.warning("another process polls with this token; waiting")
                await _pause(stop, _BACKOFF[-1])
            except Exception as err:
                # A network error, a 5xx, a locked database: the batch was not confirmed.
                pause = _BACKOFF[min(failures, len(_BACKOFF) - 1)]
                failures += 1
                log.warning("polling failed (%s); again in %.0f s", type(err).__name__, pause)
                await _pause(stop, pause)

    async def _poll(self, stop: asyncio.Event) -> tuple[Update, ...] | None:
        """One getUpdates, abandoned (unconfirmed, so nothing is lost) when `stop` is set."""
        call = asyncio.create_task(
            self._bot.get_updates(
                offset=self.offset, timeout=self._timeout, allowed_updates=self._allowed
            )
        )
        stopping = asyncio.create_task(stop.wait())
        try:
            await asyncio.wait([call, stopping], return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopping.cancel()
        if not call.done():
            call.cancel()
            await asyncio.gather(call, return_exceptions=True)
            return None
        return call.result()


async def _pause(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
