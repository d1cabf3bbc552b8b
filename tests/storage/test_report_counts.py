"""The report read model agrees with the dossier and task repositories' own counts."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FrozenClock
from storage.db import Database
from storage.dossiers import SqliteDossierRepository
from storage.reports import SqliteReportCounts
from storage.tasks import SqliteTaskRepository
from storage.units import SqliteUnitRepository
from tests.conftest import NOW

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    ("ward", "start", "end", "as_of", "year"),
    [
        ("cautre", datetime(2022, 1, 1), datetime(2022, 9, 16), datetime(2022, 9, 16), 2022),
        ("cautre", datetime(2022, 1, 1), datetime(2023, 1, 1), datetime(2023, 1, 1), 2022),
        ("cautre", datetime(2022, 7, 1), datetime(2022, 10, 1), datetime(2022, 8, 1), 2022),
        (
            "ngoquyen",
            datetime(2026, 1, 1),
            datetime(2026, 11, 28),
            datetime(2026, 11, 27, 10),
            2026,
        ),
        ("giavien", datetime(2025, 1, 1), datetime(2026, 1, 1), datetime(2026, 1, 1), 2025),
    ],
)
async def test_one_statement_equals_the_two_repositories(
    seeded_db: Path, ward: str, start: datetime, end: datetime, as_of: datetime, year: int
) -> None:
    async with Database(seeded_db, FrozenClock(NOW)) as db:
        unit = await SqliteUnitRepository(db).by_slug(ward)
        assert unit is not None
        window = (start.replace(tzinfo=TZ), end.replace(tzinfo=TZ), as_of.replace(tzinfo=TZ))
        dossiers, tasks = await SqliteReportCounts(db).counts({unit.id}, *window, year)
        assert dossiers == await SqliteDossierRepository(db).counts(unit.id, *window)
        assert tasks == await SqliteTaskRepository(db).counts(unit.id, year, window[2])
        assert dossiers.received > 0
