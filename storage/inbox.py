"""The durable inbox and the ledger of handled updates, in SQLite."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from bot.domain.updates import InboundUpdate, InboxItem, StoredUpdate
from storage.db import Database
from storage.outbox import from_ms, to_ms

_ERROR_MAX = 1000


def ledger_time(moment: datetime) -> str:
    """The ledger's time format: ISO 8601 in UTC, to the second (compares as text)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


_COLUMNS = "id, bot, update_id, chat, payload, attempts, received_at"


def _item(row: Iterable[object]) -> InboxItem:
    item_id, bot, update_id, chat, payload, attempts, received_at = tuple(row)
    return InboxItem(
        id=int(str(item_id)),
        bot=str(bot),
        update_id=str(update_id),
        chat=str(chat),
        payload=str(payload),
        attempts=int(str(attempts)),
        received_at=from_ms(int(str(received_at))),
    )


# A stored or already handled update is not stored again. A stored one comes back with its
# id and whether no older update of its chat is pending.
_STORE_SQL = (
    "INSERT INTO inbox (bot, update_id, chat, payload, not_before, received_at)"
    " SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM processed_updates"
    "  WHERE channel = ? AND update_id = ?)"
    " ON CONFLICT (bot, update_id) DO NOTHING"
    " RETURNING id, NOT EXISTS (SELECT 1 FROM inbox AS p"
    "  WHERE p.state = 'pending' AND p.chat = inbox.chat AND p.id < inbox.id)"
)


class SqliteInbox:
    """`bot.ports.InboxStore` on SQLite: writes on the writer, reads on the reader (which sees
    committed rows only, so an update is never handled before its storing commits). The
    ledger, `processed_updates`, holds the bot in its `channel` column."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def store(self, updates: Sequence[InboundUpdate], at: datetime) -> int:
        """Store a batch in one transaction; updates already stored or handled are skipped.
        Returns how many were new. Once this returns, the channel may be told."""
        return len(await self.store_new(updates, at))

    async def store_new(self, updates: Sequence[InboundUpdate], at: datetime) -> list[StoredUpdate]:
        """`store`, returning what was new as inbox items (in the batch's order), each with
        whether it is its chat's first pending update."""
        if not updates:
            return []
        ms = to_ms(at)
        rows = [
            (u.bot, u.update_id, u.chat, u.payload, ms, ms, u.bot, u.update_id) for u in updates
        ]
        if len(rows) == 1:  # the common case: one round trip, atomic as one statement
            returned = [await self._db.write_returning(_STORE_SQL, rows[0])]
        else:
            async with self._db.transaction() as conn:
                returned = [
                    [tuple(r) for r in await conn.execute_fetchall(_STORE_SQL, row)] for row in rows
                ]
        stored: list[StoredUpdate] = []
        for update, result in zip(updates, returned, strict=True):
            for item_id, first in result:
                item = InboxItem(
                    int(str(item_id)),
                    update.bot,
                    update.update_id,
                    update.chat,
                    update.payload,
                    0,
                    from_ms(ms),
                )
                stored.append(StoredUpdate(item, bool(first)))
        return stored

    async def pending(self, now: datetime, limit: int) -> list[InboxItem]:
        """The oldest pending update of each chat, when it is due; at most `limit`, oldest first.
        Read on the reader: committed rows only, and no wait on a writer."""
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM inbox AS i"
            " WHERE state = 'pending' AND not_before <= ? AND NOT EXISTS ("
            "  SELECT 1 FROM inbox AS p"
            "   WHERE p.state = 'pending' AND p.chat = i.chat AND p.id < i.id)"
            " ORDER BY id LIMIT ?",
            (to_ms(now), limit),
        )
        return [_item(r) for r in rows]

    async def next_in_chat(self, chat: str, after_id: int, now: datetime) -> InboxItem | None:
        """The chat's next pending update after `after_id`, if it is due."""
        row = self._db.lookup_one(  # by the chat's index: on the loop's own connection
            f"SELECT {_COLUMNS}, not_before FROM inbox"
            " WHERE state = 'pending' AND chat = ? AND id > ? ORDER BY id LIMIT 1",
            (chat, after_id),
        )
        if row is None or int(str(row[-1])) > to_ms(now):
            return None  # none left, or the next one waits for a retry: order is kept
        return _item(row[:-1])

    async def done(self, item: InboxItem, at: datetime) -> None:
        """The update was handled: out of the inbox, into the ledger, in one statement (one
        round trip; the trigger `inbox_handled` of migration 0019 moves the row)."""
        await self._db.write(
            "UPDATE inbox SET handled_at = ? WHERE id = ?", (ledger_time(at), item.id)
        )

    async def retry(self, item: InboxItem, not_before: datetime, error: str) -> None:
        """Handling failed: keep it pending, to be tried from `not_before`."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE inbox SET attempts = attempts + 1, not_before = ?, last_error = ?"
                " WHERE id = ?",
                (to_ms(not_before), error[:_ERROR_MAX], item.id),
            )

    async def fail(self, item: InboxItem, at: datetime, error: str) -> None:
        """Give up on an update: kept as 'failed' for inspection, and in the ledger so that a
        redelivery is not taken for a new one."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE inbox SET state = 'failed', attempts = attempts + 1, last_error = ?"
                " WHERE id = ?",
                (error[:_ERROR_MAX], item.id),
            )
            await conn.execute(
                "INSERT OR IGNORE INTO processed_updates (channel, update_id, processed_at)"
                " VALUES (?, ?, ?)",
                (item.bot, item.update_id, ledger_time(at)),
            )

    async def prune(self, before: datetime) -> int:
        """Forget ledger entries and failed updates older than `before`; returns rows removed."""
        ms = to_ms(before)
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "DELETE FROM processed_updates WHERE processed_at < ?", (ledger_time(before),)
            )
            removed = max(cur.rowcount, 0)
            await cur.close()
            cur = await conn.execute(
                "DELETE FROM inbox WHERE state = 'failed' AND received_at < ?", (ms,)
            )
            removed += max(cur.rowcount, 0)
            await cur.close()
        return removed

    async def counts(self) -> dict[str, int]:
        """Rows per state, and the ledger's size (tests, /healthz details)."""
        out = {"pending": 0, "failed": 0}
        for state, count in await self._db.fetchall(
            "SELECT state, COUNT(*) FROM inbox GROUP BY state"
        ):
            out[str(state)] = int(str(count))
        row = await self._db.fetchone("SELECT COUNT(*) FROM processed_updates")
        out["handled"] = int(str(row[0])) if row else 0
        return out
