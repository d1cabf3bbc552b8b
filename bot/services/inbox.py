"""The inbox workers: handle stored updates in order per chat, concurrently across chats.

A channel stores each update before it acknowledges it, through the `InboxDoor`: the update
is stored, then offered to the workers of this process, which start on a chat's first pending
update at once (the inbox is read back only at start, when a chat has more, after a retry, when
a worker is freed and every few seconds). The workers hand each update to the channel's handler
and mark it done right after, in one statement. A crash between the handler and the mark means
the update is handled again at the next start: handlers keep that safe (the ledger, idempotency
keys on the outbox, a filed draft shows its code).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.domain.updates import InboundUpdate, InboxItem, StoredUpdate
from bot.ports import InboxStore

log = logging.getLogger(__name__)

Handle = Callable[[InboxItem], Awaitable[None]]
OnHandled = Callable[[InboxItem], None]

# How many tries an update gets, and how long one that failed waits before the next.
MAX_ATTEMPTS = 5
_RETRY_BASE = timedelta(seconds=2)
_RETRY_MAX = timedelta(minutes=5)
# Marking an update done is retried in the background (a locked database passes).
_MARK_RETRIES = (0.2, 0.5, 1.0, 2.0, 5.0, 10.0)


class InboxWorkers:
    """Drains the inbox through one handler per channel ('telegram', 'zalo')."""

    def __init__(
        self,
        store: InboxStore,
        handlers: Mapping[str, Handle],
        clock: Clock,
        *,
        concurrency: int = 16,
        max_attempts: int = MAX_ATTEMPTS,
        batch: int = 200,
        on_handled: OnHandled | None = None,
        wake: asyncio.Event | None = None,
    ) -> None:
        if concurrency < 1 or max_attempts < 1 or batch < 1:
            raise ValueError("concurrency, max_attempts and batch must be >= 1")
        self._store = store
        self._handlers = dict(handlers)
        self._clock = clock
        self._concurrency = concurrency
        self._max_attempts = max_attempts
        self._batch = batch
        self._on_handled = on_handled
        self._chats: dict[str, asyncio.Task[None]] = {}
        # Chats being handled that were stored more of meanwhile (their next is read, not
        # guessed); whether a chat's first update waits for a free worker; the run's state.
        self._fresh: set[str] = set()
        self._held_back = False
        self._held_offers = 0
        self._running = False
        self._dispatching = False
        # Handled, but the done mark is still being written: never handled again meanwhile.
        self._unmarked: set[int] = set()
        # Marked done, failed or put off while the inbox's read was under way: that read may
        # have begun before the mark committed, and must not start them again.
        self._changed_during_read: set[int] = set()
        self._marking: set[asyncio.Task[None]] = set()
        self.wake = wake or asyncio.Event()
        self._stop = asyncio.Event()
        self._settled = asyncio.Condition()

    async def run(self, stop: asyncio.Event, *, idle_interval: float = 5.0) -> None:
        """Handle what is pending (what a crash left first), then whatever arrives; until
        `stop`. Each chat finishes the update in hand; the rest stays pending for next time."""
        self._stop = stop
        self._running = True
        try:
            while not stop.is_set():
                self._dispatching = True
                self.wake.clear()
                try:
                    await self._dispatch()
                except Exception:
                    log.exception("inbox: could not read pending updates; trying again")
                finally:
                    self._dispatching = False
                    async with self._settled:
                        self._settled.notify_all()
                await self._wait(stop, idle_interval)
        finally:
            self._running = False
            await self._finish()

    def offer(self, stored: Sequence[StoredUpdate]) -> None:
        """Updates this process has just stored: a chat's first pending one is handled at once,
        without reading the inbox back; a chat being handled goes on to its next; a chat whose
        older update waits for a retry keeps waiting (the order of a chat is kept)."""
        for update in stored:
            chat = update.item.chat
            if chat in self._chats:
                self._fresh.add(chat)
            elif not update.first or not self._running or self._stop.is_set():
                continue  # an older one goes first; or the first dispatch will read it
            elif self._held_back or len(self._chats) >= self._concurrency:
                # Read when a worker is free, in the inbox's order: behind the chats already
                # waiting, not before them.
                self._held_back = True
                self._held_offers += 1
                if len(self._chats) < self._concurrency:
                    self.wake.set()  # a worker is free now: the next read gives it the oldest
            else:
                self._start(update.item, offered=True)

    def _start(self, item: InboxItem, *, offered: bool) -> None:
        task = asyncio.create_task(self._drain_chat(item, offered), name=f"inbox {item.chat}")
        self._chats[item.chat] = task

    async def _dispatch(self) -> None:
        if len(self._chats) >= self._concurrency:
            self._held_back = True
            return
        # "Held back" stays said while the read is under way (a chat going on meanwhile would
        # keep its worker from the chats waiting), and after it unless every waiting chat got
        # a worker and no chat's first update was held back meanwhile.
        held_before = self._held_offers
        full = False
        self._changed_during_read.clear()
        pending = await self._store.pending(self._clock.now(), self._batch)
        changed, self._changed_during_read = self._changed_during_read, set()
        for item in pending:
            if len(self._chats) >= self._concurrency:
                full = True
                break
            if item.chat in self._chats or item.id in self._unmarked or item.id in changed:
                continue
            self._start(item, offered=False)
        self._held_back = full or self._held_offers != held_before

    async def _wait(self, stop: asyncio.Event, seconds: float) -> None:
        waiters = [asyncio.create_task(stop.wait()), asyncio.create_task(self.wake.wait())]
        try:
            await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()
            for waiter in waiters:
                with contextlib.suppress(asyncio.CancelledError):
                    await waiter

    async def _drain_chat(self, item: InboxItem, offered: bool) -> None:
        """Handle one chat's updates one after the other. A chat started from an offer had
        nothing older stored, and what is stored after it is offered: its next is read only
        once something was; a chat started from the inbox (what a crash or a retry left)
        reads it every time."""
        chat = item.chat
        current: InboxItem | None = item
        reading = not offered  # from the first update stored meanwhile, until none is left
        try:
            while current is not None and not self._stop.is_set():
                if not await self._handle(current):
                    break  # failed: the rest of this chat waits for its retry
                if self._held_back:
                    # Other chats wait for a worker: this one goes back in line (the inbox's
                    # read gives each chat's oldest update, oldest first), not on and on.
                    break
                expected = chat in self._fresh
                if not reading and not expected:
                    break  # nothing newer of this chat was stored meanwhile
                reading = True
                self._fresh.discard(chat)
                current = await self._store.next_in_chat(chat, current.id, self._clock.now())
                while current is not None and current.id in self._unmarked:
                    current = await self._store.next_in_chat(chat, current.id, self._clock.now())
                if current is None and expected:
                    # Stored, yet not after this one (SQLite gives a deleted last id again),
                    # or not due: the dispatch reads the inbox.
                    self._held_back = True
        except Exception:
            log.exception("inbox: chat %s stopped on a storage error", chat)
        finally:
            self._chats.pop(chat, None)
            if chat in self._fresh:
                # Stored while the chain ended (during its last read): the dispatch reads it.
                self._fresh.discard(chat)
                self._held_back = True
            if self._held_back:
                self.wake.set()  # a chat held back by the concurrency limit may go now
            async with self._settled:
                self._settled.notify_all()

    async def idle(self, within: float = 30.0) -> None:
        """Wait until no chat is being handled and no read of the inbox is under way or due
        (tests: a retry has been written, what was stored has been handled)."""

        def settled() -> bool:
            if not self._running:
                return not self._chats
            return not self._chats and not self._dispatching and not self.wake.is_set()

        async with self._settled:
            await asyncio.wait_for(self._settled.wait_for(settled), within)

    async def _handle(self, item: InboxItem) -> bool:
        handler = self._handlers.get(item.channel)
        if handler is None:
            await self._store.fail(item, self._clock.now(), f"no handler for {item.channel!r}")
            self._changed(item)
            return True
        try:
            await handler(item)
        except Exception as err:
            return await self._failed(item, err)
        self._unmarked.add(item.id)
        try:
            await self._store.done(item, self._clock.now())
            self._changed(item)
        except Exception:
            log.warning("inbox: could not mark update %s done yet; retrying", item.update_id)
            task = asyncio.create_task(self._mark_later(item))
            self._marking.add(task)
            task.add_done_callback(self._marking.discard)
        if self._on_handled is not None:
            self._on_handled(item)
        return True

    async def _failed(self, item: InboxItem, err: Exception) -> bool:
        attempts = item.attempts + 1
        reason = f"{type(err).__name__}: {err}"
        if attempts >= self._max_attempts:
            log.error("inbox: update %s given up after %d tries: %s", item.update_id, attempts, err)
            await self._store.fail(item, self._clock.now(), reason)
            self._changed(item)
            return True
        delay = min(_RETRY_BASE * 2 ** (attempts - 1), _RETRY_MAX)
        log.warning("inbox: update %s failed (%s); again in %s", item.update_id, reason, delay)
        await self._store.retry(item, self._clock.now() + delay, reason)
        self._changed(item)
        return False

    def _changed(self, item: InboxItem) -> None:
        """The item's row is no longer pending and due: not handled again, even by a read of
        the inbox that began before its change committed."""
        self._unmarked.discard(item.id)
        if self._dispatching:
            self._changed_during_read.add(item.id)

    async def _mark_later(self, item: InboxItem) -> None:
        for pause in _MARK_RETRIES:
            await asyncio.sleep(pause)
            try:
                await self._store.done(item, self._clock.now())
            except Exception:
                continue
            self._changed(item)
            return
        log.error("inbox: update %s stays pending (it will be handled again)", item.update_id)

    async def _finish(self) -> None:
        """Let each chat finish the update in hand."""
        if self._chats:
            await asyncio.gather(*list(self._chats.values()), return_exceptions=True)
        for task in list(self._marking):
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(*list(self._marking), return_exceptions=True)


class InboxDoor:
    """What the channels store their updates through (`InboxEntrance`): stored, then offered
    to this process's workers once they run (until then the workers' first read finds them)."""

    def __init__(self, store: InboxStore, wake: asyncio.Event) -> None:
        self._store = store
        self._wake = wake
        self.workers: InboxWorkers | None = None

    async def store(self, updates: Sequence[InboundUpdate], at: datetime) -> int:
        """Store a batch (once this returns, the channel may be told); how many were new."""
        stored = await self._store.store_new(updates, at)
        if self.workers is not None:
            self.workers.offer(stored)
        elif stored:
            self._wake.set()
        return len(stored)
