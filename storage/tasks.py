"""Task queries: bulk import through a staging table (their counts are storage/indicators.py)."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractAsyncContextManager
from datetime import datetime

from bot.clock import Clock
from bot.domain.imports import record_from_task
from bot.domain.models import Task
from storage.db import Database
from storage.dossiers import StagedImport, staged_import

_COLUMNS = "code, unit_id, title, year, due_at, completed_at"

_UPSERT_TAIL = """
ON CONFLICT(code) DO UPDATE SET
    unit_id = excluded.unit_id,
    title = excluded.title,
    year = excluded.year,
    due_at = excluded.due_at,
    completed_at = excluded.completed_at,
    updated_at = excluded.updated_at
"""

_UPSERT = f"INSERT INTO tasks ({_COLUMNS}, updated_at) VALUES (?,?,?,?,?,?,?)" + _UPSERT_TAIL

_STAGING = "import_tasks"

_CREATE_STAGING = f"""
CREATE TEMP TABLE IF NOT EXISTS {_STAGING} (
    line INTEGER NOT NULL, code TEXT NOT NULL, unit_id INTEGER NOT NULL, title TEXT NOT NULL,
    year INTEGER NOT NULL, due_at INTEGER, completed_at INTEGER
)
"""

_STAGE = f"INSERT INTO temp.{_STAGING} (line, {_COLUMNS}) VALUES (?,?,?,?,?,?,?)"

_MERGE = (
    f"INSERT INTO tasks ({_COLUMNS}, updated_at) "
    f"SELECT {_COLUMNS}, ? FROM temp.{_STAGING} WHERE true ORDER BY code" + _UPSERT_TAIL
)


class SqliteTaskRepository:
    """The year's CCHC tasks per ward, in SQLite; update times from the clock."""

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
            target="tasks",
            now=now,
        )

    async def upsert_many(self, tasks: Iterable[Task], now: datetime | None = None) -> int:
        """Insert or update tasks by code in one transaction (stamped `now`, by default the
        clock's); returns how many were given."""
        stamp = int((now or self._clock.now()).timestamp())
        rows = [(*record_from_task(t), stamp) for t in tasks]
        async with self._db.transaction() as conn:
            await conn.executemany(_UPSERT, rows)
        return len(rows)
