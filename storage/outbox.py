"""The durable outbox in SQLite: rows written inside other repositories' transactions."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

import aiosqlite

from bot.clock import Clock
from bot.domain.choices import decode
from bot.domain.messages import (
    OutboxButton,
    OutboxItem,
    OutboxState,
    OutgoingMessage,
    content_from_json,
    content_to_json,
)
from storage.db import Database

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MS = timedelta(milliseconds=1)
_ERROR_MAX = 1000  # characters of last_error kept

_COLUMNS = (
    "id, key, channel, recipient, text, choices, document_name, document, state, attempts,"
    " not_before, created_at, sent_at, sent_message_id, last_error, content, lang, priority"
)
# Replies to what a user just did go before pushes (digests, reminders).
PRIORITY_REPLY = 0
PRIORITY_PUSH = 1

# The oldest deliverable row of each recipient: due, and no earlier pending row to the same
# recipient that is due too or waiting for a retry. A row scheduled for later that was never
# tried does not hold back the messages behind it.
_DUE_SQL = f"""
SELECT {_COLUMNS} FROM outbox AS o
 WHERE o.state = 'pending' AND o.not_before <= :now
   AND NOT EXISTS (
       SELECT 1 FROM outbox AS p
        WHERE p.state = 'pending' AND p.channel = o.channel AND p.recipient = o.recipient
          AND p.id < o.id AND (p.not_before <= :now OR p.last_error IS NOT NULL))
 ORDER BY o.priority, o.id
 LIMIT :limit
"""


def to_ms(moment: datetime) -> int:
    """An aware datetime as epoch milliseconds (UTC), the outbox's time format."""
    if moment.tzinfo is None:
        raise ValueError("outbox times must be aware datetimes")
    return (moment - _EPOCH) // _MS


def from_ms(value: int) -> datetime:
    """Epoch milliseconds back to an aware UTC datetime."""
    return _EPOCH + timedelta(milliseconds=value)


def _choices_json(choices: Iterable[OutboxButton]) -> str:
    return json.dumps([[c.button.encode(), c.label] for c in choices], ensure_ascii=False)


def _choices(pairs: Iterable[list[str]]) -> tuple[OutboxButton, ...]:
    """The stored buttons; one the protocol no longer reads (an older release's) is left off."""
    buttons = ((decode(str(data)), str(label)) for data, label in pairs)
    return tuple(OutboxButton(b, label) for b, label in buttons if b is not None)


def _row_to_item(row: Iterable[object]) -> OutboxItem:
    """The one mapper from an outbox row (in `_COLUMNS` order) to the domain model."""
    (
        item_id,
        key,
        channel,
        recipient,
        text,
        choices,
        document_name,
        document,
        state,
        attempts,
        not_before,
        created_at,
        sent_at,
        sent_message_id,
        last_error,
        content,
        lang,
        priority,
    ) = tuple(row)
    pairs = json.loads(str(choices)) if choices else []
    message = OutgoingMessage(
        channel=str(channel),
        recipient=str(recipient),
        text=content_from_json(json.loads(str(content))) if content is not None else str(text),
        lang=str(lang),
        choices=_choices(pairs),
        document_name=str(document_name) if document_name is not None else None,
        document_bytes=bytes(document) if isinstance(document, bytes | bytearray) else None,
        reply=int(str(priority)) == PRIORITY_REPLY,
    )
    return OutboxItem(
        id=int(str(item_id)),
        key=str(key),
        message=message,
        state=OutboxState(str(state)),
        attempts=int(str(attempts)),
        not_before=from_ms(int(str(not_before))),
        created_at=from_ms(int(str(created_at))),
        last_error=str(last_error) if last_error is not None else None,
        sent_at=from_ms(int(str(sent_at))) if sent_at is not None else None,
        sent_message_id=str(sent_message_id) if sent_message_id is not None else None,
    )


async def enqueue_in(
    conn: aiosqlite.Connection,
    key: str,
    message: OutgoingMessage,
    not_before: datetime,
    created_at: datetime,
) -> bool:
    """Add a row inside the caller's open transaction; False when the key was already there."""
    if not key:
        raise ValueError("an outbox row needs an idempotency key")
    if (message.document_name is None) != (message.document_bytes is None):
        raise ValueError("a document needs both a name and its bytes")
    markup = message.text if isinstance(message.text, str) else None
    content = (
        None
        if markup is not None
        else json.dumps(content_to_json(message.text), ensure_ascii=False)
    )
    cur = await conn.execute(
        "INSERT INTO outbox (key, channel, recipient, text, content, lang, choices,"
        " document_name, document, state, attempts, not_before, created_at, priority)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)"
        " ON CONFLICT (key) DO NOTHING",
        (
            key,
            message.channel,
            message.recipient,
            markup or "",
            content,
            message.lang,
            _choices_json(message.choices),
            message.document_name,
            message.document_bytes,
            to_ms(not_before),
            to_ms(created_at),
            PRIORITY_REPLY if message.reply else PRIORITY_PUSH,
        ),
    )
    inserted = cur.rowcount > 0
    await cur.close()
    return inserted


