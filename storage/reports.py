"""The ward report's read model: one statement over the covering indexes answers both the
dossier and the task figures (one round trip to the database thread on the `/stats` path)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from bot.domain.models import DossierCounts, TaskCounts
from storage.db import Database
from storage.dossiers import COUNT_COLUMNS, COUNT_FROM, count_params, counts_from_row

_UNITS = "unit_id IN (SELECT value FROM json_each(:units))"
_COUNTS = f"""
SELECT{COUNT_COLUMNS},
    (SELECT coalesce(sum(completed_at <= :as_of), 0) FROM tasks
     WHERE {_UNITS} AND year = :year),
    (SELECT count(*) FROM tasks WHERE {_UNITS} AND year = :year){COUNT_FROM}
"""


class SqliteReportCounts:
    """The figures of one ward's report, read in one statement."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def counts(
        self,
        unit_ids: Collection[int],
        received_from: datetime,
        received_to: datetime,
        as_of: datetime,
        task_year: int,
    ) -> tuple[DossierCounts, TaskCounts]:
        """Dossiers received in [from, to) as of `as_of`, and the tasks of `task_year`, of the
        units `unit_ids` together."""
        params = count_params(unit_ids, received_from, received_to, as_of) | {"year": task_year}
        row = await self._db.fetchone(_COUNTS, params)
        assert row is not None
        done, total = (int(str(v)) for v in row[5:])
        return counts_from_row(row[:5]), TaskCounts(done=done, total=total)
