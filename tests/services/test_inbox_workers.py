"""The inbox workers over the real SQLite inbox: what this process stores is handled at once and
in order per chat, and the inbox is read back only when it has to be (start, a chat with more,
a retry, a worker freed)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import FrozenClock
from bot.domain.updates import InboundUpdate, InboxItem, StoredUpdate
from bot.services.inbox import InboxDoor, InboxWorkers
from storage.db import Database
from storage.inbox import SqliteInbox

AT = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)


def update(uid: int, chat: str = "telegram:1") -> InboundUpdate:
    return InboundUpdate("telegram:42", str(uid), chat, f'{{"update_id": {uid}}}')


class CountingInbox(SqliteInbox):
    """The real inbox, counting the reads the workers make; `after_done` runs once a done
    mark has been written (to store something at that very moment)."""

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self.pending_reads = 0
        self.next_reads = 0
        self.after_done: Callable[[], Awaitable[None]] | None = None
        self.during_next: Callable[[], Awaitable[None]] | None = None
        self.during_pending: Callable[[], Awaitable[None]] | None = None

    async def pending(self, now: datetime, limit: int) -> list[InboxItem]:
        self.pending_reads += 1
        found = await super().pending(now, limit)
        if self.during_pending is not None:
            hook, self.during_pending = self.during_pending, None
            await hook()  # changed while the read was under way: the read did not see it
        return found

    async def next_in_chat(self, chat: str, after_id: int, now: datetime) -> InboxItem | None:
        self.next_reads += 1
        found = await super().next_in_chat(chat, after_id, now)
        if self.during_next is not None and found is None:
            hook, self.during_next = self.during_next, None
            await hook()  # stored while the read was under way: the read did not see it
        return found

    async def done(self, item: InboxItem, at: datetime) -> None:
        await super().done(item, at)
        if self.after_done is not None:
            hook, self.after_done = self.after_done, None
            await hook()


@dataclass
class Handler:
    """Records what it handled; an update can be held until released, or fail once."""

    handled: list[str] = field(default_factory=list)
    hold: dict[str, asyncio.Event] = field(default_factory=dict)
    started: dict[str, asyncio.Event] = field(default_factory=dict)
    fail_once: set[str] = field(default_factory=set)

    def holding(self, uid: str) -> asyncio.Event:
        self.started[uid] = asyncio.Event()
        self.hold[uid] = asyncio.Event()
        return self.hold[uid]

    async def __call__(self, item: InboxItem) -> None:
        if item.update_id in self.started:
            self.started[item.update_id].set()
            await self.hold[item.update_id].wait()
        if item.update_id in self.fail_once:
            self.fail_once.discard(item.update_id)
            raise RuntimeError("the network is down")
        self.handled.append(item.update_id)


@dataclass
class Rig:
    inbox: CountingInbox
    door: InboxDoor
    workers: InboxWorkers
    handler: Handler
    clock: FrozenClock

    async def store(self, *updates: InboundUpdate) -> None:
        assert await self.door.store(updates, self.clock.now()) == len(updates)

    async def settled(self) -> None:
        """Every chat handled and every read the workers were woken for made."""
        await self.workers.idle()


async def _rig(tmp_path: Path, *, concurrency: int = 16, attach: bool = True) -> AsyncIterator[Rig]:
    clock = FrozenClock(AT)
    db = await Database(tmp_path / "inbox.sqlite3", clock).connect()
    inbox = CountingInbox(db)
    wake = asyncio.Event()
    door = InboxDoor(inbox, wake)
    handler = Handler()
    workers = InboxWorkers(inbox, {"telegram": handler}, clock, concurrency=concurrency, wake=wake)
    if attach:
        door.workers = workers
    stop = asyncio.Event()
    task = asyncio.create_task(workers.run(stop, idle_interval=3600))
    try:
        await workers.idle()  # the start's read of what a crash left is made
        assert inbox.pending_reads == 1
        yield Rig(inbox, door, workers, handler, clock)
    finally:
        stop.set()
        await task
        await db.close()


@pytest.fixture
async def rig(tmp_path: Path) -> AsyncIterator[Rig]:
    async for r in _rig(tmp_path):
        yield r


async def test_a_chats_first_update_is_handled_without_reading_the_inbox_back(rig: Rig) -> None:
    await rig.store(update(1, "a"))
    await rig.store(update(2, "b"))
    await rig.settled()
    assert rig.handler.handled == ["1", "2"]
    assert (rig.inbox.pending_reads, rig.inbox.next_reads) == (1, 0)  # the start's read only
    counts = await rig.inbox.counts()
    assert (counts["pending"], counts["handled"]) == (0, 2)  # marked done, in the ledger


async def test_updates_stored_while_their_chat_is_handled_follow_in_order(rig: Rig) -> None:
    release = rig.handler.holding("1")
    await rig.store(update(1, "a"))
    await rig.handler.started["1"].wait()
    await rig.store(update(2, "a"), update(3, "a"))
    await rig.store(update(4, "a"))
    release.set()
    await rig.settled()
    assert rig.handler.handled == ["1", "2", "3", "4"]
    assert rig.inbox.next_reads >= 3  # the chat had more: its next ones were read


async def test_a_chat_waiting_for_a_retry_keeps_its_order(rig: Rig) -> None:
    rig.handler.fail_once.add("1")
    await rig.store(update(1, "a"))
    await rig.settled()
    assert rig.handler.handled == []  # failed: tried again in 2 s
    await rig.store(update(2, "a"))  # not the chat's first: it must wait for 1
    await rig.store(update(3, "b"))  # another chat goes on
    await rig.settled()
    assert rig.handler.handled == ["3"]
    rig.clock.advance(timedelta(seconds=3))
    rig.workers.wake.set()  # what the periodic read does every few seconds
    await rig.settled()
    assert rig.handler.handled == ["3", "1", "2"]


async def test_a_first_update_held_back_by_the_worker_limit_goes_when_one_is_free(
    tmp_path: Path,
) -> None:
    async for rig in _rig(tmp_path, concurrency=1):
        release = rig.handler.holding("1")
        await rig.store(update(1, "a"))
        await rig.handler.started["1"].wait()
        await rig.store(update(2, "b"))
        assert rig.handler.handled == [] and rig.inbox.pending_reads == 1  # b waits
        release.set()
        await rig.settled()
        assert rig.handler.handled == ["1", "2"]


async def test_what_is_stored_before_the_workers_are_attached_is_read_by_them(
    tmp_path: Path,
) -> None:
    async for rig in _rig(tmp_path, attach=False):
        await rig.store(update(1, "a"))  # the door wakes the workers instead
        await rig.settled()
        assert rig.handler.handled == ["1"]
        assert rig.inbox.pending_reads >= 2


async def test_an_update_given_a_handled_ones_id_again_is_still_handled(rig: Rig) -> None:
    """SQLite gives the last row's id again once that row is deleted: an update stored right
    after its chat's previous one was marked done is not after it by id, yet it is handled."""
    stored: list[Sequence[StoredUpdate]] = []

    async def store_now() -> None:
        stored.append(await rig.inbox.store_new([update(2, "a")], rig.clock.now()))
        rig.workers.offer(stored[-1])

    rig.inbox.after_done = store_now
    await rig.store(update(1, "a"))
    await rig.settled()
    [[again]] = stored
    assert again.first and again.item.id == 1  # the same id as the update just handled
    assert rig.handler.handled == ["1", "2"]


