"""The bot's copies of the units and the staff: read again exactly when their tables changed,
by the bot or by another process (the CLI), and otherwise not read at all."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import FrozenClock
from bot.domain.models import Role
from storage.changes import STAFF, UNITS, version
from storage.db import Database
from storage.staff import CachedStaffRepository, SqliteStaffRepository
from storage.units import CachedUnitRepository, SqliteUnitRepository
from tests.conftest import record_reads

AT = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    async with Database(tmp_path / "kept.sqlite3", FrozenClock(AT)) as database:
        yield database


@pytest.fixture
async def cli(db: Database) -> AsyncIterator[Database]:
    """Another process on the same file: its own connections, as `cchc-bot ward add` has."""
    async with Database(db.path, FrozenClock(AT)) as other:
        yield other


async def test_a_change_from_another_process_is_seen_at_the_next_question(
    db: Database, cli: Database
) -> None:
    cached = CachedUnitRepository(db)
    units = SqliteUnitRepository(cli)
    await units.add("haiphong", "Thành phố Hải Phòng", kind="province")
    assert [u.slug for u in await cached.all()] == ["haiphong"]
    await units.add("ngoquyen", "Phường Ngô Quyền", parent_slug="haiphong")
    unit = await cached.by_slug("ngoquyen")
    assert unit is not None and await cached.by_id(unit.id) == unit
    await units.add("lechan", "Phường Lê Chân", parent_slug="haiphong")
    await units.link("lechan", "ngoquyen")  # lineage: another table of the same copy
    merged = await cached.by_slug("ngoquyen")
    assert merged is not None and merged.predecessor_ids != ()
    await units.set_desk("ngoquyen", address="1 Lê Lợi", hours=None, hotline=None)
    desk = await cached.by_slug("ngoquyen")
    assert desk is not None and desk.desk_address == "1 Lê Lợi"


async def test_an_unchanged_copy_reads_nothing_but_its_count(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await SqliteUnitRepository(db).add("haiphong", "Thành phố Hải Phòng", kind="province")
    units, staff = CachedUnitRepository(db), CachedStaffRepository(db)
    await units.all()
    await staff.all()
    reads = record_reads(db, monkeypatch)
    for _ in range(3):
        assert [u.slug for u in await units.all()] == ["haiphong"]
        assert await units.by_slug("haiphong") is not None
        assert await staff.all() == []
    assert reads == []
    await SqliteStaffRepository(db).add("2011", Role.OFFICER, (await units.all())[0].id)
    assert [m.user_id for m in await staff.all()] == ["2011"]
    assert [route for route, _ in reads] == ["reader"]  # the staff, once: not the units


async def test_the_staff_copy_answers_as_the_table_does(db: Database, cli: Database) -> None:
    unit = await SqliteUnitRepository(db).add("w", "Phường W")
    cached = CachedStaffRepository(db, alerting=True)
    stored = SqliteStaffRepository(cli, alerting=True)
    zalo_only = CachedStaffRepository(db, channel="zalo")

    async def same() -> None:
        assert await cached.all() == await stored.all()
        assert await zalo_only.all() == await SqliteStaffRepository(cli, channel="zalo").all()
        for who in ("2011", "oa-1/z-2011", "3000", "nobody"):
            assert await cached.reach(who) == await stored.reach(who)

    await same()
    await stored.add("2011", Role.OFFICER, unit.id, "Cán bộ A")
    await stored.add("oa-1/z-2011", Role.OFFICER, unit.id, "Cán bộ A", channel="zalo")
    await stored.add("3000", Role.LEADER, unit.id, "Cán bộ B")
    await same()
    assert await stored.link("oa-1/z-2011", "2011")
    await same()
    await stored.choose_alerts("2011", "zalo")  # the Telegram entry hears nothing now
    await same()
    assert [m.user_id for m in await cached.all()] == ["3000", "oa-1/z-2011"]  # by role
    assert await stored.remove("3000")
    await same()
    assert [m.user_id for m in await cached.reach("2011")] == ["oa-1/z-2011"]


@pytest.mark.parametrize(
    ("name", "statements"),
    [
        (UNITS, ["INSERT INTO units (id, slug, name, created_at) VALUES (9, 'x', 'X', '')"]),
        (UNITS, ["UPDATE units SET name = 'Y' WHERE id = 1"]),
        (UNITS, ["INSERT INTO unit_aliases (unit_id, alias) VALUES (1, 'ngo quyen')"]),
        (
            UNITS,
            [
                "INSERT INTO unit_aliases (unit_id, alias) VALUES (1, 'ngo quyen')",
                "UPDATE unit_aliases SET alias = 'nq' WHERE unit_id = 1",
                "DELETE FROM unit_aliases WHERE unit_id = 1",
            ],
        ),
        (
            UNITS,
            [
                "INSERT INTO unit_successions (predecessor_id, successor_id) VALUES (2, 1)",
                "UPDATE unit_successions SET predecessor_id = 2 WHERE successor_id = 1",
                "DELETE FROM unit_successions WHERE successor_id = 1",
            ],
        ),
        (UNITS, ["DELETE FROM units WHERE id = 2"]),
        (STAFF, ["UPDATE staff SET alerts = 0"]),
        (STAFF, ["DELETE FROM staff"]),
        (
            STAFF,
            [
                "INSERT INTO staff (user_id, role, created_at) VALUES ('9', 'admin', '')",
            ],
        ),
    ],
)
async def test_every_change_of_the_tables_is_counted(
    db: Database, name: str, statements: list[str]
) -> None:
    units = SqliteUnitRepository(db)
    ward = await units.add("ngoquyen", "Phường Ngô Quyền")
    await units.add("lechan", "Phường Lê Chân")
    await SqliteStaffRepository(db).add("2011", Role.OFFICER, ward.id)
    other = STAFF if name == UNITS else UNITS
    before, untouched = version(db, name), version(db, other)
    assert before is not None
    for n, sql in enumerate(statements, start=1):
        await db.write(sql)
        assert version(db, name) == before + n
    assert version(db, other) == untouched
