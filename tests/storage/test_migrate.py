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


async def test_0008_upgrades_a_database_of_0007(tmp_path: Path) -> None:
    """Saturday reception stays as it was and no longer implies Saturday deadlines; the new
    columns start empty on existing rows."""
    import aiosqlite

    path = tmp_path / "old.sqlite3"
    law = next(m for m in load_migrations() if m.name == "law")
    async with aiosqlite.connect(path) as conn:
        for migration in load_migrations():
            if migration.version < law.version:
                await conn.executescript(migration.sql)
        await conn.execute(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
            " applied_at TEXT NOT NULL)"
        )
        await conn.executemany(
            "INSERT INTO schema_migrations VALUES (?, ?, 'x')",
            [(m.version, m.name) for m in load_migrations() if m.version < law.version],
        )
        await conn.execute(
            "INSERT INTO units (slug, name, created_at, saturday_reception)"
            " VALUES ('nq', 'Phường Ngô Quyền', 'x', 1)"
        )
        await conn.execute(
            "INSERT INTO dossiers (code, unit_id, received_at, due_at, channel, status,"
            " updated_at) VALUES ('NQ-1', 1, 0, 10, 'direct', 'processing', 0)"
        )
        await conn.commit()
    async with Database(path) as db:
        async with db.conn.execute(
            "SELECT saturday_reception, saturday_deadlines, apology_desk FROM units"
        ) as cur:
            assert list(await cur.fetchall()) == [(1, 0, None)]
        async with db.conn.execute(
            "SELECT applicant, applicant_address, applicant_phone FROM dossiers"
        ) as cur:
            assert list(await cur.fetchall()) == [(None, None, None)]
        async with db.conn.execute("SELECT pdf, pdf_name, issued_late FROM apology_letters"):
            pass  # the columns exist
        async with db.conn.execute("SELECT max(version) FROM schema_migrations") as cur:
            assert (await cur.fetchone())[0] == law.version
