"""Online backup of the live database, and restore of a backup with the bot stopped.

A plain copy of a live WAL database misses every transaction still only in its -wal file;
`backup_database` goes through SQLite's backup API instead, which copies the database as one
committed state (what a reader would see) while the bot keeps writing. The backup is a single
self-contained file (rollback journal mode, no -wal beside it), created 0600.

`restore_database` puts a backup in place of the configured file: it refuses a file that is not
a cchc-bot database, one from a newer release, or a database some process still has open; it
keeps the file it replaces as `<name>.before-restore`.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import sqlite3
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from urllib.parse import quote

from storage.db import FILE_MODE, SIDE_FILES, prepare_file
from storage.migrate import SchemaTooNewError, load_migrations

_HEADER = b"SQLite format 3\x00"
BEFORE_RESTORE = ".before-restore"


class BackupError(Exception):
    """A backup or a restore was refused; nothing was changed."""


class TargetExistsError(BackupError):
    """The file to write is already there (a backup never overwrites one)."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} already exists")
        self.path = path


class InvalidReason(StrEnum):
    """Why a file is not a usable cchc-bot database."""

    MISSING = "missing"  # no such file
    NOT_SQLITE = "not_sqlite"  # not an SQLite database at all
    CORRUPT = "corrupt"  # SQLite, but unreadable or failing its integrity check
    NOT_CCHC = "not_cchc"  # SQLite, but not written by cchc-bot (no or foreign migrations)
    IS_TARGET = "is_target"  # the backup named is the configured database itself


class InvalidDatabaseError(BackupError):
    """The file is not a cchc-bot database that can be backed up or restored."""

    def __init__(self, path: Path, reason: InvalidReason, detail: str = "") -> None:
        super().__init__(f"{path}: {reason.value}{': ' + detail if detail else ''}")
        self.path = path
        self.reason = reason
        self.detail = detail


