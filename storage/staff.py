"""Staff members: channel user id, role, unit."""

from __future__ import annotations

from datetime import UTC
from functools import cached_property

import aiosqlite

from bot.clock import Clock
from bot.domain.models import Role, StaffMember
from storage.changes import STAFF, Kept
from storage.db import Database

DEFAULT_CHANNEL = "telegram"
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
    """Staff stored in SQLite; creation times from the clock.

    Every channel's staff are read by their one key (a Telegram id, or a Zalo `<oa>/<user>` key:
    bot.domain.zalo_staff), so the services see officials on any channel; `channel` is where
    `add` files a new entry (and, when given, limits the reads to that channel).
    """

    def __init__(
        self,
        db: Database,
        clock: Clock | None = None,
        channel: str | None = None,
        *,
        alerting: bool = False,
    ) -> None:
        self._db = db
        self._clock = clock or db.clock  # the database's clock unless a test gives one
        self._channel = channel
        # The services' repository: `all()` (who hears an alert) leaves out the entries whose
        # person chose to get alerts on another channel.
        self._alerting = alerting

    def _where(self, extra: str = "") -> tuple[str, tuple[str, ...]]:
        clauses = [c for c in ("channel = ?" if self._channel else "", extra) if c]
        where = " WHERE " + " AND ".join(clauses) if clauses else ""
        return where, (self._channel,) if self._channel else ()

    async def add(
        self,
        user_id: str,
        role: Role,
        unit_id: int | None,
        name: str | None = None,
        *,
        channel: str | None = None,
    ) -> StaffMember:
        """Create or replace the staff entry of a user (on `channel`, else the repository's)."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO staff (channel, user_id, role, unit_id, name, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (channel, user_id) DO UPDATE SET"
                " role = excluded.role, unit_id = excluded.unit_id,"
                " name = COALESCE(excluded.name, staff.name)",
                (
                    channel or self._channel or DEFAULT_CHANNEL,
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
        where, params = self._where("user_id = ?")
        row = self._db.lookup_one(_SELECT + where, (*params, user_id))  # a few rows at most
        return _to_staff(row) if row else None

    async def all(self) -> list[StaffMember]:
        """Every staff member, by role then id."""
        where, params = self._where("alerts = 1" if self._alerting else "")
        rows = await self._db.fetchall(_SELECT + where + " ORDER BY role, channel, user_id", params)
        return [_to_staff(row) for row in rows]

    async def reach(self, user_id: str) -> list[StaffMember]:
        """The entries of the person holding `user_id` that get alerts (the channel they chose,
        or all of theirs), by channel; [] when `user_id` is no staff entry."""
        rows = await self._db.fetchall(
            _SELECT + " WHERE alerts = 1 AND COALESCE(person_id, id) ="
            " (SELECT COALESCE(person_id, id) FROM staff WHERE user_id = ?)"
            " ORDER BY channel, user_id",
            (user_id,),
        )
        return [_to_staff(row) for row in rows]

    async def remove(self, user_id: str) -> bool:
        """Remove a staff entry and the digests it subscribed to; False when there was none."""
        member = await self.get(user_id)
        if member is None:
            return False
        async with self._db.transaction() as conn:
            await conn.execute(
                "DELETE FROM staff WHERE channel = ? AND user_id = ?", (member.channel, user_id)
            )
            await conn.execute(
                "DELETE FROM digest_subscriptions WHERE channel = ? AND user_id = ?",
                (member.channel, user_id),
            )
            return True

    async def set_phone(self, user_id: str, phone: str | None) -> bool:
        """Record (or with None forget) the phone of an official; False when there is none."""
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "UPDATE staff SET phone = ? WHERE user_id = ?", (phone, user_id)
            )
            return cur.rowcount > 0

    async def set_person_phone(self, user_id: str, phone: str | None) -> int:
        """Record (or with None forget) the phone of the person holding `user_id` on each of
        their entries; returns how many entries were changed."""
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "UPDATE staff SET phone = ? WHERE COALESCE(person_id, id) ="
                " (SELECT COALESCE(person_id, id) FROM staff WHERE user_id = ?)",
                (phone, user_id),
            )
            return int(cur.rowcount)

    async def phone_of(self, user_id: str) -> str | None:
        """The phone recorded for an official, if any (for the ZBS template)."""
        row = await self._db.fetchone("SELECT phone FROM staff WHERE user_id = ?", (user_id,))
        return str(row[0]) if row is not None and row[0] is not None else None

    async def link(self, user_id: str, to_user_id: str) -> bool:
        """Make `user_id`'s entry the same person as `to_user_id`'s (a second channel)."""
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "UPDATE staff SET person_id ="
                " (SELECT COALESCE(person_id, id) FROM staff WHERE user_id = ?)"
                " WHERE user_id = ? AND EXISTS (SELECT 1 FROM staff WHERE user_id = ?)",
                (to_user_id, user_id, to_user_id),
            )
            return cur.rowcount > 0

    async def choose_alerts(self, user_id: str, channel: str | None) -> list[str]:
        """Alerts to the person's entry on `channel` only (None: on every one); returns the
        channels the person has, in order."""
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "SELECT COALESCE(person_id, id) FROM staff WHERE user_id = ?", (user_id,)
            )
            row = await cur.fetchone()
            if row is None:
                return []
            person = int(row[0])
            await conn.execute(
                "UPDATE staff SET alerts = (? IS NULL OR channel = ?)"
                " WHERE COALESCE(person_id, id) = ?",
                (channel, channel, person),
            )
            cur = await conn.execute(
                "SELECT DISTINCT channel FROM staff WHERE COALESCE(person_id, id) = ?"
                " ORDER BY channel",
                (person,),
            )
            return [str(r[0]) for r in await cur.fetchall()]


# Every entry with what `all()` and `reach()` choose by: the person it belongs to and its alerts.
_EVERYONE = (
    "SELECT channel, user_id, role, unit_id, name, COALESCE(person_id, id), alerts FROM staff"
    " ORDER BY role, channel, user_id"
)


class CachedStaffRepository(SqliteStaffRepository):
    """The services' staff repository, with who hears an alert read from memory: read again
    whenever the staff changed (storage/changes.py), by this process or another (`cchc-bot
    staff add`). A filing tells its ward's officers; without it each one read every entry.
    `get()` (who may do what) stays a read by key of the stored entry."""

    @cached_property
    def _kept(self) -> Kept[list[tuple[StaffMember, int, bool]]]:
        return Kept(self._db, STAFF, self._everyone)

    async def _everyone(self) -> list[tuple[StaffMember, int, bool]]:
        rows = await self._db.fetchall(_EVERYONE)
        return [(_to_staff(r), int(str(r[5])), bool(r[6])) for r in rows]

    async def all(self) -> list[StaffMember]:
        return [
            member
            for member, _, alerts in await self._kept.get()
            if (self._channel is None or member.channel == self._channel)
            and (alerts or not self._alerting)
        ]

    async def reach(self, user_id: str) -> list[StaffMember]:
        everyone = await self._kept.get()
        person = next((p for m, p, _ in everyone if m.user_id == user_id), None)
        if person is None:
            return []
        found = [m for m, p, alerts in everyone if p == person and alerts]
        return sorted(found, key=lambda m: (m.channel, m.user_id))
