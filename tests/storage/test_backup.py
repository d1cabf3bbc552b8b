"""Online backup of a live database (the WAL included) and restore with the bot stopped."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import stat
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import FrozenClock
from storage.backup import (
    BEFORE_RESTORE,
    DatabaseInUseError,
    InvalidDatabaseError,
    InvalidReason,
    TargetExistsError,
    backup_database,
    inspect_database,
    restore_database,
)
from storage.db import Database
from storage.migrate import SchemaTooNewError, apply_migrations, load_migrations

T0 = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)
HEAD = load_migrations()[-1].version


def _slugs(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return [str(r[0]) for r in conn.execute("SELECT slug FROM units ORDER BY slug")]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _siblings(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


async def _add_units(db: Database, *slugs: str) -> None:
    for slug in slugs:
        async with db.transaction() as conn:
            await conn.execute(
                "INSERT INTO units (slug, name, created_at) VALUES (?, ?, 'x')", (slug, slug)
            )


async def _database_with(path: Path, *slugs: str) -> Path:
    async with Database(path, FrozenClock(T0)) as db:
        await _add_units(db, *slugs)
    return path


async def test_a_backup_holds_the_writes_still_only_in_the_wal(tmp_path: Path) -> None:
    live = tmp_path / "live" / "cchc.sqlite3"
    async with Database(live, FrozenClock(T0)) as db:
        await db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the schema in the file
        await _add_units(db, "cautre", "giavien", "ngoquyen")
        assert (live.parent / "cchc.sqlite3-wal").stat().st_size > 0

        plain = tmp_path / "plain-copy.sqlite3"
        shutil.copyfile(live, plain)  # what a file copy of the live database gets
        result = await backup_database(live, tmp_path / "out" / "backup.sqlite3")

    assert _slugs(plain) == []  # the three committed writes were only in the WAL
    assert _slugs(result.path) == ["cautre", "giavien", "ngoquyen"]
    assert result.schema_version == HEAD == await inspect_database(result.path)
    assert result.size == result.path.stat().st_size > 0
    assert _siblings(result.path) == ["backup.sqlite3"]  # one self-contained file
    with closing(sqlite3.connect(result.path, isolation_level=None)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert (_mode(result.path), _mode(result.path.parent)) == (0o600, 0o700)


async def test_a_backup_is_one_consistent_state_while_writers_go_on(tmp_path: Path) -> None:
    """Each write transaction adds a unit and its alias; writers keep committing while the
    backup runs. The backup holds every transaction committed before it started, and only
    whole transactions."""
    live = tmp_path / "cchc.sqlite3"
    async with Database(live, FrozenClock(T0)) as db:
        committed = 0

        async def write_one() -> None:
            nonlocal committed
            async with db.transaction() as conn:
                cur = await conn.execute(
                    "INSERT INTO units (slug, name, created_at) VALUES (?, 'x', 'x')",
                    (f"w{committed}",),
                )
                await conn.execute(
                    "INSERT INTO unit_aliases (unit_id, alias) VALUES (?, 'alias')",
                    (cur.lastrowid,),
                )
            committed += 1

        for _ in range(50):
            await write_one()
        before = committed
        backup = asyncio.create_task(backup_database(live, tmp_path / "backup.sqlite3"))
        while not backup.done():
            await write_one()
        result = await backup

    with closing(sqlite3.connect(result.path, isolation_level=None)) as conn:
        units = conn.execute("SELECT count(*) FROM units").fetchone()[0]
        aliases = conn.execute("SELECT count(*) FROM unit_aliases").fetchone()[0]
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert before <= units <= committed
    assert aliases == units


async def test_a_backup_never_overwrites(tmp_path: Path) -> None:
    live = await _database_with(tmp_path / "cchc.sqlite3", "cautre")
    target = tmp_path / "backup.sqlite3"
    target.write_bytes(b"precious")
    with pytest.raises(TargetExistsError) as caught:
        await backup_database(live, target)
    assert caught.value.path == target and target.read_bytes() == b"precious"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, InvalidReason.MISSING),
        (b"code,ward\nH1,cautre\n", InvalidReason.NOT_SQLITE),
        (b"SQLite format 3\x00" + b"\xff" * 4080, InvalidReason.CORRUPT),
        ("foreign", InvalidReason.NOT_CCHC),
    ],
    ids=["missing", "csv", "corrupt", "another-apps-database"],
)
async def test_only_a_cchc_database_is_backed_up_or_restored(
    tmp_path: Path, content: bytes | str | None, reason: InvalidReason
) -> None:
    source = tmp_path / "source.sqlite3"
    if isinstance(content, bytes):
        source.write_bytes(content)
    elif content == "foreign":
        with closing(sqlite3.connect(source, isolation_level=None)) as conn:
            conn.execute("CREATE TABLE schema_migrations (version INTEGER, name TEXT)")
            conn.execute("INSERT INTO schema_migrations VALUES (1, 'something_else')")
            conn.execute("CREATE TABLE units (id INTEGER)")
    target = await _database_with(tmp_path / "cchc.sqlite3", "cautre")

    with pytest.raises(InvalidDatabaseError) as caught:
        await backup_database(source, tmp_path / "backup.sqlite3")
    assert caught.value.reason is reason
    with pytest.raises(InvalidDatabaseError) as caught:
        await restore_database(source, target)
    assert caught.value.reason is reason

    assert not (tmp_path / "backup.sqlite3").exists()
    assert source.exists() is (content is not None)  # a missing source is not created
    assert _slugs(target) == ["cautre"]
    assert _siblings(target) == sorted(["cchc.sqlite3", *(["source.sqlite3"] if content else [])])


async def test_restore_replaces_the_database_and_keeps_the_old_one(tmp_path: Path) -> None:
    target = await _database_with(tmp_path / "data" / "cchc.sqlite3", "old-ward")
    backup = await backup_database(
        await _database_with(tmp_path / "other.sqlite3", "cautre", "giavien"),
        tmp_path / "backup.sqlite3",
    )
    backup_bytes = backup.path.read_bytes()

    result = await restore_database(backup.path, target)

    kept = target.with_name("cchc.sqlite3" + BEFORE_RESTORE)
    assert (result.path, result.previous, result.schema_version) == (target, kept, HEAD)
    assert _slugs(target) == ["cautre", "giavien"]
    assert _slugs(kept) == ["old-ward"]
    assert _siblings(target) == ["cchc.sqlite3", "cchc.sqlite3.before-restore"]
    assert _mode(target) == 0o600
    assert backup.path.read_bytes() == backup_bytes  # the backup itself is only read
    assert _siblings(backup.path) == ["backup.sqlite3", "data", "other.sqlite3"]
    async with Database(target, FrozenClock(T0)) as db:  # the bot starts on it
        assert await db.fetchall("SELECT count(*) FROM units") == [(2,)]


async def test_the_replaced_file_is_kept_with_what_was_only_in_its_wal(tmp_path: Path) -> None:
    """After a crash the database's last commits may be only in its -wal: they are folded into
    the file kept as .before-restore, not lost with a -wal left behind."""
    live = tmp_path / "live.sqlite3"
    target = tmp_path / "cchc.sqlite3"
    async with Database(live, FrozenClock(T0)) as db:
        await db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        await _add_units(db, "only-in-wal")
        # The files as a killed process leaves them: the file and its WAL, nobody connected.
        shutil.copyfile(live, target)
        shutil.copyfile(live.with_name("live.sqlite3-wal"), target.with_name("cchc.sqlite3-wal"))
    backup = await backup_database(
        await _database_with(tmp_path / "other.sqlite3", "cautre"), tmp_path / "b.sqlite3"
    )

    result = await restore_database(backup.path, target)

    assert result.previous is not None
    assert _slugs(result.previous) == ["only-in-wal"]
    assert not target.with_name("cchc.sqlite3-wal").exists()
    assert _slugs(target) == ["cautre"]


async def test_restore_refuses_while_the_database_is_open(tmp_path: Path) -> None:
    target = tmp_path / "cchc.sqlite3"
    backup = await backup_database(
        await _database_with(tmp_path / "other.sqlite3", "cautre"), tmp_path / "b.sqlite3"
    )
    async with Database(target, FrozenClock(T0)) as running:
        await _add_units(running, "live-ward")
        with pytest.raises(DatabaseInUseError) as caught:
            await restore_database(backup.path, target)
        assert caught.value.path == target
        assert await running.fetchall("SELECT slug FROM units") == [("live-ward",)]
    assert _slugs(target) == ["live-ward"]
    assert not target.with_name("cchc.sqlite3" + BEFORE_RESTORE).exists()


async def test_restore_refuses_a_backup_from_a_newer_release(tmp_path: Path) -> None:
    newer = await _database_with(tmp_path / "newer.sqlite3", "cautre")
    with closing(sqlite3.connect(newer, isolation_level=None)) as conn:
        conn.execute(
            "INSERT INTO schema_migrations (version, name, applied_at)"
            f" VALUES ({HEAD + 1}, 'from_the_future', 'x')"
        )
    target = await _database_with(tmp_path / "cchc.sqlite3", "old-ward")
    with pytest.raises(SchemaTooNewError) as caught:
        await restore_database(newer, target)
    assert (caught.value.found, caught.value.supported) == (HEAD + 1, HEAD)
    assert _slugs(target) == ["old-ward"]


async def test_restore_does_not_overwrite_an_earlier_before_restore(tmp_path: Path) -> None:
    target = await _database_with(tmp_path / "cchc.sqlite3", "old-ward")
    kept = target.with_name("cchc.sqlite3" + BEFORE_RESTORE)
    kept.write_bytes(b"the file an earlier restore kept")
    backup = await backup_database(
        await _database_with(tmp_path / "other.sqlite3", "cautre"), tmp_path / "b.sqlite3"
    )
    with pytest.raises(TargetExistsError) as caught:
        await restore_database(backup.path, target)
    assert caught.value.path == kept
    assert kept.read_bytes() == b"the file an earlier restore kept"
    assert _slugs(target) == ["old-ward"]


async def test_restore_onto_a_new_machine_and_an_older_schema(tmp_path: Path) -> None:
    """No database yet at the configured path; the backup is from an older release: it is put
    in place as it is, and the next start migrates it."""
    old = tmp_path / "old.sqlite3"
    db = await Database(old, FrozenClock(T0)).connect(migrate=False)
    await apply_migrations(db.conn, db.clock, upto=3)
    await _add_units(db, "cautre")
    await db.close()
    target = tmp_path / "new" / "data" / "cchc.sqlite3"

    result = await restore_database(old, target)

    assert (result.previous, result.schema_version) == (None, 3)
    assert (_mode(target), _mode(target.parent)) == (0o600, 0o700)
    async with Database(target, FrozenClock(T0)) as restored:
        assert await restored.fetchall("SELECT max(version) FROM schema_migrations") == [(HEAD,)]
        assert await restored.fetchall("SELECT slug FROM units") == [("cautre",)]


async def test_restore_over_a_database_sqlite_cannot_read(tmp_path: Path) -> None:
    """The broken database is what one restores for: it is kept aside as it is, its -wal with
    it, and the restored file gets no stale -wal beside it."""
    target = tmp_path / "cchc.sqlite3"
    target.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4080)
    target.with_name("cchc.sqlite3-wal").write_bytes(b"stale frames")
    backup = await backup_database(
        await _database_with(tmp_path / "other.sqlite3", "cautre"), tmp_path / "b.sqlite3"
    )

    result = await restore_database(backup.path, target)

    assert result.previous == target.with_name("cchc.sqlite3.before-restore")
    assert result.previous.read_bytes().endswith(b"\xff" * 64)
    assert target.with_name("cchc.sqlite3.before-restore-wal").read_bytes() == b"stale frames"
    assert not target.with_name("cchc.sqlite3-wal").exists()
    assert _slugs(target) == ["cautre"]


async def test_restore_refuses_the_configured_file_as_its_own_backup(tmp_path: Path) -> None:
    target = await _database_with(tmp_path / "cchc.sqlite3", "cautre")
    with pytest.raises(InvalidDatabaseError) as caught:
        await restore_database(tmp_path / "." / "cchc.sqlite3", target)
    assert caught.value.reason is InvalidReason.IS_TARGET
    assert _siblings(target) == ["cchc.sqlite3"]
