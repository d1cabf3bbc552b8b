"""Benchmark: importing a 1.000.000-row dossier CSV (≈110 MB) against the fair floor.

Usage: python bench/import.py [--rows N] [--wards W] [--keep DIR]

Both run in a child process of their own, on a fresh database with the project's migrations,
from the same CSV file:

  FLOOR  the CSV read with the `csv` module, each row turned into the stored values (ward slug to
         unit id, dates to epoch seconds with a per-day cache, the end of processing), every row
         sorted by code and inserted with one `executemany` in one transaction, into the same
         tables and indexes (without maintaining the daily aggregates: less work than ours), on a
         connection set up as ours (WAL, synchronous=NORMAL, foreign keys) plus
         `temp_store=MEMORY`: each row of an executemany is a statement of its own, and with the
         table's triggers SQLite keeps a statement journal for each, which spills to a temporary
         file by default (110 s against 65 s at 1.000.000 rows, for nothing the result needs);
  OURS   the real command, `cchc-bot --db DB import dossiers CSV` (bot.cli.main): every check
         of the importer, the staging table, the duplicate check, the sorted merge and the
         daily aggregates of the figures (storage/dossier_days.py).

Targets: ours >= 0.8 x the floor's rows/s; ours' peak RSS (the child's VmHWM: the interpreter
and every module the command loads included) <= 100 MB. Then the figures of every ward's year
are read back from the aggregates and from the full scan (info), and must be equal.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import astuple
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
BASE = int(datetime(2022, 1, 3, tzinfo=TZ).timestamp())
DAY = 86_400
RATIO_TARGET = 0.8
RSS_TARGET_MB = 100
# The statuses of the file, by share of the resolved ones (the rest are 9, Đã xử lý xong) and of
# the open ones (4, Đang xử lý), so that every class of the figures has dossiers.
ENDED_STATUSES = ("done",) * 90 + ("returned",) * 6 + ("withdrawn", "stopped", "supplement", "x")
OPEN_STATUSES = ("processing",) * 8 + ("accepted", "financial")
ENDING = {"supplement", "financial", "withdrawn", "stopped", "done", "returned"}


def row_values(i: int, wards: int) -> tuple[str, int, str, str, int, int, int | None, str, str]:
    """Deterministic dossier i as (code, ward number, ..., epochs, channel, status)."""
    ward = i % wards + 1
    received = BASE + (i * 37) % (360 * DAY) // 60 * 60  # whole minutes
    due = received - (received - BASE) % DAY + (3 + i % 10) * DAY + DAY - 1  # end of a day
    resolved: int | None = received + (i % 12) * DAY + 3600 if i % 7 else None
    channel = "online" if i % 5 < 3 else "postal" if i % 50 == 4 else "direct"
    if resolved is not None:
        status = ENDED_STATUSES[i % len(ENDED_STATUSES)]
        if status == "x":  # refused at the desk: never received, no end
            status, resolved = "rejected", None
    else:
        status = OPEN_STATUSES[i % len(OPEN_STATUSES)]
    return (
        f"H31.{ward:03d}-{i:08d}",
        ward,
        f"Thủ tục {i % 40}",
        f"Lĩnh vực {i % 9}",
        received,
        due,
        resolved,
        channel,
        status,
    )


def local(epoch: int, *, form: int, date_only: bool = False) -> str:
    """A local-time text in one of the accepted forms."""
    moment = datetime.fromtimestamp(epoch, TZ)
    if form == 0:
        return moment.strftime("%Y-%m-%d") if date_only else moment.strftime("%Y-%m-%dT%H:%M:%S")
    return moment.strftime("%d/%m/%Y") if date_only else moment.strftime("%d/%m/%Y %H:%M")


COLUMNS = (
    "code",
    "ward",
    "procedure",
    "field",
    "received_at",
    "due_at",
    "resolved_at",
    "channel",
    "status",
)


def write_csv(path: Path, rows: int, wards: int) -> None:
    """The canonical CSV: half ISO dates, half dd/mm/yyyy; due dates are date-only."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(COLUMNS)
        cache: dict[tuple[int, int, bool], str] = {}

        def text(epoch: int, form: int, date_only: bool = False) -> str:
            key = (epoch, form, date_only)
            hit = cache.get(key)
            if hit is None:
                hit = local(epoch, form=form, date_only=date_only)
                if len(cache) < 500_000:
                    cache[key] = hit
            return hit

        for i in range(rows):
            code, ward, procedure, field, received, due, resolved, channel, status = row_values(
                i, wards
            )
            form = i % 2
            out.writerow(
                [
                    code,
                    f"p{ward:03d}",
                    procedure,
                    field,
                    text(received, form),
                    text(due, form, True),
                    "" if resolved is None else text(resolved, form),
                    channel,
                    status,
                ]
            )