async def test_an_update_stored_during_a_chains_last_read_is_still_handled(rig: Rig) -> None:
    """A chat with more than one update reads its next ones; one stored while the last of
    those reads is under way (and given a deleted id again) is handled, not left for the
    periodic read."""
    release = rig.handler.holding("1")
    await rig.store(update(1, "a"))
    await rig.handler.started["1"].wait()
    await rig.store(update(2, "a"))  # the chain now reads its next ones

    async def store_now() -> None:
        await rig.store(update(3, "a"))

    rig.inbox.during_next = store_now
    release.set()
    await rig.settled()
    assert rig.handler.handled == ["1", "2", "3"]


async def test_a_chat_with_more_goes_back_in_line_when_others_wait_for_a_worker(
    tmp_path: Path,
) -> None:
    """With every worker taken, a chat whose person answers at once does not keep its worker
    while another chat's older update waits."""
    async for rig in _rig(tmp_path, concurrency=1):
        release = rig.handler.holding("1")
        await rig.store(update(1, "a"))
        await rig.handler.started["1"].wait()
        await rig.store(update(2, "b"))  # held back: no worker free
        await rig.store(update(3, "a"))  # a's next, newer than b's
        release.set()
        await rig.settled()
        assert rig.handler.handled == ["1", "2", "3"]


