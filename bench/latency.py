"""Benchmark: one user at a time, push to reply per command, ours against a bare echo bot.

Each bot runs in a child process and polls its own instance of the loopback Bot API stand-in
(bot/standin/telegram.py, the same configuration, flood control off), served with the simulated
users from this process. The two bots take turns round by round, one user at a time overall, so
that a machine busy with other work weighs on both alike. A round ends no sooner than its
messages could pass Telegram's overall limit (PACE a second): unpaced, one user at a time made
our bot send ≈250 messages a second, past the 30 Telegram allows, and its rate limiter then
rightly kept each chat to its 1 a second (a p99 of 1 s that no user alone could meet), where the
echo bot has no limiter at all.

  BASELINE  a bare python-telegram-bot Application with one MessageHandler echoing the text
            (no rate limiter), sent the same number of updates, as texts;
  OURS      the real Application as `cchc-bot run` runs it (bot.app.run.run_telegram) on the
            demo's seeded database.

Each round, a new citizen sends /start, /help, files a whole case through the intake (9 updates),
and looks it up with /tracuu CODE; a supervisor asks /stats ngoquyen. A user waits for each reply
on the stand-in's recorded calls before the next update. Prints p50/p99 per command for both
(p50 targets: /stats <= 3x, every other reply <= 2x the echo bot's) and CPU per update over the
measured rounds (target <= 2x), read from the bot process (/proc, every thread: aiosqlite's too),
beside what the stand-in and the users cost here.

    python bench/latency.py               # 40 rounds (520 updates per bot)
    python bench/latency.py --rounds 10   # a quick try
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (  # noqa: E402
    CITIZEN_FIRST,
    ECHO_OFFSET,
    TOKEN,
    BotProcess,
    CallWatch,
    Driver,
    JSONDict,
    Samples,
    Step,
    bot_env,
    echo_command,
    intake_steps,
    load,
    our_command,
    percentile,
    ratio_row,
    report,
    seed,
)

from bot.standin.telegram import TelegramStandIn  # noqa: E402

SUPERVISOR = 2003  # the demo's city supervisor
STATS = "/stats ngoquyen"
LABELS = ("/start", "/help", "intake step", "/tracuu CODE", STATS)


def citizen_round() -> list[Step]:
    """What one citizen does in a round."""
    return [
        Step("/start", text="/start"),
        Step("/help", text="/help"),
        *intake_steps(),
        Step("/tracuu CODE", text="/tracuu {code}"),
    ]


STAFF_ROUND = [Step(STATS, text=STATS)]
# Messages a second a round may send overall, below Telegram's 30 (the pushes of a round, the
# officers' notices of its filing, go on after its replies).
PACE = 25.0


@dataclass
class Side:
    """One bot, its own stand-in, and the users who talk to it."""

    name: str
    tg: TelegramStandIn
    bot: BotProcess
    echo: bool
    reply_within: float
    samples: Samples = field(default_factory=Samples)
    cpu: float = 0.0

    def __post_init__(self) -> None:
        self.watch = CallWatch(self.tg)
        self.driver = Driver(
            self.tg, self.watch, self.samples, echo=self.echo, timeout=self.reply_within
        )
        self.shift = ECHO_OFFSET if self.echo else 0

    def sent(self) -> int:
        """Messages this bot has put in chats so far."""
        return sum(len(messages) for messages in self.watch.messages.values())

    async def round(self, r: int, *, record: bool = True) -> None:
        """A citizen's round, then the supervisor's /stats."""
        await self.driver.play(CITIZEN_FIRST + r + self.shift, citizen_round(), record=record)
        await self.driver.play(SUPERVISOR + self.shift, STAFF_ROUND, record=record)


async def run(rounds: int, reply_within: float, workdir: Path) -> JSONDict:
    db = workdir / "latency.sqlite3"
    loads = [load()]
    t0 = time.perf_counter()
    staff_ids = await seed(db)
    print(f"seeded the demo's data in {time.perf_counter() - t0:.1f} s")
    async with (
        TelegramStandIn(TOKEN, bot_username="cchc_bench_bot") as tg_echo,
        TelegramStandIn(TOKEN, bot_username="cchc_bench_bot") as tg_ours,
    ):
        for chat in staff_ids:
            tg_ours.add_chat(chat)  # the officers get their notices, as in real life
        echo = Side(
            "echo",
            tg_echo,
            BotProcess("echo bot", echo_command(), bot_env(tg_echo), workdir / "echo.log"),
            echo=True,
            reply_within=reply_within,
        )
        ours = Side(
            "ours",
            tg_ours,
            BotProcess("our bot", our_command(), bot_env(tg_ours, db), workdir / "ours.log"),
            echo=False,
            reply_within=reply_within,
        )
        sides = (echo, ours)
        started: list[Side] = []
        try:
            for side in sides:
                await side.bot.start()
                started.append(side)
            for side in sides:  # a warm-up round each, not counted
                await side.round(rounds, record=False)
            cpu0 = [side.bot.cpu() for side in sides]
            for r in range(rounds):  # one user at a time, the two bots taking turns
                for side in sides if r % 2 == 0 else sides[::-1]:
                    began, sent = time.perf_counter(), side.sent()
                    await side.round(r)
                    rest = (side.sent() - sent) / PACE - (time.perf_counter() - began)
                    if rest > 0:
                        await asyncio.sleep(rest)  # within Telegram's overall limit
                if r % 10 == 9:
                    loads.append(load())
            for side, before in zip(sides, cpu0, strict=True):
                side.cpu = side.bot.cpu() - before
        finally:
            for side in started:
                await side.bot.stop()
    loads.append(load())
    return summary(rounds, echo, ours, loads)


def summary(rounds: int, echo: Side, ours: Side, loads: list[float]) -> JSONDict:
    """The per-command table, the CPU figures and the result line."""
    for error in (*echo.driver.errors, *ours.driver.errors)[:10]:
        print(f"WARNING: {error}")

    updates = rounds * (len(citizen_round()) + len(STAFF_ROUND))
    print(f"\n{rounds} rounds, {updates} measured updates per bot (one user at a time)")
    print(f"{'command':<18}{'n':>5}  {'ours p50':>9} {'p99':>9}   {'echo p50':>9} {'p99':>9}")
    rows: list[JSONDict] = []
    for label in LABELS:
        mine, theirs = ours.samples.by_label[label], echo.samples.by_label[label]
        o50, o99 = percentile(mine, 50) * 1e3, percentile(mine, 99) * 1e3
        e50, e99 = percentile(theirs, 50) * 1e3, percentile(theirs, 99) * 1e3
        print(f"{label:<18}{len(mine):>5}  {o50:>8.2f}m {o99:>8.2f}m   {e50:>8.2f}m {e99:>8.2f}m")
        rows.append(ratio_row(f"{label} p50", o50, e50, "ms", most=3 if label == STATS else 2))
        rows.append(ratio_row(f"{label} p99", o99, e99, "ms"))
    lost = ours.samples.lost_total, echo.samples.lost_total
    if any(lost):
        print(f"replies that never came: ours {lost[0]}, echo {lost[1]}")
    per = 1e3 / updates
    print(f"CPU over the measured rounds: our bot {ours.cpu:.2f} s, echo bot {echo.cpu:.2f} s")
    rows.append(ratio_row("CPU per update", ours.cpu * per, echo.cpu * per, "ms", most=2))
    params: JSONDict = {"rounds": rounds, "updates": updates, "loads": loads}
    params.update(lost_ours=lost[0], lost_echo=lost[1])
    return report("latency", rows, params)


def main(argv: Sequence[str] | None = None) -> JSONDict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=40, help="measured rounds (13 updates)")
    parser.add_argument("--reply-within", type=float, default=60.0, help="seconds per reply")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep the files")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        return asyncio.run(run(args.rounds, args.reply_within, args.keep))
    with tempfile.TemporaryDirectory(prefix="cchc-bench-latency-") as tmp:
        return asyncio.run(run(args.rounds, args.reply_within, Path(tmp)))


if __name__ == "__main__":
    main()
