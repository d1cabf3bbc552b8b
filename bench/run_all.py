"""Run every benchmark in bench/ with small sizes and print one table of their figures.

Each script runs in its own process (so that one's event loops, files and memory do not touch
the next), from the repository root, with the small sizes below (--full: each script's own
defaults). A script's figures come from the last line of its output that is a JSON object with
"rows" (bench/_harness.py `report`); for the scripts that print only text (stats.py, import.py,
digest.py, outbox.py), from their text. A script in bench/ that is not named below runs with no
arguments. Columns: figure, ours, baseline, ratio, target, pass/fail ("info": no target).

    python bench/run_all.py                       # every script, small sizes (~2-3 minutes)
    python bench/run_all.py --only latency,burst  # some of them
    python bench/run_all.py --full                # each script's own sizes (long)
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from _harness import JSONDict, busy_note, clean, limit_row, load, ratio_row, table  # noqa: E402

SMALL: dict[str, list[str]] = {
    "stats": ["--dossiers", "50000", "--samples", "200"],
    "import": ["--rows", "50000"],
    "digest": ["--dossiers", "50000", "--runs", "3"],
    "outbox": ["--messages", "300"],
    "latency": ["--rounds", "10"],
    "burst": ["--users", "40", "--stop-within", "10"],
    "startup": ["--starts", "3"],
}


def scripts() -> list[str]:
    """Every benchmark script in bench/ (helpers start with "_"), by name."""
    return sorted(
        p.stem for p in BENCH.glob("*.py") if not p.name.startswith("_") and p.stem != "run_all"
    )


# --- reading the figures -------------------------------------------------------------------------


def json_rows(output: str) -> list[JSONDict] | None:
    """The rows of the last JSON result line, if the script printed one."""
    for line in reversed(output.splitlines()):
        line = line.strip()
        if line.startswith("{") and '"rows"' in line:
            with contextlib.suppress(ValueError):
                data = json.loads(line)
                if isinstance(data, dict) and isinstance(data.get("rows"), list):
                    return [r for r in data["rows"] if isinstance(r, dict)]
    return None


_NUM = r"([0-9][0-9,]*(?:\.[0-9]+)?)"


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def _find(pattern: str, output: str) -> re.Match[str] | None:
    return re.search(pattern, output, flags=re.M)


def _stats_rows(out: str) -> list[JSONDict]:
    rows = []
    base = _find(rf"^BASELINE\s+median\s+{_NUM} ms\s+p99\s+{_NUM} ms", out)
    ours = _find(rf"^OURS\s+median\s+{_NUM} ms\s+p99\s+{_NUM} ms", out)
    target = _find(rf"target <= {_NUM}x", out)
    if base and ours:
        most = _num(target.group(1)) if target else None
        rows.append(
            ratio_row(
                "/stats ward-year p99 (service)",
                _num(ours.group(2)),
                _num(base.group(2)),
                "ms",
                most=most,
            )
        )
        rows.append(
            ratio_row("/stats ward-year median", _num(ours.group(1)), _num(base.group(1)), "ms")
        )
    return rows


def _import_rows(out: str) -> list[JSONDict]:
    rows = []
    raw = _find(rf"^raw executemany\s*:\s*{_NUM} rows/s", out)
    ours = _find(rf"^ours run_import\s*:\s*{_NUM} rows/s", out)
    least = _find(rf"^ratio ours/raw.*target >= {_NUM}", out)
    if raw and ours:
        rows.append(
            ratio_row(
                "import rows/s",
                _num(ours.group(1)),
                _num(raw.group(1)),
                "rows/s",
                least=_num(least.group(1)) if least else None,
            )
        )
    rss = _find(rf"^peak RSS \(ours\)\s*:\s*{_NUM} MB\s+\(target < {_NUM} MB\)", out)
    if rss:
        rows.append(limit_row("import peak RSS", _num(rss.group(1)), "MB", most=_num(rss.group(2))))
    counts = _find(
        rf"^counts\(\) x\d+: ours {_NUM} ms; raw sqlite3 of the same aggregate {_NUM} ms"
        rf".*?target <= {_NUM}",
        out,
    )
    if counts:
        rows.append(
            ratio_row(
                "counts() after the import",
                _num(counts.group(1)),
                _num(counts.group(2)),
                "ms",
                most=_num(counts.group(3)),
            )
        )
    return rows


def _digest_rows(out: str) -> list[JSONDict]:
    rows = []
    base = _find(rf"^BASELINE.*median\s+{_NUM} ms", out)
    ours = _find(rf"^OURS.*median\s+{_NUM} ms\s+max\s+{_NUM} ms\s+\(target < {_NUM} ms\)", out)
    if ours:
        row = limit_row(
            "weekly digest, every ward (max)",
            _num(ours.group(2)),
            "ms",
            most=_num(ours.group(3)),
            baseline=_num(base.group(1)) if base else None,
        )
        row["target"] = f"< {ours.group(3)} ms"
        row["pass"] = _num(ours.group(2)) < _num(ours.group(3))
        rows.append(row)
    chart = _find(rf"one area chart \(matplotlib\)\s+{_NUM} ms", out)
    if chart:
        rows.append(limit_row("one digest chart", _num(chart.group(1)), "ms"))
    return rows


def _outbox_rows(out: str) -> list[JSONDict]:
    rows = []
    wall = _find(rf"^wall time\s+{_NUM} s", out)
    overall = _find(rf"^overall bound\s+{_NUM} s", out)
    per_chat = _find(rf"^per-chat bound\s+{_NUM} s", out)
    target = _find(rf"target <= {_NUM}\)", out)
    if wall and overall:
        bound = max(_num(overall.group(1)), _num(per_chat.group(1)) if per_chat else 0.0)
        rows.append(
            ratio_row(
                "outbox drain vs Telegram's bound",
                _num(wall.group(1)),
                bound,
                "s",
                most=_num(target.group(1)) if target else None,
            )
        )
    refused = _find(rf"^429s answered\s+{_NUM}", out)
    if refused:
        rows.append(limit_row("outbox 429 answers", _num(refused.group(1)), "answers", most=0))
    return rows


TEXT_PARSERS: dict[str, Callable[[str], list[JSONDict]]] = {
    "stats": _stats_rows,
    "import": _import_rows,
    "digest": _digest_rows,
    "outbox": _outbox_rows,
}


def rows_of(name: str, code: int | None, out: str, err: str) -> list[JSONDict]:
    """The figures one script printed (or a row that says why there are none)."""
    rows = json_rows(out)
    if rows is None and name in TEXT_PARSERS:
        rows = TEXT_PARSERS[name](out) or None
    crashed = code is None or "Traceback (most recent call last)" in err
    if rows is None or crashed:
        why = "timed out" if code is None else f"exit {code}" + (", crashed" if crashed else "")
        rows = (rows or []) + [
            {
                "figure": f"({why}: see its output)" if code != 0 or crashed else "(no figures)",
                "value": None,
                "unit": "",
                "pass": False if code != 0 or crashed else None,
            }
        ]
    for row in rows:
        row["script"] = name
    return rows


# --- running -------------------------------------------------------------------------------------


def run_script(
    name: str, args: Sequence[str], limit: float, logs: Path
) -> tuple[int | None, str, str, float]:
    """Run bench/<name>.py in its own process group; kill the group past `limit` seconds."""
    argv = [sys.executable, str(BENCH / f"{name}.py"), *args]
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its bot children die with it on a timeout
    )
    code: int | None
    try:
        out, err = proc.communicate(timeout=limit)
        code = proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        code = None
    seconds = time.perf_counter() - t0
    (logs / f"{name}.out").write_text(out)
    (logs / f"{name}.err").write_text(err)
    return code, out, err, seconds


def main(argv: Sequence[str] | None = None) -> JSONDict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--only", help="comma-separated script names (default: all)")
    parser.add_argument("--full", action="store_true", help="each script's own default sizes")
    parser.add_argument("--limit", type=float, default=900.0, help="seconds allowed per script")
    parser.add_argument("--logs", type=Path, help="keep each script's output in this folder")
    args = parser.parse_args(argv)

    names = scripts()
    if args.only:
        wanted = [n.strip().removesuffix(".py") for n in args.only.split(",") if n.strip()]
        unknown = sorted(set(wanted) - set(names))
        if unknown:
            parser.error(f"no such benchmark: {', '.join(unknown)} (have: {', '.join(names)})")
        names = [n for n in names if n in wanted]

    rows: list[JSONDict] = []
    busy: list[str] = []
    with contextlib.ExitStack() as stack:
        if args.logs is not None:
            args.logs.mkdir(parents=True, exist_ok=True)
            logs = args.logs
        else:
            logs = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="cchc-bench-")))
        for name in names:
            script_args = [] if args.full else SMALL.get(name, [])
            shown = " ".join(["python", f"bench/{name}.py", *script_args])
            print(f"running {shown} ...", flush=True)
            before = load()
            code, out, err, seconds = run_script(name, script_args, args.limit, logs)
            note = busy_note([before, load()])
            if note:
                busy.append(f"{name} (load {max(before, load()):.1f})")
            found = rows_of(name, code, out, err)
            rows.extend(found)
            status = "timed out" if code is None else f"exit {code}"
            print(f"  {status} after {seconds:.1f} s, {len(found)} figures", flush=True)
            if code != 0 and (code is None or "Traceback" in err):
                print("\n".join("    " + line for line in err.splitlines()[-8:]))

    print()
    print(table(rows, script=""))
    failed = sum(1 for r in rows if r.get("pass") is False)
    passed = sum(1 for r in rows if r.get("pass") is True)
    print(f"\n{passed} pass, {failed} fail, {len(rows) - passed - failed} info")
    if busy:
        print(
            f"WARNING: the machine was busy ({os.cpu_count()} cores) during {', '.join(busy)}:"
            " their timings are noisy, short replies (the echo bot's) slowed the most"
        )
    result = {"bench": "run_all", "rows": clean(rows)}
    print(json.dumps(result, ensure_ascii=False, allow_nan=False, default=str))
    return result


if __name__ == "__main__":
    main()