class DatabaseInUseError(BackupError):
    """Another connection (the running bot) has the database open: stop it before restoring."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} is open in another process")
        self.path = path


@dataclass(frozen=True, slots=True)
class BackupResult:
    """What `backup_database` wrote."""

    path: Path
    size: int  # bytes
    schema_version: int


@dataclass(frozen=True, slots=True)
class RestoreResult:
    """What `restore_database` did."""

    path: Path  # the configured database, now the backup's content
    previous: Path | None  # where the replaced file was kept (None: there was none)
    schema_version: int  # the restored schema (older ones are migrated at the next start)


async def backup_database(source: Path | str, target: Path | str) -> BackupResult:
    """Copy the database at `source` to the new file `target`, consistently, while it is in use.

    Safe while the bot runs: SQLite's backup API copies one committed state, the transactions
    still only in the WAL included; writers are not blocked. The target is written beside
    itself first and renamed into place, created 0600 (its folder 0700 if new).

    Raises InvalidDatabaseError when `source` is missing or not a cchc-bot database,
    TargetExistsError when `target` exists; OSError for the file system's own failures (a full
    disk leaves no partial file behind).
    """
    return await asyncio.to_thread(_backup, Path(source), Path(target))


async def restore_database(backup: Path | str, target: Path | str) -> RestoreResult:
    """Replace the database at `target` (the configured path) by the backup file `backup`.

    Run it with the bot stopped. The backup is checked first (a cchc-bot database, intact, not
    from a newer release; an older one is migrated at the next start); the current file, if
    any, is brought up to date from its WAL and kept as `<name>.before-restore` (a current file
    SQLite cannot read is kept as it is, with its -wal). The configured path is replaced
    atomically; the backup file itself is only read.

    Raises InvalidDatabaseError (the backup is missing, not SQLite, corrupt, not cchc-bot's, or
    the configured file itself), SchemaTooNewError (the backup is from a newer release),
    DatabaseInUseError (a process has `target` open), TargetExistsError (`<name>.before-restore`
    is already there: move it away first); OSError for the file system's own failures.
    """
    return await asyncio.to_thread(_restore, Path(backup), Path(target))


async def inspect_database(path: Path | str) -> int:
    """The schema version of a cchc-bot database file (a backup), read without changing it.

    Raises InvalidDatabaseError or SchemaTooNewError like `restore_database`.
    """
    return await asyncio.to_thread(_inspect, Path(path))


# --- the work, in a worker thread -------------------------------------------------------------


def _inspect(path: Path) -> int:
    conn = _open_checked(path, read_only=True, check=True)
    try:
        return _schema_version(conn, path)
    finally:
        conn.close()


def _backup(source: Path, target: Path) -> BackupResult:
    if target.exists():
        raise TargetExistsError(target)
    # Read-write (never created when missing), so SQLite can rebuild a missing -shm of the
    # live WAL database; no integrity scan of the source here: the copy gets one instead.
    src = _open_checked(source, read_only=False, check=False)
    try:
        version = _schema_version(src, source)
        partial = _side(target, ".partial")
        _copy(src, partial)
    finally:
        src.close()
    os.replace(partial, target)
    _fsync_folder(target.parent)
    return BackupResult(target, target.stat().st_size, version)


def _restore(backup: Path, target: Path) -> RestoreResult:
    kept = _side(target, BEFORE_RESTORE)
    if target.exists() and backup.resolve() == target.resolve():
        raise InvalidDatabaseError(backup, InvalidReason.IS_TARGET)
    src = _open_checked(backup, read_only=True, check=True)
    try:
        version = _schema_version(src, backup)
        if target.exists() and kept.exists():
            raise TargetExistsError(kept)
        if target.exists():
            _quiesce(target)
        incoming = _side(target, ".restoring")
        _copy(src, incoming)
    finally:
        src.close()
    previous = _keep(target, kept) if target.exists() else None
    os.replace(incoming, target)  # atomic: the configured path is never missing
    _fsync_folder(target.parent)
    return RestoreResult(target, previous, version)


def _open_checked(path: Path, *, read_only: bool, check: bool) -> sqlite3.Connection:
    """A connection to an existing SQLite file (that passes SQLite's quick check if `check`)."""
    try:
        with path.open("rb") as file:
            header = file.read(len(_HEADER))
    except FileNotFoundError:
        raise InvalidDatabaseError(path, InvalidReason.MISSING) from None
    except IsADirectoryError:
        raise InvalidDatabaseError(path, InvalidReason.NOT_SQLITE, "a folder") from None
    if header != _HEADER:
        raise InvalidDatabaseError(path, InvalidReason.NOT_SQLITE)
    mode = "ro" if read_only else "rw"
    if read_only and not any(_side(path, s).exists() for s in SIDE_FILES):
        # Nothing beside the file to read: immutable, so SQLite creates no -wal/-shm next to
        # a backup it only reads (a read-only open of a WAL-mode file would leave them).
        mode += "&immutable=1"
    uri = f"file:{quote(str(path.resolve()))}?mode={mode}"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None)
    except sqlite3.Error as err:
        raise InvalidDatabaseError(path, InvalidReason.CORRUPT, str(err)) from err
    try:
        conn.execute("PRAGMA busy_timeout=5000")
        conn.execute("PRAGMA query_only=ON")
        rows = conn.execute("PRAGMA quick_check" if check else "PRAGMA schema_version").fetchall()
        if check and rows != [("ok",)]:
            detail = "; ".join(str(r[0]) for r in rows[:3])
            raise InvalidDatabaseError(path, InvalidReason.CORRUPT, detail)
    except sqlite3.DatabaseError as err:
        conn.close()
        raise InvalidDatabaseError(path, InvalidReason.CORRUPT, str(err)) from err
    except BaseException:
        conn.close()
        raise
    return conn


