"""The SQLite database: one writer connection, one read connection, WAL, foreign keys.

Writes go through `transaction()` on the writer, serialised in-process and explicit (BEGIN
IMMEDIATE … COMMIT). Reads go through `fetchall()`/`fetchone()` (or `snapshot()` when several
statements must see one state) on a second, read-only connection: in WAL mode it sees only
committed transactions, so no coroutine ever reads another's uncommitted or rolled-back rows.
A read that must see its own transaction's writes runs on the connection `transaction()` yields.

A read by key that takes microseconds (a conversation's state, a staff entry, a case by its
code) goes through `lookup_one()`/`looking()` instead, on a third, read-only
connection used by the event loop's own thread; and `write()`/`write_returning()` (one small
statement) run on a fourth, the loop's own writer. Each of aiosqlite's round trips is a
hand-over to its thread and back (≈0,5 ms of wall time per statement while the loop is busy,
bench/latency.py), several times what such a statement costs. A WAL reader never waits for a
writer, and the loop's writer never waits for another process's lock (it hands the statement
to the writer's thread instead), so neither holds the loop. Anything that scans, and every
transaction of several statements, goes through aiosqlite, so the loop goes on meanwhile.
Between the two, a read that is usually brief but is no read by key (a report from the daily
aggregates: 0,5–5 ms) goes through `fetchall_brief()`: on the loop's own reader, with a budget
of 10 ms, past which SQLite interrupts it and it runs again on aiosqlite's.

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
import time
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

from bot.clock import Clock
from storage.migrate import apply_migrations

log = logging.getLogger(__name__)

Params = Sequence[object] | Mapping[str, object]

# How long a brief read (`Database.fetchall_brief`) may hold the event loop before it is
# interrupted and run on the reader's thread instead.
BRIEF_READ = 0.010  # seconds: twice a five-ward city's report (bench/stats.py)
# SQLite virtual-machine steps between two looks at that budget (≈0,1 ms of work).
_BRIEF_STEPS = 1000

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


class InlineRead:
    """Reads by key on the loop's own connection, all seeing one committed state."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def fetchall(self, sql: str, params: Params = ()) -> list[tuple[object, ...]]:
        return self._conn.execute(sql, params).fetchall()

    def fetchone(self, sql: str, params: Params = ()) -> tuple[object, ...] | None:
        row: tuple[object, ...] | None = self._conn.execute(sql, params).fetchone()
        return row


