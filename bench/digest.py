"""Benchmark: the weekly digest for every ward (300) over 1.000.000 dossiers, without sending.

Builds (or reuses) the file of bench/stats.py — 300 wards, dossiers over 2022–2026 — adds the
jobs migration (its index) and some feedback cases, then times, in the same run:

  BASELINE  the raw dossier tally of both weeks for every unit alone (one statement, plain
            sqlite3: the indicators' population, bot.domain.indicators);
  OURS      JobsService.digests() for all 300 wards (dossier + feedback aggregates, the oldest
            overdue dossiers, ranking) plus the Vietnamese text of each ward and of the city.

Target: OURS < 2 s. One chart (matplotlib) is timed apart: charts are drawn per subscribed
unit in a worker thread, not per ward.

    python bench/digest.py                    # 1.000.000 dossiers (built once, then reused)
    python bench/digest.py --dossiers 50000   # a quick try
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import stats as stats_bench  # noqa: E402  (bench/stats.py: the same data set)

from bot.app.wiring import build_services  # noqa: E402
from bot.clock import FrozenClock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.domain.digest import AreaDigest, Week  # noqa: E402
from bot.render.digest_chart import MatplotlibCharts  # noqa: E402
from handlers.telegram.render import to_html  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.indicators import _tally_windows  # noqa: E402

NOW = stats_bench.NOW
TZ = stats_bench.TZ
FEEDBACK = 30_000


def prepare(path: Path, dossiers: int, wards: int, seed: int) -> None:
    """The stats bench's file (copied if present), migrated, with feedback cases added."""
    source = Path(tempfile.gettempdir()) / f"cchc-bench-stats-{dossiers}.sqlite3"
    if not stats_bench._is_built(path, dossiers, wards):
        if stats_bench._is_built(source, dossiers, wards):
            print(f"copying {source}")
            shutil.copy(source, path)
        else:
            stats_bench.build(path, dossiers, wards, seed)

    async def migrate() -> None:
        t0 = time.perf_counter()
        db = await Database(path, FrozenClock(NOW)).connect()
        await db.close()
        print(f"migrations (jobs index) applied in {time.perf_counter() - t0:.1f}s")

    asyncio.run(migrate())
    conn = sqlite3.connect(path, isolation_level=None)
    if conn.execute("SELECT count(*) FROM feedback").fetchone()[0] < FEEDBACK:
        rng = random.Random(seed)
        first = int(NOW.timestamp()) - 365 * 86_400
        conn.execute("BEGIN")
        for i in range(FEEDBACK):
            created = NOW - timedelta(seconds=rng.randrange(int(NOW.timestamp()) - first))
            answer_due = (created + timedelta(days=21)).astimezone(TZ).date()
            answered = created + timedelta(days=rng.randrange(1, 30))
            state = "closed" if answered < NOW else "accepted"
            rating = rng.randint(1, 5) if state == "closed" and rng.random() < 0.5 else None
            cur = conn.execute(
                "INSERT INTO feedback (code, unit_id, category, description, state, channel,"
                " chat_id, citizen_id, language, created_at, accept_due, answer_due,"
                " dossier_code, answered_at, rating, updated_at)"
                " VALUES (?, ?, 'late_dossier', '…', ?, 'telegram', '1', '1', 'vi', ?, ?, ?, ?,"
                " ?, ?, ?)",
                (
                    f"BF{i:07d}",
                    rng.randrange(2, wards + 2),
                    state,
                    created.isoformat(),
                    (created + timedelta(days=2)).astimezone(TZ).date().isoformat(),
                    answer_due.isoformat(),
                    f"B{rng.randrange(dossiers):08d}" if rng.random() < 0.5 else None,
                    answered.isoformat() if state == "closed" else None,
                    rating,
                    answered.isoformat(),
                ),
            )
            events = [(created, "file", "new")]
            if state == "closed":
                events.append((answered, "answer", "answered"))
            conn.executemany(
                "INSERT INTO feedback_events (feedback_id, at, actor, action, state)"
                " VALUES (?, ?, 'staff:1', ?, ?)",
                [(cur.lastrowid, at.isoformat(), action, st) for at, action, st in events],
            )
            if rating is not None:
                conn.execute(
                    "INSERT INTO feedback_events (feedback_id, at, actor, action, state)"
                    " VALUES (?, ?, 'citizen', 'rate', 'closed')",
                    (cur.lastrowid, (answered + timedelta(hours=5)).isoformat()),
                )
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
    conn.close()


