"""The Database: reads on their own connection never see another coroutine's uncommitted or
rolled-back writes; the reader cannot write; files are private; storage reads no wall clock."""

from __future__ import annotations

import asyncio
import os
import re
import sqlite3
import stat
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import FrozenClock
from bot.domain.feedback import Action, Case, Category, Event, State
from bot.domain.messages import OutgoingMessage
from storage.db import Database
from storage.feedback import SqliteFeedbackRepository
from storage.outbox import SqliteOutbox, enqueue_in
from storage.units import SqliteUnitRepository
from tests.conftest import record_reads

T0 = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)
STORAGE = Path(__file__).resolve().parents[2] / "storage"


class Boom(Exception):
    """Raised to roll a transaction back."""


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database(tmp_path / "db.sqlite3", FrozenClock(T0)).connect()
    try:
        yield database
    finally:
        await database.close()


def _by_key(db: Database, sql: str) -> list[tuple[object, ...]]:
    """Rows read on the loop's own connection."""
    with db.looking() as read:
        return read.fetchall(sql)


async def _count_units(db: Database) -> int:
    row = await db.fetchone("SELECT count(*) FROM units")
    assert row is not None
    return int(str(row[0]))


async def _hold_open(
    db: Database,
    write: Callable[[object], Awaitable[None]],
    inside: asyncio.Event,
    release: asyncio.Event,
    *,
    fail: bool,
) -> None:
    """A write transaction that stays open until `release`, then commits or rolls back."""
    async with db.transaction() as conn:
        await write(conn)
        inside.set()
        await release.wait()
        if fail:
            raise Boom


async def _insert_unit(conn: object) -> None:
    await conn.execute(  # type: ignore[attr-defined]
        "INSERT INTO units (slug, name, created_at) VALUES ('cautre', 'Phường Cầu Tre', 'x')"
    )


@pytest.mark.parametrize("fail", [False, True], ids=["then-committed", "then-rolled-back"])
async def test_a_read_never_sees_an_open_transaction(db: Database, fail: bool) -> None:
    inside, release = asyncio.Event(), asyncio.Event()
    writer = asyncio.create_task(_hold_open(db, _insert_unit, inside, release, fail=fail))
    await inside.wait()
    # The row is written on the writer connection, not committed: no read path sees it.
    units = SqliteUnitRepository(db)
    assert await _count_units(db) == 0
    assert await units.by_slug("cautre") is None
    assert await units.all() == []
    async with db.snapshot() as read:
        assert await read.fetchall("SELECT slug FROM units") == []
    release.set()
    if fail:
        with pytest.raises(Boom):
            await writer
    else:
        await writer
    # Committed: seen at once by the next read. Rolled back: never seen.
    assert await _count_units(db) == (0 if fail else 1)
    assert (await units.by_slug("cautre") is None) is fail


@pytest.mark.parametrize("fail", [False, True], ids=["then-committed", "then-rolled-back"])
async def test_the_deliverer_never_gets_an_uncommitted_outbox_row(db: Database, fail: bool) -> None:
    """The outbox row of a change is written in the change's transaction: until it commits,
    `due()` does not return it (and does not wait for the writer either)."""
    store = SqliteOutbox(db)

    async def enqueue(conn: object) -> None:
        message = OutgoingMessage("telegram", "42", "Đã tiếp nhận")
        assert await enqueue_in(conn, "case:1:accepted", message, T0, T0)  # type: ignore[arg-type]

    inside, release = asyncio.Event(), asyncio.Event()
    writer = asyncio.create_task(_hold_open(db, enqueue, inside, release, fail=fail))
    await inside.wait()
    assert await store.due(T0, 10) == []
    assert await store.get("case:1:accepted") is None
    assert await store.next_not_before(datetime(2000, 1, 1, tzinfo=UTC)) is None
    release.set()
    if fail:
        with pytest.raises(Boom):
            await writer
    else:
        await writer
    assert [i.key for i in await store.due(T0, 10)] == ([] if fail else ["case:1:accepted"])


