"""Named JSON values the offline demo keeps between runs (the stand-in's id counters)."""

from __future__ import annotations

from datetime import UTC

from bot.clock import Clock
from storage.db import Database


class SqliteDemoState:
    """`demo_state` on SQLite: one text value per name."""

    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self._db = db
        self._clock = clock or db.clock

    async def load(self, name: str) -> str | None:
        """The value stored under `name`, if any."""
        row = await self._db.fetchone("SELECT value FROM demo_state WHERE name = ?", (name,))
        return str(row[0]) if row else None

    async def save(self, name: str, value: str) -> None:
        """Store `value` under `name`, replacing what was there."""
        at = self._clock.now().astimezone(UTC).isoformat()
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO demo_state (name, value, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (name) DO UPDATE SET value = excluded.value,"
                " updated_at = excluded.updated_at",
                (name, value, at),
            )
