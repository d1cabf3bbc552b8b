"""The daily aggregates give exactly the full scan's figures: on random data sets (every status,
carried over, open, ended early / on the day / late, ending before their receipt, several
units) and random windows (finished, not over yet and measured now, not starting at a
midnight), kept exact by the triggers under inserts, updates and deletes, by the import's bulk
delta, and equal to a rebuild."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.cli.imports import run_import
from bot.clock import FrozenClock
from bot.domain.calendar import WorkCalendar
from bot.domain.indicators import AreaRead, CountsRead, DossierTally, Window, total
from bot.domain.models import (
    Dossier,
    DossierStatus,
    OnlineLevel,
    Role,
    StaffMember,
    SubmissionChannel,
)
from bot.domain.periods import Period, PeriodKind
from bot.services.indicators import IndicatorService
from bot.services.reports import ReportReady, ReportService
from storage import dossier_days
from storage.db import Database
from storage.dossiers import SqliteDossierRepository, epoch
from storage.indicators import BRIEF_UNITS, SqliteIndicatorCounts
from storage.staff import SqliteStaffRepository
from storage.units import SqliteUnitRepository
from tests.conftest import NOW, read_separately, record_reads

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
OFFSET = 7 * 3600
FIRST = date(2025, 12, 20)  # the data's first receipt day; a year boundary inside
SPAN = 30  # days of receipts
UNITS = (1, 2, 3, 4, 5)  # a city (1), its wards (2, 3, 4) and a ward merged into 2 (5)
DAY = timedelta(days=1)
EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database(tmp_path / "agg.sqlite3", FrozenClock(NOW)).connect()
    async with database.transaction() as conn:
        await conn.executemany(
            "INSERT INTO units (id, slug, name, kind, parent_id, created_at)"
            " VALUES (?, ?, ?, ?, ?, '2026-01-01')",
            [
                (1, "thanhpho", "Thành phố Thử", "province", None),
                (2, "phuonga", "Phường A", "ward", 1),
                (3, "phuongb", "Phường B", "ward", 1),
                (4, "phuongc", "Phường C", "ward", 1),
                (5, "phuongcu", "Phường Cũ", "ward", 1),
            ],
        )
        await conn.execute(
            "INSERT INTO unit_successions (predecessor_id, successor_id) VALUES (5, 2)"
        )
    yield database
    await database.close()


def _local(day: date, seconds: int) -> datetime:
    return datetime.combine(day, time(0), tzinfo=TZ) + timedelta(seconds=seconds)


# Seconds into a local day: the edges of days and of the windows, and anything between.
SECONDS = st.one_of(
    st.sampled_from([0, 1, 8 * 3600, 17 * 3600, 86_398, 86_399]), st.integers(0, 86_399)
)


@st.composite
def dossiers(draw: st.DrawFn, count: int = 40) -> list[Dossier]:
    """Up to `count` dossiers over SPAN days, in every status and timing."""
    out = []
    for i in range(draw(st.integers(0, count))):
        received = _local(FIRST + draw(st.integers(0, SPAN)) * DAY, draw(SECONDS))
        due_day = received.astimezone(TZ).date() + draw(st.integers(0, 12)) * DAY
        due = max(received, _local(due_day, draw(SECONDS)))
        status = draw(st.sampled_from(list(DossierStatus)))
        resolved: datetime | None = None
        if draw(st.booleans()) or status.ends_processing:
            resolved = draw(
                st.one_of(
                    st.sampled_from([due, due + timedelta(seconds=1), due - timedelta(seconds=1)]),
                    st.integers(-2 * 86_400, 20 * 86_400).map(
                        lambda s, r=received: r + timedelta(seconds=s)
                    ),
                )
            )
            if draw(st.integers(0, 9)) == 0 and status.ends_processing:
                resolved = None  # an end status the file gave no end time for
        out.append(
            Dossier(
                code=f"D{i:03d}",
                unit_id=draw(st.sampled_from(UNITS)),
                received_at=received.astimezone(UTC),
                due_at=due.astimezone(UTC),
                channel=draw(st.sampled_from(list(SubmissionChannel))),
                status=status,
                field=draw(st.sampled_from(["Hộ tịch", "Chứng thực", ""])),
                resolved_at=None if resolved is None else resolved.astimezone(UTC),
                level=draw(st.sampled_from([None, *OnlineLevel])),
            )
        )
    return out


@st.composite
def windows(draw: st.DrawFn, near: tuple[datetime, ...] = ()) -> Window:
    """A period of local days around the data, seen at some moment (before, within or after
    it; often just before or after one of the moments `near`), or now and then a window that
    does not start at a midnight."""
    start = FIRST + draw(st.integers(-5, SPAN + 5)) * DAY
    end = start + draw(st.sampled_from([0, 1, 6, 13, 30, 45, 80])) * DAY
    if near and draw(st.booleans()):
        seen = draw(st.sampled_from(near)) + timedelta(seconds=draw(st.integers(-7200, 7200)))
        start = min(start, seen.astimezone(TZ).date())
        end = max(end, seen.astimezone(TZ).date())
    else:
        seen = _local(FIRST + draw(st.integers(-3, SPAN + 8)) * DAY, draw(SECONDS))
    window = Window.of(Period(start, end, PeriodKind.RANGE), seen, TZ)
    if draw(st.integers(0, 7)) == 0:
        shifted = window.start + timedelta(seconds=draw(st.integers(1, 86_399)))
        return Window(shifted, max(shifted, window.end), window.period_end)
    return window


def moments(data: list[Dossier]) -> tuple[datetime, ...]:
    """Every receipt, due and end moment of the dossiers."""
    found = [m for d in data for m in (d.received_at, d.due_at, d.resolved_at) if m is not None]
    return tuple(found)


async def _nonzero_rows(db: Database) -> list[tuple[object, ...]]:
    """The units' and the areas' aggregate rows that count something, and the areas' tree."""
    cols = " OR ".join(f"{c} != 0" for c in dossier_days.COLUMNS)
    found: list[tuple[object, ...]] = []
    for table in ("dossier_days", "area_fields", "area_totals"):
        rows = await db.fetchall(
            f"SELECT '{table}', * FROM {table} WHERE {cols} ORDER BY 2, 3, 4, 5"
        )
        found += rows
    return found + await db.fetchall("SELECT * FROM unit_areas ORDER BY 1, 2")


