"""Test oracles for the report's figures: the same numbers counted row by row in Python, from
the stored dossiers and tasks, to check the one-statement read model against."""

from __future__ import annotations

from datetime import datetime

from bot.domain.models import DossierCounts, TaskCounts
from storage.db import Database
from storage.dossiers import epoch


async def dossier_counts(
    db: Database, unit_id: int, received_from: datetime, received_to: datetime, as_of: datetime
) -> DossierCounts:
    """Dossiers of the unit received in [from, to), as they stood at `as_of`."""
    rows = await db.fetchall(
        "SELECT due_at, resolved_at, channel FROM dossiers"
        " WHERE unit_id = ? AND received_at >= ? AND received_at < ?",
        (unit_id, epoch(received_from), epoch(received_to)),
    )
    cut = epoch(as_of)
    on_time = late = in_time = overdue = online = 0
    for due, resolved, channel in rows:
        online += channel == "online"
        if resolved is not None and resolved <= cut:
            on_time += resolved <= due
            late += resolved > due
        elif due < cut:
            overdue += 1
        else:
            in_time += 1
    return DossierCounts(len(rows), on_time, late, in_time, overdue, online)


async def task_counts(db: Database, unit_id: int, year: int, as_of: datetime) -> TaskCounts:
    """The unit's tasks of `year`: done by `as_of`, and all of them."""
    rows = await db.fetchall(
        "SELECT completed_at FROM tasks WHERE unit_id = ? AND year = ?", (unit_id, year)
    )
    cut = epoch(as_of)
    return TaskCounts(sum(c is not None and c <= cut for (c,) in rows), len(rows))