def _schema_version(conn: sqlite3.Connection, path: Path) -> int:
    """The newest migration applied, checked against the ones shipped (names and no gaps)."""
    try:
        rows = conn.execute("SELECT version, name FROM schema_migrations ORDER BY version")
        applied = [(int(v), str(n)) for v, n in rows.fetchall()]
        has_units = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'units'"
        ).fetchone()
    except sqlite3.DatabaseError as err:
        raise InvalidDatabaseError(path, InvalidReason.NOT_CCHC, str(err)) from err
    if not applied or has_units is None:
        raise InvalidDatabaseError(path, InvalidReason.NOT_CCHC, "no cchc-bot schema")
    shipped = {m.version: m.name for m in load_migrations()}
    newest = max(shipped, default=0)
    found = applied[-1][0]
    if [v for v, _ in applied] != list(range(1, found + 1)):
        raise InvalidDatabaseError(path, InvalidReason.NOT_CCHC, "migrations out of sequence")
    if found > newest:
        raise SchemaTooNewError(found, newest)
    for version, name in applied:
        if shipped[version] != name:
            raise InvalidDatabaseError(
                path, InvalidReason.NOT_CCHC, f"migration {version} is {name!r}"
            )
    return found


def _copy(src: sqlite3.Connection, path: Path) -> None:
    """Write `src` as one consistent state into the new private file `path` (replaced if a
    previous attempt left it), as a single file in rollback journal mode, synced to disk."""
    for leftover in (path, *(_side(path, s) for s in SIDE_FILES)):
        leftover.unlink(missing_ok=True)
    prepare_file(path)
    dst = sqlite3.connect(path, isolation_level=None)
    try:
        # pages=-1: one step, so the source is read in one read transaction (one snapshot),
        # and a write during the copy cannot restart it.
        src.backup(dst, pages=-1)
        dst.execute("PRAGMA journal_mode=DELETE")
        if dst.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
            raise BackupError(f"the copy at {path} failed its integrity check")
    except BaseException:
        dst.close()
        path.unlink(missing_ok=True)
        raise
    dst.close()
    os.chmod(path, FILE_MODE)
    with path.open("rb") as file:
        os.fsync(file.fileno())


def _quiesce(target: Path) -> None:
    """Fold the target's WAL into its file, so the file can be kept whole; DatabaseInUseError
    when another connection holds it (SQLite leaves WAL mode only when no other connection
    has the database open). A target SQLite cannot read is left as it is, to be kept aside."""
    # Probe read-only first: a read-write connection to a file SQLite cannot read still
    # deletes its -wal when it closes, and that WAL may hold what the owner wants back.
    uri = f"file:{quote(str(target.resolve()))}?mode=ro"
    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=0)) as probe:
            probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as err:
        if "locked" in str(err) or "busy" in str(err):
            raise DatabaseInUseError(target) from err
        return
    except sqlite3.DatabaseError:
        return  # not a database any more: nothing to fold in, and nobody can be using it
    conn = sqlite3.connect(target, isolation_level=None, timeout=0)
    try:
        mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()
        # Even out of WAL mode, a live writer holds its lock: take it once to be sure.
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")
    except sqlite3.OperationalError as err:
        if "locked" in str(err) or "busy" in str(err):
            raise DatabaseInUseError(target) from err
        raise
    finally:
        conn.close()
    if mode is None or str(mode[0]).lower() != "delete":
        raise DatabaseInUseError(target)


def _keep(target: Path, kept: Path) -> Path:
    """Keep the current database as `kept`, with any side file SQLite would pair with it
    (a -wal left beside the restored file would be replayed into it)."""
    try:
        os.link(target, kept)  # the target stays in place until the atomic replace
    except OSError:
        shutil.copyfile(target, kept)
        os.chmod(kept, FILE_MODE)
        with kept.open("rb") as file:
            os.fsync(file.fileno())
    for suffix in ("-wal", "-journal"):
        side = _side(target, suffix)
        if side.exists():
            os.replace(side, _side(kept, suffix))
    _side(target, "-shm").unlink(missing_ok=True)  # an index only, rebuilt from the WAL
    return kept


def _side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _fsync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