async def _tree(db: Database) -> list[tuple[object, ...]]:
    """Each unit's areas (the units above it) as the units' parents give them."""
    return await db.fetchall(
        "WITH RECURSIVE up (unit_id, area_id) AS ("
        " SELECT id, parent_id FROM units WHERE parent_id IS NOT NULL"
        " UNION SELECT up.unit_id, u.parent_id FROM up JOIN units AS u ON u.id = up.area_id"
        " WHERE u.parent_id IS NOT NULL)"
        " SELECT unit_id, area_id FROM up ORDER BY 1, 2"
    )


async def _check_areas_against_scan(db: Database, shown: list[Window]) -> None:
    """Every area's read (its units' sums per field, its leaf units' totals, the later
    windows' totals) equals the full scan's figures summed, or is refused (None) exactly where
    the aggregates do not serve a window."""
    counts = SqliteIndicatorCounts(db)
    tree = await _tree(db)
    pairs = [(int(str(u)), int(str(a))) for u, a in tree]
    parents = {area for _, area in pairs}
    for area in sorted(parents):
        units = sorted({u for u, a in pairs if a == area} | {area})
        leaves = [u for u in units if u not in parents]
        found = await counts.area(area, leaves, units, [[] for _ in shown], shown, OFFSET, None)
        served = all((epoch(w.start) + OFFSET) % 86_400 == 0 for w in shown)
        assert (found is not None) == served, (area, shown)
        if found is None:
            continue
        scanned = await counts.scan(units, shown, OFFSET)
        fields: dict[str, DossierTally] = {}
        for by_field in scanned[0].values():
            for name, tally in by_field.items():
                fields[name] = fields[name] + tally if name in fields else tally
        assert found.fields == {n: t for n, t in fields.items() if t != DossierTally()}
        members = {u: total(scanned[0][u].values()) for u in leaves if u in scanned[0]}
        assert found.members == {u: t for u, t in members.items() if t != DossierTally()}
        assert found.totals == [
            total([t for by_field in later.values() for t in by_field.values()])
            for later in scanned[1:]
        ]


async def _check_against_rebuild(db: Database) -> None:
    """The aggregates as maintained equal those a rebuild computes (zero rows aside)."""
    kept = await _nonzero_rows(db)
    async with db.transaction() as conn:
        await dossier_days.rebuild(conn)
    assert await _nonzero_rows(db) == kept


