"""Benchmark: `/stats WARD YEAR` end to end against the raw indexed SQL aggregate.

Builds (or reuses) a SQLite file with the real schema — 300 wards, dossiers over 2022–2026 in
every status, tasks — then times ~500 random ward-years two ways:

  BASELINE  the indicators' population counted in one grouped statement for the ward-year
            (received in the year plus carried over), plain sqlite3;
  OURS      ReportService.ask(...) + outcome_content(...) through the storage repositories: the
            same counts for the year and for the year before (the comparison), the feedback
            cases, the tasks, and the text (as Telegram HTML).

Prints median and p99 (ms) of both and p99(ours)/p99(baseline); the target is <= 3x.

    python bench/stats.py                   # 1.000.000 dossiers (built once, then reused)
    python bench/stats.py --dossiers 50000  # a quick try
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
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.clock import FrozenClock  # noqa: E402
from bot.domain.calendar import WorkCalendar  # noqa: E402
from bot.domain.indicators import DossierTally, Window  # noqa: E402
from bot.domain.periods import parse_period  # noqa: E402
from bot.domain.report import ReportReady, outcome_content  # noqa: E402
from bot.services.indicators import IndicatorService  # noqa: E402
from bot.services.reports import ReportService  # noqa: E402
from handlers.telegram.render import to_html  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.indicators import _TALLY  # noqa: E402

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)  # the bench's frozen "now"
YEARS = range(2022, 2027)
USER = "bench-supervisor"  # supervises the city: every ward, one parent_id step
TASKS_PER_YEAR = 27
DAY = 86_400

SCHEMA = "12"  # rebuild files made before migration 0012 (statuses, ended_at)
# The status of a dossier that ended, and how often (the rest are 9/10): withdrawn, stopped,
# waiting on the citizen; and some never received (1, 3).
ENDED_OTHER = (("withdrawn", 0.01), ("stopped", 0.005), ("supplement", 0.01))
NOT_RECEIVED = (("registered", 0.005), ("rejected", 0.005))
ENDING = {"supplement", "financial", "withdrawn", "stopped", "done", "returned"}


# --- building the file -------------------------------------------------------------------------


def _epoch(d: date) -> int:
    return int(datetime.combine(d, datetime.min.time(), tzinfo=TZ).timestamp())


def _is_built(path: Path, dossiers: int, wards: int) -> bool:
    if not path.exists():
        return False
    try:
        with sqlite3.connect(path) as conn:
            meta = dict(conn.execute("SELECT key, value FROM bench_meta").fetchall())
    except sqlite3.Error:
        return False
    return (
        meta.get("dossiers") == str(dossiers)
        and meta.get("wards") == str(wards)
        and meta.get("schema") == SCHEMA
    )


def _dossier_rows(n: int, ward_ids: Sequence[int], rng: random.Random) -> Iterator[tuple[Any, ...]]:
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
        status = "returned" if resolved is not None else "processing"
        roll = rng.random()
        for name, share in (*ENDED_OTHER, *NOT_RECEIVED):
            if roll < share:
                status = name
                break
            roll -= share
        if status in {"withdrawn", "stopped"} and resolved is None:
            status = "processing"
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
        )


def build(path: Path, dossiers: int, wards: int, seed: int) -> None:
    """Create the file from the migrations, then fill it with raw executemany."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)

    async def migrate() -> None:
        db = await Database(path, FrozenClock(NOW)).connect()
        await db.close()

    asyncio.run(migrate())
    rng = random.Random(seed)
    created = NOW.isoformat()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous=OFF")
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
    start = time.perf_counter()
    rows = _dossier_rows(dossiers, ward_ids, rng)
    while batch := list(itertools.islice(rows, 50_000)):
        conn.executemany(
            "INSERT INTO dossiers (code, unit_id, procedure, field, received_at, due_at,"
            " resolved_at, channel, status, updated_at, ended_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            batch,
        )
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
        [
            ("dossiers", str(dossiers)),
            ("wards", str(wards)),
            ("seed", str(seed)),
            ("schema", SCHEMA),
        ],
    )
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    print(f"built {dossiers:,} dossiers in {time.perf_counter() - start:.1f}s")


