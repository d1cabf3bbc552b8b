"""The indicators' SQL equals the domain's rules: on the hand-computed status × timing table, on
the worked example imported through the real importer, and on the demo's thousands of dossiers."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.cli.imports import run_import
from bot.clock import FrozenClock
from bot.domain.feedback import Action, Category, Event, State
from bot.domain.indicators import Window, end_time, tally
from bot.domain.models import DossierStatus, Task
from bot.domain.periods import parse_period
from storage.db import Database
from storage.dossiers import DOSSIER_COLUMNS, SqliteDossierRepository, dossier_from_row
from storage.feedback import SqliteFeedbackRepository
from storage.indicators import _FLAGGED, _POPULATION, _TALLY, SqliteIndicatorCounts
from storage.tasks import SqliteTaskRepository
from storage.units import SqliteUnitRepository
from tests.conftest import NOW
from tests.domain.test_indicators import (
    CASES,
    FIXTURE,
    MARCH,
    WEEK,
    case_dossier,
    expected_tally,
    fixture_dossiers,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
OFFSET = 7 * 3600


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database(tmp_path / "t.sqlite3", FrozenClock(NOW)).connect()
    await SqliteUnitRepository(database).add("phuongmau", "Phường Mẫu")
    yield database
    await database.close()


async def test_every_status_and_timing_counts_as_the_table_says(db: Database) -> None:
    await SqliteDossierRepository(db).upsert_many(
        [case_dossier(s, n) for s, n in CASES], now=MARCH.end
    )
    counts = (await SqliteIndicatorCounts(db).dossiers([1], [MARCH], OFFSET))[0].get(1, {})
    for status, name in CASES:
        expected = expected_tally(status, name)
        got = counts.get(f"{status.value}/{name}")
        assert (got or type(expected)()) == expected, (status, name)


async def test_the_generated_end_time_is_the_domains(db: Database) -> None:
    dossiers = [case_dossier(s, n) for s, n in CASES]
    await SqliteDossierRepository(db).upsert_many(dossiers, now=MARCH.end)
    rows = await db.fetchall("SELECT code, ended_at FROM dossiers")
    ended = {str(code): value for code, value in rows}
    for d in dossiers:
        expected = end_time(d)
        assert ended[d.code] == (None if expected is None else int(expected.timestamp())), d.code


async def test_the_worked_example_imported_as_a_ward_would(db: Database) -> None:
    out, err = io.StringIO(), io.StringIO()
    status = await run_import(
        "dossiers", FIXTURE, db, ward_slug="phuongmau", tz=TZ, out=out, err=err, now=MARCH.end
    )
    assert status == 0, err.getvalue()
    counts = SqliteIndicatorCounts(db)
    reference = fixture_dossiers().values()
    for window in (MARCH, WEEK):
        got = (await counts.dossiers([1], [window], OFFSET))[0][1]
        assert got == tally(reference, window, TZ)
    both = await counts.dossiers([1], [MARCH, WEEK], OFFSET)  # one statement, two windows
    assert both == [{1: tally(reference, w, TZ)} for w in (MARCH, WEEK)]
    march = sum(both[0][1].values(), type(got["Hộ tịch"])())
    assert (march.on_time, march.received, march.new, march.refused) == (5, 8, 6, 1)


async def test_the_demos_dossiers_count_alike(seeded_db: Path) -> None:
    async with Database(seeded_db, FrozenClock(NOW)) as db:
        units = {u.slug: u for u in await SqliteUnitRepository(db).all()}
        rows = await db.fetchall(f"SELECT {DOSSIER_COLUMNS} FROM dossiers")
        every = [dossier_from_row(r) for r in rows]
        counts = SqliteIndicatorCounts(db)
        today, now = date(2026, 11, 27), datetime(2026, 11, 27, 10, tzinfo=TZ)
        for slug, text in (
            ("cautre", "01/01/2022-15/09/2022"),
            ("cautre", "Q3/2022"),
            ("cautre", "2023"),
            ("ngoquyen", "2026"),
            ("ngoquyen", "tuần"),
            ("giavien", "10/2025"),
        ):
            unit = units[slug]
            window = Window.of(parse_period(text, today), now, TZ)
            mine = [d for d in every if d.unit_id == unit.id]
            got = (await counts.dossiers([unit.id], [window], OFFSET))[0].get(unit.id, {})
            assert got == tally(mine, window, TZ), (slug, text)


async def test_the_seed_lines(seeded_db: Path) -> None:
    async with Database(seeded_db, FrozenClock(NOW)) as db:
        unit = await SqliteUnitRepository(db).by_slug("cautre")
        assert unit is not None
        window = Window.of(
            parse_period("01/01/2022-15/09/2022", date(2026, 11, 27)),
            datetime(2026, 11, 27, tzinfo=TZ),
            TZ,
        )
        counts = SqliteIndicatorCounts(db)
        by_field = (await counts.dossiers([unit.id], [window], OFFSET))[0][unit.id]
        total = sum(by_field.values(), type(next(iter(by_field.values())))())
        assert (total.received, total.resolved, total.late, total.online) == (4545, 4545, 4, 2756)
        tasks = (await counts.tasks([unit.id], 2022, window))[unit.id]
        assert (tasks.done, tasks.total) == (14, 27)


async def test_the_counts_read_only_covering_index_ranges(db: Database) -> None:
    params = {"units": "[1]", "s": 0, "e": 1, "off": 0}
    async with db.conn.execute("EXPLAIN QUERY PLAN " + _TALLY, params) as cur:
        plan = [str(row[3]) for row in await cur.fetchall()]
    dossier_steps = [p for p in plan if p.startswith(("SEARCH d ", "SCAN d"))]
    assert len(dossier_steps) == 3, plan
    assert all("COVERING INDEX" in p for p in dossier_steps), plan
    assert "dossiers_unit_received" in " ".join(dossier_steps)
    assert "dossiers_unit_ended" in " ".join(dossier_steps)
    assert "SCAN d" not in " ".join(plan)
    assert _POPULATION in _TALLY
    async with db.conn.execute(
        "EXPLAIN QUERY PLAN " + _FLAGGED, {**params, "codes": '["A"]'}
    ) as cur:
        flagged_plan = " ".join(str(row[3]) for row in await cur.fetchall())
    assert "SEARCH d USING INDEX sqlite_autoindex_dossiers" in flagged_plan, flagged_plan


async def test_feedback_cases_and_the_dossiers_they_name(db: Database) -> None:
    repo = SqliteDossierRepository(db)
    late = case_dossier(DossierStatus.RETURNED, "after")  # late in March
    early = case_dossier(DossierStatus.RETURNED, "before")
    outside = case_dossier(DossierStatus.RETURNED, "ended_before")
    await repo.upsert_many([late, early, outside], now=MARCH.end)
    feedback = SqliteFeedbackRepository(db)
    from bot.domain.feedback import Case

    def filed(code: str, at: datetime, dossier: str | None, category: Category) -> Case:
        return Case(
            id=0,
            code=code,
            unit_id=1,
            category=category,
            description="Hồ sơ trễ hẹn, đề nghị kiểm tra.",
            state=State.NEW,
            channel="telegram",
            chat_id="1",
            citizen_id="1",
            language="vi",
            created_at=at,
            accept_due=at.date(),
            answer_due=at.date(),
            dossier_code=dossier,
        )

    at = datetime(2026, 3, 5, 9, tzinfo=TZ)
    for code, dossier, category in (
        ("PA-1", late.code, Category.LATE_DOSSIER),
        ("PA-2", early.code.lower(), Category.LATE_DOSSIER),  # typed in lower case
        ("PA-3", outside.code, Category.STAFF_CONDUCT),
        ("PA-4", None, Category.STAFF_CONDUCT),
    ):
        case = await feedback.create(
            filed(code, at, dossier, category),
            Event(at, "citizen", Action.FILE, State.NEW),
        )
        if code == "PA-4":
            refused = datetime(2026, 3, 6, 9, tzinfo=TZ)
            await feedback.apply(
                case.id,
                State.NEW,
                {"state": State.REFUSED.value},
                Event(refused, "staff:1", Action.REFUSE, State.REFUSED),
            )
    counts = SqliteIndicatorCounts(db)
    facts = {f.dossier_code: f for f in await counts.cases([1], MARCH)}
    assert len(facts) == 4
    assert facts[None].category is Category.STAFF_CONDUCT
    assert facts[None].refused_at == datetime(2026, 3, 6, 9, tzinfo=TZ)
    assert facts[late.code].received_at == at
    codes = [c for c in facts if c]
    # The outside dossier ended in February: not in March's population.
    assert await counts.flagged([1], MARCH, codes) == {1: (2, 1)}
    assert await counts.flagged([1], MARCH, []) == {}
    assert (
        await counts.cases([1], Window.of(parse_period("01/2026", date(2026, 3, 1)), MARCH.end, TZ))
        == []
    )
    # A report's one read gives the same cases (of both windows' span) and dossier counts.
    read = await counts.read([1], [WEEK, MARCH], OFFSET, None)
    assert read.cases == await counts.cases([1], Window.spanning([WEEK, MARCH]))
    assert len(read.cases) == 4
    assert read.dossiers == await counts.dossiers([1], [WEEK, MARCH], OFFSET)
    assert read.tasks == {}


async def test_tasks_per_unit(db: Database) -> None:
    await SqliteUnitRepository(db).add("khac", "Phường Khác")
    done = datetime(2026, 3, 10, tzinfo=TZ)
    await SqliteTaskRepository(db).upsert_many(
        [
            Task("T1", 1, "a", 2026, None, done),
            Task("T2", 1, "b", 2026, None, datetime(2026, 4, 2, tzinfo=TZ)),  # after March
            Task("T3", 2, "c", 2026, None, None),
            Task("T4", 2, "d", 2025, None, done),
        ],
        now=done,
    )
    tasks = await SqliteIndicatorCounts(db).tasks([1, 2], 2026, MARCH)
    assert {u: (t.done, t.total) for u, t in tasks.items()} == {1: (1, 2), 2: (0, 1)}
    # A report's one read: the tasks by the first window's end.
    read = await SqliteIndicatorCounts(db).read([1, 2], [MARCH, WEEK], OFFSET, 2026)
    assert read.tasks == tasks
    assert read.cases == []
