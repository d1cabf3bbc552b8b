"""Benchmark: process start to the first getUpdates poll, `cchc-bot run` against a bare echo bot.

Each start runs a child process against a fresh loopback Bot API stand-in served by this process
(bot/standin/telegram.py; the child gets TELEGRAM_API_BASE_URL through its environment), and ends
when the stand-in holds the child's first long poll; then the child gets SIGTERM.

  BASELINE  bench/_echo_bot.py: a bare python-telegram-bot Application, one MessageHandler;
  OURS      `python -m bot run` (what `cchc-bot run` runs) on the demo's seeded database plus
            --staff extra staff members (45 in all by default, the issue's deployment).

The two take turns, --starts times each; the first of ours is its first start on the database,
the others restarts. Prints the median start-to-first-poll of both (target <= 2x), the
setMyCommands calls before the first poll (at the first start, and at a restart: target <= 2,
the two default menus, none for a member whose menu did not change), SIGTERM to exit while idle
(target <= 5 s), and, to show where the time goes, the time to import the modules each needs.

    python bench/startup.py              # 5 starts each, 45 staff members
    python bench/startup.py --starts 2   # a quick try
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (  # noqa: E402
    ROOT,
    TOKEN,
    JSONDict,
    bot_env,
    echo_command,
    limit_row,
    load,
    ratio_row,
    report,
    seed,
)

from bot.standin.telegram import TelegramStandIn  # noqa: E402

DEMO_STAFF = 4  # the demo's own staff members (bot/demo/seed.py), the admin apart
OUR_IMPORTS = "import bot.cli, bot.app.run, bot.app.wiring, handlers.telegram.app"
ECHO_IMPORTS = "import telegram.ext"


@dataclass
class Start:
    """One start: seconds to the first poll, the setMyCommands calls before it, SIGTERM to exit."""

    to_poll: float
    set_commands: int
    to_exit: float


def _tail(log: Path, lines: int = 15) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


async def one_start(
    argv: Sequence[str], db: Path | None, staff: Sequence[int], log: Path, within: float
) -> Start:
    """Start `argv` against a fresh stand-in; time it to the first held poll; stop it."""
    async with TelegramStandIn(TOKEN, bot_username="cchc_bench_bot") as tg:
        for chat in staff:
            tg.add_chat(chat)  # every member has a chat: their menu calls succeed
        env = bot_env(tg, db)
        with log.open("ab") as out:
            t0 = time.perf_counter()
            proc = await asyncio.create_subprocess_exec(
                *argv,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=out,
                stderr=out,
                env=env,
                cwd=str(log.parent),  # no .env file there
            )
        try:
            await tg.wait_idle_poll(timeout=within)
            to_poll = time.perf_counter() - t0
            set_commands = len(tg.calls_to("setMyCommands"))
        except AssertionError:
            proc.kill()
            await proc.wait()
            raise RuntimeError(
                f"{argv[1:]} did not poll within {within:g} s\n{_tail(log)}"
            ) from None
        t1 = time.perf_counter()
        proc.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(proc.wait(), within)
        except TimeoutError:
            proc.kill()
            await proc.wait()
        return Start(to_poll, set_commands, time.perf_counter() - t1)


async def import_seconds(statement: str, times: int) -> float:
    """Median wall time of `python -c <statement>` (interpreter start included)."""
    env = {"PYTHONPATH": str(ROOT)}
    took = []
    for _ in range(times):
        t0 = time.perf_counter()
        proc = await asyncio.create_subprocess_exec(sys.executable, "-c", statement, env=env)
        if await proc.wait() != 0:
            raise RuntimeError(f"python -c {statement!r} failed")
        took.append(time.perf_counter() - t0)
    return statistics.median(took)


async def run(args: argparse.Namespace, workdir: Path) -> JSONDict:
    db = workdir / "startup.sqlite3"
    loads = [load()]
    staff = await seed(db, extra_staff=max(0, args.staff - DEMO_STAFF))
    print(f"{len(staff)} staff ids with a chat (the admin included); {args.starts} starts each")
    ours_argv = [sys.executable, "-m", "bot", "run"]
    echo_argv = echo_command()
    ours: list[Start] = []
    echo: list[Start] = []
    for i in range(args.starts):
        echo.append(await one_start(echo_argv, None, staff, workdir / "echo.log", args.within))
        ours.append(await one_start(ours_argv, db, staff, workdir / "ours.log", args.within))
        print(
            f"start {i + 1}: ours {ours[-1].to_poll:.3f} s ({ours[-1].set_commands} setMyCommands),"
            f" echo {echo[-1].to_poll:.3f} s"
        )
    loads.append(load())
    our_imports = await import_seconds(OUR_IMPORTS, args.starts)
    echo_imports = await import_seconds(ECHO_IMPORTS, args.starts)

    def median(starts: Sequence[Start], attr: str) -> float:
        return float(statistics.median(float(getattr(s, attr)) for s in starts))

    restarts = ours[1:] or ours
    rows = [
        ratio_row(
            "start to first poll", median(ours, "to_poll"), median(echo, "to_poll"), "s", most=2
        ),
        limit_row(
            "setMyCommands at the first start",
            ours[0].set_commands,
            "calls",
            baseline=echo[0].set_commands,
        ),
        limit_row(
            "setMyCommands at a restart",
            max(s.set_commands for s in restarts),
            "calls",
            most=2,
            baseline=max(s.set_commands for s in echo),
        ),
        limit_row(
            "SIGTERM to exit (idle)",
            median(ours, "to_exit"),
            "s",
            most=5,
            baseline=median(echo, "to_exit"),
        ),
        ratio_row("import of the modules at start", our_imports, echo_imports, "s"),
    ]
    params = {"starts": args.starts, "staff": len(staff), "loads": loads}
    return report("startup", rows, params)


def main(argv: Sequence[str] | None = None) -> JSONDict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--starts", type=int, default=5, help="starts of each bot")
    parser.add_argument("--staff", type=int, default=44, help="staff members, the admin apart")
    parser.add_argument("--within", type=float, default=60.0, help="seconds allowed to poll")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep the files")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        return asyncio.run(run(args, args.keep))
    with tempfile.TemporaryDirectory(prefix="cchc-bench-startup-") as tmp:
        return asyncio.run(run(args, Path(tmp)))


if __name__ == "__main__":
    main()
