"""Numbered, append-only migrations in `storage/migrations/NNNN_name.sql`, recorded in a table."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources

import aiosqlite

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    """One migration file."""

    version: int
    name: str
    sql: str


def load_migrations() -> list[Migration]:
    """Every migration shipped with the package, in order; refuses gaps and duplicates."""
    found: list[Migration] = []
    for entry in resources.files("storage").joinpath("migrations").iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise RuntimeError(f"migration {expected:04d} is missing or duplicated")
    return found


async def applied_versions(conn: aiosqlite.Connection) -> list[int]:
    """Versions already applied to this database."""
    await conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    async with conn.execute("SELECT version FROM schema_migrations ORDER BY version") as cur:
        return [int(row[0]) for row in await cur.fetchall()]


async def apply_migrations(conn: aiosqlite.Connection) -> list[int]:
    """Apply each pending migration in its own transaction; return the versions applied."""
    done = set(await applied_versions(conn))
    applied: list[int] = []
    for migration in load_migrations():
        if migration.version in done:
            continue
        now = datetime.now(UTC).isoformat()
        name = migration.name.replace("'", "")
        # executescript runs the whole file; wrapping it in BEGIN/COMMIT keeps it atomic.
        try:
            await conn.executescript(
                "BEGIN;\n"
                + migration.sql
                + f"\n;INSERT INTO schema_migrations (version, name, applied_at)"
                f" VALUES ({migration.version}, '{name}', '{now}');\nCOMMIT;"
            )
        except Exception:
            if conn.in_transaction:
                await conn.execute("ROLLBACK")
            raise
        applied.append(migration.version)
    return applied
