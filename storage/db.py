"""The SQLite database: one writer connection, one read connection, WAL, foreign keys.

Writes go through `transaction()` on the writer, serialised in-process and explicit (BEGIN
IMMEDIATE … COMMIT). Reads go through `fetchall()`/`fetchone()` (or `snapshot()` when several
statements must see one state) on a second, read-only connection: in WAL mode it sees only
committed transactions, so no coroutine ever reads another's uncommitted or rolled-back rows.
A read that must see its own transaction's writes runs on the connection `transaction()` yields.

`synchronous=NORMAL` in WAL mode: a committed transaction survives a crash of the process; a
power cut or an OS crash may lose the last transactions committed before it, never the file.

The file is created 0600 in a folder created 0700; SQLite gives its -wal and -shm files the
database file's mode, and a file found group- or world-readable is narrowed to 0600.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sqlite3
import stat
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

from bot.clock import Clock
from storage.migrate import apply_migrations

log = logging.getLogger(__name__)

Params = Sequence[object] | Mapping[str, object]

FILE_MODE = 0o600
FOLDER_MODE = 0o700
SIDE_FILES = ("-wal", "-shm", "-journal")


def prepare_file(path: Path) -> None:
    """Create the folder (0700) and an empty database file (0600) if they are missing.

    SQLite reads an empty file as a new database; creating it here, rather than letting SQLite
    create it under the process umask, is what makes the file and its -wal/-shm private.
    """
    folder = path.parent
    if not folder.exists():
        folder.mkdir(parents=True, mode=FOLDER_MODE)
        os.chmod(folder, FOLDER_MODE)  # mkdir's mode is filtered by the umask
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
    except FileExistsError:
        return
    os.close(fd)
    os.chmod(path, FILE_MODE)


def restrict_files(path: Path) -> None:
    """Narrow the database file and its side files to 0600 where group or others can read."""
    for candidate in (path, *(path.with_name(path.name + s) for s in SIDE_FILES)):
        try:
            mode = stat.S_IMODE(candidate.stat().st_mode)
        except FileNotFoundError:
            continue
        if mode & 0o077:
            try:
                os.chmod(candidate, FILE_MODE)
            except PermissionError:
                log.warning("%s is mode %o and cannot be narrowed to 0600", candidate.name, mode)
            else:
                log.warning("%s was mode %o; narrowed to 0600", candidate.name, mode)


class Snapshot:
    """Reads that all see the database as it was when the snapshot began."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def fetchall(self, sql: str, params: Params = ()) -> list[tuple[object, ...]]:
        """Rows of a read query."""
        return [tuple(r) for r in await self._conn.execute_fetchall(sql, params)]

    async def fetchone(self, sql: str, params: Params = ()) -> tuple[object, ...] | None:
        """The first row of a read query, or None."""
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None


class Database:
    """The writer and the reader the repositories share; time for migrations from `clock`."""

    def __init__(self, path: Path | str, clock: Clock) -> None:
        if str(path) == ":memory:":
            raise ValueError("a database needs a file: its reader is a second connection")
        self.path = str(path)
        self.clock = clock
        self._writer: aiosqlite.Connection | None = None
        self._reader: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()
        # A snapshot holds a read transaction on the reader: plain reads wait for it to end, or
        # they would see its older state instead of what their own coroutine just committed.
        self._read_lock = asyncio.Lock()

    @property
    def conn(self) -> aiosqlite.Connection:
        """The writer connection (migrations, maintenance, tests); raises if not connected.

        Repositories write through `transaction()` and read through `fetchall()`/`fetchone()`.
        """
        if self._writer is None:
            raise RuntimeError("database is not connected")
        return self._writer

    @property
    def reader(self) -> aiosqlite.Connection:
        """The read-only connection; raises if not connected."""
        if self._reader is None:
            raise RuntimeError("database is not connected")
        return self._reader

    async def connect(self, *, migrate: bool = True) -> Database:
        """Create the file privately if missing, open both connections, apply migrations.

        Raises `storage.migrate.SchemaTooNewError` for a database a newer release wrote.
        """
        path = Path(self.path)
        prepare_file(path)
        try:
            # isolation_level=None: no implicit transactions; `transaction()` says BEGIN itself.
            self._writer = await aiosqlite.connect(self.path, isolation_level=None)
            await self._writer.execute("PRAGMA journal_mode=WAL")
            await _common_pragmas(self._writer)
            if migrate:
                await apply_migrations(self._writer, self.clock)
            self._reader = await aiosqlite.connect(self.path, isolation_level=None)
            await _common_pragmas(self._reader)
            await self._reader.execute("PRAGMA query_only=ON")
        except BaseException:
            await self.close()
            raise
        restrict_files(path)
        return self

    async def close(self) -> None:
        """Close both connections (idempotent); the writer last, so it checkpoints the WAL."""
        reader, writer = self._reader, self._writer
        self._reader = self._writer = None
        if reader is not None:
            await reader.close()
        if writer is not None:
            await writer.close()

    async def __aenter__(self) -> Database:
        return await self.connect()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def fetchall(self, sql: str, params: Params = ()) -> list[tuple[object, ...]]:
        """Rows of a read query, on the reader (committed data only), in one round trip."""
        async with self._read_lock:
            rows = await self.reader.execute_fetchall(sql, params)
        return [tuple(r) for r in rows]

    async def fetchone(self, sql: str, params: Params = ()) -> tuple[object, ...] | None:
        """The first row of a read query, or None."""
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    @asynccontextmanager
    async def snapshot(self) -> AsyncIterator[Snapshot]:
        """Several reads that see one committed state (a read transaction on the reader).

        Read through the yielded Snapshot only: `fetchall()`/`fetchone()` of this Database wait
        for the snapshot to end. Writes on the writer go on meanwhile (WAL)."""
        async with self._read_lock:
            conn = self.reader
            await conn.execute("BEGIN")
            try:
                yield Snapshot(conn)
            finally:
                await conn.execute("COMMIT")

    async def write(self, sql: str, params: Params = ()) -> int:
        """One write statement as its own transaction (SQLite makes a single statement atomic),
        in one round trip instead of BEGIN, the statement and COMMIT; returns the rows changed.
        Serialised with `transaction()` like every write."""
        async with self._write_lock:
            cursor = await self.conn.execute(sql, params)
            return max(cursor.rowcount, 0)

    async def write_returning(self, sql: str, params: Params = ()) -> list[tuple[object, ...]]:
        """One write statement with a RETURNING clause as its own transaction, in one round
        trip; the rows it returns. Serialised with `transaction()` like every write."""
        async with self._write_lock:
            rows = await self.conn.execute_fetchall(sql, params)
        return [tuple(r) for r in rows]

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


async def _common_pragmas(conn: aiosqlite.Connection) -> None:
    await conn.execute("PRAGMA synchronous=NORMAL")
    await conn.execute("PRAGMA foreign_keys=ON")
    await conn.execute("PRAGMA busy_timeout=5000")