async def test_a_case_is_read_from_one_snapshot(db: Database) -> None:
    """A case and its history come from the same commit, even when a change commits between
    the statements that read them."""
    await _insert_unit(db.conn)
    repo = SqliteFeedbackRepository(db)
    case = Case(
        id=0,
        code="PA-7K3M9Q",
        unit_id=1,
        category=Category.LATE_DOSSIER,
        description="Hồ sơ trễ hẹn",
        state=State.NEW,
        channel="telegram",
        chat_id="42",
        citizen_id="42",
        language="vi",
        created_at=T0,
        accept_due=T0.date(),
        answer_due=T0.date(),
    )
    filed = await repo.create(case, Event(T0, "42", Action.FILE, State.NEW))

    async with db.snapshot() as read:
        first = await read.fetchall("SELECT state FROM feedback")
        # The writer is not held up by the open snapshot (WAL): a change commits meanwhile...
        async with db.transaction() as conn:
            await conn.execute("UPDATE feedback SET state = 'accepted' WHERE id = ?", (filed.id,))
            await conn.execute(
                "INSERT INTO feedback_events (feedback_id, at, actor, action, state)"
                " VALUES (?, ?, 'staff:7', 'take', 'accepted')",
                (filed.id, T0.isoformat()),
            )
        # ...and this snapshot still sees the state it began with, in every table.
        events = await read.fetchall("SELECT action FROM feedback_events ORDER BY id")
        assert (first, events) == ([("new",)], [("file",)])
    after = await repo.get(filed.id)
    assert after is not None and [e.action for e in after.events] == [Action.FILE, Action.TAKE]


async def test_a_read_sees_what_its_own_coroutine_just_committed(db: Database) -> None:
    units = SqliteUnitRepository(db)
    for i in range(20):
        unit = await units.add(f"w{i}", f"Phường {i}")
        assert (await units.by_id(unit.id)) == unit


async def test_reads_inside_a_transaction_see_its_own_writes(db: Database) -> None:
    async with db.transaction() as conn:
        await _insert_unit(conn)
        async with conn.execute("SELECT count(*) FROM units") as cur:
            assert await cur.fetchone() == (1,)
        assert await _count_units(db) == 0  # the reader: not yet


async def test_the_reader_cannot_write(db: Database) -> None:
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        await db.fetchall(
            "INSERT INTO units (slug, name, created_at) VALUES ('x', 'X', 'x') RETURNING id"
        )
    assert await _count_units(db) == 0


async def test_both_connections_enforce_foreign_keys_in_wal(db: Database) -> None:
    for conn in (db.conn, db.reader):
        assert await conn.execute_fetchall("PRAGMA foreign_keys") == [(1,)]
        assert await conn.execute_fetchall("PRAGMA journal_mode") == [("wal",)]
        assert await conn.execute_fetchall("PRAGMA synchronous") == [(1,)]  # NORMAL
    for pragma, value in (("foreign_keys", 1), ("journal_mode", "wal"), ("synchronous", 1)):
        assert _by_key(db, f"PRAGMA {pragma}") == [(value,)]  # the loop's own connections too
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        await db.write(
            "INSERT INTO staff (user_id, role, unit_id, created_at)"
            " VALUES ('1', 'officer', 99, 'x')"
        )


async def test_the_loops_reader_cannot_write(db: Database) -> None:
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        _by_key(
            db, "INSERT INTO units (slug, name, created_at) VALUES ('x', 'X', 'x') RETURNING id"
        )
    assert await _count_units(db) == 0


async def test_reads_by_key_never_see_an_open_transaction(db: Database) -> None:
    async with db.transaction() as conn:
        await _insert_unit(conn)
        assert _by_key(db, "SELECT slug FROM units") == []
        with db.looking() as read:
            assert read.fetchone("SELECT slug FROM units") is None
    assert db.lookup_one("SELECT slug FROM units") == ("cautre",)


# A read of many virtual-machine steps (SQLite looks at a brief read's budget every 1.000).
_LONG_READ = (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)"
    " SELECT count(*), sum(i) FROM n"
)


def _through_reader(reads: list[tuple[str, str]]) -> list[str]:
    """The statements that went to the reader's thread."""
    return [sql for route, sql in reads if route == "reader"]


