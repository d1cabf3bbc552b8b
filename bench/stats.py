"""Benchmark: the whole `/stats` report (service time) against the raw full scan, on two shapes.

  REALISTIC  5 wards under a city, 185.000 dossiers a ward a year over the five years to the
             bench's "now" (27/11/2026: 4.625.000 dossiers), a dozen fields (lĩnh vực), every
             status;
  300 WARDS  today's shape: 300 wards, 1.000.000 dossiers over 2022–2026 (≈670 a ward-year).

Each file is built once (plain executemany into the migrated schema, indexes and the daily
aggregates made once at the end; the time is printed) and reused by later runs. Then, in the
same run, timed one after the other:

  OURS      ReportService.ask(...) + outcome_content(...): the seed lines, 2.1 with its classes,
            the desk's table by field, 3.3, the period before, the feedback and the tasks, and
            the Vietnamese text — for a ward-year, a ward's five years (01/01/2022–31/12/2026,
            measured now) and the city's year (the roll-up of its wards: 5 in the realistic
            shape, 300 in the other, where it shows how a roll-up grows with its wards);
  BASELINE  the indicators' full scan of the same dossiers (received in the period plus carried
            over), one grouped statement in plain sqlite3, as before the aggregates — on the
            first --scanned reports of each kind (at full size a scan takes up to seconds),
            whose dossier counts must equal ours.

Targets (medians, realistic shape): a ward-year <= 3 ms, five years <= 10 ms, the city <= 2x a
ward-year.

    python bench/stats.py                        # both shapes (the first build takes minutes)
    python bench/stats.py --quick                # a tenth of the realistic shape, 50.000 x 300
    python bench/stats.py --dossiers 50000       # the 300-ward shape's size; the realistic one
                                                 # scaled alike unless --per-ward-year says
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import limit_row, load, ratio_row, report  # noqa: E402

from bot.clock import FrozenClock  # noqa: E402
from bot.domain.calendar import WorkCalendar  # noqa: E402
from bot.domain.indicators import DossierTally, Window  # noqa: E402
from bot.domain.periods import parse_period  # noqa: E402
from bot.domain.report import ReportReady, outcome_content  # noqa: E402
from bot.services.indicators import IndicatorService  # noqa: E402
from bot.services.reports import ReportService  # noqa: E402
from handlers.telegram.render import to_html  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.indicators import _tally_windows  # noqa: E402

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)  # the bench's frozen "now"
YEARS = range(2022, 2027)
FIVE_YEARS = "01/01/2022-31/12/2026"
USER = "bench-supervisor"  # supervises the city: every ward, one parent_id step
TASKS_PER_YEAR = 27
DAY = 86_400
PER_WARD_YEAR = 185_000
TARGET_YEAR_MS = 3.0
TARGET_FIVE_MS = 10.0
TARGET_CITY_X = 2.0

SCHEMA = "16c"  # rebuild files made before migration 0016 (the daily aggregates)
# The status of a dossier that ended, and how often (the rest are 9/10): withdrawn, stopped,
# waiting on the citizen; and some never received (1, 3).
ENDED_OTHER = (("withdrawn", 0.01), ("stopped", 0.005), ("supplement", 0.01))
NOT_RECEIVED = (("registered", 0.005), ("rejected", 0.005))
ENDING = {"supplement", "financial", "withdrawn", "stopped", "done", "returned"}
# The fields of a ward's desk and their shares (a ward's one-stop mix: certification first).
FIELDS = (
    ("Chứng thực", 40),
    ("Hộ tịch", 22),
    ("Đất đai", 8),
    ("Xây dựng", 5),
    ("Thành lập và hoạt động của hộ kinh doanh", 5),
    ("Lao động, thương binh và xã hội", 5),
    ("Bảo trợ xã hội", 4),
    ("Tư pháp", 3),
    ("Giáo dục và đào tạo", 3),
    ("Văn hóa", 2),
    ("Y tế", 2),
    ("Tài nguyên nước", 1),
)
INSERT_DOSSIER = (
    "INSERT INTO dossiers (code, unit_id, procedure, field, received_at, due_at, resolved_at,"
    " channel, status, updated_at, ended_at, level) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


# --- building the files --------------------------------------------------------------------------


def _epoch(d: date) -> int:
    return int(datetime.combine(d, datetime.min.time(), tzinfo=TZ).timestamp())


def _meta(path: Path) -> dict[str, str]:
    """What a built file says of itself; empty for none, or for a file whose migrations were
    numbered otherwise than today's (made on another branch: the bot would not open it)."""
    if not path.exists():
        return {}
    from storage.migrate import load_migrations

    names = {m.version: m.name for m in load_migrations()}
    try:
        with sqlite3.connect(path) as conn:
            applied = conn.execute("SELECT version, name FROM schema_migrations").fetchall()
            if any(names.get(version) != name for version, name in applied):
                return {}
            return dict(conn.execute("SELECT key, value FROM bench_meta").fetchall())
    except sqlite3.Error:
        return {}


