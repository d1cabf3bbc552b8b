"""Dossier and task storage: the report's one-scan counts, get, upsert, staged imports."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FrozenClock
from bot.domain.models import Dossier, DossierCounts, DossierStatus, SubmissionChannel, Task
from storage.db import Database
from storage.dossiers import SqliteDossierRepository
from storage.tasks import SqliteTaskRepository

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
AS_OF = datetime(2022, 9, 15, 17, 0, tzinfo=TZ)
FROM = datetime(2022, 1, 1, tzinfo=TZ)
TO = datetime(2022, 9, 16, tzinfo=TZ)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database(tmp_path / "t.sqlite3", FrozenClock(AS_OF)).connect()
    await database.conn.executemany(
        "INSERT INTO units (slug, name, created_at) VALUES (?, ?, '2026-01-01')",
        [("cautre", "Phường Cầu Tre"), ("giavien", "Phường Gia Viên")],
    )
    yield database
    await database.close()


def dossier(
    code: str,
    received: datetime,
    due: datetime,
    resolved: datetime | None = None,
    *,
    unit: int = 1,
    online: bool = False,
) -> Dossier:
    return Dossier(
        code=code,
        unit_id=unit,
        received_at=received,
        due_at=due,
        resolved_at=resolved,
        channel=SubmissionChannel.ONLINE if online else SubmissionChannel.DIRECT,
        status=DossierStatus.DONE if resolved else DossierStatus.PROCESSING,
    )


def d(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2022, month, day, hour, tzinfo=TZ)


HAND_BUILT = [
    dossier("on-time", d(3, 1), d(3, 5), d(3, 4), online=True),
    dossier("on-time-at-due", d(3, 1), d(3, 5), d(3, 5), online=True),
    dossier("late", d(3, 1), d(3, 5), d(3, 9)),
    dossier("pending-overdue", d(8, 1), d(9, 1)),
    dossier("pending-in-time", d(9, 10), d(9, 20), online=True),
    dossier("pending-due-exactly-now", d(9, 10), AS_OF),
    # resolved after the cut-off: still pending as of AS_OF (and overdue by then).
    dossier("resolved-after-as-of", d(9, 1), d(9, 14), d(9, 16)),
    dossier("resolved-after-as-of-in-time", d(9, 1), d(9, 20), d(9, 18)),
    # outside the range or another ward: not counted.
    dossier("before-range", d(1, 1) - timedelta(days=1), d(1, 3)),
    dossier("at-range-end", TO, TO + timedelta(days=3)),
    dossier("other-ward", d(3, 1), d(3, 5), d(3, 4), unit=2),
]


async def test_counts_on_a_hand_built_set(db: Database) -> None:
    repo = SqliteDossierRepository(db)
    assert await repo.upsert_many(HAND_BUILT, now=AS_OF) == len(HAND_BUILT)
    counts = await repo.counts(1, FROM, TO, AS_OF)
    assert counts == DossierCounts(
        received=8,
        resolved_on_time=2,
        resolved_late=1,
        pending_in_time=3,  # pending-in-time, due-exactly-now, resolved-after-as-of-in-time
        pending_overdue=2,  # pending-overdue, resolved-after-as-of
        online=3,
    )
    assert await repo.counts(2, FROM, TO, AS_OF) == DossierCounts(received=1, resolved_on_time=1)
    assert await repo.counts(1, TO, TO, AS_OF) == DossierCounts()


async def test_counts_use_the_covering_index(db: Database) -> None:
    from storage.dossiers import _COUNTS

    params = {"units": "[1, 2]", "start": 0, "end": 1, "as_of": 1}
    async with db.conn.execute("EXPLAIN QUERY PLAN " + _COUNTS, params) as cur:
        plan = " ".join(str(row[3]) for row in await cur.fetchall())
    assert "COVERING INDEX dossiers_unit_received" in plan


async def test_get_round_trips_and_upsert_updates(db: Database) -> None:
    repo = SqliteDossierRepository(db)
    await repo.upsert_many(HAND_BUILT[:2], now=AS_OF)
    got = await repo.get("on-time")
    assert got == HAND_BUILT[0]
    assert got is not None and got.received_at.utcoffset() == timedelta(0)
    changed = dossier("on-time", d(3, 1), d(3, 6), None)
    await repo.upsert_many([changed], now=AS_OF)
    assert await repo.get("on-time") == changed
    assert await repo.count() == 2
    assert await repo.get("missing") is None


async def test_staged_import_commits_only_after_merge(db: Database) -> None:
    repo = SqliteDossierRepository(db)
    rec = ("S1", 1, "", "", 100, 200, None, "direct", "processing", None, None, None)
    async with repo.importing(AS_OF) as session:
        await session.stage([rec], [2])
    assert await repo.count() == 0
    async with repo.importing(AS_OF) as session:
        await session.stage([rec, rec], [2, 5])
        assert await session.duplicates() == [(5, 2, "S1")]
    assert await repo.count() == 0
    async with repo.importing(AS_OF) as session:
        await session.stage([rec], [2])
        assert await session.duplicates() == []
        assert await session.merge() == (1, 0)
    assert await repo.count() == 1
    with pytest.raises(RuntimeError):
        async with repo.importing(AS_OF) as session:
            await session.stage([("S2", *rec[1:])], [2])
            await session.merge()
            raise RuntimeError("boom")
    assert await repo.count() == 1


async def test_the_applicant_is_kept_when_a_later_file_lacks_it(db: Database) -> None:
    repo = SqliteDossierRepository(db)
    named = ("S1", 1, "", "", 100, 200, None, "direct", "processing", "Lê Thị Hoa", "Hải An", "09")
    async with repo.importing(AS_OF) as session:
        await session.stage([named], [2])
        await session.merge()
    bare = (*named[:8], "accepted", None, None, None)
    async with repo.importing(AS_OF) as session:
        await session.stage([bare], [2])
        await session.merge()
    dossier = await repo.get("S1")
    assert dossier is not None and dossier.status.value == "accepted"
    assert (dossier.applicant, dossier.applicant_address, dossier.applicant_phone) == (
        "Lê Thị Hoa",
        "Hải An",
        "09",
    )


async def test_task_counts(db: Database) -> None:
    repo = SqliteTaskRepository(db)
    tasks = [
        Task("T1", 1, "a", 2022, d(6, 30), d(6, 1)),
        Task("T2", 1, "b", 2022, d(12, 31), d(9, 20)),  # done after the cut-off
        Task("T3", 1, "c", 2022, d(12, 31), None),
        Task("T4", 1, "d", 2021, None, d(6, 1)),
        Task("T5", 2, "e", 2022, None, d(6, 1)),
    ]
    await repo.upsert_many(tasks, now=AS_OF)
    counts = await repo.counts(1, 2022, AS_OF)
    assert (counts.done, counts.total) == (1, 3)
    await repo.upsert_many([Task("T3", 1, "c", 2022, d(12, 31), d(9, 1))], now=AS_OF)
    counts = await repo.counts(1, 2022, AS_OF)
    assert (counts.done, counts.total) == (2, 3)
