"""Benchmark: 200 users at once, updates/s and push-to-reply p50/p99, ours against an echo bot.

All users start together; each sends an update, waits for its reply on the stand-in's recorded
calls, and sends the next (no think time). Half of them (by default) are staff asking /stats for
two wards, the others citizens filing a whole case through the intake (9 updates each). One
loopback Bot API stand-in (bot/standin/telegram.py) with its flood control on (30 messages/s
overall, 1/s per chat with bursts of 3, answering 429 past that) serves both bots, one after the
other in the same run, each in a child process:

  BASELINE  a bare python-telegram-bot echo bot with PTB's default `AIORateLimiter()`, sent the
            same number of updates per user, as texts (a reply refused with 429 is lost: the
            default limiter does not retry, and the user goes on);
  OURS      the real Application as `cchc-bot run` runs it, on the demo's seeded database plus
            the staff of the burst (city supervisors).

Then each bot again, on a new seeded database and new users, stopped with SIGTERM in the middle
of the burst (--stop-after seconds after the users start; they stop sending at that moment):
the time to exit with every worker's update in hand, and what ours left in its inbox for the
next start.

Targets: throughput >= 0.9x and p99 <= 1.5x the echo bot's; 0 answers of 429 to ours; SIGTERM
to exit <= 5 s after the burst and in its middle (the bot is killed past --stop-within seconds).
Also printed: how many of the officer's "new case" notices arrived by the last reply.

    python bench/burst.py              # 200 users: 100 staff x 2 /stats, 100 citizens x 9 steps
    python bench/burst.py --users 40   # a quick try
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (  # noqa: E402
    CITIZEN_FIRST,
    ECHO_OFFSET,
    EXTRA_STAFF_FIRST,
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
    limit_row,
    load,
    our_command,
    percentile,
    ratio_row,
    report,
    seed,
)

from bot.standin.telegram import TelegramStandIn  # noqa: E402

OFFICER = 2011  # the demo's Ngô Quyền officer: told of every case filed there
STATS_STEPS = (
    Step("/stats", text="/stats ngoquyen"),
    Step("/stats", text="/stats giavien"),
    Step("/stats", text="/stats ngoquyen 2025"),
)


@dataclass
class Phase:
    """What one bot did with the burst."""

    name: str
    samples: Samples
    refused: int
    refused_by_method: dict[str, int]
    lost: int
    errors: list[str]
    cpu: float
    notices: int
    stop_seconds: float
    stop_killed: bool
    notices_at_exit: int

    @property
    def seconds(self) -> float:
        if self.samples.first_push is None or self.samples.last_reply is None:
            return float("nan")
        return self.samples.last_reply - self.samples.first_push

    @property
    def rate(self) -> float:
        return self.samples.answered / self.seconds if self.seconds > 0 else float("nan")


def plan(users: int, staff: int, stats_each: int) -> list[tuple[int, list[Step]]]:
    """Who does what: staff first in the list, then citizens (all start together anyway)."""
    stats = [STATS_STEPS[i % len(STATS_STEPS)] for i in range(stats_each)]
    who = [(EXTRA_STAFF_FIRST + i, stats) for i in range(staff)]
    who += [(CITIZEN_FIRST + i, intake_steps()) for i in range(users - staff)]
    return who


async def burst(
    tg: TelegramStandIn,
    watch: CallWatch,
    bot: BotProcess,
    who: Sequence[tuple[int, list[Step]]],
    *,
    echo: bool,
    reply_within: float,
    stop_within: float,
) -> Phase:
    """Start `bot`, let every user loose at once, stop the bot when the last one is done
    (SIGTERM, killed past `stop_within` seconds)."""
    samples = Samples()
    shift = ECHO_OFFSET if echo else 0
    driver = Driver(tg, watch, samples, echo=echo, lossy=echo, timeout=reply_within)
    await bot.start()
    try:
        refused0 = watch.total_refused()
        by_method0 = dict(watch.refused_by_method)
        notices0 = watch.count(OFFICER)
        cpu0 = bot.cpu()
        await asyncio.gather(*(driver.play(user + shift, steps) for user, steps in who))
        cpu = bot.cpu() - cpu0
        refused = watch.total_refused() - refused0
        by_method = {
            m: n - by_method0.get(m, 0)
            for m, n in watch.refused_by_method.items()
            if n > by_method0.get(m, 0)
        }
        notices = watch.count(OFFICER) - notices0
    finally:
        stop_seconds = await bot.stop(within=stop_within)
    return Phase(
        "ours" if not echo else "echo",
        samples,
        refused,
        by_method,
        samples.lost_total,
        driver.errors,
        cpu,
        notices,
        stop_seconds,
        bot.killed,
        watch.count(OFFICER) - notices0,
    )


@dataclass
class Midway:
    """A bot stopped in the middle of the burst."""

    replies: int  # sent to the users before the SIGTERM
    stop_seconds: float
    killed: bool
    left: int | None  # updates left pending in ours' inbox for the next start


async def stop_midway(
    tg: TelegramStandIn,
    watch: CallWatch,
    bot: BotProcess,
    who: Sequence[tuple[int, list[Step]]],
    *,
    echo: bool,
    after: float,
    stop_within: float,
    db: Path | None = None,
) -> Midway:
    """Start `bot`, let every user loose at once, and `after` seconds stop the users and send
    the bot SIGTERM with whatever it has in hand."""
    shift = ECHO_OFFSET if echo else 0  # ours starts again from a new database
    users = [user + shift for user, _ in who]
    driver = Driver(tg, watch, Samples(), echo=echo, lossy=True, timeout=after + stop_within)
    before = sum(watch.count(user) for user in users)
    await bot.start()
    players = [
        asyncio.create_task(driver.play(user, steps))
        for user, (_, steps) in zip(users, who, strict=True)
    ]
    try:
        await asyncio.sleep(after)  # the bench's own pacing: the burst runs this long
    finally:
        for player in players:
            player.cancel()
        await asyncio.gather(*players, return_exceptions=True)
    replies = sum(watch.count(user) for user in users) - before
    stop_seconds = await bot.stop(within=stop_within)
    left = None
    if db is not None:
        conn = sqlite3.connect(db)
        try:
            left = int(
                conn.execute("SELECT count(*) FROM inbox WHERE state = 'pending'").fetchone()[0]
            )
        finally:
            conn.close()
    return Midway(replies, stop_seconds, bot.killed, left)


def stop_row(when: str, seconds: float, killed: bool, baseline: float) -> JSONDict:
    """The row of a SIGTERM's time to exit (target: 5 s)."""
    label = f"SIGTERM to exit {when}" + (" (killed)" if killed else "")
    return limit_row(label, seconds, "s", most=5, baseline=baseline)


