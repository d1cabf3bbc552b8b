"""The one deliverer of the outbox: sends due rows in order per recipient, paced, with retries."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Hashable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import Enum

from bot.clock import Clock
from bot.domain.messages import OutboxItem, OutboxState
from bot.domain.notices import GROUP_MAX, GROUP_WINDOW, groupable, grouped
from bot.ports import OutboxGroups, OutboxSchedule, OutboxStore, Sender, SendError

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
OnDead = Callable[[OutboxItem, str], Awaitable[None]]
OnSent = Callable[[OutboxItem, datetime], Awaitable[None]]
# How long a row for a channel without a sender waits before it is looked at again.
_NO_SENDER_DELAY = timedelta(minutes=10)
# Shortest wait honoured for a `retry_after` (a channel asking for 0 s must not spin us).
_MIN_RETRY_AFTER = 1.0


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    """What one `deliver_due()` did."""

    sent: int = 0
    retried: int = 0  # failed for now, pending again with a later not_before
    dead: int = 0  # refused for good or out of attempts
    skipped: int = 0  # no sender for the row's channel


class _Outcome(Enum):
    SENT = "sent"
    RETRY = "retry"
    DEAD = "dead"
    SKIPPED = "skipped"
    STOPPED = "stopped"  # not tried: the bot is stopping (the row stays pending)


class RecipientPacer:
    """When each recipient's next send may go: at least `min_interval` seconds after the last
    one ended (the deliverer waits for that turn, see `Deliverer.deliver_due`)."""

    _PRUNE_ABOVE = 10_000

    def __init__(self, clock: Clock, min_interval: float = 1.0):
        if min_interval < 0:
            raise ValueError("min_interval must be >= 0")
        self._clock = clock
        self._interval = timedelta(seconds=min_interval)
        self._last: dict[Hashable, datetime] = {}

    def remaining(self, key: Hashable) -> float:
        """Seconds until a send to `key` respects the interval (0 when it may go now)."""
        last = self._last.get(key)
        if last is None:
            return 0.0
        return max((last + self._interval - self._clock.now()).total_seconds(), 0.0)

    def record(self, key: Hashable) -> None:
        """Note that a send to `key` just ended."""
        now = self._clock.now()
        self._last[key] = now
        if len(self._last) > self._PRUNE_ABOVE:
            cutoff = now - self._interval
            self._last = {k: t for k, t in self._last.items() if t > cutoff}


class Deliverer:
    """Drains the outbox through the channel senders, honouring order, pacing and backoff."""

    def __init__(
        self,
        store: OutboxStore,
        senders: Mapping[str, Sender],
        clock: Clock,
        *,
        max_attempts: int = 8,
        base_backoff: float = 2.0,
        max_backoff: float = 600.0,
        batch: int = 50,
        on_dead: OnDead | None = None,
        on_sent: OnSent | None = None,
        min_interval: float = 1.0,
        sleep: Sleep = asyncio.sleep,
        concurrency: int = 16,
    ) -> None:
        if max_attempts < 1 or batch < 1 or concurrency < 1:
            raise ValueError("max_attempts, batch and concurrency must be >= 1")
        self._store = store
        self._senders = dict(senders)
        self._clock = clock
        self._max_attempts = max_attempts
        self._base_backoff = base_backoff
        self._max_backoff = max_backoff
        self._batch = batch
        self._on_dead = on_dead
        self._on_sent = on_sent
        self._pacer = RecipientPacer(clock, min_interval)
        self._sleep = sleep
        self._wake: asyncio.Event | None = None  # run()'s: a row was queued meanwhile
        self._slots = asyncio.Semaphore(concurrency)
        self._last_look: datetime | None = None
        self._stop: asyncio.Event | None = None
        # One pass at a time: a pass that read a row as due while another was sending it
        # (its mark not yet committed) would send it again.
        self._passing = asyncio.Lock()

    def _stopping(self) -> bool:
        return self._stop is not None and self._stop.is_set()

    def backoff(self, attempts: int) -> float:
        """Seconds to wait after the `attempts`-th failed attempt (1-based), capped."""
        return float(min(self._max_backoff, self._base_backoff * 2 ** max(attempts - 1, 0)))

    async def deliver_due(self) -> DeliveryReport:
        """Try every row due now once; rounds send the next row of each recipient concurrently.
        A push to someone who had a message less than `min_interval` ago waits for its turn
        outside the round, so that the others' rows (a filing confirmation queued meanwhile)
        are not held behind it. A call while another pass of this deliverer is under way (the run
        loop's, and a direct call's) waits for it to end, then makes its own."""
        async with self._passing:
            return await self._pass()

    async def _pass(self) -> DeliveryReport:
        counts = dict.fromkeys(_Outcome, 0)
        tried: set[int] = set()
        held: set[tuple[str, str]] = set()  # recipients whose row failed: the rest waits
        # When each paced recipient's turn comes, on the loop's clock: its wait is slept once,
        # whatever the bot's clock does meanwhile (a frozen one in the demo and the tests).
        loop = asyncio.get_running_loop()
        turns: dict[tuple[str, str], float] = {}
        while not self._stopping():
            now = self._clock.now()
            self._last_look = now
            # Each held recipient can bring back at most its one failed row: ask for that many more.
            rows = await self._store.due(now, self._batch + len(held))
            round_: dict[tuple[str, str], OutboxItem] = {}
            paced: dict[tuple[str, str], float] = {}  # recipients whose next row must wait
            for item in rows:
                who = (item.message.channel, item.message.recipient)
                if item.id in tried or who in held or who in round_ or who in paced:
                    continue
                # A reply answers what the person just did: it is not held a second behind
                # the last message to them (the Telegram limiter lets a reply pass).
                wait = 0.0 if item.message.reply else self._pacer.remaining(who)
                if wait > 0:
                    at = loop.time()
                    turn = turns.setdefault(who, at + wait)
                    if at < turn:
                        paced[who] = turn - at
                        continue
                turns.pop(who, None)  # its turn: the next row of theirs waits its own
                round_[who] = item
                if len(round_) >= self._batch:
                    break
            if not round_:
                if not paced:
                    break
                await self._pause(min(paced.values()))
                continue
            items = list(round_.values())
            tried.update(item.id for item in items)
            results = await asyncio.gather(
                *(self._deliver_one(item) for item in items), return_exceptions=True
            )
            failure: BaseException | None = None
            for item, result in zip(items, results, strict=True):
                if isinstance(result, BaseException):
                    failure = failure or result
                    held.add((item.message.channel, item.message.recipient))
                    continue
                counts[result] += 1
                if result in (_Outcome.RETRY, _Outcome.SKIPPED, _Outcome.STOPPED):
                    held.add((item.message.channel, item.message.recipient))
            if failure is not None:
                raise failure
        return DeliveryReport(
            sent=counts[_Outcome.SENT],
            retried=counts[_Outcome.RETRY],
            dead=counts[_Outcome.DEAD],
            skipped=counts[_Outcome.SKIPPED],
        )

    async def _deliver_one(self, item: OutboxItem) -> _Outcome:
        message = item.message
        sender = self._senders.get(message.channel)
        if sender is None:
            log.warning("outbox %s: no sender for channel %r", item.key, message.channel)
            await self._store.mark_retry(
                item.id,
                item.attempts,
                self._clock.now() + _NO_SENDER_DELAY,
                f"no sender for channel {message.channel!r}",
            )
            return _Outcome.SKIPPED
        who = (message.channel, message.recipient)
        async with self._slots:
            if self._stopping():
                return _Outcome.STOPPED  # between messages: the rest stays pending
            together = await self._together(item)
            try:
                message_id = await sender.send(grouped([i.message for i in together]))
            except SendError as err:
                return await self._failed(item, err)
            except Exception as err:  # a bug or an unmapped error: retried, then given up
                log.exception("outbox %s: unexpected error from the %s sender", item.key, who[0])
                return await self._failed(item, SendError(repr(err), permanent=False))
            finally:
                self._pacer.record(who)
        sent_at = self._clock.now()
        if len(together) == 1:
            await self._store.mark_sent(item.id, sent_at, message_id)
        else:
            assert isinstance(self._store, OutboxGroups)
            await self._store.mark_sent_together([i.id for i in together], sent_at, message_id)
        if self._on_sent is not None:
            for sent in together:
                try:
                    await self._on_sent(sent, sent_at)
                except Exception:
                    log.exception("outbox %s: on_sent callback failed", sent.key)
        return _Outcome.SENT

    async def _pause(self, seconds: float) -> None:
        """Wait `seconds` for a paced recipient's turn, or less: until a row is queued (then
        the rows due are read again) or the bot stops."""
        wake, stop = self._wake, self._stop
        if wake is None or stop is None:
            await self._sleep(seconds)
            return
        if wake.is_set():
            wake.clear()  # what was queued until now is read at once
            return
        waiters = [
            asyncio.ensure_future(self._sleep(seconds)),
            asyncio.ensure_future(wake.wait()),
            asyncio.ensure_future(stop.wait()),
        ]
        try:
            await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()
            await asyncio.gather(*waiters, return_exceptions=True)
        wake.clear()

    async def _together(self, item: OutboxItem) -> list[OutboxItem]:
        """The row and the recipient's next notices due within a minute that go with it (see
        bot.domain.notices); just the row when it is not a notice."""
        if not groupable(item.message) or not isinstance(self._store, OutboxGroups):
            return [item]
        message = item.message
        try:
            later = await self._store.following(
                message.channel,
                message.recipient,
                item.id,
                self._clock.now() + GROUP_WINDOW,
                GROUP_MAX - 1,
            )
        except Exception:
            log.exception("outbox %s: could not read the notices that go with it", item.key)
            return [item]
        together = [item]
        for other in later:
            if not groupable(other.message) or other.message.lang != message.lang:
                break  # order is kept: a different message ends the group
            together.append(other)
        return together

    async def _failed(self, item: OutboxItem, err: SendError) -> _Outcome:
        now = self._clock.now()
        reason = err.reason or type(err).__name__
        if err.permanent:
            return await self._dead(item, item.attempts + 1, f"refused: {reason}")
        if err.retry_after is not None:
            # The channel said when to come back: not the message's fault, not counted.
            wait = max(float(err.retry_after), _MIN_RETRY_AFTER)
            log.info("outbox %s: channel asks to wait %.1f s", item.key, wait)
            await self._store.mark_retry(
                item.id, item.attempts, now + timedelta(seconds=wait), f"retry after {wait:g} s"
            )
            return _Outcome.RETRY
        attempts = item.attempts + 1
        if attempts >= self._max_attempts:
            return await self._dead(item, attempts, f"gave up after {attempts} attempts: {reason}")
        delay = self.backoff(attempts)
        log.info(
            "outbox %s: attempt %d failed (%s); next in %.0f s", item.key, attempts, reason, delay
        )
        await self._store.mark_retry(item.id, attempts, now + timedelta(seconds=delay), reason)
        return _Outcome.RETRY

    async def _dead(self, item: OutboxItem, attempts: int, reason: str) -> _Outcome:
        log.warning("outbox %s: dead (%s)", item.key, reason)
        await self._store.mark_dead(item.id, attempts, reason)
        if self._on_dead is not None:
            dead = replace(item, state=OutboxState.DEAD, attempts=attempts, last_error=reason)
            try:
                await self._on_dead(dead, reason)
            except Exception:
                log.exception("outbox %s: on_dead callback failed", item.key)
        return _Outcome.DEAD

    async def run(
        self, stop: asyncio.Event, wake: asyncio.Event, idle_interval: float = 2.0
    ) -> None:
        """Deliver, then wait for `wake`, the next due row or `idle_interval`; until `stop`.
        Once `stop` is set no new message is started: the ones in flight end, the rest stays
        pending (a shutdown takes seconds whatever the backlog)."""
        self._stop = stop
        self._wake = wake
        while not stop.is_set():
            wake.clear()  # before delivering: a row enqueued meanwhile wakes the next wait
            try:
                await self.deliver_due()
            except Exception:
                log.exception("outbox delivery failed; trying again later")
            if stop.is_set():
                break
            await _first_of(stop, wake, await self._idle_for(idle_interval))

    async def _idle_for(self, idle_interval: float) -> float:
        """Seconds until the next pending row falls due, at most `idle_interval`."""
        if not isinstance(self._store, OutboxSchedule):
            return idle_interval
        after = self._last_look or self._clock.now()
        try:
            upcoming = await self._store.next_not_before(after)
        except Exception:
            log.exception("outbox: could not read the next due time")
            return idle_interval
        if upcoming is None:
            return idle_interval
        return min(idle_interval, max((upcoming - self._clock.now()).total_seconds(), 0.0))


async def _first_of(stop: asyncio.Event, wake: asyncio.Event, seconds: float) -> None:
    """Return when either event is set or after `seconds`."""
    waiters = [asyncio.create_task(stop.wait()), asyncio.create_task(wake.wait())]
    try:
        await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
        for waiter in waiters:
            with contextlib.suppress(asyncio.CancelledError):
                await waiter
