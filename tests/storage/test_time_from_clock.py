"""Storage stamps rows with the time of the Clock it was given, never the wall clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FrozenClock
from bot.domain.messages import OutgoingMessage
from bot.domain.models import Dossier, DossierStatus, Role, SubmissionChannel, Task
from storage.db import Database
from storage.dossiers import SqliteDossierRepository
from storage.outbox import SqliteOutbox, to_ms
from storage.staff import SqliteStaffRepository
from storage.tasks import SqliteTaskRepository
from storage.units import SqliteUnitRepository

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# Far from any real "now", so a wall-clock stamp could not pass for it.
AT = datetime(2031, 2, 3, 4, 5, 6, tzinfo=TZ)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database(tmp_path / "t.sqlite3", FrozenClock(AT)).connect()
    try:
        yield database
    finally:
        await database.close()


async def test_units_and_staff_are_created_at_the_clocks_time(db: Database) -> None:
    clock = FrozenClock(AT)
    unit = await SqliteUnitRepository(db, clock).add("cautre", "Phường Cầu Tre")
    await SqliteStaffRepository(db, clock).add("100", Role.OFFICER, unit.id)
    assert await db.fetchall("SELECT created_at FROM units") == [("2031-02-02T21:05:06+00:00",)]
    assert await db.fetchall("SELECT created_at FROM staff") == [("2031-02-02T21:05:06+00:00",)]


async def test_dossiers_and_tasks_are_stamped_by_the_clock_by_default(db: Database) -> None:
    clock = FrozenClock(AT)
    unit = await SqliteUnitRepository(db, clock).add("cautre", "Phường Cầu Tre")
    dossier = Dossier(
        code="H1",
        unit_id=unit.id,
        procedure="Chứng thực",
        field="Tư pháp",
        received_at=datetime(2031, 1, 5, 8, tzinfo=TZ),
        due_at=datetime(2031, 1, 9, 17, tzinfo=TZ),
        resolved_at=None,
        channel=SubmissionChannel.ONLINE,
        status=DossierStatus.PROCESSING,
    )
    await SqliteDossierRepository(db, clock).upsert_many([dossier])
    await SqliteTaskRepository(db, clock).upsert_many(
        [Task("NV-1", unit.id, "Rà soát", 2031, None, None)]
    )
    stamp = int(AT.timestamp())
    assert await db.fetchall("SELECT updated_at FROM dossiers") == [(stamp,)]
    assert await db.fetchall("SELECT updated_at FROM tasks") == [(stamp,)]


async def test_the_outbox_records_when_a_row_was_created(db: Database) -> None:
    clock = FrozenClock(AT)
    store = SqliteOutbox(db, clock)
    later = datetime(2031, 3, 1, tzinfo=TZ)
    await store.enqueue("k", OutgoingMessage("telegram", "1", "x"), later)
    item = await store.get("k")
    assert item is not None and item.created_at == AT and item.not_before == later
    assert await db.fetchall("SELECT created_at FROM outbox") == [(to_ms(AT),)]
