"""The outbox and conversation tables: migration, transactions, mapping, due-row selection."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FrozenClock
from bot.domain.choices import ApologyNotify, ApologyStep
from bot.domain.messages import Lines, OutboxButton, OutboxState, OutgoingMessage, Text
from storage.conversations import SqliteConversations
from storage.db import Database
from storage.outbox import SqliteOutbox, enqueue_in, from_ms, to_ms

T0 = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)


class Boom(Exception):
    """Raised to roll a transaction back."""


def msg(recipient: str = "42", text: str = "x", **kwargs: object) -> OutgoingMessage:
    return OutgoingMessage("telegram", recipient, text, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database(tmp_path / "store.sqlite3", FrozenClock(T0)).connect()
    try:
        yield database
    finally:
        await database.close()


@pytest.fixture
def store(db: Database) -> SqliteOutbox:
    return SqliteOutbox(db, FrozenClock(T0))


async def test_migration_creates_the_tables_and_indexes(db: Database) -> None:
    async with db.conn.execute("SELECT type, name FROM sqlite_master") as cur:
        objects = {(str(r[0]), str(r[1])) for r in await cur.fetchall()}
    assert {("table", "outbox"), ("table", "conversations")} <= objects
    assert {("index", "outbox_due"), ("index", "outbox_pending_recipient")} <= objects
    async with db.conn.execute("SELECT name FROM schema_migrations WHERE version = 2") as cur:
        assert await cur.fetchone() == ("outbox_conversations",)
    async with db.conn.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM outbox"
        " WHERE state = 'pending' AND not_before <= 0 ORDER BY not_before"
    ) as cur:
        plan = " ".join(str(r[-1]) for r in await cur.fetchall())
    assert "outbox_due" in plan


async def test_state_is_checked(db: Database) -> None:
    import sqlite3

    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction() as conn:
            await conn.execute(
                "INSERT INTO outbox (key, channel, recipient, text, state, not_before, created_at)"
                " VALUES ('k', 'telegram', '1', 'x', 'lost', 0, 0)"
            )


async def test_enqueue_in_a_rolled_back_transaction_leaves_no_row(
    db: Database, store: SqliteOutbox
) -> None:
    with pytest.raises(Boom):  # noqa: PT012  (the whole transaction must fail)
        async with db.transaction() as conn:
            await conn.execute(
                "INSERT INTO units (slug, name, created_at) VALUES ('cautre', 'Cầu Tre', 'x')"
            )
            assert await enqueue_in(conn, "case:1:accepted", msg(), T0, T0)
            raise Boom
    assert await store.get("case:1:accepted") is None
    assert (await store.counts_by_state())[OutboxState.PENDING] == 0
    async with db.conn.execute("SELECT COUNT(*) FROM units") as cur:
        assert await cur.fetchone() == (0,)


async def test_enqueue_in_commits_with_the_change(db: Database, store: SqliteOutbox) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO units (slug, name, created_at) VALUES ('cautre', 'Cầu Tre', 'x')"
        )
        assert await enqueue_in(conn, "k", msg(), T0, T0)
        assert not await enqueue_in(conn, "k", msg(text="other"), T0, T0)
    item = await store.get("k")
    assert item is not None and item.message.text == "x"


async def test_enqueue_rejects_naive_times_and_half_documents(db: Database) -> None:
    async with db.transaction() as conn:
        with pytest.raises(ValueError):
            await enqueue_in(conn, "k", msg(), datetime(2026, 1, 1), T0)
        with pytest.raises(ValueError):
            await enqueue_in(conn, "k", msg(document_name="a.pdf"), T0, T0)


async def test_a_row_maps_back_to_the_same_message(store: SqliteOutbox) -> None:
    hcm = ZoneInfo("Asia/Ho_Chi_Minh")
    message = OutgoingMessage(
        channel="telegram",
        recipient="-100123",
        text="<b>Thư xin lỗi</b> — hồ sơ 000.00.01.H32-221107-0001",
        choices=(
            OutboxButton(ApologyNotify("000.00.01.H32-221107-0001"), "Báo cho người dân"),
            OutboxButton(ApologyStep.CANCEL, "Thôi"),
        ),
        document_name="thu-xin-loi.pdf",
        document_bytes=b"%PDF-1.4\x00\xff",
    )
    not_before = datetime(2026, 11, 27, 17, 30, 0, 123000, tzinfo=hcm)
    assert await store.enqueue("apology:H32-0001", message, not_before)

    item = await store.get("apology:H32-0001")

    assert item is not None
    assert item.message == message
    assert item.state is OutboxState.PENDING
    assert item.attempts == 0
    assert item.not_before == not_before and item.not_before.tzinfo is not None
    assert item.created_at == T0
    assert item.last_error is None and item.sent_at is None and item.sent_message_id is None


def test_time_format_round_trips() -> None:
    moment = datetime(2026, 11, 27, 3, 0, 1, 999000, tzinfo=UTC)
    assert from_ms(to_ms(moment)) == moment
    assert to_ms(datetime(1970, 1, 1, 0, 0, 1, tzinfo=UTC)) == 1000


async def test_due_gives_the_next_row_of_each_recipient_oldest_first(
    store: SqliteOutbox,
) -> None:
    await store.enqueue("a1", msg("a"), T0)
    await store.enqueue("b1", msg("b"), T0)
    await store.enqueue("a2", msg("a"), T0)
    await store.enqueue("c-later", msg("c"), T0 + timedelta(hours=1))
    await store.enqueue("c-now", msg("c"), T0)

    assert [i.key for i in await store.due(T0, 10)] == ["a1", "b1", "c-now"]
    assert [i.key for i in await store.due(T0, 2)] == ["a1", "b1"]

    first = await store.get("a1")
    assert first is not None
    await store.mark_sent(first.id, T0, "7")
    assert [i.key for i in await store.due(T0, 10)] == ["b1", "a2", "c-now"]


async def test_a_row_waiting_for_a_retry_holds_back_its_recipient(store: SqliteOutbox) -> None:
    await store.enqueue("a1", msg("a"), T0)
    await store.enqueue("a2", msg("a"), T0)
    first = await store.get("a1")
    assert first is not None
    await store.mark_retry(first.id, 1, T0 + timedelta(seconds=2), "timeout")

    assert await store.due(T0, 10) == []
    assert await store.next_not_before(T0) == T0 + timedelta(seconds=2)
    later = T0 + timedelta(seconds=2)
    assert [i.key for i in await store.due(later, 10)] == ["a1"]
    await store.mark_dead(first.id, 2, "gone")
    assert [i.key for i in await store.due(T0, 10)] == ["a2"]
    dead = await store.get("a1")
    assert dead is not None and dead.state is OutboxState.DEAD and dead.attempts == 2


async def test_marks_do_not_touch_finished_rows(store: SqliteOutbox) -> None:
    await store.enqueue("k", msg(), T0)
    item = await store.get("k")
    assert item is not None
    await store.mark_sent(item.id, T0, "1")
    await store.mark_retry(item.id, 3, T0, "late retry")
    await store.mark_dead(item.id, 3, "late death")
    after = await store.get("k")
    assert after is not None
    assert after.state is OutboxState.SENT and after.attempts == 1 and after.last_error is None


async def test_due_does_not_see_rows_of_an_open_transaction(
    db: Database, store: SqliteOutbox
) -> None:
    """A row not yet committed (here: then rolled back) must never reach the deliverer."""
    with pytest.raises(Boom):  # noqa: PT012  (the whole transaction must fail)
        async with db.transaction() as conn:
            await enqueue_in(conn, "uncommitted", msg(), T0, T0)
            reader = asyncio.create_task(store.due(T0, 10))
            # Statements queue in order on their connection: a reader sharing the writer's
            # connection would have its SELECT run before our ROLLBACK and see the row.
            await conn.execute("SELECT 1")
            await conn.execute("SELECT 1")
            raise Boom
    assert await reader == []


async def test_conversations_save_load_delete(db: Database) -> None:
    conversations = SqliteConversations(db)
    hcm = ZoneInfo("Asia/Ho_Chi_Minh")
    at = datetime(2026, 11, 27, 10, 0, tzinfo=hcm)
    assert await conversations.load("telegram", "42") is None

    state: dict[str, object] = {"kind": "intake", "draft": {"step": "category"}, "lang": "vi"}
    await conversations.save("telegram", "42", state, at)
    loaded = await conversations.load("telegram", "42")
    assert loaded == (state, at)
    assert loaded is not None and loaded[1].tzinfo is not None

    later = at + timedelta(minutes=3)
    await conversations.save("telegram", "42", {"kind": "rating_reason", "case": "PA-1"}, later)
    assert await conversations.load("telegram", "42") == (
        {"kind": "rating_reason", "case": "PA-1"},
        later,
    )
    assert await conversations.load("zalo", "42") is None

    await conversations.delete("telegram", "42")
    await conversations.delete("telegram", "42")  # twice is fine
    assert await conversations.load("telegram", "42") is None


async def test_conversations_refuse_naive_times(db: Database) -> None:
    with pytest.raises(ValueError):
        await SqliteConversations(db).save("telegram", "1", {}, datetime(2026, 1, 1))


async def test_conversations_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "conv.sqlite3"
    async with Database(path, FrozenClock(T0)) as db:
        await SqliteConversations(db).save("telegram", "7", {"step": 2}, T0)
    async with Database(path, FrozenClock(T0)) as db:
        assert await SqliteConversations(db).load("telegram", "7") == ({"step": 2}, T0)


async def test_content_is_kept_raw_with_its_language_and_older_rows_read_as_markup(
    db: Database, store: SqliteOutbox
) -> None:
    content = Lines(
        (Text("track.not_found", {"code": "<A&B>"}), Text("info.thanks", {"code": 3})), "\n\n"
    )
    message = OutgoingMessage("zalo", "u-1", content, lang="en")
    assert await store.enqueue("case:1:x", message, T0)
    item = await store.get("case:1:x")
    assert item is not None and item.message == message
    row = await db.fetchone("SELECT text, content FROM outbox WHERE key = 'case:1:x'")
    assert row is not None and row[0] == "" and "<A&B>" in str(row[1])  # raw, not escaped
    async with db.transaction() as conn:  # a row as a release before 0011 wrote it
        await conn.execute(
            "INSERT INTO outbox (key, channel, recipient, text, state, not_before, created_at)"
            " VALUES ('old', 'telegram', '1', '<b>Đã nhận</b> &amp; xử lý', 'pending', 0, 0)"
        )
    old = await store.get("old")
    assert old is not None and old.message.text == "<b>Đã nhận</b> &amp; xử lý"
    assert old.message.lang == "vi"
