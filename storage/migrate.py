"""Numbered, append-only migrations in `storage/migrations/NNNN_name.sql`, recorded in a table."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC
from importlib import resources

import aiosqlite

from bot.clock import Clock

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


class SchemaTooNewError(RuntimeError):
    """The database was written by a newer release: its schema is past the newest migration
    shipped here, and running on it could damage data that release wrote."""

    def __init__(self, found: int, supported: int) -> None:
        super().__init__(f"database schema version {found} is newer than {supported}")
        self.found = found
        self.supported = supported


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


async def apply_migrations(
    conn: aiosqlite.Connection, clock: Clock, *, upto: int | None = None
) -> list[int]:
    """Apply each pending migration (up to version `upto`, default all) in its own transaction;
    return the versions applied. SchemaTooNewError when the database is past the newest one."""
    migrations = load_migrations()
    done = set(await applied_versions(conn))
    newest = migrations[-1].version if migrations else 0
    if done and max(done) > newest:
        raise SchemaTooNewError(max(done), newest)
    applied: list[int] = []
    for migration in migrations:
        if migration.version in done or (upto is not None and migration.version > upto):
            continue
        now = clock.now().astimezone(UTC).isoformat()
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
