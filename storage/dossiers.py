"""Dossier queries: bulk import through a staging table, the report's one-scan counts."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Collection, Iterable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import aiosqlite

from bot.clock import Clock
from bot.domain.imports import DossierRecord, record_from_dossier
from bot.domain.models import Dossier, DossierCounts, DossierStatus, SubmissionChannel
from storage.db import Database

_COLUMNS = (
    "code, unit_id, procedure, field, received_at, due_at, resolved_at, channel, status,"
    " applicant, applicant_address, applicant_phone"
)

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
    applicant = coalesce(excluded.applicant, applicant),
    applicant_address = coalesce(excluded.applicant_address, applicant_address),
    applicant_phone = coalesce(excluded.applicant_phone, applicant_phone),
    updated_at = excluded.updated_at
"""

_UPSERT = (
    f"INSERT INTO dossiers ({_COLUMNS}, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
    + _UPSERT_TAIL
)

_STAGING = "import_dossiers"

_CREATE_STAGING = f"""
CREATE TEMP TABLE IF NOT EXISTS {_STAGING} (
    line INTEGER NOT NULL, code TEXT NOT NULL, unit_id INTEGER NOT NULL,
    procedure TEXT NOT NULL, field TEXT NOT NULL, received_at INTEGER NOT NULL,
    due_at INTEGER NOT NULL, resolved_at INTEGER, channel TEXT NOT NULL, status TEXT NOT NULL,
    applicant TEXT, applicant_address TEXT, applicant_phone TEXT
)
"""

_STAGE = f"INSERT INTO temp.{_STAGING} (line, {_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"

# "WHERE true" keeps SQLite from reading ON CONFLICT as a join constraint; ORDER BY code makes
# the unique-index inserts sequential (3x faster on 1M rows than staging order).
_MERGE = (
    f"INSERT INTO dossiers ({_COLUMNS}, updated_at) "
    f"SELECT {_COLUMNS}, ? FROM temp.{_STAGING} WHERE true ORDER BY code" + _UPSERT_TAIL
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

# One range scan over the covering index answers every count of the ward report; count(CASE)
# is the cheapest aggregate form in SQLite, and late/pending/in-time are derived in Python.
# Shared with storage/reports.py, which adds the task figures to the same statement.
COUNT_COLUMNS = """
    count(*),
    count(CASE WHEN resolved_at <= :as_of THEN 1 END),
    count(CASE WHEN resolved_at <= :as_of AND resolved_at <= due_at THEN 1 END),
    count(CASE WHEN due_at < :as_of AND (resolved_at IS NULL OR resolved_at > :as_of) THEN 1 END),
    count(CASE WHEN channel = 'online' THEN 1 END)"""
COUNT_FROM = """
FROM dossiers INDEXED BY dossiers_unit_received
WHERE unit_id IN (SELECT value FROM json_each(:units))
  AND received_at >= :start AND received_at < :end"""
_COUNTS = f"SELECT{COUNT_COLUMNS}{COUNT_FROM}"

# The columns `dossier_from_row` reads, in its order (other modules select them too).
DOSSIER_COLUMNS = (
    "code, unit_id, procedure, field, received_at, due_at, resolved_at, channel, status,"
    " apology_issued_at, apology_reason, apology_new_due_at,"
    " applicant, applicant_address, applicant_phone"
)
_SELECT = f"SELECT {DOSSIER_COLUMNS} FROM dossiers"


def epoch(value: datetime) -> int:
    """An aware moment as the epoch seconds the dossier tables store."""
    if value.tzinfo is None:
        raise ValueError("aware datetime required")
    return int(value.timestamp())


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _time(value: Any) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(int(value), UTC)


def count_params(
    unit_ids: Collection[int], received_from: datetime, received_to: datetime, as_of: datetime
) -> dict[str, object]:
    """The named parameters of the COUNT_COLUMNS/COUNT_FROM statement (`:units` is a JSON
    array: a ward's report also counts the former wards it took over)."""
    return {
        "units": json.dumps(sorted(unit_ids)),
        "start": epoch(received_from),
        "end": epoch(received_to),
        "as_of": epoch(as_of),
    }


def counts_from_row(values: Sequence[object]) -> DossierCounts:
    """The report's counts from the five COUNT_COLUMNS values."""
    received, resolved, on_time, overdue, online = (int(str(v)) for v in values)
    return DossierCounts(
        received=received,
        resolved_on_time=on_time,
        resolved_late=resolved - on_time,
        pending_in_time=received - resolved - overdue,
        pending_overdue=overdue,
        online=online,
    )


def dossier_from_row(row: Sequence[Any]) -> Dossier:
    """The one mapper from a `_SELECT` row to the domain model."""
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
        applicant=_text(row[12]),
        applicant_address=_text(row[13]),
        applicant_phone=_text(row[14]),
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
    ) -> None:
        self._conn = conn
        self._table = table
        self._stage_sql = stage_sql
        self._merge_sql = merge_sql
        self._target = target
        self._now = now
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

    async def merge(self) -> tuple[int, int]:
        """Upsert the staged rows into the real table; returns (new, updated)."""
        before = await self._count(self._target)
        staged = await self._count(f"temp.{self._table}")
        await self._conn.execute(self._merge_sql, (self._now,))
        new = await self._count(self._target) - before
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
        )

    async def upsert_many(self, dossiers: Iterable[Dossier], now: datetime | None = None) -> int:
        """Insert or update dossiers by code in one transaction (stamped `now`, by default the
        clock's); returns how many were given."""
        stamp = epoch(now or self._clock.now())
        rows = [(*record_from_dossier(d), stamp) for d in dossiers]
        async with self._db.transaction() as conn:
            await conn.executemany(_UPSERT, rows)
        return len(rows)

    async def upsert_records(self, records: Iterable[DossierRecord], now: datetime) -> int:
        """Insert or update storage-ready records by code in one transaction."""
        stamp = epoch(now)
        rows = [(*r, stamp) for r in records]
        async with self._db.transaction() as conn:
            await conn.executemany(_UPSERT, rows)
        return len(rows)

    async def get(self, code: str) -> Dossier | None:
        """The dossier with this code, or None."""
        row = await self._db.fetchone(f"{_SELECT} WHERE code = ?", (code,))
        return None if row is None else dossier_from_row(row)

    async def count(self) -> int:
        """How many dossiers are stored."""
        row = await self._db.fetchone("SELECT count(*) FROM dossiers")
        return int(str(row[0])) if row else 0

    async def counts(
        self, unit_id: int, received_from: datetime, received_to: datetime, as_of: datetime
    ) -> DossierCounts:
        """The report's numbers for dossiers received in [from, to), evaluated as of `as_of`."""
        row = await self._db.fetchone(
            _COUNTS, count_params((unit_id,), received_from, received_to, as_of)
        )
        assert row is not None
        return counts_from_row(row[:5])