class Database:
    """The writer and the reader the repositories share; time for migrations from `clock`."""

    def __init__(self, path: Path | str, clock: Clock) -> None:
        if str(path) == ":memory:":
            raise ValueError("a database needs a file: its reader is a second connection")
        self.path = str(path)
        self.clock = clock
        self._writer: aiosqlite.Connection | None = None
        self._reader: aiosqlite.Connection | None = None
        self._inline: sqlite3.Connection | None = None
        self._inline_writer: sqlite3.Connection | None = None
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
            self._inline = _inline_connection(self.path, reads_only=True)
            self._inline_writer = _inline_connection(self.path, reads_only=False)
        except BaseException:
            await self.close()
            raise
        restrict_files(path)
        return self

    async def close(self) -> None:
        """Close every connection (idempotent); the writer last, so it checkpoints the WAL."""
        reader, writer = self._reader, self._writer
        inline = (self._inline, self._inline_writer)
        self._reader = self._writer = self._inline = self._inline_writer = None
        for conn in inline:
            if conn is not None:
                conn.close()
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

    def lookup_one(self, sql: str, params: Params = ()) -> tuple[object, ...] | None:
        """The first row of a read by key (microseconds: an index's few rows), or None;
        committed data only, on the loop's own connection: no round trip to a thread. Never
        for a scan."""
        return InlineRead(self._inline_conn()).fetchone(sql, params)  # one statement: atomic

    def lookup_all(self, sql: str, params: Params = ()) -> list[tuple[object, ...]]:
        """The rows of a read by key or key prefix (an index's few rows), as `lookup_one`."""
        return InlineRead(self._inline_conn()).fetchall(sql, params)

    async def fetchall_brief(
        self, sql: str, params: Params = (), budget: float = BRIEF_READ
    ) -> list[tuple[object, ...]]:
        """A read that is usually done in a millisecond or two but is no read by key (a report
        from the daily aggregates: a few hundred rows summed): on the loop's own connection,
        and if it is not done within `budget` seconds, interrupted and run again on the
        reader's thread, so that it never holds the loop longer than that. Same rows as
        `fetchall()`; committed data only."""
        conn = self._inline_conn()
        deadline = time.perf_counter() + budget
        conn.set_progress_handler(lambda: time.perf_counter() > deadline, _BRIEF_STEPS)
        try:
            return conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as err:
            if not _is_error(err, sqlite3.SQLITE_INTERRUPT):
                raise
        finally:
            conn.set_progress_handler(None, 0)
        log.debug("a brief read took longer than %.1f ms: on the reader instead", budget * 1e3)
        return await self.fetchall(sql, params)

    def _inline_conn(self) -> sqlite3.Connection:
        if self._inline is None:
            raise RuntimeError("database is not connected")
        return self._inline

    @contextlib.contextmanager
    def looking(self) -> Iterator[InlineRead]:
        """Several reads by key that see one committed state, on the loop's own connection
        (see `lookup_one()`)."""
        conn = self._inline_conn()
        conn.execute("BEGIN")
        try:
            yield InlineRead(conn)
        finally:
            conn.execute("COMMIT")

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
        """One small write statement (by key: a few rows) as its own transaction (SQLite makes
        a single statement atomic); returns the rows changed. Serialised with `transaction()`
        like every write, and run on the loop's own writer connection when no other process
        holds the database (see `_write_inline`)."""
        async with self._write_lock:
            inline = self._write_inline(sql, params)
            if inline is not None:
                return max(inline.rowcount, 0)
            cursor = await self.conn.execute(sql, params)
            return max(cursor.rowcount, 0)

    async def write_returning(self, sql: str, params: Params = ()) -> list[tuple[object, ...]]:
        """`write()` for a statement with a RETURNING clause: the rows it returns."""
        async with self._write_lock:
            cursor = self._write_inline(sql, params)
            if cursor is not None:
                return cursor.fetchall()  # the last row fetched, the statement commits
            rows = await self.conn.execute_fetchall(sql, params)
        return [tuple(r) for r in rows]

    def _write_inline(self, sql: str, params: Params) -> sqlite3.Cursor | None:
        """The statement on the loop's own writer connection, or None when another process
        holds the database's write lock: that connection never waits for it (busy_timeout 0,
        the loop must not stop), so the caller goes through the writer, which waits up to
        five seconds in its thread. Called with the write lock held: in this process nothing
        else writes meanwhile."""
        conn = self._inline_writer
        if conn is None:
            raise RuntimeError("database is not connected")
        try:
            return conn.execute(sql, params)
        except sqlite3.OperationalError as err:
            if not _is_error(err, sqlite3.SQLITE_BUSY):
                raise
            return None  # nothing was written: a statement that cannot start changes nothing

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


def _is_error(err: sqlite3.Error, code: int) -> bool:
    """Whether SQLite failed with `code` (or one of its extended codes)."""
    return getattr(err, "sqlite_errorcode", 0) & 0xFF == code


def _inline_connection(path: str, *, reads_only: bool) -> sqlite3.Connection:
    """One of the loop's own connections (used by the event loop's thread only). The reader:
    a WAL reader waits for nobody, but for the WAL's index being rebuilt after a crash
    (milliseconds), so its wait is bounded well below the other connections' five seconds.
    The writer never waits (see `Database._write_inline`)."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute(f"PRAGMA busy_timeout={250 if reads_only else 0}")
        if reads_only:
            conn.execute("PRAGMA query_only=ON")
    except BaseException:
        conn.close()
        raise
    return conn


async def _common_pragmas(conn: aiosqlite.Connection) -> None:
    await conn.execute("PRAGMA synchronous=NORMAL")
    await conn.execute("PRAGMA foreign_keys=ON")
    await conn.execute("PRAGMA busy_timeout=5000")