async def test_a_brief_read_stays_on_the_loops_connection(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _insert_unit(db.conn)
    reads = record_reads(db, monkeypatch)
    assert await db.fetchall_brief(_LONG_READ, budget=60.0) == [(20000, 200010000)]
    assert await db.fetchall_brief("SELECT slug FROM units WHERE slug = ?", ("cautre",)) == [
        ("cautre",)
    ]
    assert _through_reader(reads) == []


async def test_a_brief_read_past_its_budget_is_run_on_the_reader(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Interrupted on the loop's connection (its budget is spent at the first look), run again
    on the reader's thread: the same rows; and the loop's connection is left as it was."""
    reads = record_reads(db, monkeypatch)
    assert await db.fetchall_brief(_LONG_READ, budget=-1.0) == [(20000, 200010000)]
    assert _through_reader(reads) == [_LONG_READ]
    assert db.lookup_one(_LONG_READ) == (20000, 200010000)  # no budget left behind
    assert await db.fetchall_brief("SELECT 1", budget=-1.0) == [(1,)]  # too short to look
    assert _through_reader(reads) == [_LONG_READ]


async def test_a_brief_read_reports_its_errors_and_sees_committed_data_only(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = record_reads(db, monkeypatch)
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        await db.fetchall_brief("SELECT * FROM no_such_table")
    assert _through_reader(reads) == []  # an error is not a reason to try elsewhere
    async with db.transaction() as conn:
        await _insert_unit(conn)
        assert await db.fetchall_brief("SELECT slug FROM units") == []
    assert await db.fetchall_brief("SELECT slug FROM units") == [("cautre",)]


async def test_a_small_write_never_holds_the_loop_while_another_process_writes(
    db: Database,
) -> None:
    """Another process (a `cchc-bot jobs run`, an import) holds the write lock: the loop's own
    writer does not wait for it (busy_timeout 0); the write goes through the writer's thread,
    which waits, and lands once the lock is free."""
    other = sqlite3.connect(db.path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO units (slug, name, created_at) VALUES ('a', 'Phường A', 'x')")
        write = asyncio.create_task(
            db.write_returning(
                "INSERT INTO units (slug, name, created_at) VALUES ('b', 'Phường B', 'x')"
                " RETURNING slug"
            )
        )
        await asyncio.sleep(0)  # the write starts, finds the lock taken and hands over
        assert not write.done()
        other.execute("COMMIT")
        assert await write == [("b",)]
    finally:
        other.close()
    assert _by_key(db, "SELECT slug FROM units ORDER BY slug") == [("a",), ("b",)]
    assert db._inline_writer is not None
    assert db._inline_writer.execute("PRAGMA busy_timeout").fetchone() == (0,)


async def test_a_small_write_is_atomic_and_says_what_it_changed(db: Database) -> None:
    await _insert_unit(db.conn)
    assert await db.write("UPDATE units SET name = 'Cầu Tre' WHERE slug = 'cautre'") == 1
    assert await db.write("UPDATE units SET name = 'x' WHERE slug = 'none'") == 0
    with pytest.raises(sqlite3.IntegrityError):
        await db.write_returning(  # the second row breaks the unique slug: neither lands
            "INSERT INTO units (slug, name, created_at) VALUES ('n1', 'N', 'x'), ('n1', 'N', 'x')"
            " RETURNING id"
        )
    assert _by_key(db, "SELECT slug, name FROM units") == [("cautre", "Cầu Tre")]


async def test_a_memory_database_is_refused() -> None:
    with pytest.raises(ValueError, match="file"):
        Database(":memory:", FrozenClock(T0))


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _modes(folder: Path) -> dict[str, int]:
    return {p.name: _mode(p) for p in folder.iterdir()}


async def test_a_new_database_and_its_folder_are_private(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)  # a usual umask: files 0644, folders 0755 by default
    try:
        path = tmp_path / "data" / "cchc.sqlite3"
        async with Database(path, FrozenClock(T0)) as db:
            await _insert_unit(db.conn)
            modes = _modes(path.parent)
            assert modes == {
                "cchc.sqlite3": 0o600,
                "cchc.sqlite3-wal": 0o600,
                "cchc.sqlite3-shm": 0o600,
            }
        assert _mode(path.parent) == 0o700
    finally:
        os.umask(old_umask)


async def test_an_existing_readable_database_is_narrowed(tmp_path: Path) -> None:
    path = tmp_path / "cchc.sqlite3"
    async with Database(path, FrozenClock(T0)):
        pass
    os.chmod(tmp_path, 0o755)
    os.chmod(path, 0o644)
    async with Database(path, FrozenClock(T0)):
        assert _modes(tmp_path) == {
            "cchc.sqlite3": 0o600,
            "cchc.sqlite3-wal": 0o600,
            "cchc.sqlite3-shm": 0o600,
        }
    assert _mode(tmp_path) == 0o755  # a folder the bot did not create is left as it is


def test_storage_reads_and_writes_only_through_the_database_api() -> None:
    """Repositories read through fetchall/fetchone/snapshot/lookup and write through
    transaction()/write():
    a repository using a connection directly could read another coroutine's uncommitted rows."""
    offenders = []
    for module in sorted(STORAGE.glob("*.py")):
        if module.name in {"db.py", "migrate.py", "backup.py"}:
            continue
        for number, line in enumerate(module.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"_db\.(conn|reader)\b", line):
                offenders.append(f"{module.name}:{number}")
    assert offenders == []


def test_storage_never_reads_the_wall_clock() -> None:
    wall = re.compile(r"datetime\.now|datetime\.utcnow|time\.time\(|date\.today|SystemClock")
    offenders = [
        f"{module.name}:{number}"
        for module in sorted(STORAGE.glob("*.py"))
        for number, line in enumerate(module.read_text(encoding="utf-8").splitlines(), 1)
        if wall.search(line)
    ]
    assert offenders == []