def fresh_db(path: Path, wards: int) -> None:
    """A new database file with the project's migrations and `wards` units (ids 1..wards)
    under one province (so that ours keeps the province's sums too, as a real ward list
    would have it)."""
    import asyncio

    from bot.clock import SystemClock
    from storage.db import Database

    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)

    async def make() -> None:
        db = await Database(path, SystemClock()).connect()
        try:
            await db.conn.executemany(
                "INSERT INTO units (slug, name, created_at) VALUES (?, ?, '2026-01-01')",
                [(f"p{k:03d}", f"Phường Số {k}") for k in range(1, wards + 1)],
            )
            await db.conn.execute(
                "INSERT INTO units (id, slug, name, kind, created_at)"
                " VALUES (?, 'tinh', 'Tỉnh Thử', 'province', '2026-01-01')",
                (wards + 1,),
            )
            await db.conn.execute(
                "UPDATE units SET parent_id = ? WHERE id <= ?", (wards + 1, wards)
            )
            await db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            await db.close()

    asyncio.run(make())


def peak_rss_kb() -> int:
    """This process's peak resident set (VmHWM; ru_maxrss would carry a fork's parent's)."""
    import resource

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    rss = int(line.split()[1])
    except OSError:
        pass
    return rss


# --- the two children ----------------------------------------------------------------------


