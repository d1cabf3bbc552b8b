"""Benchmark: how long SIGTERM takes to stop `cchc-bot run` with a backlog in the outbox.

Fills a fresh database with N pending outbox messages to R chats, starts a real `cchc-bot run`
subprocess against the loopback Bot API stand-in (flood control on: ≈30 msg/s overall, 1 msg/s
per chat), waits until the deliverer has sent its first messages, sends SIGTERM and times the
exit. The deliverer stops between messages; the rows not sent stay pending for the next start.

    python bench/shutdown.py                      # 3.000 messages to 100 chats
    python bench/shutdown.py --messages 500

Baseline (before the deliverer stopped between messages): 149 s with such a backlog.
Target: at most 5 s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.outbox import fill, recipients_in_order  # noqa: E402
from bot.clock import SystemClock  # noqa: E402
from bot.domain.messages import OutboxState  # noqa: E402
from bot.standin.telegram import TelegramStandIn  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.outbox import SqliteOutbox  # noqa: E402

TOKEN = "123456:BENCH-TOKEN"
BASELINE_S = 149.0
TARGET_S = 5.0


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--recipients", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        db = await Database(path, SystemClock()).connect()
        await fill(db, recipients_in_order(args.messages, args.recipients, "interleaved"))
        await db.close()
        async with TelegramStandIn(TOKEN, flood_control=True) as tg:
            for chat in set(recipients_in_order(args.messages, args.recipients, "interleaved")):
                tg.add_chat(chat)
            env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "ZALO_"))}
            env |= {
                "BOT_TOKEN": TOKEN,
                "TELEGRAM_API_BASE_URL": tg.base_url,
                "TELEGRAM_API_FILE_URL": tg.base_file_url,
                "DATABASE_PATH": str(path),
                "PYTHONPATH": str(ROOT),
            }
            proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "run",
                cwd=tmp,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                await tg.wait_for_call("sendMessage", lambda c: c.ok, count=20, timeout=60)
                started = time.perf_counter()
                proc.send_signal(signal.SIGTERM)
                try:
                    await asyncio.wait_for(proc.wait(), 300)  # the stand-in answers meanwhile
                except TimeoutError:
                    proc.kill()
                elapsed = time.perf_counter() - started
            finally:
                if proc.returncode is None:
                    proc.kill()
                    await proc.wait()
        db = await Database(path, SystemClock()).connect()
        counts = await SqliteOutbox(db).counts_by_state()
        await db.close()
    print(
        f"SIGTERM to exit with {args.messages} messages queued: {elapsed:.2f} s"
        f" (exit status {proc.returncode}; sent {counts[OutboxState.SENT]},"
        f" still pending {counts[OutboxState.PENDING]})"
    )
    print(f"baseline {BASELINE_S:.0f} s, target <= {TARGET_S:.0f} s:", end=" ")
    print("met" if elapsed <= TARGET_S and proc.returncode == 0 else "NOT met")
    return 0 if elapsed <= TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