async def _check_against_scan(
    db: Database, unit_sets: list[list[int]], shown: list[Window]
) -> None:
    counts = SqliteIndicatorCounts(db)
    for units in unit_sets:
        assert await counts.dossiers(units, shown, OFFSET) == await counts.scan(
            units, shown, OFFSET
        ), (units, shown)


UNIT_SETS = st.lists(
    st.lists(st.sampled_from(UNITS), min_size=1, max_size=5, unique=True), min_size=1, max_size=3
)


@EXAMPLES
@given(dossiers(), UNIT_SETS, st.data())
async def test_the_aggregates_count_as_the_full_scan(
    db: Database, data: list[Dossier], unit_sets: list[list[int]], more: st.DataObject
) -> None:
    shown = more.draw(st.lists(windows(moments(data)), min_size=1, max_size=4))
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM dossiers")  # the previous example's, by the triggers
    await SqliteDossierRepository(db).upsert_many(data, now=NOW)
    await _check_against_scan(db, [list(UNITS), *unit_sets], shown)
    await _check_areas_against_scan(db, shown)
    await _check_against_rebuild(db)


# Writes the triggers must follow: a status change (with its end time), a new end time, a move
# to another unit or field, a due date put back, a receipt moved, a deletion.
CHANGES = st.sampled_from(
    [
        "UPDATE dossiers SET status = 'returned', resolved_at = due_at - 3600,"
        " ended_at = due_at - 3600 WHERE id % 3 = 0",
        "UPDATE dossiers SET status = 'processing', ended_at = NULL WHERE id % 4 = 1",
        "UPDATE dossiers SET status = 'supplement', ended_at = resolved_at WHERE id % 5 = 2",
        "UPDATE dossiers SET resolved_at = resolved_at + 86400, ended_at = ended_at + 86400"
        " WHERE ended_at IS NOT NULL AND id % 2 = 0",
        "UPDATE dossiers SET unit_id = 3 - unit_id % 2, field = 'Đất đai' WHERE id % 3 = 1",
        "UPDATE dossiers SET due_at = due_at + 2 * 86400 WHERE id % 2 = 1",
        "UPDATE dossiers SET received_at = received_at - 86400 WHERE id % 4 = 0",
        "UPDATE dossiers SET channel = 'online', level = 'full' WHERE id % 3 = 2",
        "UPDATE dossiers SET status = 'rejected', resolved_at = NULL, ended_at = NULL"
        " WHERE id % 6 = 5",
        "UPDATE dossiers SET id = id + 1000 WHERE id % 7 = 3",
        "DELETE FROM dossiers WHERE id % 5 = 4",
    ]
)


async def _written(db: Database, data: list[Dossier], writes: list[str]) -> None:
    """The dossiers stored anew in the fixture's tree, then each write in its own transaction."""
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM dossiers")
        await conn.execute("DELETE FROM units WHERE id > 5")
        await conn.execute("UPDATE units SET parent_id = CASE id WHEN 1 THEN NULL ELSE 1 END")
    await SqliteDossierRepository(db).upsert_many(data, now=NOW)
    for write in writes:
        async with db.transaction() as conn:
            await conn.execute(write)


@EXAMPLES
@given(dossiers(count=25), st.lists(CHANGES, min_size=1, max_size=4), windows())
async def test_the_triggers_keep_the_aggregates_exact(
    db: Database, data: list[Dossier], changes: list[str], window: Window
) -> None:
    await _written(db, data, changes)
    await _check_against_rebuild(db)
    await _check_against_scan(db, [list(UNITS), [2, 5]], [window])
    await _check_areas_against_scan(db, [window])


# Changes of the tree the areas' sums follow: a new unit under a ward (moved on), wards moved
# under another ward, to another area or out of every area.
MOVES = st.sampled_from(
    [
        "INSERT OR IGNORE INTO units (id, slug, name, kind, parent_id, created_at)"
        " VALUES (6, 'to6', 'Tổ 6', 'other', 2, '2026-01-01')",
        "UPDATE units SET parent_id = 2 WHERE id = 3",
        "UPDATE units SET parent_id = 3 WHERE id IN (4, 5)",
        "UPDATE units SET parent_id = NULL WHERE id = 4",
        "UPDATE units SET parent_id = 1 WHERE id != 1",
        "UPDATE units SET parent_id = 3 WHERE id = 6",
    ]
)


