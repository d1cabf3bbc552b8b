"""The ward report's read model: one statement over the covering indexes answers both the
dossier and the task figures (one round trip to the database thread on the `/stats` path)."""

from __future__ import annotations

from datetime import datetime

from bot.domain.models import DossierCounts, TaskCounts
from storage.db import Database

_COUNTS = """
SELECT
    count(*),
    count(CASE WHEN resolved_at <= :as_of THEN 1 END),
    count(CASE WHEN resolved_at <= :as_of AND resolved_at <= due_at THEN 1 END),
    count(CASE WHEN due_at < :as_of AND (resolved_at IS NULL OR resolved_at > :as_of) THEN 1 END),
    count(CASE WHEN channel = 'online' THEN 1 END),
    (SELECT coalesce(sum(completed_at <= :as_of), 0) FROM tasks
     WHERE unit_id = :unit AND year = :year),
    (SELECT count(*) FROM tasks WHERE unit_id = :unit AND year = :year)
FROM dossiers INDEXED BY dossiers_unit_received
WHERE unit_id = :unit AND received_at >= :start AND received_at < :end
"""


def _epoch(value: datetime) -> int:
    if value.tzinfo is None:
        raise ValueError("aware datetime required")
    return int(value.timestamp())


class SqliteReportCounts:
    """The figures of one ward's report, read in one statement."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def counts(
        self,
        unit_id: int,
        received_from: datetime,
        received_to: datetime,
        as_of: datetime,
        task_year: int,
    ) -> tuple[DossierCounts, TaskCounts]:
        """Dossiers received in [from, to) as of `as_of`, and the unit's tasks of `task_year`."""
        row = await self._db.fetchone(
            _COUNTS,
            {
                "unit": unit_id,
                "start": _epoch(received_from),
                "end": _epoch(received_to),
                "as_of": _epoch(as_of),
                "year": task_year,
            },
        )
        assert row is not None
        received, resolved, on_time, overdue, online, done, total = (int(str(v)) for v in row)
        dossiers = DossierCounts(
            received=received,
            resolved_on_time=on_time,
            resolved_late=resolved - on_time,
            pending_in_time=received - resolved - overdue,
            pending_overdue=overdue,
            online=online,
        )
        return dossiers, TaskCounts(done=done, total=total)
