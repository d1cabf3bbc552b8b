"""Fixtures every test directory may use: the frozen "now", settings for a test, the seeded
database, the loopback Bot API stand-in, and the check that every database is closed.

The end-to-end fixtures (the real bot running against the stand-in, and its driver) are in
tests/e2e/conftest.py."""

from __future__ import annotations

import asyncio
import shutil
import threading
from collections.abc import AsyncIterator, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FrozenClock
from bot.config import Settings
from bot.demo.chat import seed_database
from bot.domain.indicators import CountsRead, Window
from bot.ports import IndicatorCounts
from bot.standin.telegram import TelegramStandIn
from storage.db import Database

TOKEN = "123456:TEST-TOKEN"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# "Today" for every test: a Friday, 27/11/2026 10:00 in Hà Nội / Hải Phòng.
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=TZ)
ADMIN_ID = 9999
AIOSQLITE_WORKER = "(_connection_worker_thread)"


@pytest.fixture(autouse=True)
def _every_database_is_closed() -> Iterator[None]:
    """A test that leaves an aiosqlite connection open fails here: its worker thread is not a
    daemon, so the interpreter would wait for it forever at exit and the whole run would hang."""
    before = set(threading.enumerate())  # the objects: a thread's ident is reused
    yield
    left = [
        thread
        for thread in threading.enumerate()
        if thread not in before and thread.name.endswith(AIOSQLITE_WORKER)
    ]
    for thread in left:
        thread.join(timeout=2)  # a closed connection's worker ends at once
    still_open = [thread.name for thread in left if thread.is_alive()]
    assert not still_open, f"aiosqlite connections left open: {still_open}"


def make_settings(db_path: Path, tg: TelegramStandIn | None = None, **extra: Any) -> Settings:
    """Settings for a test: no .env file, the stand-in's URLs, one admin id."""
    values: dict[str, Any] = {
        "BOT_TOKEN": TOKEN,
        "DATABASE_PATH": db_path,
        "ADMIN_TELEGRAM_IDS": str(ADMIN_ID),
    }
    if tg is not None:
        values["TELEGRAM_API_BASE_URL"] = tg.base_url
        values["TELEGRAM_API_FILE_URL"] = tg.base_file_url
    values.update(extra)
    return Settings(_env_file=None, **values)


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's sample data, built once per session and copied for each test."""
    path = tmp_path_factory.mktemp("seed") / "seed.sqlite3"

    async def build() -> None:
        db = await Database(path, FrozenClock(NOW)).connect()
        try:
            await seed_database(db, NOW.date(), make_settings(path))
            await db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            await db.close()

    asyncio.run(build())
    return path


@pytest.fixture
def seeded_db(seeded_template: Path, tmp_path: Path) -> Path:
    """A private copy of the seeded database."""
    path = tmp_path / "bot.sqlite3"
    shutil.copy(seeded_template, path)
    return path


@pytest.fixture
async def tg() -> AsyncIterator[TelegramStandIn]:
    """A strict Bot API stand-in on 127.0.0.1."""
    async with TelegramStandIn(TOKEN, bot_username="cchc_test_bot") as standin:
        yield standin


@pytest.fixture
def clock() -> FrozenClock:
    """The frozen 'now' of the tests."""
    return FrozenClock(NOW)


async def read_separately(
    counts: IndicatorCounts,
    units: Sequence[int],
    windows: Sequence[Window],
    utc_offset: int,
    task_year: int | None,
) -> CountsRead:
    """`IndicatorCounts.read()` composed of the separate reads it stands for (for fakes and the
    full-scan oracle, which answer those one by one)."""
    return CountsRead(
        await counts.dossiers(units, windows, utc_offset),
        await counts.cases(units, Window.spanning(windows)),
        await counts.tasks(units, task_year, windows[0]) if task_year else {},
    )


def record_reads(db: Database, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """(route, statement) of every read of `db` from now on: "reader" through `fetchall()`,
    "brief" through `fetchall_brief()` (a brief read that moves to the reader shows as both)."""
    reads: list[tuple[str, str]] = []
    for route, name in (("reader", "fetchall"), ("brief", "fetchall_brief")):
        read = getattr(db, name)

        async def recorded(
            sql: str, params: Any = (), *, _read: Any = read, _route: str = route, **kw: Any
        ) -> list[tuple[object, ...]]:
            reads.append((_route, sql))
            rows: list[tuple[object, ...]] = await _read(sql, params, **kw)
            return rows

        monkeypatch.setattr(db, name, recorded)
    return reads