async def test_a_new_chat_waits_behind_the_chats_already_waiting_for_a_worker(
    tmp_path: Path,
) -> None:
    """A worker freed while chats wait goes to the oldest of them, not to a chat whose first
    update arrives at that moment (in a burst, newcomers took the freed workers and the chats
    waiting longest waited on: p99 three times the echo bot's at 64 workers)."""
    async for rig in _rig(tmp_path, concurrency=2):
        release_a, release_b = rig.handler.holding("1"), rig.handler.holding("2")
        hold_c = rig.handler.holding("3")
        await rig.store(update(1, "a"), update(2, "b"))
        await rig.handler.started["1"].wait()
        await rig.handler.started["2"].wait()
        await rig.store(update(3, "c"))  # held back: both workers taken

        async def newcomer(rig: Rig = rig) -> None:
            await rig.store(update(4, "d"))  # its first update, as b's worker is freed

        rig.inbox.during_pending = newcomer
        release_b.set()  # b is done: its worker goes to c, the oldest waiting
        await asyncio.wait_for(rig.handler.started["3"].wait(), 30)
        assert rig.handler.handled == ["2"]  # d waits for the next free worker
        hold_c.set()
        release_a.set()
        await rig.settled()
        assert rig.handler.handled[0] == "2" and rig.handler.handled[-1] == "4"
        assert sorted(rig.handler.handled) == ["1", "2", "3", "4"]


async def test_a_first_update_held_back_while_a_worker_is_free_is_read_at_once(
    tmp_path: Path,
) -> None:
    """A read of the inbox that began before a first update was stored ends with chats said
    to be waiting (that update was held back behind them during the read) and none started:
    the next first update, held back behind them too, does not wait for the periodic read (an
    hour here) while every worker is free."""
    async for rig in _rig(tmp_path, concurrency=1):
        rig.workers._held_back = True  # the state such a read leaves
        await rig.store(update(1, "a"))
        await rig.settled()
        assert rig.handler.handled == ["1"]
        assert rig.inbox.pending_reads == 2  # read back, in the inbox's order


async def test_an_update_marked_done_while_the_inbox_is_read_is_not_handled_again(
    rig: Rig,
) -> None:
    """The periodic read began before an update's done mark committed, and ends after its
    chat let go of it: the read's rows still show it pending, yet it is not handled twice."""
    release = rig.handler.holding("1")
    await rig.store(update(1, "a"))
    await rig.handler.started["1"].wait()

    async def finish_chat_a() -> None:
        chat_a = rig.workers._chats["a"]
        release.set()
        await chat_a  # the chat marks 1 done and lets go of its worker

    rig.inbox.during_pending = finish_chat_a
    rig.workers.wake.set()  # the periodic read
    await rig.settled()
    assert rig.handler.handled == ["1"]
    counts = await rig.inbox.counts()
    assert (counts["pending"], counts["handled"]) == (0, 1)
