"""One official on two channels: where their alerts reach them, their phone on every entry; and
the numbered choices a Zalo user was shown."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.clock import FrozenClock
from bot.domain.models import Role
from storage.db import Database
from storage.staff import SqliteStaffRepository
from storage.units import SqliteUnitRepository
from storage.zalo import SqliteZaloRepository
from tests.conftest import NOW

TG, ZALO = "2011", "oa-1/z-2011"


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    async with Database(tmp_path / "s.sqlite3", FrozenClock(NOW)) as database:
        yield database


async def person(db: Database) -> SqliteStaffRepository:
    """An officer on Telegram, linked to their Zalo entry; another officer alone."""
    unit = await SqliteUnitRepository(db).add("w", "Phường W")
    staff = SqliteStaffRepository(db)
    await staff.add(TG, Role.OFFICER, unit.id, "Cán bộ A")
    await staff.add(ZALO, Role.OFFICER, unit.id, "Cán bộ A", channel="zalo")
    await staff.add("3000", Role.OFFICER, unit.id, "Cán bộ B")
    assert await staff.link(ZALO, TG)
    return staff


@pytest.mark.parametrize(
    ("chosen", "asked", "reached"),
    [
        (None, TG, [TG, ZALO]),  # both channels: both entries, by channel
        (None, ZALO, [TG, ZALO]),
        ("zalo", TG, [ZALO]),  # the Telegram id names the person; Zalo is where they hear
        ("zalo", ZALO, [ZALO]),
        ("telegram", ZALO, [TG]),
        (None, "3000", ["3000"]),  # not linked: their own entry
        (None, "nobody", []),
    ],
)
async def test_alerts_reach_the_channels_the_person_chose(
    db: Database, chosen: str | None, asked: str, reached: list[str]
) -> None:
    staff = await person(db)
    await staff.choose_alerts(TG, chosen)
    assert [m.user_id for m in await staff.reach(asked)] == reached


async def test_the_phone_is_recorded_on_every_entry_of_the_person(db: Database) -> None:
    staff = await person(db)
    assert await staff.set_person_phone(TG, "0987654321") == 2
    assert await staff.phone_of(ZALO) == "0987654321" and await staff.phone_of(TG) == "0987654321"
    assert await staff.phone_of("3000") is None  # someone else's is untouched
    assert await staff.set_person_phone(ZALO, None) == 2
    assert await staff.phone_of(ZALO) is None
    assert await staff.set_person_phone("nobody", "0987654321") == 0


async def test_numbered_choices_run_on_until_the_user_writes_again(db: Database) -> None:
    store = SqliteZaloRepository(db)
    await store.touch_user("oa-1", "u1", "m1", NOW)
    assert await store.offered_choices("oa-1", "u1") == []
    assert await store.offer_choices("oa-1", "u1", [("Trả lời", "s:answer:1")] * 6) == 1
    assert await store.offer_choices("oa-1", "u1", [("Đóng", "s:close:2")]) == 7
    offered = await store.offered_choices("oa-1", "u1")
    assert len(offered) == 7 and offered[-1] == ("Đóng", "s:close:2")
    assert await store.offered_choices("oa-2", "u1") == []  # ids are the OA's own
    await store.clear_choices("oa-1", "u1")
    assert await store.offered_choices("oa-1", "u1") == []
    async with db.transaction() as conn:  # a damaged value reads as no choices, never a crash
        await conn.execute("UPDATE zalo_users SET choices = '{oops' WHERE user_id = 'u1'")
    assert await store.offered_choices("oa-1", "u1") == []
    assert await store.offer_choices("oa-1", "u1", [("Đóng", "s:close:2")]) == 1
