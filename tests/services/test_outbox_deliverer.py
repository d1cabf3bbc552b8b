"""The deliverer against a real SQLite outbox, a fake sender and a frozen clock."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import FrozenClock
from bot.domain.messages import OutboxItem, OutboxState, OutgoingMessage
from bot.ports import SendError
from bot.services.outbox import Deliverer, DeliveryReport, RecipientPacer
from storage.db import Database
from storage.outbox import SqliteOutbox, enqueue_in

T0 = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)


def msg(recipient: str, text: str, channel: str = "telegram") -> OutgoingMessage:
    return OutgoingMessage(channel=channel, recipient=recipient, text=text)


@dataclass
class FakeSender:
    """Records what it sends (with the clock's time); fails as scripted per recipient."""

    clock: FrozenClock
    failures: dict[str, list[Exception]] = field(default_factory=dict)
    sent: list[tuple[str, str, datetime]] = field(default_factory=list)
    calls: int = 0
    delivered: asyncio.Event = field(default_factory=asyncio.Event)

    async def send(self, message: OutgoingMessage) -> str:
        self.calls += 1
        queue = self.failures.get(message.recipient)
        if queue:
            raise queue.pop(0)
        self.sent.append((message.recipient, message.text, self.clock.now()))
        self.delivered.set()
        return f"m{len(self.sent)}"

    def texts(self, recipient: str | None = None) -> list[str]:
        return [t for r, t, _ in self.sent if recipient is None or r == recipient]


@dataclass
class World:
    db: Database
    store: SqliteOutbox
    clock: FrozenClock
    sender: FakeSender
    sleeps: list[float]
    dead: list[tuple[OutboxItem, str]]

    def deliverer(self, **kwargs: object) -> Deliverer:
        async def sleep(seconds: float) -> None:
            self.sleeps.append(seconds)
            self.clock.advance(timedelta(seconds=seconds))

        async def on_dead(item: OutboxItem, reason: str) -> None:
            self.dead.append((item, reason))

        options: dict[str, object] = {"sleep": sleep, "on_dead": on_dead}
        options.update(kwargs)
        return Deliverer(self.store, {"telegram": self.sender}, self.clock, **options)  # type: ignore[arg-type]

    async def state(self, key: str) -> OutboxItem:
        item = await self.store.get(key)
        assert item is not None
        return item


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    clock = FrozenClock(T0)
    db = await Database(tmp_path / "outbox.sqlite3", clock).connect()
    try:
        yield World(db, SqliteOutbox(db, clock), clock, FakeSender(clock), [], [])
    finally:
        await db.close()


async def test_success_marks_sent_with_the_channel_message_id(world: World) -> None:
    assert await world.store.enqueue("k1", msg("1", "một"), T0)
    assert await world.store.enqueue("k2", msg("2", "hai"), T0)

    report = await world.deliverer().deliver_due()

    assert report == DeliveryReport(sent=2)
    assert sorted(world.sender.texts()) == ["hai", "một"]
    item = await world.state("k1")
    assert item.state is OutboxState.SENT
    assert item.sent_at == T0
    assert item.attempts == 1
    assert item.sent_message_id in {"m1", "m2"}
    assert await world.deliverer().deliver_due() == DeliveryReport()  # nothing twice
    assert world.sender.calls == 2


async def test_rows_scheduled_later_wait_for_their_time(world: World) -> None:
    await world.store.enqueue("later", msg("1", "later"), T0 + timedelta(hours=1))
    await world.store.enqueue("now", msg("1", "now"), T0)
    deliverer = world.deliverer()

    assert (await deliverer.deliver_due()).sent == 1  # a future row holds nothing back
    world.clock.advance(timedelta(minutes=59, seconds=59))
    assert (await deliverer.deliver_due()).sent == 0
    world.clock.advance(timedelta(seconds=1))
    assert (await deliverer.deliver_due()).sent == 1
    assert world.sender.texts() == ["now", "later"]


async def test_transient_failures_back_off_exponentially_then_give_up(world: World) -> None:
    world.sender.failures["1"] = [SendError("HTTP 502", permanent=False) for _ in range(10)]
    await world.store.enqueue("k", msg("1", "x"), T0)
    deliverer = world.deliverer(max_attempts=5, base_backoff=2.0, max_backoff=10.0)

    delays = []
    for attempt in range(1, 5):
        report = await deliverer.deliver_due()
        assert report == DeliveryReport(retried=1)
        item = await world.state("k")
        assert item.state is OutboxState.PENDING
        assert item.attempts == attempt
        assert item.last_error == "HTTP 502"
        delay = item.not_before - world.clock.now()
        delays.append(delay.total_seconds())
        # Not a moment early...
        world.clock.advance(delay - timedelta(milliseconds=1))
        assert await deliverer.deliver_due() == DeliveryReport()
        world.clock.advance(timedelta(milliseconds=1))
    assert delays == [2.0, 4.0, 8.0, 10.0]  # capped at max_backoff

    assert await deliverer.deliver_due() == DeliveryReport(dead=1)
    item = await world.state("k")
    assert item.state is OutboxState.DEAD
    assert item.attempts == 5
    assert world.sender.calls == 5
    assert len(world.dead) == 1
    dead_item, reason = world.dead[0]
    assert dead_item.key == "k" and dead_item.state is OutboxState.DEAD
    assert "5 attempts" in reason and "HTTP 502" in reason

    world.clock.advance(timedelta(days=1))
    assert await deliverer.deliver_due() == DeliveryReport()
    assert world.sender.calls == 5
    assert len(world.dead) == 1  # on_dead once


async def test_backoff_schedule_defaults() -> None:
    deliverer = Deliverer(_NullStore(), {}, FrozenClock(T0))
    assert [deliverer.backoff(n) for n in range(1, 12)] == [
        2.0,
        4.0,
        8.0,
        16.0,
        32.0,
        64.0,
        128.0,
        256.0,
        512.0,
        600.0,
        600.0,
    ]


async def test_retry_after_is_honoured_and_not_counted(world: World) -> None:
    world.sender.failures["1"] = [SendError("flood", permanent=False, retry_after=7)]
    await world.store.enqueue("k", msg("1", "x"), T0)
    deliverer = world.deliverer(max_attempts=1)  # even one counted failure would kill it

    assert await deliverer.deliver_due() == DeliveryReport(retried=1)
    item = await world.state("k")
    assert item.state is OutboxState.PENDING
    assert item.attempts == 0
    assert item.not_before == T0 + timedelta(seconds=7)

    world.clock.advance(timedelta(seconds=6))
    assert await deliverer.deliver_due() == DeliveryReport()
    world.clock.advance(timedelta(seconds=1))
    assert await deliverer.deliver_due() == DeliveryReport(sent=1)
    assert world.dead == []


async def test_permanent_refusal_is_dead_at_once(world: World) -> None:
    world.sender.failures["1"] = [
        SendError("Forbidden: bot was blocked by the user", permanent=True)
    ]
    await world.store.enqueue("a", msg("1", "a"), T0)
    await world.store.enqueue("b", msg("1", "b"), T0)

    report = await world.deliverer().deliver_due()

    assert report == DeliveryReport(sent=1, dead=1)
    item = await world.state("a")
    assert item.state is OutboxState.DEAD
    assert item.attempts == 1
    assert item.last_error is not None and "blocked" in item.last_error
    assert [(i.key, r) for i, r in world.dead] == [
        ("a", "refused: Forbidden: bot was blocked by the user")
    ]
    assert world.sender.texts() == ["b"]  # a dead row does not hold the next one back


async def test_unexpected_exceptions_are_retried(world: World) -> None:
    world.sender.failures["1"] = [RuntimeError("bug")]
    await world.store.enqueue("k", msg("1", "x"), T0)
    deliverer = world.deliverer()

    assert await deliverer.deliver_due() == DeliveryReport(retried=1)
    item = await world.state("k")
    assert item.attempts == 1 and item.last_error is not None and "bug" in item.last_error
    world.clock.advance(timedelta(seconds=2))
    assert await deliverer.deliver_due() == DeliveryReport(sent=1)


async def test_same_recipient_in_order_and_paced(world: World) -> None:
    world.sender.failures["1"] = [SendError("timeout", permanent=False)]
    for key in ("a", "b", "c"):
        await world.store.enqueue(key, msg("1", key), T0)
    await world.store.enqueue("x", msg("2", "x"), T0)
    deliverer = world.deliverer(min_interval=1.0)

    # "a" fails: "b" and "c" wait behind it; the other recipient is not held up.
    assert await deliverer.deliver_due() == DeliveryReport(sent=1, retried=1)
    assert world.sender.texts() == ["x"]
    assert (await world.state("b")).attempts == 0

    world.clock.advance(timedelta(seconds=2))
    assert await deliverer.deliver_due() == DeliveryReport(sent=3)
    assert world.sender.texts("1") == ["a", "b", "c"]
    times = [at for r, _, at in world.sender.sent if r == "1"]
    gaps = [(b - a).total_seconds() for a, b in zip(times[:-1], times[1:], strict=True)]
    assert gaps == [1.0, 1.0]
    assert world.sleeps == [1.0, 1.0]


async def test_a_reply_is_not_paced_behind_the_last_message(world: World) -> None:
    await world.store.enqueue("push", msg("1", "push"), T0)
    confirmation = OutgoingMessage(channel="telegram", recipient="1", text="code", reply=True)
    await world.store.enqueue("reply", confirmation, T0)
    await world.store.enqueue("push 2", msg("1", "push 2"), T0)
    deliverer = world.deliverer(min_interval=1.0)
    assert await deliverer.deliver_due() == DeliveryReport(sent=3)
    assert world.sender.texts("1") == ["push", "code", "push 2"]  # a recipient's order is kept
    times = [at for _, _, at in world.sender.sent]
    assert times[1] == times[0]  # the reply went at once after the push
    assert world.sleeps == [1.0]  # only the second push waited its second


async def test_many_recipients_go_in_rounds_without_waiting(world: World) -> None:
    for n in range(5):
        for r in range(3):
            await world.store.enqueue(f"{r}:{n}", msg(str(r), f"{r}:{n}"), T0)
    deliverer = world.deliverer(batch=2, min_interval=0.0)

    assert await deliverer.deliver_due() == DeliveryReport(sent=15)
    for r in range(3):
        assert world.sender.texts(str(r)) == [f"{r}:{n}" for n in range(5)]
    assert world.sleeps == []


async def test_enqueue_is_idempotent(world: World) -> None:
    assert await world.store.enqueue("digest:cautre:2026-W48:1", msg("1", "tuần"), T0)
    assert not await world.store.enqueue("digest:cautre:2026-W48:1", msg("1", "again"), T0)
    async with world.db.transaction() as conn:
        assert not await enqueue_in(conn, "digest:cautre:2026-W48:1", msg("1", "x"), T0, T0)

    counts = await world.store.counts_by_state()
    assert counts == {OutboxState.PENDING: 1, OutboxState.SENT: 0, OutboxState.DEAD: 0}
    await world.deliverer().deliver_due()
    assert world.sender.texts() == ["tuần"]
    assert not await world.store.enqueue("digest:cautre:2026-W48:1", msg("1", "late"), T0)
    await world.deliverer().deliver_due()
    assert world.sender.texts() == ["tuần"]


async def test_restart_sends_what_is_pending_and_nothing_already_sent(tmp_path: Path) -> None:
    path = tmp_path / "restart.sqlite3"
    clock = FrozenClock(T0)
    first = FakeSender(clock)
    async with Database(path, clock) as db:
        store = SqliteOutbox(db, clock)
        await store.enqueue("sent-1", msg("1", "sent-1"), T0)
        await store.enqueue("sent-2", msg("2", "sent-2"), T0)
        await store.enqueue("later", msg("1", "later"), T0 + timedelta(minutes=5))
        first.failures["3"] = [SendError("down", permanent=False)]
        await store.enqueue("retry", msg("3", "retry"), T0)
        await Deliverer(store, {"telegram": first}, clock).deliver_due()
        # The change and its message committed, then the process died before any send.
        async with db.transaction() as conn:
            await conn.execute(
                "INSERT INTO units (slug, name, created_at) VALUES ('cautre', 'Cầu Tre', 'x')"
            )
            await enqueue_in(conn, "crash", msg("2", "crash"), T0, T0)
    assert sorted(first.texts()) == ["sent-1", "sent-2"]

    clock.advance(timedelta(minutes=5))
    second = FakeSender(clock)
    async with Database(path, clock) as db:
        store = SqliteOutbox(db, clock)
        report = await Deliverer(store, {"telegram": second}, clock).deliver_due()
        counts = await store.counts_by_state()
    assert sorted(second.texts()) == ["crash", "later", "retry"]
    assert report == DeliveryReport(sent=3)
    assert counts[OutboxState.SENT] == 5 and counts[OutboxState.PENDING] == 0


async def test_rows_for_a_channel_without_a_sender_wait(world: World) -> None:
    await world.store.enqueue("z", msg("7", "zalo", channel="zalo"), T0)
    await world.store.enqueue("t", msg("7", "tele"), T0)

    assert await world.deliverer().deliver_due() == DeliveryReport(sent=1, skipped=1)
    item = await world.state("z")
    assert item.state is OutboxState.PENDING and item.attempts == 0
    assert item.not_before > T0


async def test_pacer_waits_only_what_is_left() -> None:
    clock = FrozenClock(T0)
    pacer = RecipientPacer(clock, 1.0)
    waited = [pacer.remaining("a")]
    pacer.record("a")
    clock.advance(timedelta(milliseconds=300))
    waited += [pacer.remaining("a"), pacer.remaining("b")]
    assert [round(w, 6) for w in waited if w] == [0.7]


async def test_run_wakes_on_wake_and_exits_on_stop(world: World) -> None:
    deliverer = world.deliverer()
    stop, wake = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(deliverer.run(stop, wake, idle_interval=3600))
    async with asyncio.timeout(10):
        await world.store.enqueue("k", msg("1", "hello"), T0)
        wake.set()
        await world.sender.delivered.wait()
        assert world.sender.texts() == ["hello"]
        stop.set()
        await task
    assert (await world.state("k")).state is OutboxState.SENT


class _NullStore:
    async def enqueue(self, key: str, message: OutgoingMessage, not_before: datetime) -> bool:
        return False

    async def due(self, now: datetime, limit: int) -> list[OutboxItem]:
        return []

    async def mark_sent(self, item_id: int, at: datetime, message_id: str) -> None:
        return None

    async def mark_retry(
        self, item_id: int, attempts: int, not_before: datetime, error: str
    ) -> None:
        return None

    async def mark_dead(self, item_id: int, attempts: int, error: str) -> None:
        return None


async def test_stop_ends_delivery_between_messages_and_the_rest_stays_pending(
    world: World,
) -> None:
    for n in range(200):
        await world.store.enqueue(f"k{n}", msg(str(n), f"t{n}"), T0)
    first_sent = asyncio.Event()
    release = asyncio.Event()

    class Slow:
        sent = 0

        async def send(self, message: OutgoingMessage) -> str:
            first_sent.set()
            await release.wait()  # each send is in flight until the test lets it end
            Slow.sent += 1
            return "m"

    deliverer = Deliverer(world.store, {"telegram": Slow()}, world.clock, concurrency=4)
    stop, wake = asyncio.Event(), asyncio.Event()
    running = asyncio.create_task(deliverer.run(stop, wake))
    await asyncio.wait_for(first_sent.wait(), 5)
    stop.set()  # SIGTERM while four messages are in flight
    release.set()
    await asyncio.wait_for(running, 5)
    counts = await world.store.counts_by_state()
    assert 1 <= Slow.sent <= 4  # only the messages in flight ended
    assert counts[OutboxState.SENT] == Slow.sent
    assert counts[OutboxState.PENDING] == 200 - Slow.sent


async def test_replies_go_before_pushes(world: World) -> None:
    for n in range(3):
        await world.store.enqueue(f"digest{n}", msg(f"d{n}", "digest"), T0)
    await world.store.enqueue("code", OutgoingMessage("telegram", "c", "code", reply=True), T0)
    [first, *_] = await world.store.due(T0, 10)
    assert first.key == "code" and first.message.reply


async def test_a_reply_queued_while_a_push_waits_its_turn_goes_at_once(world: World) -> None:
    """An officer's second notice waits its second; a citizen's filing confirmation queued
    meanwhile is not held behind it."""
    turn = asyncio.Event()
    waiting = asyncio.Event()

    async def sleep(seconds: float) -> None:
        waiting.set()
        await turn.wait()
        world.clock.advance(timedelta(seconds=seconds))

    deliverer = world.deliverer(min_interval=1.0, sleep=sleep)
    await world.store.enqueue("n1", msg("officer", "n1"), T0)
    await world.store.enqueue("n2", msg("officer", "n2"), T0)
    stop, wake = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(deliverer.run(stop, wake))
    try:
        await asyncio.wait_for(waiting.wait(), 30)  # n1 went; n2 waits for its turn
        assert world.sender.texts() == ["n1"]
        world.sender.delivered.clear()
        code = OutgoingMessage(channel="telegram", recipient="citizen", text="code", reply=True)
        await world.store.enqueue("reply", code, T0)
        wake.set()
        await asyncio.wait_for(world.sender.delivered.wait(), 30)
        assert world.sender.texts() == ["n1", "code"]  # n2 still waits
        world.sender.delivered.clear()
        turn.set()
        await asyncio.wait_for(world.sender.delivered.wait(), 30)
        assert world.sender.texts() == ["n1", "code", "n2"]
        sent = {text: at for _, text, at in world.sender.sent}
        assert (sent["n2"] - sent["n1"]).total_seconds() >= 1.0  # the officer's pace is kept
    finally:
        stop.set()
        turn.set()
        await task


async def test_a_pass_started_while_another_sends_waits_and_sends_nothing_twice(
    world: World,
) -> None:
    """The run loop's pass and the CLI's (or a test's) on one deliverer: the second reads the
    rows only once the first has marked what it sent (before, it read the row in flight as due
    and sent it again)."""
    events: list[str] = []
    release = asyncio.Event()
    sending = asyncio.Event()

    class SeenOutbox(SqliteOutbox):
        async def due(self, now: datetime, limit: int) -> list[OutboxItem]:
            events.append("read")
            return await super().due(now, limit)

        async def mark_sent(self, item_id: int, at: datetime, message_id: str) -> None:
            await super().mark_sent(item_id, at, message_id)
            events.append("marked")

    class HeldSender(FakeSender):
        async def send(self, message: OutgoingMessage) -> str:
            events.append("send")
            sending.set()
            await release.wait()  # in flight until the test lets it go
            return await super().send(message)

    sender = HeldSender(world.clock)
    store = SeenOutbox(world.db, world.clock)
    await store.enqueue("k1", msg("1", "một"), T0)
    deliverer = Deliverer(store, {"telegram": sender}, world.clock)
    first = asyncio.create_task(deliverer.deliver_due())
    await sending.wait()
    second = asyncio.create_task(deliverer.deliver_due())
    await asyncio.sleep(0)  # the second pass's first step: up to its read, or its wait
    assert events == ["read", "send"]
    release.set()
    assert await first == DeliveryReport(sent=1)
    assert await second == DeliveryReport()
    assert events[:3] == ["read", "send", "marked"] and "send" not in events[3:]
    assert sender.texts() == ["một"]
    assert (await world.state("k1")).state is OutboxState.SENT
