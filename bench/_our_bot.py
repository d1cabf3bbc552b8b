"""The bot under measure in bench/latency.py and burst.py (not a benchmark itself): the real
Application as `cchc-bot run` runs it (bot.app.run.run_telegram), on a clock that starts at the
seeded data's "now" and then moves with the monotonic clock (so the outbox's pacing works).

Run as a child process: `python bench/_our_bot.py`, with the usual settings in the environment
(BOT_TOKEN, TELEGRAM_API_BASE_URL, DATABASE_PATH, ...; no .env file is read). Prints "ready" once
it polls; SIGTERM or SIGINT stops it.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.app.run import run_telegram  # noqa: E402
from bot.config import Settings  # noqa: E402

# The seeded data's "now" (bench/_harness.py NOW): Friday 27/11/2026 10:00 in Hải Phòng.
START = datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


class ShiftedClock:
    """START at the start, then moving with the monotonic clock."""

    def __init__(self, start: datetime = START) -> None:
        self._start = start.astimezone(UTC)
        self._t0 = time.monotonic()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._t0)


async def run(poll_timeout: int) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    ready = asyncio.Event()
    settings = Settings(_env_file=None)
    task = asyncio.create_task(
        run_telegram(settings, stop, clock=ShiftedClock(), ready=ready, poll_timeout=poll_timeout)
    )
    waiter = asyncio.create_task(ready.wait())
    await asyncio.wait([task, waiter], return_when=asyncio.FIRST_COMPLETED)
    if ready.is_set():
        print("ready", flush=True)
    else:
        waiter.cancel()
    await task


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--poll-timeout", type=int, default=10)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    asyncio.run(run(args.poll_timeout))


if __name__ == "__main__":
    main()