@EXAMPLES
@given(dossiers(count=25), st.lists(MOVES, min_size=1, max_size=4), windows())
async def test_the_areas_sums_follow_the_tree(
    db: Database, data: list[Dossier], moves: list[str], window: Window
) -> None:
    """Moved units take their dossiers from their old areas' sums to their new ones'; every
    area then counts as the full scan of the units under it."""
    await _written(db, data, moves)
    assert await db.fetchall("SELECT * FROM unit_areas ORDER BY 1, 2") == await _tree(db)
    await _check_against_rebuild(db)
    await _check_areas_against_scan(db, [window])


@EXAMPLES
@given(data=dossiers(count=25), moves=st.lists(MOVES, min_size=1, max_size=4))
async def test_a_ward_list_moves_the_units_at_once(
    db: Database, data: list[Dossier], moves: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Units moved inside `units_rewritten` (a ward list imported) leave the tree and the
    areas' sums as a rebuild gives them, refilled once at most, not once a unit."""
    await _written(db, data, [])
    refills: list[int] = []
    refill = dossier_days.refill_areas

    async def counted(conn: Any) -> None:
        refills.append(1)
        await refill(conn)

    monkeypatch.setattr(dossier_days, "refill_areas", counted)
    kept = await db.fetchall("SELECT * FROM unit_areas ORDER BY 1, 2")
    async with db.transaction() as conn, dossier_days.units_rewritten(conn):
        for move in moves:
            await conn.execute(move)
        async with conn.execute("SELECT * FROM unit_areas ORDER BY 1, 2") as cur:
            assert await cur.fetchall() == kept  # the per-unit triggers are off
    assert len(refills) <= 1
    assert await db.fetchall("SELECT * FROM unit_areas ORDER BY 1, 2") == await _tree(db)
    names = {str(r[0]) for r in await db.fetchall("SELECT name FROM sqlite_master")}
    assert set(dossier_days.UNIT_TRIGGERS) <= names  # and back
    monkeypatch.setattr(dossier_days, "refill_areas", refill)
    await _check_against_rebuild(db)
    span = Window.of(Period(FIRST, FIRST + 40 * DAY, PeriodKind.RANGE), NOW, TZ)
    await _check_areas_against_scan(db, [span])


SLUGS = {1: "thanhpho", 2: "phuonga", 3: "phuongb", 4: "phuongc", 5: "phuongcu"}


async def _import(db: Database, tmp_path: Path, name: str, data: list[Dossier]) -> None:
    """Import the dossiers as a CSV through the real importer (bad rows skipped: an end
    before the receipt, an end status without an end time)."""
    buffer = io.StringIO()
    out = csv.writer(buffer)
    out.writerow(
        ["code", "ward", "field", "received_at", "due_at", "resolved_at", "channel", "status"]
    )
    for d in data:
        out.writerow(
            [
                d.code,
                SLUGS[d.unit_id],
                d.field,
                d.received_at.astimezone(TZ).strftime("%Y-%m-%d %H:%M:%S"),
                d.due_at.astimezone(TZ).strftime("%Y-%m-%d %H:%M:%S"),
                "" if d.resolved_at is None else d.resolved_at.astimezone(TZ).isoformat()[:19],
                d.channel.value,
                d.status.value,
            ]
        )
    path = tmp_path / name
    path.write_text(buffer.getvalue(), encoding="utf-8")
    printed, err = io.StringIO(), io.StringIO()
    status = await run_import(
        "dossiers", path, db, ward_slug=None, tz=TZ, out=printed, err=err, skip_bad=True
    )
    assert status == 0, err.getvalue()


@EXAMPLES
@given(dossiers(count=30), dossiers(count=30), windows())
async def test_an_import_keeps_the_aggregates_exact_in_bulk(
    db: Database, tmp_path: Path, first: list[Dossier], second: list[Dossier], window: Window
) -> None:
    """An import into an empty table, then one updating some of its codes and adding others:
    the bulk delta (per-row triggers off) gives what a rebuild gives."""
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM dossiers")
    await _import(db, tmp_path, "first.csv", first)
    await _check_against_rebuild(db)
    await _import(db, tmp_path, "second.csv", second)
    await _check_against_rebuild(db)
    await _check_against_scan(db, [list(UNITS)], [window])
    triggers = await db.fetchall(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'dossier_days_%'"
    )
    assert len(triggers) == 4  # put back after each import


async def test_a_window_of_other_local_days_is_counted_by_the_scan(db: Database) -> None:
    """Aggregates built for UTC+7 cannot serve UTC days: the same figures as the scan's."""
    start = datetime(2026, 1, 5, tzinfo=UTC)
    data = [
        Dossier(
            code=f"U{i}",
            unit_id=2,
            received_at=start + timedelta(hours=5 * i),
            due_at=start + timedelta(hours=5 * i + 30),
            channel=SubmissionChannel.ONLINE,
            status=DossierStatus.RETURNED if i % 2 else DossierStatus.PROCESSING,
            resolved_at=start + timedelta(hours=5 * i + 20) if i % 2 else None,
        )
        for i in range(20)
    ]
    await SqliteDossierRepository(db).upsert_many(data, now=NOW)
    utc = Window.of(Period(date(2026, 1, 5), date(2026, 1, 7), PeriodKind.RANGE), NOW, UTC)
    counts = SqliteIndicatorCounts(db)
    got = await counts.dossiers([2], [utc], 0)
    assert got == await counts.scan([2], [utc], 0)
    assert sum(t.received for t in got[0][2].values()) > 0


async def test_only_the_aggregates_reads_hold_the_loop(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counts from the aggregates are a brief read on the loop's own connection (their cost
    does not grow with the dossiers); a window the scan counts goes to the reader's thread."""
    reads = record_reads(db, monkeypatch)
    days = Period(date(2026, 1, 5), date(2026, 1, 7), PeriodKind.RANGE)
    counts = SqliteIndicatorCounts(db)
    await counts.dossiers([2], [Window.of(days, NOW, TZ)], OFFSET)
    assert [route for route, _ in reads] == ["brief"]
    whole = Window.of(days, NOW, TZ)
    from_ten = Window(whole.start + timedelta(hours=10), whole.end, whole.period_end)
    await counts.dossiers([2], [whole, from_ten], OFFSET)  # not from a midnight: scanned
    assert [route for route, _ in reads] == ["brief", "reader"]
    # A roll-up over many units costs more than the brief read's budget: the reader at once.
    many = list(range(1, BRIEF_UNITS + 2))
    found = await counts.dossiers(many, [whole], OFFSET)
    assert [route for route, _ in reads][2:] == ["reader"]
    assert found == await counts.scan(many, [whole], OFFSET)
    del reads[:]
    await counts.dossiers(many[:BRIEF_UNITS], [whole], OFFSET)
    assert [route for route, _ in reads] == ["brief"]


async def test_rebuild_with_another_offset_is_used_for_that_offset_only(db: Database) -> None:
    data = [
        Dossier(
            code=f"R{i}",
            unit_id=3,
            received_at=datetime(2026, 2, 1, 20, tzinfo=UTC) + timedelta(hours=7 * i),
            due_at=datetime(2026, 2, 3, 16, 59, 59, tzinfo=UTC) + timedelta(hours=7 * i),
            channel=SubmissionChannel.DIRECT,
            status=DossierStatus.DONE,
            resolved_at=datetime(2026, 2, 2, 23, 30, tzinfo=UTC) + timedelta(hours=9 * i),
        )
        for i in range(12)
    ]
    await SqliteDossierRepository(db).upsert_many(data, now=NOW)
    async with db.transaction() as conn:
        await dossier_days.rebuild(conn, utc_offset=0)
        assert await dossier_days.stored_offset(conn) == 0
    counts = SqliteIndicatorCounts(db)
    for tz, offset in ((UTC, 0), (TZ, OFFSET)):
        window = Window.of(Period(date(2026, 2, 2), date(2026, 2, 4), PeriodKind.RANGE), NOW, tz)
        assert await counts.dossiers([3], [window], offset) == await counts.scan(
            [3], [window], offset
        )
    with pytest.raises(ValueError, match="every unit"):
        async with db.transaction() as conn:
            await dossier_days.rebuild(conn, units=[3], utc_offset=OFFSET)


async def test_a_report_reads_a_bounded_number_of_rows(db: Database) -> None:
    """A year's prefix is read from year and month rows, not from the days of the year."""
    rows = [
        (f"B{i:05d}", 2, "Hộ tịch", 1_700_000_000 + i * 3_000, 1_700_000_000 + i * 3_000 + 86_400)
        for i in range(20_000)
    ]
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO dossiers (code, unit_id, field, received_at, due_at, channel, status,"
            " updated_at) VALUES (?, ?, ?, ?, ?, 'direct', 'processing', 0)",
            rows,
        )
    params: dict[str, object] = {"u0": 2}
    year = Window.of(Period(date(2025, 1, 1), date(2025, 12, 31), PeriodKind.YEAR), NOW, TZ)
    from storage.indicators import _aggregate_arms, _window_params

    shape = _window_params(0, year, OFFSET, params)
    assert shape.mode == "day_end"
    read = 0
    for arm in _aggregate_arms(0, shape):
        where = arm.where.replace("{units}", ":u0")
        sql = f"SELECT count(*) FROM dossier_days AS d WHERE d.unit_id = :u0 AND {where}"
        found = await db.fetchall(sql, params)
        read += int(str(found[0][0]))
    days = await db.fetchall("SELECT count(*) FROM dossier_days WHERE grain = 0")
    assert int(str(days[0][0])) > 600  # the data's days
    # Each year row once (2023 and 2024: before and through; 2025: the flows and through);
    # no row on 31/12/2025.
    assert read == 3


TODAY = date(2026, 3, 10)


def _today(hour: int, minute: int = 0) -> datetime:
    return datetime.combine(TODAY, time(hour, minute), tzinfo=TZ).astimezone(UTC)


# A month not over yet, seen on 10/03 at 10:00 and at 18:00: what each dossier is at each moment.
NOW_CASES = [
    # code, received, due, status, resolved, (at 10:00), (at 18:00)
    ("due-17h", _today(8) - 5 * DAY, _today(17), "processing", None, "in_time", "overdue"),
    ("due-eod", _today(8) - 5 * DAY, _today(23, 59), "processing", None, "in_time", "in_time"),
    ("due-yday", _today(8) - 5 * DAY, _today(17) - DAY, "processing", None, "overdue", "overdue"),
    ("recv-12h", _today(12), _today(12) + 3 * DAY, "processing", None, None, "in_time"),
    ("done-15h", _today(8) - 3 * DAY, _today(16), "returned", _today(15), "in_time", "on_day"),
    ("late-17h", _today(8) - 3 * DAY, _today(16), "returned", _today(17), "in_time", "late"),
    ("gone-9h", _today(8) - 3 * DAY, _today(16), "withdrawn", _today(9), "withdrawn", "withdrawn"),
    ("wait-11h", _today(8) - 3 * DAY, _today(9), "supplement", _today(11), "overdue", "supplement"),
]


@pytest.mark.parametrize("hour", [10, 18])
async def test_a_window_not_over_yet_counts_each_dossier_as_it_is_now(
    db: Database, hour: int
) -> None:
    """Dossiers due, received or ending later in the window's last day count as they are at
    the moment it is seen, not at that day's end."""
    await SqliteDossierRepository(db).upsert_many(
        [
            Dossier(
                code=code,
                unit_id=4,
                received_at=received,
                due_at=due,
                channel=SubmissionChannel.DIRECT,
                status=DossierStatus(status),
                field=code,
                resolved_at=resolved,
            )
            for code, received, due, status, resolved, _, _ in NOW_CASES
        ],
        now=NOW,
    )
    march = Window.of(
        Period(date(2026, 3, 1), date(2026, 3, 31), PeriodKind.MONTH), _today(hour), TZ
    )
    counts = SqliteIndicatorCounts(db)
    got = (await counts.dossiers([4], [march], OFFSET))[0].get(4, {})
    assert got == (await counts.scan([4], [march], OFFSET))[0].get(4, {})
    for code, *_, at_ten, at_six in NOW_CASES:
        place = at_ten if hour == 10 else at_six
        tally = got.get(code)
        if place is None:
            assert tally is None, code
        else:
            assert tally is not None and getattr(tally, place) == 1, (code, tally)


async def test_the_migration_fills_the_aggregates_of_existing_dossiers(tmp_path: Path) -> None:
    from storage.migrate import apply_migrations, load_migrations

    version = next(m.version for m in load_migrations() if m.name == "aggregates")
    database = await Database(tmp_path / "old.sqlite3", FrozenClock(NOW)).connect(migrate=False)
    try:
        conn = database.conn
        await apply_migrations(conn, database.clock, upto=version - 1)
        await conn.execute(
            "INSERT INTO units (id, slug, name, created_at) VALUES (1, 'a', 'A', '2026-01-01')"
        )
        base = int(datetime(2026, 1, 1, tzinfo=TZ).timestamp())
        statuses = ["processing", "returned", "supplement", "rejected", "withdrawn", "done"]
        await conn.executemany(
            "INSERT INTO dossiers (code, unit_id, field, received_at, due_at, resolved_at,"
            " channel, status, updated_at, ended_at) VALUES (?, 1, ?, ?, ?, ?, 'online', ?, 0, ?)",
            [
                (
                    f"M{i}",
                    f"F{i % 3}",
                    base + i * 20_000,
                    base + i * 20_000 + 3 * 86_400,
                    None if i % 6 in (0, 3) else base + i * 20_000 + (i % 5) * 86_400,
                    statuses[i % 6],
                    None if i % 6 in (0, 3) else base + i * 20_000 + (i % 5) * 86_400,
                )
                for i in range(300)
            ],
        )
        assert await apply_migrations(conn, database.clock) == list(
            range(version, load_migrations()[-1].version + 1)
        )
        async with conn.execute("SELECT count(*) FROM dossier_days WHERE grain = 0") as cur:
            days = await cur.fetchone()
        assert days is not None and days[0] > 60
    finally:
        await database.close()
    async with Database(tmp_path / "old.sqlite3", FrozenClock(NOW)) as db:
        await _check_against_rebuild(db)
        january = Window.of(Period(date(2026, 1, 1), date(2026, 1, 31), PeriodKind.MONTH), NOW, TZ)
        await _check_against_scan(db, [[1]], [january])


class ScannedCounts(SqliteIndicatorCounts):
    """The counts as they were before the aggregates: every dossier scanned."""

    async def dossiers(
        self, units: Sequence[int], windows: Sequence[Window], utc_offset: int
    ) -> list[dict[int, dict[str, DossierTally]]]:
        return await self.scan(units, windows, utc_offset)

    async def read(
        self,
        units: Sequence[int],
        windows: Sequence[Window],
        utc_offset: int,
        task_year: int | None,
    ) -> CountsRead:
        """The scan (`dossiers` above), and the cases and tasks by their own statements."""
        return await read_separately(self, units, windows, utc_offset, task_year)

    async def area(self, *args: object) -> AreaRead | None:
        """No areas' aggregates either: every report reads each unit (`read` above)."""
        return None


class AreaCounts(SqliteIndicatorCounts):
    """The counts, noting how many reports the areas' aggregates served."""

    served = 0

    async def area(self, *args: Any, **kwargs: Any) -> AreaRead | None:
        found = await super().area(*args, **kwargs)
        self.served += found is not None
        return found


PERIODS = st.one_of(
    st.sampled_from(["2026", "Q1/2026", "12/2025", "01/2026", "02/2026", "tháng này", "tuần"]),
    st.tuples(st.integers(-5, SPAN + 5), st.integers(0, 40)).map(
        lambda p: f"{FIRST + p[0] * DAY:%d/%m/%Y}-{FIRST + (p[0] + p[1]) * DAY:%d/%m/%Y}"
    ),
)


@EXAMPLES
@given(dossiers(), st.lists(PERIODS, min_size=1, max_size=3), st.data())
async def test_the_reports_give_the_full_scans_figures(
    db: Database, data: list[Dossier], periods: list[str], more: st.DataObject
) -> None:
    """The city's roll-up (its wards, and a ward merged into one of them before the merger)
    and a ward's report, with the period before, seen at a frozen moment: each from the areas'
    aggregates (the ward's with its predecessor's rows), against every unit scanned."""
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM dossiers")
        await conn.execute("UPDATE units SET valid_to = '2026-01-10' WHERE id = 5")
    await SqliteDossierRepository(db).upsert_many(data, now=NOW)
    seen = more.draw(windows(moments(data))).end
    clock = FrozenClock(seen)

    def service(counts: SqliteIndicatorCounts) -> ReportService:
        return ReportService(
            SqliteUnitRepository(db),
            IndicatorService(counts, TZ, WorkCalendar()),
            SqliteStaffRepository(db),
            clock,
            TZ,
            frozenset({"admin"}),
        )

    counts = AreaCounts(db)
    ours, scanned = service(counts), service(ScannedCounts(db))
    ready = 0
    for slug in ("thanhpho", "phuonga"):
        for period in ["tháng này", *periods]:  # this month is never in the future
            asked = f"{slug} {period}"
            got = await ours.ask("admin", asked)
            assert got == await scanned.ask("admin", asked), asked
            ready += isinstance(got, ReportReady)  # else a period after the moment seen
    assert ready >= 2
    assert counts.served == ready  # the areas' aggregates served every report


def _covered(ranges: Sequence[tuple[int, int, int, int]], low: int, high: int) -> list[int]:
    """How many times, signed, the bucket rows the ranges select count each day of [low, high)."""
    counted = [0] * (high - low)
    for grain, first, after, sign in ranges:
        for day in range(max(first, low - 400), min(after, high)):
            d = dossier_days.EPOCH_DAY + timedelta(days=day)
            starts = {0: True, 1: d.day == 1, 2: (d.month, d.day) == (1, 1)}[grain]
            if not starts:
                continue
            length = {0: 1, 1: 31, 2: 366}[grain]
            for x in range(day, day + length):
                e = dossier_days.EPOCH_DAY + timedelta(days=x)
                inside = {0: x == day, 1: e.month == d.month, 2: e.year == d.year}[grain]
                if inside and low <= x < high:
                    counted[x - low] += sign
    return counted


DAYS = st.integers(20_000, 20_800)  # 2024-10 to 2026-12


@settings(max_examples=150, deadline=None)
@given(DAYS, st.integers(1, 400))
def test_span_ranges_count_each_day_of_the_span_once(first: int, length: int) -> None:
    ranges = dossier_days.span_ranges(first, first + length)
    low, high = 20_000 - 400, 20_800 + 800
    want = [1 if first <= x < first + length else 0 for x in range(low, high)]
    assert _covered(ranges, low, high) == want


@settings(max_examples=100, deadline=None)
@given(DAYS, st.sampled_from([None, False, True]))
def test_prefix_ranges_count_each_day_before_once(day: int, backward: bool | None) -> None:
    ranges = dossier_days.prefix_ranges(day, backward)
    low, high = 20_000 - 800, 20_800 + 800
    assert _covered(ranges, low, high) == [1 if x < day else 0 for x in range(low, high)]


@pytest.mark.parametrize(
    ("first", "after", "most"),
    [
        (date(2025, 1, 1), date(2026, 1, 1), 1),  # a year: its row
        (date(2025, 3, 1), date(2025, 4, 1), 1),  # a month: its row
        (date(2025, 7, 1), date(2025, 10, 1), 3),  # a quarter: three months
        (date(2026, 1, 1), date(2026, 11, 28), 5),  # a year so far: the year less the rest
        (date(2026, 11, 23), date(2026, 11, 30), 7),  # a week: its days
    ],
)
def test_usual_periods_read_few_buckets(first: date, after: date, most: int) -> None:
    def day(d: date) -> int:
        return (d - dossier_days.EPOCH_DAY).days

    ranges = dossier_days.span_ranges(day(first), day(after))
    assert dossier_days.calendar_cost([(g, lo, hi) for g, lo, hi, _ in ranges]) <= most


@pytest.mark.parametrize("asked", ["thanhpho tháng này", "phuonga 2026", "phuonga tuần"])
async def test_a_report_is_one_read(
    db: Database, asked: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A report asked by someone already looked up reads the database once: the counts of
    the period and of the one before, the feedback cases and the tasks, in one statement."""
    seen = datetime(2026, 1, 20, 10, tzinfo=TZ).astimezone(UTC)
    service = ReportService(
        SqliteUnitRepository(db),
        IndicatorService(SqliteIndicatorCounts(db), TZ, WorkCalendar()),
        SqliteStaffRepository(db),
        FrozenClock(seen),
        TZ,
    )
    supervisor = StaffMember("sup", Role.SUPERVISOR, 1)
    await service.ask("sup", asked, member=supervisor)  # the units, read once a minute
    statements = record_reads(db, monkeypatch)
    outcome = await service.ask("sup", asked, member=supervisor)
    assert isinstance(outcome, ReportReady)
    assert len(statements) == 1
