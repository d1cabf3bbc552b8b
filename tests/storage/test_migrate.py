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


async def test_0008_fills_the_end_of_processing_and_guards_it(tmp_path: Path) -> None:
    """From the previous version: existing dossiers get `ended_at`; a writer that disagrees
    with the statuses' rule is refused."""
    import sqlite3

    import aiosqlite
    import pytest

    from storage.migrate import applied_versions

    async with aiosqlite.connect(tmp_path / "m.sqlite3") as conn:
        await applied_versions(conn)
        for migration in load_migrations():
            if migration.version == 8:
                break
            await conn.executescript(migration.sql)
            await conn.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, '2026-01-01')",
                (migration.version, migration.name),
            )
        await conn.execute(
            "INSERT INTO units (id, slug, name, created_at) VALUES (1, 'a', 'A', '2026-01-01')"
        )
        rows = [
            ("D-RETURNED", "returned", 500),
            ("D-PROCESSING", "processing", 500),  # an end time with an open status: none
            ("D-SUPPLEMENT", "supplement", 400),
            ("D-REJECTED", "rejected", 300),
            ("D-OPEN", "processing", None),
        ]
        await conn.executemany(
            "INSERT INTO dossiers (code, unit_id, received_at, due_at, resolved_at, channel,"
            " status, updated_at) VALUES (?, 1, 100, 1000, ?, 'direct', ?, 0)",
            [(code, resolved, status) for code, status, resolved in rows],
        )
        await conn.commit()
        assert await apply_migrations(conn) == [8]
        async with conn.execute("SELECT code, ended_at FROM dossiers ORDER BY code") as cur:
            assert dict(await cur.fetchall()) == {
                "D-OPEN": None,
                "D-PROCESSING": None,
                "D-REJECTED": None,
                "D-RETURNED": 500,
                "D-SUPPLEMENT": 400,
            }
        with pytest.raises(sqlite3.IntegrityError, match="ended_at"):
            await conn.execute(
                "INSERT INTO dossiers (code, unit_id, received_at, due_at, resolved_at, channel,"
                " status, updated_at) VALUES ('X', 1, 100, 1000, 500, 'direct', 'done', 0)"
            )
        with pytest.raises(sqlite3.IntegrityError, match="ended_at"):
            await conn.execute("UPDATE dossiers SET status = 'done' WHERE code = 'D-PROCESSING'")
        await conn.execute(
            "UPDATE dossiers SET status = 'done', ended_at = 500 WHERE code = 'D-PROCESSING'"
        )
        async with conn.execute("SELECT level, department FROM dossiers LIMIT 1") as cur:
            assert await cur.fetchone() == (None, "")
