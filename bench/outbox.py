"""Benchmark: drain a full outbox through PTB and the bot's rate limiter into a flood-controlled
stand-in.

Enqueues N messages to R private chats in a fresh database, starts the Bot API stand-in with
`flood_control=True` (≈30 msg/s overall, 1 msg/s per chat, real monotonic clock), builds a real
PTB `ExtBot` with the bot's own limiter (handlers/telegram/limiter.py: RATE msg/s overall with
bursts of BURST; `--limiter aio` for PTB's `AIORateLimiter` instead) pointed at it, runs the
production `Deliverer.run()` loop until nothing is pending, and prints the wall time against the
theoretical minimum and the number of 429s the stand-in answered (target: 0, and within 10% of
N / RATE).

    python bench/outbox.py                          # 3.000 messages to 100 chats (~2 minutes)
    python bench/outbox.py --messages 300 --rate 30  # a quick try
    python bench/outbox.py --order grouped          # each chat's messages enqueued together
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from telegram.ext import AIORateLimiter, BaseRateLimiter, ExtBot  # noqa: E402
from telegram.request import HTTPXRequest  # noqa: E402

from bot.clock import SystemClock  # noqa: E402
from bot.domain.messages import OutboxState, OutgoingMessage  # noqa: E402
from bot.services.outbox import Deliverer  # noqa: E402
from bot.standin.telegram import TelegramStandIn  # noqa: E402
from handlers.telegram.limiter import PriorityRateLimiter  # noqa: E402
from handlers.telegram.sender import TelegramSender  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.outbox import SqliteOutbox, enqueue_in  # noqa: E402

TOKEN = "123456:BENCH-TOKEN"
FIRST_CHAT = 100_000
CHUNK = 500  # rows per enqueue transaction


def recipients_in_order(messages: int, recipients: int, order: str) -> list[int]:
    """The chat of each message, interleaved (round robin) or grouped by chat."""
    if order == "interleaved":
        return [FIRST_CHAT + i % recipients for i in range(messages)]
    per_chat = -(-messages // recipients)
    return [FIRST_CHAT + i // per_chat for i in range(messages)]


async def fill(db: Database, chats: list[int]) -> None:
    """Enqueue one message per entry of `chats`, in transactions of CHUNK rows."""
    now = datetime.now(UTC)
    for start in range(0, len(chats), CHUNK):
        async with db.transaction() as conn:
            for i in range(start, min(start + CHUNK, len(chats))):
                text = f"<b>Thông báo {i + 1}</b>: hồ sơ của bạn đã được cập nhật."
                message = OutgoingMessage("telegram", str(chats[i]), text)
                await enqueue_in(conn, f"bench:{i}", message, now, now)


async def bench(args: argparse.Namespace) -> int:
    """Run one benchmark; returns the process exit status."""
    chats = recipients_in_order(args.messages, args.recipients, args.order)
    per_chat_max = max(chats.count(c) for c in set(chats))
    with tempfile.TemporaryDirectory() as folder:
        db = await Database(Path(folder) / "bench.sqlite3", SystemClock()).connect()
        try:
            await fill(db, chats)
            store = SqliteOutbox(db)
            async with TelegramStandIn(TOKEN, flood_control=True) as tg:
                for chat in set(chats):
                    tg.add_chat(chat)
                limiter: BaseRateLimiter[int]
                if args.limiter == "aio":
                    limiter = AIORateLimiter(
                        overall_max_rate=args.burst,
                        overall_time_period=args.burst / args.rate,
                        max_retries=0,
                    )
                else:
                    limiter = PriorityRateLimiter(
                        overall_rate=args.rate, overall_burst=args.burst, max_retries=0
                    )
                bot = ExtBot(
                    TOKEN,
                    base_url=tg.base_url,
                    base_file_url=tg.base_file_url,
                    rate_limiter=limiter,
                    request=HTTPXRequest(connection_pool_size=args.concurrency + 4),
                )
                async with bot:
                    deliverer = Deliverer(
                        store,
                        {"telegram": TelegramSender(bot)},
                        SystemClock(),
                        min_interval=args.interval,
                        concurrency=args.concurrency,
                        batch=args.batch,
                    )
                    stop, wake = asyncio.Event(), asyncio.Event()
                    started = time.monotonic()
                    runner = asyncio.create_task(deliverer.run(stop, wake, idle_interval=0.5))
                    while True:
                        counts = await store.counts_by_state()
                        if counts[OutboxState.PENDING] == 0 or runner.done():
                            break
                        await asyncio.sleep(0.05)
                    elapsed = time.monotonic() - started
                    stop.set()
                    await runner
                refusals = sum(1 for c in tg.calls if c.http_status == 429)
                sends = len(tg.calls_to("sendMessage"))
        finally:
            await db.close()

    overall_min = args.messages / args.rate
    per_chat_min = (per_chat_max - 1) * args.interval
    bound = max(overall_min, per_chat_min)
    print(f"messages           {args.messages} to {len(set(chats))} chats ({args.order})")
    print(
        f"limiter            {args.limiter} {args.rate:g} msg/s, bucket {args.burst:g};"
        f" pacer {args.interval:g} s per chat"
    )
    print(
        f"sent / dead        {counts[OutboxState.SENT]} / {counts[OutboxState.DEAD]}"
        f"  (sendMessage calls: {sends})"
    )
    print(f"wall time          {elapsed:.2f} s")
    print(f"overall bound      {overall_min:.2f} s  ({args.messages} / {args.rate:g} msg/s)")
    print(
        f"per-chat bound     {per_chat_min:.2f} s  ({per_chat_max} per chat,"
        f" {args.interval:g} s apart)"
    )
    print(f"ratio              {elapsed / bound:.3f}  (wall / max(bounds); target <= 1.10)")
    print(f"throughput         {counts[OutboxState.SENT] / elapsed:.2f} msg/s")
    print(f"429s answered      {refusals}")
    ok = refusals == 0 and elapsed <= bound * 1.10 and counts[OutboxState.SENT] == args.messages
    return 0 if ok else 1


def main() -> int:
    """Parse the options and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--recipients", type=int, default=100)
    parser.add_argument("--rate", type=float, default=29.0, help="overall msg/s")
    parser.add_argument("--burst", type=float, default=25.0, help="limiter bucket size")
    parser.add_argument("--limiter", choices=("ours", "aio"), default="ours")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between 2 per chat")
    parser.add_argument("--order", choices=("interleaved", "grouped"), default="interleaved")
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    return asyncio.run(bench(args))


if __name__ == "__main__":
    raise SystemExit(main())
