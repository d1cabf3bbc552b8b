"""Per-(channel, user) conversation state as JSON, so a restart resumes where the user was."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from storage.db import Database


class SqliteConversations:
    """`bot.ports.ConversationStore` on SQLite."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def load(self, channel: str, user_id: str) -> tuple[dict[str, object], datetime] | None:
        """The user's state and when it was saved, or None when they are in no conversation."""
        row = self._db.lookup_one(  # by key: on the loop's own connection
            "SELECT state, updated_at FROM conversations WHERE channel = ? AND user_id = ?",
            (channel, user_id),
        )
        if row is None:
            return None
        state = json.loads(str(row[0]))
        if not isinstance(state, dict):
            raise ValueError(f"conversation state of {channel}:{user_id} is not an object")
        return state, datetime.fromisoformat(str(row[1]))

    async def save(
        self, channel: str, user_id: str, state: dict[str, object], at: datetime
    ) -> None:
        """Create or replace the user's state."""
        if at.tzinfo is None:
            raise ValueError("conversation times must be aware datetimes")
        payload = json.dumps(state, ensure_ascii=False)
        await self._db.write(  # one statement: one round trip, atomic
            "INSERT INTO conversations (channel, user_id, state, updated_at)"
            " VALUES (?, ?, ?, ?)"
            " ON CONFLICT (channel, user_id)"
            " DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
            (channel, user_id, payload, at.astimezone(UTC).isoformat()),
        )

    async def delete(self, channel: str, user_id: str) -> None:
        """Forget the user's state (no error when there is none)."""
        await self._db.write(
            "DELETE FROM conversations WHERE channel = ? AND user_id = ?", (channel, user_id)
        )
