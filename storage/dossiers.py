"""Dossier queries: bulk import through a staging table, lookups by code (the counts are in
storage/indicators.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import aiosqlite

from bot.clock import Clock
from bot.domain.imports import DossierRecord, record_from_dossier
from bot.domain.models import (
    END_TIME_STATUSES,
    Dossier,
    DossierStatus,
    OnlineLevel,
    SubmissionChannel,
)
from storage.db import Database
from storage.dossier_days import BulkDelta

_COLUMNS = (
    "code, unit_id, procedure, field, received_at, due_at, resolved_at, channel, status,"
    " level, department, applicant, applicant_address, applicant_phone"
)

# `ended_at` is the indicators' end of processing (`bot.domain.indicators.end_time`): resolved_at
# for the statuses in END_TIME_STATUSES, else NULL. Every write computes it (migration 0012's
# triggers refuse a row where it disagrees).
_ENDING = ", ".join(f"'{s.value}'" for s in sorted(END_TIME_STATUSES))
_ENDED_AT = f"CASE WHEN status IN ({_ENDING}) THEN resolved_at END"
_END_VALUES = frozenset(s.value for s in END_TIME_STATUSES)

_UPSERT_TAIL = """
ON CONFLICT(code) DO UPDATE SET
    unit_id = excluded.unit_id,
    procedure = excluded.procedure,
    field = excluded.field,
    received_at = excluded.received_at,
    due_at = excluded.due_at,
    resolved_at = excluded.resolved_at,
    channel = excluded.channel,
    status = excluded.status,
    level = excluded.level,
    department = excluded.department,
    ended_at = excluded.ended_at,
    applicant = coalesce(excluded.applicant, applicant),
    applicant_address = coalesce(excluded.applicant_address, applicant_address),
    applicant_phone = coalesce(excluded.applicant_phone, applicant_phone),
    updated_at = excluded.updated_at
"""

_UPSERT = (
    f"INSERT INTO dossiers ({_COLUMNS}, updated_at, ended_at)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)" + _UPSERT_TAIL
)

_STAGING = "import_dossiers"

_CREATE_STAGING = f"""
CREATE TEMP TABLE IF NOT EXISTS {_STAGING} (
    line INTEGER NOT NULL, code TEXT NOT NULL, unit_id INTEGER NOT NULL,
    procedure TEXT NOT NULL, field TEXT NOT NULL, received_at INTEGER NOT NULL,
    due_at INTEGER NOT NULL, resolved_at INTEGER, channel TEXT NOT NULL, status TEXT NOT NULL,
    level TEXT, department TEXT NOT NULL,
    applicant TEXT, applicant_address TEXT, applicant_phone TEXT
)
"""

_STAGE = f"INSERT INTO temp.{_STAGING} (line, {_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"

# "WHERE true" keeps SQLite from reading ON CONFLICT as a join constraint; ORDER BY code makes
# the unique-index inserts sequential (3x faster on 1M rows than staging order).
_MERGE = (
    f"INSERT INTO dossiers ({_COLUMNS}, updated_at, ended_at) "
    f"SELECT {_COLUMNS}, ?, {_ENDED_AT} FROM temp.{_STAGING} WHERE true ORDER BY code"
    + _UPSERT_TAIL
)

# Every later occurrence of a code that appears more than once, with its first line.
DUPLICATES_SQL = """
SELECT s.line, d.first, s.code
FROM temp.{table} AS s
JOIN (
    SELECT code, min(line) AS first FROM temp.{table} GROUP BY code HAVING count(*) > 1
) AS d ON d.code = s.code
WHERE s.line > d.first
ORDER BY s.line
"""

# The columns `dossier_from_row` reads, in order (other modules select them too).
DOSSIER_COLUMNS = (
    "code, unit_id, procedure, field, received_at, due_at, resolved_at, channel, status,"
    " apology_issued_at, apology_reason, apology_new_due_at, level, department,"
    " applicant, applicant_address, applicant_phone"
)
DOSSIER_WIDTH = len(DOSSIER_COLUMNS.split(","))
_SELECT = f"SELECT {DOSSIER_COLUMNS} FROM dossiers"


def _row(record: DossierRecord, stamp: int) -> tuple[Any, ...]:
    """An upsert's parameters: the record, the write time, and the end of processing."""
    ended = record[6] if record[8] in _END_VALUES else None
    return (*record, stamp, ended)


def epoch(value: datetime) -> int:
    """An aware moment as the epoch seconds the dossier tables store."""
    if value.tzinfo is None:
        raise ValueError("aware datetime required")
    return int(value.timestamp())


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _time(value: Any) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(int(value), UTC)


def dossier_from_row(row: Sequence[Any]) -> Dossier:
    """The one mapper from a row of DOSSIER_COLUMNS to the domain model."""
    received = _time(row[4])
    due = _time(row[5])
    assert received is not None and due is not None
    return Dossier(
        code=str(row[0]),
        unit_id=int(row[1]),
        procedure=str(row[2]),
        field=str(row[3]),
        received_at=received,
        due_at=due,
        resolved_at=_time(row[6]),
        channel=SubmissionChannel(row[7]),
        status=DossierStatus(row[8]),
        apology_issued_at=_time(row[9]),
        apology_reason=None if row[10] is None else str(row[10]),
        apology_new_due_at=_time(row[11]),
        level=None if row[12] is None else OnlineLevel(row[12]),
        department=str(row[13] or ""),
        applicant=_text(row[14]),
        applicant_address=_text(row[15]),
        applicant_phone=_text(row[16]),
    )


