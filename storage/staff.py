"""Staff members: channel user id, role, unit."""

from __future__ import annotations

from datetime import UTC

import aiosqlite

from bot.clock import Clock
from bot.domain.models import Role, StaffMember
from storage.db import Database

_SELECT = "SELECT channel, user_id, role, unit_id, name FROM staff"


def _to_staff(row: aiosqlite.Row | tuple[object, ...]) -> StaffMember:
    return StaffMember(
        channel=str(row[0]),
        user_id=str(row[1]),
        role=Role(str(row[2])),
        unit_id=int(str(row[3])) if row[3] is not None else None,
        name=str(row[4]) if row[4] is not None else None,
    )


class SqliteStaffRepository:
    """Staff stored in SQLite (Telegram channel); creation times from the clock."""

    def __init__(self, db: Database, clock: Clock | None = None, channel: str = "telegram") -> None:
        self._db = db
        self._clock = clock or db.clock  # the database's clock unless a test gives one
        self._channel = channel

    async def add(
        self, user_id: str, role: Role, unit_id: int | None, name: str | None = None
    ) -> StaffMember:
        """Create or replace the staff entry of a user."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO staff (channel, user_id, role, unit_id, name, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (channel, user_id) DO UPDATE SET"
                " role = excluded.role, unit_id = excluded.unit_id,"
                " name = COALESCE(excluded.name, staff.name)",
                (
                    self._channel,
                    user_id,
                    role.value,
                    unit_id,
                    name,
                    self._clock.now().astimezone(UTC).isoformat(),
                ),
            )
        member = await self.get(user_id)
        assert member is not None
        return member

    async def get(self, user_id: str) -> StaffMember | None:
        """The staff entry of a user, if any."""
        row = await self._db.fetchone(
            _SELECT + " WHERE channel = ? AND user_id = ?", (self._channel, user_id)
        )
        return _to_staff(row) if row else None

    async def all(self) -> list[StaffMember]:
        """Every staff member, by role then id."""
        rows = await self._db.fetchall(
            _SELECT + " WHERE channel = ? ORDER BY role, user_id", (self._channel,)
        )
        return [_to_staff(row) for row in rows]

    async def remove(self, user_id: str) -> bool:
        """Remove a staff entry; False when there was none."""
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "DELETE FROM staff WHERE channel = ? AND user_id = ?", (self._channel, user_id)
            )
            return cur.rowcount > 0