def baseline(path: Path, week: Week, runs: int) -> list[float]:
    """The raw dossier tally of the two weeks for every unit, alone (one statement)."""
    windows = [w.window(NOW, TZ) for w in (week, week.previous())]
    conn = sqlite3.connect(path)
    units = [r[0] for r in conn.execute("SELECT id FROM units ORDER BY id")]
    params: dict[str, object] = {"units": json.dumps(units), "off": 7 * 3600}
    for k, window in enumerate(windows):
        params[f"s{k}"] = int(window.start.timestamp())
        params[f"e{k}"] = int(window.end.timestamp())
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        rows = conn.execute(_tally_windows(2), params).fetchall()
        out.append(time.perf_counter() - t0)
    conn.close()
    print(f"  (baseline rows: {len(rows)})")
    return out


async def ours(path: Path, runs: int) -> tuple[list[float], float]:
    """Every ward's digest and text, and the city's, through the service; one chart apart."""
    settings = Settings(_env_file=None, DATABASE_PATH=path)  # type: ignore[call-arg]
    db = await Database(path, FrozenClock(NOW)).connect()
    services = build_services(settings, db, FrozenClock(NOW))
    jobs = services.jobs
    units = {u.id: u for u in await services.units.all()}
    ward_ids = [u.id for u in units.values() if u.kind == "ward"]
    city = next(u.id for u in units.values() if u.kind == "province")
    timings = []
    try:
        for _ in range(runs):
            t0 = time.perf_counter()
            week, digests = await jobs.digests(NOW, [*ward_ids, city])
            chars = sum(
                len(to_html(jobs.digest_content(d, week, "vi", units), "vi"))
                for d in digests.values()
            )
            timings.append(time.perf_counter() - t0)
        assert len(digests) == len(ward_ids) + 1 and chars > 0
        area = digests[city]
        assert isinstance(area, AreaDigest)
        t0 = time.perf_counter()
        MatplotlibCharts().area(area, week, "vi")
        chart = time.perf_counter() - t0
    finally:
        await db.close()
    return timings, chart


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--wards", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=766)
    parser.add_argument("--path", type=Path, default=None)
    args = parser.parse_args()
    path = args.path or Path(tempfile.gettempdir()) / f"cchc-bench-digest-{args.dossiers}.sqlite3"
    prepare(path, args.dossiers, args.wards, args.seed)
    week = Week.last_full_before(NOW, TZ)
    print(f"digest of {week.key} for {args.wards} wards over {args.dossiers:,} dossiers")
    baseline(path, week, 1)  # warm-up
    gc.collect()
    base = baseline(path, week, args.runs)
    asyncio.run(ours(path, 1))  # warm-up (unit cache, page cache, fonts)
    gc.collect()
    our, chart = asyncio.run(ours(path, args.runs))
    print(f"BASELINE  dossier tally SQL alone     median {statistics.median(base) * 1000:8.1f} ms")
    print(
        f"OURS      300 ward digests + texts    median {statistics.median(our) * 1000:8.1f} ms"
        f"   max {max(our) * 1000:8.1f} ms   (target < 2000 ms)"
    )
    print(f"          one area chart (matplotlib) {chart * 1000:8.1f} ms")
    return 0 if max(our) < 2.0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