class StagedImport:
    """An import in progress inside one write transaction (see `ImportSession`)."""

    def __init__(
        self,
        conn: aiosqlite.Connection,
        *,
        table: str,
        stage_sql: str,
        merge_sql: str,
        target: str,
        now: int,
        aggregates: bool = False,
    ) -> None:
        self._conn = conn
        self._table = table
        self._stage_sql = stage_sql
        self._merge_sql = merge_sql
        self._target = target
        self._now = now
        self._aggregates = aggregates
        self.merged = False

    async def stage(self, records: Sequence[tuple[Any, ...]], lines: Sequence[int]) -> None:
        """Append records (with their line numbers) to the staging table."""
        await self._conn.executemany(
            self._stage_sql, [(line, *rec) for line, rec in zip(lines, records, strict=True)]
        )

    async def duplicates(self) -> list[tuple[int, int, str]]:
        """(line, first line, code) for each repeated code, by line."""
        sql = DUPLICATES_SQL.format(table=self._table)
        async with self._conn.execute(sql) as cursor:
            return [(int(r[0]), int(r[1]), str(r[2])) for r in await cursor.fetchall()]

    async def discard(self, lines: Sequence[int]) -> None:
        """Drop staged rows by line number."""
        await self._conn.executemany(
            f"DELETE FROM temp.{self._table} WHERE line = ?", [(line,) for line in lines]
        )

    async def merge(self) -> tuple[int, int]:
        """Upsert the staged rows into the real table; returns (new, updated). The figures'
        daily aggregates of the merged dossiers follow in one bulk delta, not row by row."""
        before = await self._count(self._target)
        staged = await self._count(f"temp.{self._table}")
        delta = BulkDelta(self._conn, self._table) if self._aggregates else None
        if delta is not None:
            await delta.before()
        await self._conn.execute(self._merge_sql, (self._now,))
        new = await self._count(self._target) - before
        if delta is not None:
            await delta.after(new)
        self.merged = True
        return new, staged - new

    async def _count(self, table: str) -> int:
        async with self._conn.execute(f"SELECT count(*) FROM {table}") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0


class _Discard(Exception):
    """Raised inside the transaction to roll an unmerged import back."""


@asynccontextmanager
async def staged_import(
    db: Database,
    *,
    table: str,
    create_sql: str,
    stage_sql: str,
    merge_sql: str,
    target: str,
    now: datetime,
    aggregates: bool = False,
) -> AsyncIterator[StagedImport]:
    """One write transaction around a staging table; commits only if `merge()` ran."""
    session: StagedImport | None = None
    try:
        async with db.transaction() as conn:
            await conn.execute(create_sql)
            await conn.execute(f"DELETE FROM temp.{table}")
            session = StagedImport(
                conn,
                table=table,
                stage_sql=stage_sql,
                merge_sql=merge_sql,
                target=target,
                now=epoch(now),
                aggregates=aggregates,
            )
            yield session
            await conn.execute(f"DROP TABLE temp.{table}")
            if not session.merged:
                raise _Discard
    except _Discard:
        pass


class SqliteDossierRepository:
    """Dossiers in SQLite (times as epoch seconds UTC); update times from the clock."""

    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self._db = db
        self._clock = clock or db.clock  # the database's clock unless a test gives one

    def importing(self, now: datetime) -> AbstractAsyncContextManager[StagedImport]:
        """An all-or-nothing import session (see `bot.ports.ImportSession`)."""
        return staged_import(
            self._db,
            table=_STAGING,
            create_sql=_CREATE_STAGING,
            stage_sql=_STAGE,
            merge_sql=_MERGE,
            target="dossiers",
            now=now,
            aggregates=True,
        )

    async def upsert_many(self, dossiers: Iterable[Dossier], now: datetime | None = None) -> int:
        """Insert or update dossiers by code in one transaction (stamped `now`, by default the
        clock's); returns how many were given."""
        stamp = epoch(now or self._clock.now())
        rows = [_row(record_from_dossier(d), stamp) for d in dossiers]
        async with self._db.transaction() as conn:
            await conn.executemany(_UPSERT, rows)
        return len(rows)

    async def get(self, code: str) -> Dossier | None:
        """The dossier with this code, in any case ("nq-2025-000157"), or None; an exact
        match wins over another code differing only in case."""
        row = self._db.lookup_one(  # by the index on upper(code): one row, or a few
            f"{_SELECT} WHERE upper(code) = upper(?) ORDER BY code = ? DESC LIMIT 1", (code, code)
        )
        return None if row is None else dossier_from_row(row)

    async def count(self) -> int:
        """How many dossiers are stored."""
        row = await self._db.fetchone("SELECT count(*) FROM dossiers")
        return int(str(row[0])) if row else 0
