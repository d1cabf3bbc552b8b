"""The append-only audit log of staff actions, and the processed-updates ledger."""

from __future__ import annotations

import json
from datetime import datetime

from bot.domain.models import AuditEntry
from storage.db import Database
from storage.inbox import ledger_time


class SqliteAuditLog:
    """Audit entries in SQLite."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def append(self, entry: AuditEntry, at: datetime) -> None:
        """Append one entry."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO audit_log (at, actor, action, unit_id, detail) VALUES (?,?,?,?,?)",
                (
                    at.isoformat(),
                    entry.actor,
                    entry.action,
                    entry.unit_id,
                    json.dumps(entry.detail, ensure_ascii=False, default=str),
                ),
            )

    async def recent(self, limit: int = 50) -> list[AuditEntry]:
        """The latest entries, newest first."""
        rows = await self._db.fetchall(
            "SELECT actor, action, unit_id, detail FROM audit_log ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return [
            AuditEntry(
                actor=str(r[0]),
                action=str(r[1]),
                unit_id=int(str(r[2])) if r[2] is not None else None,
                detail=json.loads(str(r[3])),
            )
            for r in rows
        ]


class SqliteProcessedUpdates:
    """Update ids already handled, per bot, so a redelivered update is not handled twice."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def seen(self, bot: str, update_id: str) -> bool:
        """Whether the update was handled already (a plain read: never takes the write lock)."""
        row = await self._db.fetchone(
            "SELECT 1 FROM processed_updates WHERE channel = ? AND update_id = ?",
            (bot, update_id),
        )
        return row is not None

    async def claim(self, bot: str, update_id: str, at: datetime) -> bool:
        """Record the update as handled; False when it already was."""
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "INSERT OR IGNORE INTO processed_updates (channel, update_id, processed_at)"
                " VALUES (?, ?, ?)",
                (bot, update_id, ledger_time(at)),
            )
            return cur.rowcount > 0
