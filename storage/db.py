"""The SQLite connection: WAL, foreign keys, one writer, explicit transactions."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

from storage.migrate import apply_migrations


class Database:
    """One aiosqlite connection shared by the repositories; writes go through `transaction()`."""

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        self._conn: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()

    @property
    def conn(self) -> aiosqlite.Connection:
        """The open connection; raises if `connect()` was not awaited."""
        if self._conn is None:
            raise RuntimeError("database is not connected")
        return self._conn

    async def connect(self, *, migrate: bool = True) -> Database:
        """Open the file (creating its folder), set pragmas, apply pending migrations."""
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: no implicit transactions; `transaction()` says BEGIN itself.
        self._conn = await aiosqlite.connect(self.path, isolation_level=None)
        await self._conn.execute("PRAGMA journal_mode=WAL")
        await self._conn.execute("PRAGMA synchronous=NORMAL")
        await self._conn.execute("PRAGMA foreign_keys=ON")
        await self._conn.execute("PRAGMA busy_timeout=5000")
        if migrate:
            await apply_migrations(self._conn)
        return self

    async def close(self) -> None:
        """Close the connection (idempotent)."""
        if self._conn is not None:
            await self._conn.close()
            self._conn = None

    async def __aenter__(self) -> Database:
        return await self.connect()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def fetchall(
        self, sql: str, params: Sequence[object] | Mapping[str, object] = ()
    ) -> list[tuple[object, ...]]:
        """Rows of a read query in one round trip to the connection's thread (the hot path)."""
        rows = await self.conn.execute_fetchall(sql, params)
        return [tuple(r) for r in rows]

    async def fetchone(
        self, sql: str, params: Sequence[object] | Mapping[str, object] = ()
    ) -> tuple[object, ...] | None:
        """The first row of a read query, or None."""
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """A write transaction: serialised in-process, BEGIN IMMEDIATE, rolled back on error."""
        async with self._write_lock:
            conn = self.conn
            await conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                # SQLite may have rolled back already (a full disk, an I/O error): the cause
                # must surface, not "cannot rollback - no transaction is active".
                if conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        await conn.execute("ROLLBACK")
                raise
            else:
                await conn.execute("COMMIT")