async def run(args: argparse.Namespace, workdir: Path) -> JSONDict:
    staff = round(args.users * args.staff_share)
    who = plan(args.users, staff, args.stats_each)
    updates = sum(len(steps) for _, steps in who)
    db = workdir / "burst.sqlite3"
    loads = [load()]
    t0 = time.perf_counter()
    staff_ids = await seed(db, extra_staff=staff)
    print(f"seeded the demo's data and {staff} staff members in {time.perf_counter() - t0:.1f} s")
    print(
        f"{args.users} users at once: {staff} staff x {args.stats_each} /stats,"
        f" {args.users - staff} citizens x {len(intake_steps())} intake steps ="
        f" {updates} updates per bot; flood control on"
    )
    async with TelegramStandIn(TOKEN, bot_username="cchc_bench_bot", flood_control=True) as tg:
        for chat in staff_ids:
            tg.add_chat(chat)  # staff menus and the officer's notices reach real chats
        watch = CallWatch(tg)
        echo_bot = BotProcess(
            "echo bot", echo_command(limiter=True), bot_env(tg), workdir / "echo.log"
        )
        limits = {"reply_within": args.reply_within, "stop_within": args.stop_within}
        echo = await burst(tg, watch, echo_bot, who, echo=True, **limits)
        print(f"echo bot done in {echo.seconds:.1f} s")
        loads.append(load())
        our_bot = BotProcess("our bot", our_command(), bot_env(tg, db), workdir / "ours.log")
        ours = await burst(tg, watch, our_bot, who, echo=False, **limits)
        print(f"our bot done in {ours.seconds:.1f} s")
        loads.append(load())
        midway_db = workdir / "midway.sqlite3"
        await seed(midway_db, extra_staff=staff)
        stops = {"after": args.stop_after, "stop_within": args.stop_within}
        our_midway = await stop_midway(
            tg,
            watch,
            BotProcess("our bot", our_command(), bot_env(tg, midway_db), workdir / "ours2.log"),
            who,
            echo=False,
            db=midway_db,
            **stops,
        )
        echo_midway = await stop_midway(
            tg,
            watch,
            BotProcess("echo bot", echo_command(limiter=True), bot_env(tg), workdir / "echo2.log"),
            who,
            echo=True,
            **stops,
        )
        loads.append(load())
    for error in (*echo.errors, *ours.errors)[:10]:
        print(f"WARNING: {error}")

    print(f"\n{'':<22}{'ours':>12}{'echo+limiter':>14}")
    for label, count, echo_count in (
        ("answered", ours.samples.answered, echo.samples.answered),
        ("lost", ours.lost, echo.lost),
        ("429 answers", ours.refused, echo.refused),
    ):
        print(f"{label:<22}{count:>12}{echo_count:>14}")
    if echo.lost:
        print(
            f"the echo bot lost {echo.lost} replies to 429 answers (its default limiter does not"
            " retry, nor pace a private chat): its updates/s count the answered ones"
        )
    for name, phase in (("ours", ours), ("echo", echo)):
        if phase.refused_by_method:
            methods = ", ".join(f"{m} {n}" for m, n in sorted(phase.refused_by_method.items()))
            print(f"429 answers to {name}: {methods}")
    for label in ("/stats", "intake step"):
        mine, theirs = ours.samples.by_label[label], echo.samples.by_label[label]
        print(
            f"{label + ' p50 / p99':<22}"
            f"{percentile(mine, 50):>6.2f}/{percentile(mine, 99):<5.2f}"
            f"{percentile(theirs, 50):>8.2f}/{percentile(theirs, 99):<5.2f} s"
        )
    cases = args.users - staff
    print(
        f"officer's notices       {ours.notices} of {cases} delivered by the last reply,"
        f" {ours.notices_at_exit} by the exit"
    )
    killed = f" (killed after {args.stop_within:g} s)" if ours.stop_killed else ""
    print(
        f"SIGTERM to exit         ours {ours.stop_seconds:.1f} s{killed},"
        f" echo {echo.stop_seconds:.1f} s"
    )

    print(
        f"SIGTERM {args.stop_after:g} s into the burst: ours {our_midway.stop_seconds:.1f} s"
        f" ({our_midway.replies} replies before it, {our_midway.left} updates left in the inbox"
        f" for the next start), echo {echo_midway.stop_seconds:.1f} s"
        f" ({echo_midway.replies} replies before it)"
    )

    every_ours, every_echo = ours.samples.all(), echo.samples.all()
    rows = [
        ratio_row("burst throughput", ours.rate, echo.rate, "updates/s", least=0.9),
        ratio_row(
            "burst p99 push-to-reply",
            percentile(every_ours, 99),
            percentile(every_echo, 99),
            "s",
            most=1.5,
        ),
        ratio_row(
            "burst p50 push-to-reply", percentile(every_ours, 50), percentile(every_echo, 50), "s"
        ),
        limit_row("burst 429 answers", ours.refused, "answers", most=0, baseline=echo.refused),
        limit_row("burst replies lost", ours.lost, "replies", most=0, baseline=echo.lost),
        ratio_row(
            "burst CPU per update",
            ours.cpu / updates * 1e3,
            echo.cpu / updates * 1e3,
            "ms",
        ),
        stop_row("after the burst", ours.stop_seconds, ours.stop_killed, echo.stop_seconds),
        stop_row(
            "in the burst", our_midway.stop_seconds, our_midway.killed, echo_midway.stop_seconds
        ),
    ]
    params = {
        "users": args.users,
        "staff": staff,
        "stats_each": args.stats_each,
        "updates": updates,
        "notices": ours.notices,
        "notices_at_exit": ours.notices_at_exit,
        "cases": cases,
        "stop_after": args.stop_after,
        "left_in_inbox": our_midway.left,
        "loads": loads,
    }
    return report("burst", rows, params)


def main(argv: Sequence[str] | None = None) -> JSONDict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--staff-share", type=float, default=0.5, help="staff among the users")
    parser.add_argument("--stats-each", type=int, default=2, help="/stats per staff member")
    parser.add_argument("--reply-within", type=float, default=120.0, help="seconds per reply")
    parser.add_argument(
        "--stop-within", type=float, default=10.0, help="seconds from SIGTERM before a kill"
    )
    parser.add_argument(
        "--stop-after", type=float, default=5.0, help="seconds into the burst of the second stop"
    )
    parser.add_argument("--keep", type=Path, help="work in this folder and keep the files")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        return asyncio.run(run(args, args.keep))
    with tempfile.TemporaryDirectory(prefix="cchc-bench-burst-") as tmp:
        return asyncio.run(run(args, Path(tmp)))


if __name__ == "__main__":
    main()
