"""Units (wards and the bodies above them), their aliases and their lineage (who took over whom)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from functools import cached_property

import aiosqlite

from bot.clock import Clock
from bot.domain.models import Unit
from bot.domain.ward_import import PlannedUnit, Ref, UnitImportPlan
from bot.domain.wards import infer_unit_type
from storage.changes import UNITS, Kept
from storage.db import Database
from storage.dossier_days import units_rewritten

_SELECT = (
    "SELECT u.id, u.slug, u.name, u.kind, u.code, u.parent_id, u.valid_from, u.valid_to,"
    " (SELECT group_concat(alias, char(31)) FROM unit_aliases a WHERE a.unit_id = u.id),"
    " u.desk_address, u.desk_hours, u.desk_hotline, u.saturday_reception, u.unit_type,"
    " (SELECT group_concat(predecessor_id) FROM unit_successions s WHERE s.successor_id = u.id),"
    " (SELECT group_concat(successor_id) FROM unit_successions s WHERE s.predecessor_id = u.id),"
    " u.saturday_deadlines, u.apology_desk"
    " FROM units u"
)


class UnitExistsError(ValueError):
    """A unit with that slug is already there."""


class UnknownUnitError(LookupError):
    """No unit has that slug."""


def _ids(value: object) -> tuple[int, ...]:
    return tuple(sorted(int(v) for v in str(value).split(","))) if value else ()


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _to_unit(row: aiosqlite.Row | tuple[object, ...]) -> Unit:
    aliases = tuple(str(row[8]).split("\x1f")) if row[8] else ()
    return Unit(
        id=int(str(row[0])),
        slug=str(row[1]),
        name=str(row[2]),
        kind=str(row[3]),
        code=str(row[4]) if row[4] is not None else None,
        parent_id=int(str(row[5])) if row[5] is not None else None,
        valid_from=date.fromisoformat(str(row[6])) if row[6] else None,
        valid_to=date.fromisoformat(str(row[7])) if row[7] else None,
        aliases=tuple(sorted(aliases)),
        desk_address=str(row[9]) if row[9] is not None else None,
        desk_hours=str(row[10]) if row[10] is not None else None,
        desk_hotline=str(row[11]) if row[11] is not None else None,
        saturday_reception=bool(row[12]),
        unit_type=str(row[13]) if row[13] is not None else None,
        predecessor_ids=_ids(row[14]),
        successor_ids=_ids(row[15]),
        saturday_deadlines=bool(row[16]),
        apology_desk=str(row[17]) if row[17] is not None else None,
    )


class SqliteUnitRepository:
    """Units stored in SQLite; creation times from the clock."""

    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self._db = db
        self._clock = clock or db.clock  # the database's clock unless a test gives one

    async def add(
        self,
        slug: str,
        name: str,
        *,
        code: str | None = None,
        aliases: Sequence[str] = (),
        parent_slug: str | None = None,
        kind: str = "ward",
        valid_from: date | None = None,
        valid_to: date | None = None,
        unit_type: str | None = None,
    ) -> Unit:
        """Create a unit; the parent must exist, the slug must be new. The legal kind defaults
        to the first word of the name."""
        parent_id: int | None = None
        if parent_slug is not None:
            parent = await self._stored(parent_slug)
            if parent is None:
                raise UnknownUnitError(parent_slug)
            parent_id = parent.id
        if await self._stored(slug) is not None:
            raise UnitExistsError(slug)
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "INSERT INTO units (slug, name, kind, code, parent_id, valid_from, valid_to,"
                " unit_type, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    slug,
                    name,
                    kind,
                    code,
                    parent_id,
                    _day(valid_from),
                    _day(valid_to),
                    unit_type or infer_unit_type(name),
                    self._clock.now().astimezone(UTC).isoformat(),
                ),
            )
            unit_id = cur.lastrowid
            await conn.executemany(
                "INSERT OR IGNORE INTO unit_aliases (unit_id, alias) VALUES (?, ?)",
                [(unit_id, a.strip()) for a in aliases if a.strip()],
            )
        unit = await self._stored(slug)
        assert unit is not None
        return unit

    async def link(self, predecessor_slug: str, successor_slug: str) -> None:
        """Record that `successor_slug` took over (all or part of) `predecessor_slug`."""
        ids: list[int] = []
        for slug in (predecessor_slug, successor_slug):
            unit = await self._stored(slug)
            if unit is None:
                raise UnknownUnitError(slug)
            ids.append(unit.id)
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT OR IGNORE INTO unit_successions (predecessor_id, successor_id)"
                " VALUES (?, ?)",
                ids,
            )

    async def set_desk(
        self,
        slug: str,
        *,
        address: str | None,
        hours: str | None,
        hotline: str | None,
        saturday_reception: bool | None = None,
        saturday_deadlines: bool | None = None,
        apology_desk: str | None = None,
    ) -> Unit:
        """Set the one-stop desk's contact, Saturday reception and deadlines, and the desk the
        apology letter names (None keeps a value)."""
        saturday = None if saturday_reception is None else int(saturday_reception)
        deadlines = None if saturday_deadlines is None else int(saturday_deadlines)
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "UPDATE units SET desk_address = COALESCE(?, desk_address),"
                " desk_hours = COALESCE(?, desk_hours), desk_hotline = COALESCE(?, desk_hotline),"
                " saturday_reception = COALESCE(?, saturday_reception),"
                " saturday_deadlines = COALESCE(?, saturday_deadlines),"
                " apology_desk = COALESCE(?, apology_desk)"
                " WHERE slug = ?",
                (address, hours, hotline, saturday, deadlines, apology_desk, slug),
            )
            if cur.rowcount == 0:
                raise UnknownUnitError(slug)
        unit = await self._stored(slug)
        assert unit is not None
        return unit

    async def all(self) -> list[Unit]:
        """Every unit, by slug."""
        return [_to_unit(row) for row in await self._db.fetchall(_SELECT + " ORDER BY u.slug")]

    async def by_slug(self, slug: str) -> Unit | None:
        """The unit with that slug."""
        return await self._stored(slug)

    async def _stored(self, slug: str) -> Unit | None:
        """The unit with that slug as stored now (what the writes check and return)."""
        row = await self._db.fetchone(_SELECT + " WHERE u.slug = ?", (slug,))
        return _to_unit(row) if row else None

    async def by_id(self, unit_id: int) -> Unit | None:
        """The unit with that id."""
        row = await self._db.fetchone(_SELECT + " WHERE u.id = ?", (unit_id,))
        return _to_unit(row) if row else None

    async def apply_import(self, plan: UnitImportPlan, now: datetime) -> None:
        """Write a checked import in one transaction: new units, updated fields, parents, and
        each imported unit's predecessors (replacing those stored); the areas' tree and sums
        follow once, at the end."""
        async with self._db.transaction() as conn, units_rewritten(conn):
            ids: dict[int, int] = {}
            for i, planned in enumerate(plan.units):
                ids[i] = await _write_unit(conn, planned, now)

            def stored(ref: Ref) -> int:
                origin, number = ref
                return number if origin == "db" else ids[number]

            for i, planned in enumerate(plan.units):
                parent = stored(planned.parent) if planned.parent is not None else None
                await conn.execute("UPDATE units SET parent_id = ? WHERE id = ?", (parent, ids[i]))
                await conn.execute("DELETE FROM unit_successions WHERE successor_id = ?", (ids[i],))
                await conn.executemany(
                    "INSERT OR IGNORE INTO unit_successions (predecessor_id, successor_id)"
                    " VALUES (?, ?)",
                    [(stored(ref), ids[i]) for ref in planned.predecessors],
                )


async def _write_unit(conn: aiosqlite.Connection, planned: PlannedUnit, now: datetime) -> int:
    """Insert or update one unit's own fields (the parent comes after every unit exists)."""
    row = planned.row
    values = (
        row.name,
        row.kind,
        row.code,
        row.unit_type,
        _day(row.valid_from),
        _day(row.valid_to),
    )
    if planned.existing is not None:
        await conn.execute(
            "UPDATE units SET name = ?, kind = ?, code = ?, unit_type = ?, valid_from = ?,"
            " valid_to = ? WHERE id = ?",
            (*values, planned.existing.id),
        )
        return planned.existing.id
    cur = await conn.execute(
        "INSERT INTO units (name, kind, code, unit_type, valid_from, valid_to, slug, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (*values, planned.slug, now.isoformat()),
    )
    assert cur.lastrowid is not None
    return cur.lastrowid


class CachedUnitRepository(SqliteUnitRepository):
    """Units read from memory, read again whenever they changed (storage/changes.py): by this
    process or by another (`cchc-bot ward add`, the CLI's imports), seen at the next question.
    Without it every intake step and inbox card read all units."""

    @cached_property
    def _kept(self) -> Kept[tuple[list[Unit], dict[int, Unit], dict[str, Unit]]]:
        return Kept(self._db, UNITS, self._indexed)

    async def _indexed(self) -> tuple[list[Unit], dict[int, Unit], dict[str, Unit]]:
        units = await super().all()
        return units, {u.id: u for u in units}, {u.slug: u for u in units}

    async def all(self) -> list[Unit]:
        return list((await self._kept.get())[0])

    async def by_slug(self, slug: str) -> Unit | None:
        return (await self._kept.get())[2].get(slug)

    async def by_id(self, unit_id: int) -> Unit | None:
        return (await self._kept.get())[1].get(unit_id)
