"""Dossier and task storage: get, upsert, staged imports (the report's counts, tasks' too, are
in test_indicator_counts.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FrozenClock
from bot.domain.models import Dossier, DossierStatus, OnlineLevel, SubmissionChannel
from storage.db import Database
from storage.dossiers import SqliteDossierRepository

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
    # The online service level and the processing office round-trip too.
    detailed = replace(changed, level=OnlineLevel.FULL, department="Văn phòng UBND")
    await repo.upsert_many([detailed], now=AS_OF)
    assert await repo.get("on-time") == detailed


async def test_staged_import_commits_only_after_merge(db: Database) -> None:
    repo = SqliteDossierRepository(db)
    rec = ("S1", 1, "", "", 100, 200, None, "direct", "processing", None, "", None, None, None)
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
    async with repo.importing(AS_OF) as session:  # --skip-bad drops a repeated code's later line
        await session.stage([("S3", *rec[1:]), ("S3", *rec[1:])], [2, 3])
        await session.discard([3])
        assert await session.duplicates() == []
        assert await session.merge() == (1, 0)
    assert await repo.count() == 2
    with pytest.raises(RuntimeError):  # noqa: PT012  (the whole transaction must fail)
        async with repo.importing(AS_OF) as session:
            await session.stage([("S2", *rec[1:])], [2])
            await session.merge()
            raise RuntimeError("boom")
    assert await repo.count() == 2


async def test_the_applicant_is_kept_when_a_later_file_lacks_it(db: Database) -> None:
    repo = SqliteDossierRepository(db)
    named = (
        *("S1", 1, "", "", 100, 200, None, "direct", "processing", None, ""),
        *("Lê Thị Hoa", "Hải An", "09"),
    )
    async with repo.importing(AS_OF) as session:
        await session.stage([named], [2])
        await session.merge()
    bare = (*named[:8], "accepted", None, "", None, None, None)
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
