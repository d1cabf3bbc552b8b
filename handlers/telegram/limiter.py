"""Telegram's flood limits, with a person's replies served before the pushes.

Telegram allows about 30 messages a second overall, one a second in a chat (short bursts
pass) and 20 a minute in a group. PTB's `AIORateLimiter` puts every call with a `chat_id`
through one bucket in arrival order, chat actions included: a citizen's reply waits behind a
digest going to fifty officials. Here:

- only calls that put a message in a chat take a token (`send*` but `sendChatAction`,
  `copyMessage`, `forwardMessage`, `edit*`); chat actions, callback answers, menus pass;
- a push waits for its chat's own bucket first, so one busy chat never holds the others
  back; a reply takes the chat's token if there is one but never waits for it (a person who
  types fast is answered as fast; the pushes to that chat wait instead);
- the overall bucket is handed out by priority: replies (set by `as_reply()` around the
  handling of a person's update, or by the outbox for a reply row) before pushes, then in
  order of arrival;
- a `RetryAfter` pauses every send for the time asked (plus a margin), then tries again.

The buckets are aiolimiter's leaky buckets; this module only adds the order.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import logging
import warnings
from collections.abc import Callable, Coroutine, Iterator
from contextvars import ContextVar
from datetime import timedelta
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

REPLY = 0
PUSH = 1
_priority: ContextVar[int] = ContextVar("cchc_send_priority", default=PUSH)

# Methods that put a message in a chat; everything else is not counted.
_MESSAGE_PREFIXES = ("send", "copyMessage", "forwardMessage", "editMessage")
_NOT_MESSAGES = frozenset({"sendChatAction"})
_CHATS_KEPT = 1024  # per-chat buckets kept before the idle ones are dropped


@contextlib.contextmanager
def as_reply(reply: bool = True) -> Iterator[None]:
    """Within this block, messages sent are replies to a person (or pushes if `reply` is
    False)."""
    token = _priority.set(REPLY if reply else PUSH)
    try:
        yield
    finally:
        _priority.reset(token)


def retry_seconds(err: RetryAfter) -> float:
    """The wait Telegram asked for, in seconds."""
    with warnings.catch_warnings():  # PTB warns about the int form until PTB_TIMEDELTA is set
        warnings.simplefilter("ignore")
        value = err.retry_after
    if isinstance(value, timedelta):
        return value.total_seconds()
    return float(value)


def counts_as_message(endpoint: str) -> bool:
    return endpoint.startswith(_MESSAGE_PREFIXES) and endpoint not in _NOT_MESSAGES


class PriorityGate:
    """A lock handed to its waiters by (priority, arrival): the holder alone draws tokens."""

    def __init__(self) -> None:
        self._held = False
        self._waiting: list[tuple[int, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    @contextlib.asynccontextmanager
    async def hold(self, priority: int) -> Any:
        await self._acquire(priority)
        try:
            yield
        finally:
            self._release()

    async def _acquire(self, priority: int) -> None:
        if not self._held and not self._waiting:
            self._held = True
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (priority, next(self._order), future))
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self._release()  # granted just as we were cancelled: pass it on
            raise

    def _release(self) -> None:
        while self._waiting:
            _, _, future = heapq.heappop(self._waiting)
            if not future.done():
                future.set_result(None)  # stays held, now by that waiter
                return
        self._held = False


class PriorityRateLimiter(BaseRateLimiter[int]):
    """Overall and per-chat leaky buckets; replies before pushes; chat actions free."""

    def __init__(
        self,
        *,
        overall_rate: float = 29.0,
        overall_burst: float = 25.0,
        chat_rate: float = 1.0,
        chat_burst: float = 2.0,
        group_per_minute: float = 20.0,
        max_retries: int = 3,
    ) -> None:
        # AsyncLimiter(n, t): bursts of n, then n per t seconds.
        self._overall = AsyncLimiter(overall_burst, overall_burst / overall_rate)
        self._chat_burst = chat_burst
        self._chat_period = chat_burst / chat_rate
        self._group_per_minute = group_per_minute
        self._max_retries = max_retries
        self._gate = PriorityGate()
        self._chats: dict[int | str, AsyncLimiter] = {}
        self._resume = asyncio.Event()
        self._resume.set()

    async def initialize(self) -> None:
        """Nothing to set up: the buckets are made on first use."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    def _chat_limiter(self, chat_id: int | str) -> AsyncLimiter:
        limiter = self._chats.get(chat_id)
        if limiter is None:
            if len(self._chats) > _CHATS_KEPT:
                # Drop the buckets that are full again (idle for a while): no state is lost.
                self._chats = {
                    key: bucket
                    for key, bucket in self._chats.items()
                    if not bucket.has_capacity(bucket.max_rate)
                }
            group = isinstance(chat_id, str) or chat_id < 0
            limiter = (
                AsyncLimiter(self._group_per_minute, 60.0)
                if group
                else AsyncLimiter(self._chat_burst, self._chat_period)
            )
            self._chats[chat_id] = limiter
        return limiter

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Take the chat's token (a push waits for it), then the overall one by priority; on
        `RetryAfter` pause everyone and try again (at most `max_retries` times)."""
        chat_id = data.get("chat_id")
        limited = chat_id is not None and counts_as_message(endpoint)
        retries = self._max_retries if rate_limit_args is None else rate_limit_args
        for attempt in range(retries + 1):
            await self._resume.wait()
            if limited:
                assert chat_id is not None
                with contextlib.suppress(ValueError, TypeError):
                    chat_id = int(chat_id)
                priority = _priority.get()
                chat = self._chat_limiter(chat_id)
                if priority == PUSH:
                    await chat.acquire()
                elif chat.has_capacity():
                    # A reply takes the chat's token when there is one, and never waits for
                    # it: a person typing fast is answered as fast (Telegram lets short bursts
                    # pass; a 429 is waited out below); the pushes to that chat wait instead.
                    await chat.acquire()
                async with self._gate.hold(priority):
                    await self._overall.acquire()
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as err:
                if attempt == retries:
                    raise
                await self._pause(retry_seconds(err))
        raise AssertionError("unreachable")  # pragma: no cover

    async def _pause(self, seconds: float) -> None:
        wait = seconds + 0.1
        log.info("Telegram asks to wait %.1f s; every send pauses", wait)
        self._resume.clear()
        try:
            await asyncio.sleep(wait)
        finally:
            self._resume.set()