# --- measuring ---------------------------------------------------------------------------------


def _ms(samples_ns: Sequence[int]) -> tuple[float, float]:
    ordered = sorted(samples_ns)
    median = ordered[len(ordered) // 2]
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return median / 1e6, p99 / 1e6


def _window(year: int) -> Window:
    return Window.of(parse_period(str(year), NOW.astimezone(TZ).date()), NOW, TZ)


def _total(rows: Sequence[Sequence[Any]]) -> DossierTally:
    return sum((DossierTally(*(int(v) for v in r[2:])) for r in rows), DossierTally())


def baseline(
    path: Path, samples: Sequence[tuple[int, int]]
) -> tuple[list[int], list[DossierTally]]:
    """Time the raw grouped aggregate of the ward-year's population."""
    conn = sqlite3.connect(path)
    timings: list[int] = []
    results: list[DossierTally] = []
    for unit, year in samples:
        window = _window(year)
        params = {
            "units": f"[{unit}]",
            "s": int(window.start.timestamp()),
            "e": int(window.end.timestamp()),
            "off": 7 * 3600,
        }
        t0 = time.perf_counter_ns()
        rows = conn.execute(_TALLY, params).fetchall()
        timings.append(time.perf_counter_ns() - t0)
        results.append(_total(rows))
    conn.close()
    return timings, results


async def ours(
    path: Path, samples: Sequence[tuple[int, int]]
) -> tuple[list[int], list[DossierTally]]:
    """Time ReportService.ask + rendering for each (ward id, year)."""
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
        for unit, year in samples:
            t0 = time.perf_counter_ns()
            outcome = await service.ask(USER, f"ward{unit} {year}")
            text = to_html(outcome_content(outcome, "vi"), "vi")
            timings.append(time.perf_counter_ns() - t0)
            if not isinstance(outcome, ReportReady) or not text:
                raise SystemExit(f"unexpected outcome for ward{unit} {year}: {outcome!r}")
            results.append(outcome.report.figures.dossiers)
    finally:
        await db.close()
    return timings, results


def _timed(label: str, run: Callable[[], tuple[list[int], Any]]) -> tuple[list[int], Any]:
    run()  # warm-up pass: page cache, statement cache, unit cache
    gc.collect()
    timings, results = run()
    median, p99 = _ms(timings)
    print(f"{label:<9} median {median:7.3f} ms   p99 {p99:7.3f} ms   ({len(timings)} ward-years)")
    return timings, results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--wards", type=int, default=300)
    parser.add_argument("--samples", type=int, default=500)
    parser.add_argument("--seed", type=int, default=766)
    parser.add_argument("--path", type=Path, default=None)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args(argv)

    path = args.path or Path(tempfile.gettempdir()) / f"cchc-bench-stats-{args.dossiers}.sqlite3"
    if args.rebuild or not _is_built(path, args.dossiers, args.wards):
        build(path, args.dossiers, args.wards, args.seed)
    else:
        print(f"reusing {path}")

    rng = random.Random(args.seed + 1)
    samples = [(rng.randrange(2, args.wards + 2), rng.choice(YEARS)) for _ in range(args.samples)]

    base_t, base_rows = _timed("BASELINE", lambda: baseline(path, samples))
    try:
        import storage.dossiers  # noqa: F401
        import storage.tasks  # noqa: F401
    except ImportError as exc:
        print(f"OURS      not measured: {exc} (storage repositories not written yet)")
        return 2
    our_t, our_counts = _timed("OURS", lambda: asyncio.run(ours(path, samples)))

    ratio = _ms(our_t)[1] / _ms(base_t)[1]
    print(f"p99(ours)/p99(baseline) = {ratio:.2f}x (target <= 3x)")
    mismatches = [
        (s, b, o) for s, b, o in zip(samples, base_rows, our_counts, strict=True) if b != o
    ]
    if mismatches:
        (unit, year), base, our = mismatches[0]
        print(
            f"WARNING: {len(mismatches)} ward-years count differently from the baseline SQL,"
            f" e.g. ward{unit} {year}: baseline {base} vs ours {our}"
        )
    return 0 if ratio <= 3 else 1


if __name__ == "__main__":
    raise SystemExit(main())
