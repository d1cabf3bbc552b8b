"""The bot's units come from memory: read again once a minute, or at once after its own change."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import FrozenClock
from storage.db import Database
from storage.units import CachedUnitRepository, SqliteUnitRepository

AT = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database(tmp_path / "units.sqlite3", FrozenClock(AT)).connect()
    try:
        yield database
    finally:
        await database.close()


async def test_another_process_change_is_seen_within_the_ttl(db: Database) -> None:
    clock = FrozenClock(AT)
    cached = CachedUnitRepository(db, clock)
    cli = SqliteUnitRepository(db)  # what `cchc-bot ward add` writes through
    await cli.add("haiphong", "Thành phố Hải Phòng", kind="province")
    assert [u.slug for u in await cached.all()] == ["haiphong"]
    await cli.add("ngoquyen", "Phường Ngô Quyền", parent_slug="haiphong")
    assert await cached.by_slug("ngoquyen") is None  # still the copy read a moment ago
    clock.advance(timedelta(minutes=1, seconds=1))
    unit = await cached.by_slug("ngoquyen")
    assert unit is not None
    assert await cached.by_id(unit.id) == unit
    assert [u.slug for u in await cached.all()] == ["haiphong", "ngoquyen"]


async def test_its_own_change_is_seen_at_once(db: Database) -> None:
    cached = CachedUnitRepository(db, FrozenClock(AT))
    await cached.add("haiphong", "Thành phố Hải Phòng", kind="province")
    assert [u.slug for u in await cached.all()] == ["haiphong"]
    await cached.set_desk("haiphong", address="1 Lê Lợi", hours=None, hotline=None)
    unit = await cached.by_slug("haiphong")
    assert unit is not None and unit.desk_address == "1 Lê Lợi"
