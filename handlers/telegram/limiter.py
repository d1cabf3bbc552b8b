"""Telegram's flood limits, with a person's replies served before the pushes.

Telegram allows about 30 messages a second overall, one a second in a chat (short bursts
pass) and 20 a minute in a group. PTB's `AIORateLimiter` puts every call with a `chat_id`
through one bucket in arrival order, chat actions included: a citizen's reply waits behind a
digest going to fifty officials. Here:

- only calls that put a message in a chat take a token (`send*` but `sendChatAction`,
  `copyMessage`, `forwardMessage`, `edit*`); chat actions, callback answers, menus pass;
- a push waits for its chat's own bucket first, so one busy chat never holds the others
  back; a reply takes the chat's token if there is one but never waits for it (a person who
  types fast is answered as fast; the pushes to that chat wait instead), except for Telegram's
  own limit in the chat while the bot is busy (a 429 would pause every send);
- the overall bucket is handed out by priority: replies (set by `as_reply()` around the
  handling of a person's update, or by the outbox for a reply row) before pushes, then in
  order of arrival; and a push never takes the second half of the burst, which stays for
  replies (the officers' notices of a filing used to fill it, so the replies after them
  counted as "busy" and kept their chat's 1/s);
- a `RetryAfter` pauses every send for the time asked (plus a margin), then tries again.

Two kinds of bucket. The policy buckets (aiolimiter's leaky buckets, per chat) say who waits
for whom: a push waits for its chat's, a reply does not. The limits themselves are kept by
`ServerBucket`s, one overall and one per chat, that follow Telegram's own token buckets as they
may stand at worst: a message is counted from the moment it may leave (it cannot reach Telegram
earlier) and its token is taken only when its answer comes (it cannot have reached Telegram
later). However late or bunched the messages travel, Telegram never sees more than its bucket
allows, so ours can run at Telegram's own rate, 30/s, where a plain bucket needs a margin for the
delivery jitter (at 29/s, a 200-user burst ran at 0,87x an echo bot's pace).
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import logging
import math
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
Result = bool | dict[str, Any] | list[dict[str, Any]]
Callback = Callable[..., Coroutine[Any, Any, Result]]
_CHATS_KEPT = 1024  # per-chat buckets kept before the idle ones are dropped

# Telegram's limits: 30 messages a second overall, one a second in a chat with short bursts (the
# stand-in, bot/standin/telegram.py, lets 3 pass as Telegram does), 20 a minute in a group.
TELEGRAM_RATE = 30.0
TELEGRAM_BURST = 30.0
CHAT_RATE = 1.0
CHAT_BURST = 3.0
GROUP_PER_MINUTE = 20.0


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


# A token short by less than this is whole: float rounding must not make a wait that the clock
# cannot even count (a start would spin on waits of 1e-16 s).
_TOLERANCE = 1e-9


class ServerBucket:
    """Telegram's token bucket for a limit (`rate` a second, bursts of `burst`) as it may stand
    at worst, given what we sent and when the answers came.

    A message is in flight from `start()`, when it may leave, to `end()`, when its answer
    came: somewhere in between Telegram counted it. Counting it as taken while it is in flight
    but taking its token only at `end()` is the worst case for the messages after it (a token
    taken later leaves a bucket that is full less of the time, so refills less), so a message
    that `wait_time()` lets start finds a token at Telegram whatever the delays. Telegram's
    bucket is taken to be full when this one is made (no other sender uses the token)."""

    def __init__(self, rate: float, burst: float, now: float) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be > 0 and burst >= 1")
        self.rate = rate
        self.burst = burst
        self._tokens = burst
        self._at = now
        self.in_flight = 0

    def _refill(self, now: float) -> None:
        if now > self._at:
            self._tokens = min(self.burst, self._tokens + (now - self._at) * self.rate)
            self._at = now

    def available(self, now: float) -> float:
        """Tokens Telegram has at least for a message starting at `now`."""
        self._refill(now)
        return self._tokens - self.in_flight

    def wait_time(self, now: float, keep: float = 0.0) -> float:
        """Seconds from `now` until a message may start leaving `keep` tokens after it: 0 if
        now, `math.inf` if not before an answer comes (so many in flight that even a full
        bucket would not do)."""
        need = 1.0 + keep - self.available(now)
        if need <= _TOLERANCE:
            return 0.0
        if self.in_flight + 1 + keep > self.burst:
            return math.inf
        return need / self.rate

    def start(self, now: float) -> None:
        """A message may leave from now on."""
        self._refill(now)
        self.in_flight += 1

    def end(self, now: float, *, sent: bool = True) -> None:
        """The message's answer came, or it failed on the way: its token is taken now (if
        `sent` is False it never left, and takes none)."""
        self._refill(now)
        self.in_flight = max(self.in_flight - 1, 0)
        if sent:
            # Never below empty: one sent past the limit found no token there (Telegram refuses
            # it, or its bucket held more than ours says), and a push after a quick run of
            # replies waits a second, not one per reply.
            self._tokens = max(self._tokens - 1, 0.0)

    def idle(self, now: float) -> bool:
        """Nothing in flight and the bucket full again: forgetting it loses nothing."""
        return self.in_flight == 0 and self.available(now) >= self.burst


class _Bucket:
    """A `ServerBucket` in the event loop: waits for a start, wakes on answers."""

    def __init__(self, rate: float, burst: float) -> None:
        self._loop = asyncio.get_running_loop()
        self.server = ServerBucket(rate, burst, self._loop.time())
        self._answered = asyncio.Event()

    async def start(self) -> None:
        """Wait until a message may leave, and count it as in flight."""
        await self.until_free(0.0)
        self.server.start(self._loop.time())

    async def until_free(self, keep: float) -> None:
        """Wait until a message could leave `keep` tokens after it."""
        while (wait := self.server.wait_time(self._loop.time(), keep)) > 0:
            self._answered.clear()
            # An answer frees a place when too many are in flight; otherwise time does.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._answered.wait(), None if math.isinf(wait) else wait)

    def free(self, keep: float) -> bool:
        """Whether a message could leave now and leave `keep` tokens after it."""
        return self.server.wait_time(self._loop.time(), keep) == 0

    def start_now(self) -> None:
        """Count a message as in flight without waiting (it may go past the limit)."""
        self.server.start(self._loop.time())

    def end(self, *, sent: bool = True) -> None:
        self.server.end(self._loop.time(), sent=sent)
        self._answered.set()

    def idle(self) -> bool:
        return self.server.idle(self._loop.time())

    def busy(self) -> bool:
        """Three quarters of the burst in use: the replies are queueing, or soon will (the
        pushes never take the second half: a reply or two in flight beside them is not
        "busy")."""
        return self.server.available(self._loop.time()) < self.server.burst / 4


class PriorityGate:
    """A lock handed to its waiters by (priority, arrival): the holder alone draws tokens."""

    def __init__(self) -> None:
        self._held = False
        self._waiting: list[tuple[int, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    @property
    def busy(self) -> bool:
        """Held, or waited for."""
        return self._held or bool(self._waiting)

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
    """Telegram's limits overall and per chat; replies before pushes; chat actions free."""

    def __init__(
        self,
        *,
        overall_rate: float = TELEGRAM_RATE,
        overall_burst: float = TELEGRAM_BURST - 3,
        chat_rate: float = 1.0,
        chat_burst: float = 2.0,
        chat_limit_rate: float = CHAT_RATE,
        chat_limit_burst: float = CHAT_BURST,
        group_per_minute: float = GROUP_PER_MINUTE,
        max_retries: int = 3,
    ) -> None:
        """`overall_*`: Telegram's overall bucket as we hold it (the rate is Telegram's; three
        tokens of its burst are left to senders we do not see: a `cchc-bot jobs run` on the same
        token, the last messages of the process before a restart). `chat_*`: what a push waits
        for in its chat. `chat_limit_*`, `group_per_minute`: Telegram's limits in a chat, which
        replies keep too."""
        self._overall_rate = overall_rate
        self._overall_burst = overall_burst
        self._chat_burst = chat_burst
        self._chat_period = chat_burst / chat_rate
        self._chat_limit = (chat_limit_rate, chat_limit_burst)
        self._group_per_minute = group_per_minute
        self._max_retries = max_retries
        self._gate = PriorityGate()
        self._overall: _Bucket | None = None  # made in the event loop, on first use
        self._chats: dict[int | str, tuple[AsyncLimiter, _Bucket]] = {}
        self._resume = asyncio.Event()
        self._resume.set()

    async def initialize(self) -> None:
        """Nothing to set up: the buckets are made on first use."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    def _busy(self) -> bool:
        """Messages wait for the overall limit, or three quarters of its burst are in use."""
        return self._gate.busy or self._overall_bucket().busy()

    def _overall_bucket(self) -> _Bucket:
        if self._overall is None:
            self._overall = _Bucket(self._overall_rate, self._overall_burst)
        return self._overall

    def _chat_buckets(self, chat_id: int | str) -> tuple[AsyncLimiter, _Bucket]:
        """The chat's policy bucket (a push waits for it) and its limit (every message does)."""
        buckets = self._chats.get(chat_id)
        if buckets is None:
            if len(self._chats) > _CHATS_KEPT:
                # Drop the buckets that are full again (idle for a while): no state is lost.
                self._chats = {
                    key: (policy, limit)
                    for key, (policy, limit) in self._chats.items()
                    if not (policy.has_capacity(policy.max_rate) and limit.idle())
                }
            if isinstance(chat_id, str) or chat_id < 0:
                per_minute = self._group_per_minute
                buckets = (AsyncLimiter(per_minute, 60.0), _Bucket(per_minute / 60.0, per_minute))
            else:
                buckets = (
                    AsyncLimiter(self._chat_burst, self._chat_period),
                    _Bucket(*self._chat_limit),
                )
            self._chats[chat_id] = buckets
        return buckets

    async def process_request(
        self,
        callback: Callback,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        """Take the chat's token (a push waits for it) and its place under Telegram's limit in
        the chat, then the overall one by priority; on `RetryAfter` pause everyone and try
        again (at most `max_retries` times)."""
        chat_id = data.get("chat_id")
        limited = chat_id is not None and counts_as_message(endpoint)
        retries = self._max_retries if rate_limit_args is None else rate_limit_args
        for attempt in range(retries + 1):
            await self._resume.wait()
            if not limited:
                result = await self._call(callback, args, kwargs)
            else:
                assert chat_id is not None
                with contextlib.suppress(ValueError, TypeError):
                    chat_id = int(chat_id)
                result = await self._send(callback, args, kwargs, chat_id, _priority.get())
            if not isinstance(result, RetryAfter):
                return result
            if attempt == retries:
                raise result
            await self._pause(retry_seconds(result))
        raise AssertionError("unreachable")  # pragma: no cover

    async def _call(
        self, callback: Callback, args: Any, kwargs: dict[str, Any]
    ) -> Result | RetryAfter:
        """The call's result, or the `RetryAfter` it raised."""
        try:
            return await callback(*args, **kwargs)
        except RetryAfter as err:
            return err

    async def _send(
        self,
        callback: Callback,
        args: Any,
        kwargs: dict[str, Any],
        chat_id: int | str,
        priority: int,
    ) -> Result | RetryAfter:
        """One message under the limits: the chat's, then the overall one by priority."""
        policy, chat = self._chat_buckets(chat_id)
        if priority == PUSH:
            await policy.acquire()
        elif policy.has_capacity():
            # A reply takes the chat's token when there is one, and never waits for it: a
            # person typing fast is answered as fast; the pushes to that chat wait instead.
            await policy.acquire()
        # Telegram's own limit in the chat: a push keeps it, and so does a reply while the bot
        # is busy, when a 429 would pause every send and the wait costs nobody else anything
        # (the overall tokens go to other chats; in a burst of 200 users, a chat whose person
        # answered at once kept its inbox worker and was served at 2 a second, past Telegram's
        # burst). A reply while the bot is quiet goes at once, as Telegram lets a short burst
        # in a chat pass (a 429 is waited out below).
        if priority == PUSH or self._busy():
            await chat.start()
        else:
            chat.start_now()
        overall: _Bucket | None = None
        result: Result | RetryAfter | None = None
        try:
            overall = await self._overall_token(priority)
            result = await self._call(callback, args, kwargs)
            return result
        finally:
            # Answered, failed or cancelled on the way: Telegram may have counted it. Refused
            # with a 429, or cancelled before it left: it took no token there.
            taken = overall is not None and not isinstance(result, RetryAfter)
            if overall is not None:
                overall.end(sent=taken)
            chat.end(sent=taken)

    async def _overall_token(self, priority: int) -> _Bucket:
        """The message's place under the overall limit: a reply's as soon as the bucket has a
        token (by priority, then arrival); a push's once half the burst would stay free after
        it. A push waits for that outside the gate, so a reply is never held behind it."""
        bucket = self._overall_bucket()
        keep = min(self._overall_burst / 2, self._overall_burst - 1) if priority == PUSH else 0.0
        while True:
            if keep:
                await bucket.until_free(keep)
            async with self._gate.hold(priority):  # a reply waits for its token in here
                if keep and not bucket.free(keep):
                    continue  # a reply (or another push) took it meanwhile: wait again
                await bucket.start()
                return bucket

    async def _pause(self, seconds: float) -> None:
        wait = seconds + 0.1
        log.info("Telegram asks to wait %.1f s; every send pauses", wait)
        self._resume.clear()
        try:
            await asyncio.sleep(wait)
        finally:
            self._resume.set()
