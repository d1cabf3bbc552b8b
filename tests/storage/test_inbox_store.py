"""The durable inbox and its ledger: stored once, handled in order per chat, keyed by bot."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import FrozenClock
from bot.domain.updates import InboundUpdate
from storage.db import Database
from storage.inbox import SqliteInbox

AT = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)


def update(uid: int, chat: str = "telegram:1", bot: str = "telegram:42") -> InboundUpdate:
    return InboundUpdate(bot, str(uid), chat, f'{{"update_id": {uid}}}')


@pytest.fixture
async def inbox(tmp_path: Path) -> AsyncIterator[SqliteInbox]:
    db = await Database(tmp_path / "inbox.sqlite3", FrozenClock(AT)).connect()
    try:
        yield SqliteInbox(db)
    finally:
        await db.close()


async def test_an_update_is_stored_once_and_skipped_once_handled(inbox: SqliteInbox) -> None:
    assert await inbox.store([update(1), update(2)], AT) == 2
    assert await inbox.store([update(1)], AT) == 0  # redelivered while pending
    [first] = [i for i in await inbox.pending(AT, 10) if i.update_id == "1"]
    await inbox.done(first, AT)
    assert await inbox.store([update(1)], AT) == 0  # redelivered after it was handled
    assert [i.update_id for i in await inbox.pending(AT, 10)] == ["2"]


async def test_a_new_bot_on_the_same_database_keeps_its_restarted_ids(inbox: SqliteInbox) -> None:
    await inbox.store([update(1)], AT)
    [item] = await inbox.pending(AT, 10)
    await inbox.done(item, AT)
    # Another bot (a new token for another bot id) starts its update ids at 1 again.
    assert await inbox.store([update(1, bot="telegram:43")], AT) == 1


async def test_pending_gives_each_chat_its_oldest_update_only(inbox: SqliteInbox) -> None:
    await inbox.store([update(1, "a"), update(2, "b"), update(3, "a"), update(4, "c")], AT)
    assert [i.update_id for i in await inbox.pending(AT, 10)] == ["1", "2", "4"]
    first = (await inbox.pending(AT, 1))[0]
    following = await inbox.next_in_chat("a", first.id, AT)
    assert following is not None and following.update_id == "3"


async def test_a_retry_holds_its_chat_back_until_due(inbox: SqliteInbox) -> None:
    await inbox.store([update(1, "a"), update(2, "a")], AT)
    [item] = await inbox.pending(AT, 10)
    await inbox.retry(item, AT + timedelta(seconds=10), "database is locked")
    assert await inbox.pending(AT, 10) == []  # the second waits behind the first: order kept
    [again] = await inbox.pending(AT + timedelta(seconds=10), 10)
    assert again.update_id == "1" and again.attempts == 1


async def test_failed_updates_leave_the_queue_and_ledger_is_pruned(inbox: SqliteInbox) -> None:
    await inbox.store([update(1), update(2)], AT)
    [one] = await inbox.pending(AT, 10)  # one chat: its oldest first
    await inbox.fail(one, AT, "boom")
    [left] = await inbox.pending(AT, 10)
    assert left.update_id == "2"
    await inbox.done(left, AT + timedelta(days=3))
    assert await inbox.counts() == {"pending": 0, "failed": 1, "handled": 2}
    # Seven days on, what was handled on the first day is forgotten; the third day's is kept.
    assert await inbox.prune(AT + timedelta(days=1)) == 2  # update 1's ledger row and its failure
    assert await inbox.counts() == {"pending": 0, "failed": 0, "handled": 1}
    assert await inbox.store([update(2)], AT) == 0