class SqliteOutbox:
    """`bot.ports.OutboxStore` on SQLite; rows are read on the reader, so only committed ones
    are ever handed to the deliverer."""

    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self._db = db
        self._clock = clock or db.clock  # the database's clock unless a test gives one

    async def enqueue(self, key: str, message: OutgoingMessage, not_before: datetime) -> bool:
        """Add a row in its own transaction; False when the key was already there."""
        async with self._db.transaction() as conn:
            return await enqueue_in(conn, key, message, not_before, self._clock.now())

    async def due(self, now: datetime, limit: int) -> list[OutboxItem]:
        """Pending rows due at `now`, oldest first, at most one per recipient (the next in line).

        Read on the reader: a row another repository wrote in a still-open transaction is not
        seen, so it cannot be sent before that transaction commits (or after it rolls back).
        """
        rows = await self._db.fetchall(_DUE_SQL, {"now": to_ms(now), "limit": limit})
        return [_row_to_item(r) for r in rows]

    async def next_not_before(self, after: datetime) -> datetime | None:
        """The earliest not_before of a pending row later than `after` (when to look again)."""
        row = await self._db.fetchone(
            "SELECT MIN(not_before) FROM outbox WHERE state = 'pending' AND not_before > ?",
            (to_ms(after),),
        )
        if row is None or row[0] is None:
            return None
        return from_ms(int(str(row[0])))

    async def mark_sent(self, item_id: int, at: datetime, message_id: str) -> None:
        """Record a successful send (counted as an attempt)."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE outbox SET state = 'sent', sent_at = ?, sent_message_id = ?,"
                " attempts = attempts + 1 WHERE id = ? AND state = 'pending'",
                (to_ms(at), message_id, item_id),
            )

    async def following(
        self, channel: str, recipient: str, after_id: int, until: datetime, limit: int
    ) -> list[OutboxItem]:
        """The recipient's pending rows after `after_id` that are due by `until`, in order
        (what may go together with the row being sent)."""
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM outbox WHERE state = 'pending' AND channel = ?"
            " AND recipient = ? AND id > ? AND not_before <= ? ORDER BY id LIMIT ?",
            (channel, recipient, after_id, to_ms(until), limit),
        )
        return [_row_to_item(r) for r in rows]

    async def mark_sent_together(
        self, item_ids: Sequence[int], at: datetime, message_id: str
    ) -> None:
        """Record rows sent as one message, in one transaction."""
        async with self._db.transaction() as conn:
            await conn.executemany(
                "UPDATE outbox SET state = 'sent', sent_at = ?, sent_message_id = ?,"
                " attempts = attempts + 1 WHERE id = ? AND state = 'pending'",
                [(to_ms(at), message_id, item_id) for item_id in item_ids],
            )

    async def mark_retry(
        self, item_id: int, attempts: int, not_before: datetime, error: str
    ) -> None:
        """Keep the row pending, to be tried again from `not_before`."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE outbox SET attempts = ?, not_before = ?, last_error = ?"
                " WHERE id = ? AND state = 'pending'",
                (attempts, to_ms(not_before), error[:_ERROR_MAX], item_id),
            )

    async def release(self, channel: str, recipient: str, now: datetime) -> int:
        """Make the recipient's pending rows due now (an official who wrote again opens the
        window their held alerts were waiting for); how many."""
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "UPDATE outbox SET not_before = ? WHERE state = 'pending' AND channel = ?"
                " AND recipient = ? AND not_before > ?",
                (to_ms(now), channel, recipient, to_ms(now)),
            )
            return cur.rowcount

    async def mark_dead(self, item_id: int, attempts: int, error: str) -> None:
        """Give up on the row for good."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE outbox SET state = 'dead', attempts = ?, last_error = ?"
                " WHERE id = ? AND state = 'pending'",
                (attempts, error[:_ERROR_MAX], item_id),
            )

    async def get(self, key: str) -> OutboxItem | None:
        """The row under an idempotency key, if any."""
        row = await self._db.fetchone(f"SELECT {_COLUMNS} FROM outbox WHERE key = ?", (key,))
        return _row_to_item(row) if row is not None else None

    async def counts_by_state(self) -> dict[OutboxState, int]:
        """How many rows are in each state (every state present, zero included)."""
        counts = dict.fromkeys(OutboxState, 0)
        for state, count in await self._db.fetchall(
            "SELECT state, COUNT(*) FROM outbox GROUP BY state"
        ):
            counts[OutboxState(str(state))] = int(str(count))
        return counts
