"""One-time staff invitations (bot.domain.invites): issued by the CLI, used once from a chat."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.models import Role
from storage.db import Database


class SqliteInviteStore:
    """Invitations in SQLite, by the hash of their code."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def create(
        self,
        code_hash: str,
        role: Role,
        unit_id: int | None,
        name: str | None,
        at: datetime,
        expires_at: datetime,
        link_to: str | None = None,
    ) -> None:
        """Store a new invitation (`link_to`: a second channel for that staff member)."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO staff_invites"
                " (code_hash, role, unit_id, name, created_at, expires_at, link_to)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (code_hash, role.value, unit_id, name, _iso(at), _iso(expires_at), link_to),
            )

    async def use(
        self, code_hash: str, at: datetime, used_by: str
    ) -> tuple[Role, int | None, str | None, str | None] | None:
        """Take an invitation once, if it is still good: its role, unit, name and link."""
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "UPDATE staff_invites SET used_at = ?, used_by = ?"
                " WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?"
                " RETURNING role, unit_id, name, link_to",
                (_iso(at), used_by, code_hash, _iso(at)),
            )
            row = await cur.fetchone()
        if row is None:
            return None
        return (
            Role(str(row[0])),
            int(str(row[1])) if row[1] is not None else None,
            str(row[2]) if row[2] is not None else None,
            str(row[3]) if row[3] is not None else None,
        )


def _iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat()
