"""Migrations: from an empty database, idempotent, recorded."""

from __future__ import annotations

from pathlib import Path

from storage.db import Database
from storage.migrate import apply_migrations, load_migrations

EXPECTED_TABLES = {
    "units",
    "unit_aliases",
    "staff",
    "dossiers",
    "tasks",
    "processed_updates",
    "audit_log",
    "schema_migrations",
}


async def test_from_empty_database(tmp_path: Path) -> None:
    db = await Database(tmp_path / "m.sqlite3").connect()
    try:
        async with db.conn.execute("SELECT name FROM sqlite_master WHERE type='table'") as cur:
            tables = {r[0] for r in await cur.fetchall()}
        assert tables >= EXPECTED_TABLES
        async with db.conn.execute("SELECT version FROM schema_migrations") as cur:
            versions = [r[0] for r in await cur.fetchall()]
        assert versions == [m.version for m in load_migrations()]
        async with db.conn.execute("PRAGMA journal_mode") as cur:
            assert (await cur.fetchone())[0] == "wal"
        async with db.conn.execute("PRAGMA foreign_keys") as cur:
            assert (await cur.fetchone())[0] == 1
        assert await apply_migrations(db.conn) == []  # nothing pending the second time
    finally:
        await db.close()


async def test_reopening_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite3"
    async with Database(path) as db, db.transaction() as conn:
        await conn.execute(
            "INSERT INTO units (slug, name, created_at) VALUES ('a', 'A', '2026-01-01')"
        )
    async with Database(path) as db, db.conn.execute("SELECT slug FROM units") as cur:
        assert [r[0] for r in await cur.fetchall()] == ["a"]


async def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    import sqlite3

    import pytest

    async with Database(tmp_path / "m.sqlite3") as db:
        with pytest.raises(sqlite3.IntegrityError):
            async with db.transaction() as conn:
                await conn.execute(
                    "INSERT INTO staff (user_id, role, unit_id, created_at)"
                    " VALUES ('1', 'officer', 12345, 'x')"
                )