def _is_built(path: Path, dossiers: int, wards: int) -> bool:
    """Whether `path` holds the 300-ward shape with these sizes (bench/digest.py reuses it)."""
    meta = _meta(path)
    return (
        meta.get("dossiers") == str(dossiers)
        and meta.get("wards") == str(wards)
        and meta.get("schema") == SCHEMA
        and meta.get("shape", "wards") == "wards"
    )


def _status(rng: random.Random, resolved: int | None) -> str:
    status = "returned" if resolved is not None else "processing"
    roll = rng.random()
    for name, share in (*ENDED_OTHER, *NOT_RECEIVED):
        if roll < share:
            status = name
            break
        roll -= share
    if status in {"withdrawn", "stopped"} and resolved is None:
        status = "processing"
    return status


def _dossier_rows(n: int, ward_ids: Sequence[int], rng: random.Random) -> Iterator[tuple[Any, ...]]:
    """The 300-ward shape: one field, receipts uniform over 2022 to now."""
    first, now = _epoch(date(2022, 1, 1)), int(NOW.timestamp())
    span = now - first
    durations = (1, 2, 3, 3, 5, 5, 7, 10, 15, 20)  # working time allowed, in days
    channels = ("online",) * 60 + ("direct",) * 38 + ("postal",) * 2
    for i in range(n):
        received = first + rng.randrange(span)
        due = received + rng.choice(durations) * DAY
        age = now - received
        # Older dossiers are nearly all resolved; the last weeks' are often still open.
        resolved_share = 0.995 if age > 60 * DAY else 0.6
        resolved: int | None = None
        if rng.random() < resolved_share:
            if rng.random() < 0.01:  # ~1% late
                resolved = due + rng.randrange(1, 10 * DAY)
            else:
                resolved = received + rng.randrange(max(1, due - received))
            if resolved >= now:
                resolved = None
        status = _status(rng, resolved)
        ended = resolved if status in ENDING else None
        yield (
            f"B{i:08d}",
            rng.choice(ward_ids),
            "Chứng thực bản sao từ bản chính",
            "Chứng thực",
            received,
            due,
            resolved,
            rng.choice(channels),
            status,
            now,
            ended,
            None,
        )