def floor_child(db_path: str, csv_path: str) -> None:
    """The floor: csv module, the stored values, sorted by code, one executemany."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    # The statement journals of its one-row statements in memory, not in a temporary file.
    conn.execute("PRAGMA temp_store=MEMORY")
    units = dict(conn.execute("SELECT slug, id FROM units").fetchall())
    # Only the plain insert: the aggregates' triggers are put back unchanged (and unused).
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'dossier_days_%'"
    ).fetchall()
    days: dict[str, int] = {}

    def midnight(text: str) -> int:
        hit = days.get(text)
        if hit is None:
            if text[4] == "-":
                y, m, d = int(text[0:4]), int(text[5:7]), int(text[8:10])
            else:
                d, m, y = int(text[0:2]), int(text[3:5]), int(text[6:10])
            hit = days[text] = int(datetime(y, m, d, tzinfo=TZ).timestamp())
        return hit

    def moment(text: str) -> int:
        base = midnight(text[:10])
        if len(text) == 10:
            return base
        seconds = int(text[17:19]) if len(text) > 16 else 0
        return base + int(text[11:13]) * 3600 + int(text[14:16]) * 60 + seconds

    start, cpu = time.perf_counter(), time.process_time()
    rows = []
    stamp = int(time.time())
    with open(csv_path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        for code, ward, procedure, field, received, due, resolved, channel, status in reader:
            resolved_at = moment(resolved) if resolved else None
            rows.append(
                (
                    code,
                    units[ward],
                    procedure,
                    field,
                    moment(received),
                    midnight(due[:10]) + DAY - 1,
                    resolved_at,
                    channel,
                    status,
                    stamp,
                    resolved_at if status in ENDING else None,
                )
            )
    rows.sort(key=lambda r: r[0])
    conn.execute("BEGIN IMMEDIATE")
    for name, _ in triggers:
        conn.execute(f"DROP TRIGGER {name}")
    conn.executemany(
        "INSERT INTO dossiers (code, unit_id, procedure, field, received_at, due_at,"
        " resolved_at, channel, status, updated_at, ended_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )
    for _, sql in triggers:
        conn.execute(sql)
    conn.execute("COMMIT")
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    conn.close()
    print(json.dumps({"seconds": seconds, "cpu": cpu, "exit": 0, "rss_kb": peak_rss_kb()}))


def ours_child(db_path: str, csv_path: str) -> None:
    """Ours: `cchc-bot --db DB import dossiers CSV`, timed from the parsed command line."""
    from bot.cli import main

    os.environ["DATABASE_PATH"] = db_path
    with open(os.devnull, "w") as sink:
        saved = sys.stdout, sys.stderr
        sys.stdout = sys.stderr = sink
        try:
            start, cpu = time.perf_counter(), time.process_time()
            code = main(["--db", db_path, "import", "dossiers", csv_path])
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        finally:
            sys.stdout, sys.stderr = saved
    print(json.dumps({"seconds": seconds, "cpu": cpu, "exit": code, "rss_kb": peak_rss_kb()}))


def run_child(kind: str, db: Path, csv_path: Path) -> dict[str, float]:
    """One child (`floor` or `ours`) in a fresh process, from a neutral folder (no .env)."""
    proc = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(db), str(csv_path)],
        check=False,
        capture_output=True,
        text=True,
        cwd=db.parent,
    )
    if proc.returncode != 0:
        print(proc.stdout, proc.stderr)
        raise SystemExit(f"the {kind} child failed")
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


# --- the figures after the import ----------------------------------------------------------------


def figures_after(path: Path, wards: int) -> tuple[float, float, bool]:
    """Milliseconds to read every ward's 2022 counts from the aggregates and by the full scan,
    and whether they are equal (and the province's sums, the bulk delta kept, equal to the
    scan's summed)."""
    import asyncio

    from bot.clock import SystemClock
    from bot.domain.indicators import Window
    from bot.domain.periods import parse_period
    from storage.db import Database
    from storage.indicators import SqliteIndicatorCounts

    window = Window.of(
        parse_period("2022", datetime(2026, 1, 1).date()), datetime(2026, 1, 1, tzinfo=TZ), TZ
    )

    async def go() -> tuple[float, float, bool]:
        db = await Database(path, SystemClock()).connect()
        counts = SqliteIndicatorCounts(db)
        try:
            t0 = time.perf_counter()
            ours = [await counts.dossiers([u], [window], 7 * 3600) for u in range(1, wards + 1)]
            t1 = time.perf_counter()
            scan = [await counts.scan([u], [window], 7 * 3600) for u in range(1, wards + 1)]
            t2 = time.perf_counter()
            units = [*range(1, wards + 1), wards + 1]
            area = await counts.area(wards + 1, units[:-1], units, [[]], [window], 7 * 3600, None)
            fields: dict[str, list[int]] = {}
            for by_unit in scan:
                for by_field in by_unit[0].values():
                    for name, tally in by_field.items():
                        summed = fields.setdefault(name, [0] * len(astuple(tally)))
                        fields[name] = [a + b for a, b in zip(summed, astuple(tally), strict=True)]
            same_area = area is not None and {
                name: list(astuple(tally)) for name, tally in area.fields.items()
            } == {name: c for name, c in fields.items() if any(c)}
            return (t1 - t0) * 1000, (t2 - t1) * 1000, ours == scan and same_area
        finally:
            await db.close()

    return asyncio.run(go())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--wards", type=int, default=300)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep the files")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "DB", "CSV"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, db, csv_path = args.child
        (floor_child if kind == "floor" else ours_child)(db, csv_path)
        return 0

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _harness import limit_row, load, ratio_row, report

    loads = [load()]
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        csv_path = work / "dossiers.csv"
        t0 = time.perf_counter()
        write_csv(csv_path, args.rows, args.wards)
        size = csv_path.stat().st_size
        took = time.perf_counter() - t0
        print(f"generated {args.rows:,} rows, {size / 1e6:.1f} MB in {took:.1f}s")

        floor_db = work / "floor.sqlite3"
        ours_db = work / "ours.sqlite3"
        for db in (floor_db, ours_db):
            fresh_db(db, args.wards)
        ours = run_child("ours", ours_db, csv_path)
        loads.append(load())
        floor = run_child("floor", floor_db, csv_path)
        loads.append(load())
        if ours["exit"] != 0:
            print("our import failed")
            return 1
        for db in (floor_db, ours_db):
            with sqlite3.connect(db) as check:
                (count,) = check.execute("SELECT count(*) FROM dossiers").fetchone()
            assert count == args.rows, (db, count)

        floor_rate = args.rows / floor["seconds"]
        ours_rate = args.rows / ours["seconds"]
        ratio = ours_rate / floor_rate
        rss_mb = ours["rss_kb"] / 1024
        print(
            f"floor (csv, sorted, executemany): {floor_rate:>10,.0f} rows/s"
            f"  ({floor['seconds']:.2f}s, CPU {floor['cpu']:.2f}s)"
        )
        print(
            f"ours (cchc-bot import dossiers) : {ours_rate:>10,.0f} rows/s"
            f"  ({ours['seconds']:.2f}s, CPU {ours['cpu']:.2f}s of its threads)"
        )
        print(f"ratio ours/floor : {ratio:.2f}  (target >= {RATIO_TARGET})")
        print(f"peak RSS (ours)  : {rss_mb:.0f} MB  (target <= {RSS_TARGET_MB} MB)")
        print(f"peak RSS (floor) : {floor['rss_kb'] / 1024:.0f} MB  (holds every row to sort)")
        agg_ms, scan_ms, same = figures_after(ours_db, args.wards)
        print(
            f"every ward's 2022 figures: aggregates {agg_ms:.0f} ms, full scan {scan_ms:.0f} ms"
            f" ({'equal' if same else 'DIFFERENT'})"
        )
        rows = [
            ratio_row("import rows/s", ours_rate, floor_rate, "rows/s", least=RATIO_TARGET),
            limit_row("import peak RSS", rss_mb, "MB", most=RSS_TARGET_MB),
            ratio_row(
                f"figures of {args.wards} ward-years after the import", agg_ms, scan_ms, "ms"
            ),
            limit_row("figures differing from the full scan", 0 if same else 1, "", most=0),
        ]
        params = {"rows": args.rows, "wards": args.wards, "loads": loads}
        params["cpu_seconds"] = {"ours": ours["cpu"], "floor": floor["cpu"]}
        result = report("import", rows, params)
        ok = all(r["pass"] is not False for r in result["rows"])
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
