"""Units in SQLite: lineage links, the legal kind, and migration 0008 over a 0007 database."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import aiosqlite
import pytest

from bot.clock import FrozenClock
from bot.domain.ward_import import HEADER as IMPORT_HEADER
from bot.domain.ward_import import parse_rows, plan_import
from storage.db import Database
from storage.migrate import apply_migrations, load_migrations
from storage.units import SqliteUnitRepository, UnknownUnitError

NOW = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)


async def test_migration_0008_upgrades_a_0007_database(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    async with aiosqlite.connect(path) as conn:
        await conn.execute(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
            " applied_at TEXT NOT NULL)"
        )
        for migration in load_migrations():
            if migration.version < 8:
                await conn.executescript(migration.sql)
                await conn.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, 'x')",
                    (migration.version, migration.name),
                )
        await conn.executemany(
            "INSERT INTO units (slug, name, kind, created_at) VALUES (?, ?, ?, 'x')",
            [
                ("haiphong", "Thành phố Hải Phòng", "province"),
                ("cautre", "Phường Cầu Tre", "ward"),
                ("camgiang", "Xã Cẩm Giang", "ward"),
                ("bachlongvi", "Đặc khu Bạch Long Vĩ", "ward"),
                ("khac", "Ban Khác", "other"),
            ],
        )
        await conn.commit()
        assert (await apply_migrations(conn, FrozenClock(NOW)))[0] == 8
    async with Database(path, FrozenClock(NOW)) as db:
        units = {u.slug: u.unit_type for u in await SqliteUnitRepository(db).all()}
    assert units == {
        "haiphong": "thanh_pho",
        "cautre": "phuong",
        "camgiang": "xa",
        "bachlongvi": "dac_khu",
        "khac": None,
    }


async def test_links_are_read_back_on_both_sides(tmp_path: Path) -> None:
    async with Database(tmp_path / "u.sqlite3", FrozenClock(NOW)) as db:
        repo = SqliteUnitRepository(db)
        old = await repo.add("dongkhe", "Phường Đông Khê", valid_to=date(2025, 6, 30))
        a = await repo.add("ngoquyen", "Phường Ngô Quyền", valid_from=date(2025, 7, 1))
        b = await repo.add("giavien", "Phường Gia Viên", valid_from=date(2025, 7, 1))
        await repo.link("dongkhe", "ngoquyen")
        await repo.link("dongkhe", "giavien")
        await repo.link("dongkhe", "giavien")  # twice: still one link
        by_slug = {u.slug: u for u in await repo.all()}
        assert by_slug["dongkhe"].successor_ids == tuple(sorted((a.id, b.id)))
        assert by_slug["ngoquyen"].predecessor_ids == (old.id,)
        assert by_slug["giavien"].unit_type == "phuong"
        with pytest.raises(UnknownUnitError):
            await repo.link("dongkhe", "nowhere")


async def test_an_import_plan_is_written_whole(tmp_path: Path) -> None:
    columns = {name: i for i, name in enumerate(IMPORT_HEADER)}
    rows, problems = parse_rows(
        [
            (2, ["31", "Thành phố Hải Phòng", "thành phố", "", "", "", ""]),
            (3, ["11338", "Phường Cầu Tre", "phường", "31", "", "2025-06-30", ""]),
            (4, ["11329", "Phường Ngô Quyền", "phường", "31", "2025-07-01", "", "11338"]),
        ],
        columns,
    )
    assert problems == []
    async with Database(tmp_path / "u.sqlite3", FrozenClock(NOW)) as db:
        repo = SqliteUnitRepository(db)
        # A ward added by hand before the list came: the list adopts it (same name, no code).
        by_hand = await repo.add("nq", "Phường Ngô Quyền")
        plan = plan_import(rows, await repo.all())
        assert not isinstance(plan, list)
        assert (plan.new, plan.updated, plan.unchanged) == (2, 1, 0)
        await repo.apply_import(plan, NOW)
        by_slug = {u.slug: u for u in await repo.all()}
        assert set(by_slug) == {"haiphong", "cautre", "nq"}
        assert by_slug["nq"].id == by_hand.id and by_slug["nq"].code == "11329"
        assert by_slug["nq"].parent_id == by_slug["haiphong"].id
        assert by_slug["nq"].predecessor_ids == (by_slug["cautre"].id,)
        assert by_slug["haiphong"].kind == "province"
        again = plan_import(rows, await repo.all())
        assert not isinstance(again, list)
        assert (again.new, again.updated, again.unchanged) == (0, 0, 3)