def _realistic_rows(
    per_ward_year: int, ward_ids: Sequence[int], rng: random.Random
) -> Iterator[tuple[Any, ...]]:
    """The realistic shape, ward by ward and day by day over the five years to now (codes in
    insertion order): weekdays busier than weekends, a dozen fields, due in 1–20 working days
    (end of the day), resolved mostly early, ~1% late, the last weeks' often still open, and
    a few never closed."""
    now = int(NOW.timestamp())
    fields = [name for name, share in FIELDS for _ in range(share)]
    durations = (1, 2, 3, 3, 5, 5, 7, 10, 15, 20)
    channels = ("online",) * 60 + ("direct",) * 38 + ("postal",) * 2
    levels = ("full", "full", "partial", None)
    weights = (1.25, 1.25, 1.25, 1.25, 1.25, 0.5, 0.25)  # Monday .. Sunday
    today = NOW.astimezone(TZ).date()
    days = [today - timedelta(days=k) for k in range(5 * 365 - 1, -1, -1)]  # five years to now
    for ward in ward_ids:
        seq = 0
        for day in days:
            midnight = _epoch(day)
            if midnight > now:
                break
            for _ in range(round(per_ward_year / 365 * weights[day.weekday()])):
                received = midnight + 7 * 3600 + rng.randrange(10 * 3600)
                if received > now:
                    continue
                due = _epoch(day + timedelta(days=rng.choice(durations) * 7 // 5 + 1)) - 1
                resolved: int | None = None
                stale = rng.random() < 0.001  # never closed in the system
                if not stale and (now - received > 60 * DAY or rng.random() < 0.6):
                    if rng.random() < 0.01:
                        resolved = due + rng.randrange(1, 10 * DAY)
                    else:
                        resolved = received + rng.randrange(max(1, due - received))
                    if resolved >= now:
                        resolved = None
                status = _status(rng, resolved)
                channel = rng.choice(channels)
                seq += 1
                yield (
                    f"{ward:02d}.{seq:08d}",
                    ward,
                    "Thủ tục",
                    rng.choice(fields),
                    received,
                    due,
                    resolved,
                    channel,
                    status,
                    now,
                    resolved if status in ENDING else None,
                    rng.choice(levels) if channel == "online" else None,
                )


def _migrate(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)

    async def migrate() -> None:
        db = await Database(path, FrozenClock(NOW)).connect()
        await db.close()

    asyncio.run(migrate())


def _rebuild_aggregates(path: Path) -> None:
    from storage.dossier_days import rebuild

    async def go() -> None:
        db = await Database(path, FrozenClock(NOW)).connect()
        try:
            async with db.transaction() as conn:
                await rebuild(conn)
        finally:
            await db.close()

    asyncio.run(go())


def _fill(
    path: Path, shape: str, wards: int, rows: Iterator[tuple[Any, ...]], meta: dict[str, str]
) -> None:
    """Units, staff, tasks, then the dossiers with the secondary indexes and the aggregates'
    triggers dropped (made again at the end, the aggregates rebuilt once)."""
    rng = random.Random(766)
    created = NOW.isoformat()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-200000")
    conn.execute("BEGIN")
    conn.execute(
        "INSERT INTO units (id, slug, name, kind, code, created_at)"
        " VALUES (1, 'thanhpho', 'Thành phố Bench', 'province', '00001', ?)",
        (created,),
    )
    ward_ids = list(range(2, wards + 2))
    conn.executemany(
        "INSERT INTO units (id, slug, name, kind, code, parent_id, created_at)"
        " VALUES (?, ?, ?, 'ward', ?, 1, ?)",
        [(w, f"ward{w}", f"Phường Thử {w}", f"{10000 + w:05d}", created) for w in ward_ids],
    )
    conn.execute(
        "INSERT INTO staff (channel, user_id, role, unit_id, name, created_at)"
        " VALUES ('telegram', ?, 'supervisor', 1, 'Bench', ?)",
        (USER, created),
    )
    kept = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'dossiers'"
        " AND sql IS NOT NULL AND (type = 'index' OR name LIKE 'dossier_days_%')"
    ).fetchall()
    for kind, name, _ in kept:
        conn.execute(f"DROP {kind.upper()} {name}")
    while batch := list(itertools.islice(rows, 50_000)):
        conn.executemany(INSERT_DOSSIER, batch)
    for _, _, sql in kept:
        conn.execute(sql)
    tasks = []
    for w in ward_ids:
        for year in YEARS:
            for k in range(TASKS_PER_YEAR):
                due = _epoch(date(year, 1 + k % 12, 28))
                done = due - rng.randrange(30 * DAY) if rng.random() < 0.8 else None
                tasks.append((f"T{w}-{year}-{k}", w, f"Nhiệm vụ {k + 1}", year, due, done, 0))
    conn.executemany(
        "INSERT INTO tasks (code, unit_id, title, year, due_at, completed_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        tasks,
    )
    conn.execute("CREATE TABLE bench_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.executemany(
        "INSERT INTO bench_meta VALUES (?, ?)",
        [*meta.items(), ("schema", SCHEMA), ("shape", shape), ("wards", str(wards))],
    )
    conn.execute("COMMIT")
    conn.close()
    started = time.perf_counter()
    _rebuild_aggregates(path)
    print(f"  aggregates rebuilt in {time.perf_counter() - started:.1f}s")
    # No ANALYZE: the bot never runs it, and with few wards its statistics turn the full scan's
    # plan into a skip-scan over every ward.
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def build(path: Path, dossiers: int, wards: int, seed: int) -> None:
    """The 300-ward shape (bench/digest.py builds it too)."""
    start = time.perf_counter()
    _migrate(path)
    rows = _dossier_rows(dossiers, list(range(2, wards + 2)), random.Random(seed))
    _fill(path, "wards", wards, rows, {"dossiers": str(dossiers), "seed": str(seed)})
    print(f"built {dossiers:,} dossiers in {time.perf_counter() - start:.1f}s")


def build_realistic(path: Path, per_ward_year: int, wards: int, seed: int) -> float:
    """The realistic shape; returns the seconds the set-up took."""
    start = time.perf_counter()
    _migrate(path)
    rows = _realistic_rows(per_ward_year, list(range(2, wards + 2)), random.Random(seed))
    _fill(path, "realistic", wards, rows, {"per_ward_year": str(per_ward_year)})
    return time.perf_counter() - start


# --- measuring ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Ask:
    """One report asked: the unit (its id, and itself with the wards under it for the scan)."""

    unit: int
    period: str
    scanned: tuple[int, ...]

    @property
    def text(self) -> str:
        return f"{'thanhpho' if self.unit == 1 else f'ward{self.unit}'} {self.period}"


def _ms(samples_ns: Sequence[int]) -> tuple[float, float]:
    ordered = sorted(samples_ns)
    median = ordered[len(ordered) // 2]
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return median / 1e6, p99 / 1e6


def _window(period: str) -> Window:
    return Window.of(parse_period(period, NOW.astimezone(TZ).date()), NOW, TZ)


def _total(rows: Sequence[Sequence[Any]]) -> DossierTally:
    return sum((DossierTally(*(int(v) for v in r[3:])) for r in rows), DossierTally())


def baseline(path: Path, asks: Sequence[Ask]) -> tuple[list[int], list[DossierTally]]:
    """The raw full scan of each report's population (its own window), plain sqlite3."""
    conn = sqlite3.connect(path)
    sql = _tally_windows(1)
    timings: list[int] = []
    results: list[DossierTally] = []
    for ask in asks:
        window = _window(ask.period)
        params = {
            "units": "[" + ",".join(map(str, ask.scanned)) + "]",
            "s0": int(window.start.timestamp()),
            "e0": int(window.end.timestamp()),
            "off": 7 * 3600,
        }
        t0 = time.perf_counter_ns()
        rows = conn.execute(sql, params).fetchall()
        timings.append(time.perf_counter_ns() - t0)
        results.append(_total(rows))
    conn.close()
    return timings, results


async def ours(path: Path, asks: Sequence[Ask]) -> tuple[list[int], list[DossierTally]]:
    """ReportService.ask + rendering of each report, through the storage repositories."""
    from storage.indicators import SqliteIndicatorCounts
    from storage.staff import SqliteStaffRepository
    from storage.units import SqliteUnitRepository

    db = await Database(path, FrozenClock(NOW)).connect()
    service = ReportService(
        SqliteUnitRepository(db),
        IndicatorService(SqliteIndicatorCounts(db), TZ, WorkCalendar()),
        SqliteStaffRepository(db),
        FrozenClock(NOW),
        TZ,
        frozenset(),
    )
    await service.ask(USER, "ward2 2022")  # loads the unit cache once
    timings: list[int] = []
    results: list[DossierTally] = []
    try:
        for ask in asks:
            t0 = time.perf_counter_ns()
            outcome = await service.ask(USER, ask.text)
            text = to_html(outcome_content(outcome, "vi"), "vi")
            timings.append(time.perf_counter_ns() - t0)
            if not isinstance(outcome, ReportReady) or not text:
                raise SystemExit(f"unexpected outcome for {ask.text}: {outcome!r}")
            results.append(outcome.report.figures.dossiers)
    finally:
        await db.close()
    return timings, results


def _timed(run: Callable[[], tuple[list[int], Any]]) -> tuple[list[int], Any]:
    run()  # warm-up pass: page cache, statement cache, unit cache
    gc.collect()
    return run()


def measure(
    label: str, path: Path, groups: dict[str, list[Ask]], scanned: int
) -> dict[str, tuple[float, float, float, float, int]]:
    """Per group: ours' median and p99, the scan's median and p99 (ms) over the first
    `scanned` reports of the group (a full scan takes seconds at full size), and how many of
    those count differently."""
    asks = [a for group in groups.values() for a in group]
    firsts = [a for group in groups.values() for a in group[:scanned]]
    baseline(path, firsts[:1])  # warm-up: the page cache
    gc.collect()
    base_t, base_rows = baseline(path, firsts)
    our_t, our_rows = _timed(lambda: asyncio.run(ours(path, asks)))
    out: dict[str, tuple[float, float, float, float, int]] = {}
    i = j = 0
    for name, group in groups.items():
        n, m = len(group), min(len(group), scanned)
        mine, theirs = _ms(our_t[i : i + n]), _ms(base_t[j : j + m])
        pairs = zip(our_rows[i : i + m], base_rows[j : j + m], strict=True)
        wrong = sum(1 for a, b in pairs if a != b)
        out[name] = (*mine, *theirs, wrong)
        print(
            f"{label:<10} {name:<14} ours median {mine[0]:7.2f} ms  p99 {mine[1]:7.2f} ms"
            f" ({n} reports)   full scan median {theirs[0]:8.2f} ms  p99 {theirs[1]:8.2f} ms"
            f" ({m}{f', {wrong} DIFFERENT' if wrong else ', same figures'})"
        )
        i, j = i + n, j + m
    return out


def _path(name: str, given: Path | None) -> Path:
    return given or Path(tempfile.gettempdir()) / name


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--dossiers", type=int, default=1_000_000, help="the 300-ward shape")
    parser.add_argument("--wards", type=int, default=300)
    parser.add_argument("--per-ward-year", type=int, help="the realistic shape (185.000)")
    parser.add_argument("--realistic-wards", type=int, default=5)
    parser.add_argument("--samples", type=int, default=200, help="ward-years per shape")
    parser.add_argument(
        "--scanned", type=int, default=20, help="reports per group timed by the full scan too"
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, to try it")
    parser.add_argument("--only", choices=["realistic", "wards"], help="one shape")
    parser.add_argument("--seed", type=int, default=766)
    parser.add_argument("--path", type=Path, default=None, help="the 300-ward file")
    parser.add_argument("--realistic-path", type=Path, default=None)
    parser.add_argument("--rebuild", action="store_true", help="build the files again")
    args = parser.parse_args(argv)
    if args.quick:
        args.dossiers = min(args.dossiers, 50_000)
    per_ward_year = args.per_ward_year or max(
        1_000, PER_WARD_YEAR * min(args.dossiers, 1_000_000) // 1_000_000
    )
    if args.quick and args.per_ward_year is None:
        per_ward_year = PER_WARD_YEAR // 10
    loads = [load()]
    rows: list[dict[str, Any]] = []
    rng = random.Random(args.seed + 1)

    if args.only != "wards":
        path = _path(f"cchc-bench-stats-realistic-{per_ward_year}.sqlite3", args.realistic_path)
        meta = _meta(path)
        wards = args.realistic_wards
        if (
            args.rebuild
            or meta.get("schema") != SCHEMA
            or meta.get("per_ward_year") != str(per_ward_year)
            or meta.get("wards") != str(wards)
        ):
            took = build_realistic(path, per_ward_year, wards, args.seed)
            print(f"built {wards} wards x {per_ward_year:,} dossiers a year: {took:.1f}s set-up")
            rows.append(limit_row("realistic shape: set-up (build + aggregates)", took, "s"))
        else:
            print(f"reusing {path}")
        with sqlite3.connect(path) as conn:
            (count,) = conn.execute("SELECT count(*) FROM dossiers").fetchone()
        print(f"realistic shape: {count:,} dossiers in {wards} wards")
        ward_ids = list(range(2, wards + 2))
        city = (1, *ward_ids)
        groups = {
            "ward-year": [
                Ask(w, str(rng.choice(YEARS)), (w,))
                for w in (rng.choice(ward_ids) for _ in range(args.samples))
            ],
            "ward 5 years": [Ask(w, FIVE_YEARS, (w,)) for w in ward_ids * 10],
            "city-year": [Ask(1, str(y), city) for _ in range(6) for y in YEARS],
        }
        found = measure("realistic", path, groups, args.scanned)
        year, five, whole = found["ward-year"], found["ward 5 years"], found["city-year"]
        rows += [
            limit_row(
                "realistic ward-year /stats (median)",
                year[0],
                "ms",
                most=TARGET_YEAR_MS,
                baseline=year[2],
            ),
            limit_row("realistic ward-year /stats (p99)", year[1], "ms", baseline=year[3]),
            limit_row(
                "realistic ward 5-year /stats (median)",
                five[0],
                "ms",
                most=TARGET_FIVE_MS,
                baseline=five[2],
            ),
            ratio_row(
                "realistic city-year vs a ward-year (median)",
                whole[0],
                year[0],
                "ms",
                most=TARGET_CITY_X,
            ),
            limit_row("realistic city-year /stats (median)", whole[0], "ms", baseline=whole[2]),
            limit_row(
                "realistic reports differing from the full scan",
                year[4] + five[4] + whole[4],
                "",
                most=0,
            ),
        ]
        loads.append(load())

    if args.only != "realistic":
        path = _path(f"cchc-bench-stats-{args.dossiers}.sqlite3", args.path)
        if args.rebuild or not _is_built(path, args.dossiers, args.wards):
            build(path, args.dossiers, args.wards, args.seed)
        else:
            print(f"reusing {path}")
        every_ward = (1, *range(2, args.wards + 2))
        groups = {
            "ward-year": [
                Ask(w, str(rng.choice(YEARS)), (w,))
                for w in (rng.randrange(2, args.wards + 2) for _ in range(args.samples))
            ],
            # The city over all its wards: how a roll-up grows with the number of wards.
            "city-year": [Ask(1, str(y), every_ward) for _ in range(4) for y in YEARS],
        }
        found = measure("300 wards", path, groups, args.scanned)
        year, whole = found["ward-year"], found["city-year"]
        rows += [
            limit_row(
                f"{args.wards} wards: ward-year /stats (median)",
                year[0],
                "ms",
                most=TARGET_YEAR_MS,
                baseline=year[2],
            ),
            limit_row(
                f"{args.wards} wards: ward-year /stats (p99)", year[1], "ms", baseline=year[3]
            ),
            limit_row(
                f"{args.wards} wards: the city's year /stats (median)",
                whole[0],
                "ms",
                baseline=whole[2],
            ),
            limit_row(
                f"{args.wards} wards: reports differing from the scan",
                year[4] + whole[4],
                "",
                most=0,
            ),
        ]
        loads.append(load())

    params = {
        "per_ward_year": per_ward_year,
        "dossiers": args.dossiers,
        "samples": args.samples,
        "loads": loads,
    }
    result = report("stats", rows, params)
    return 0 if all(r["pass"] is not False for r in result["rows"]) else 1


if __name__ == "__main__":
    raise SystemExit(main())
