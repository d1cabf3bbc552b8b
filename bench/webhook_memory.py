"""Benchmark: the bot's memory under hostile webhook bodies (nobody signed them).

Starts a real `cchc-bot run --webhook` against the loopback Bot API stand-in, then posts to
`/zalo/webhook` and `/telegram/webhook`:
  1. one 200 MB body with a made-up signature, streamed without Content-Length (chunked);
  2. the same with a Content-Length header;
  3. 30 parallel 20 MB bodies, streamed;
and samples the bot process's resident memory (psutil, every 5 ms) while it runs. Prints the
statuses, how many bodies were refused, the peak RSS and its growth over the idle bot.

    python bench/webhook_memory.py

Baseline (before bounded reading): +799 MB for one 200 MB post, 894 MB for 30 × 20 MB.
Target: growth of a few megabytes.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.standin.telegram import TelegramStandIn  # noqa: E402

TOKEN = "123456:BENCH-TOKEN"
MB = 1024 * 1024
CHUNK = 64 * 1024


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Sampler(threading.Thread):
    """Peak RSS of one process, sampled in the background."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.process = psutil.Process(pid)
        self.peak = 0
        self.running = True

    def run(self) -> None:
        while self.running:
            try:
                self.peak = max(self.peak, self.process.memory_info().rss)
            except psutil.Error:
                return
            threading.Event().wait(0.005)


async def body(size: int) -> AsyncIterator[bytes]:
    block = b"x" * CHUNK
    sent = 0
    while sent < size:
        yield block
        sent += len(block)


async def post(client: httpx.AsyncClient, url: str, size: int, *, length: bool) -> str:
    headers = {"X-ZEvent-Signature": "mac=" + "0" * 64, "Content-Type": "application/json"}
    headers["X-Telegram-Bot-Api-Secret-Token"] = "bench_SECRET"
    if length:
        headers["Content-Length"] = str(size)
    try:
        response = await client.post(url, content=body(size), headers=headers)
    except httpx.HTTPError as err:  # the server closed the connection on us: refused
        return f"closed ({type(err).__name__})"
    return str(response.status_code)


async def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        async with TelegramStandIn(TOKEN) as tg:
            env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "ZALO_"))}
            env |= {
                "BOT_TOKEN": TOKEN,
                "TELEGRAM_API_BASE_URL": tg.base_url,
                "TELEGRAM_API_FILE_URL": tg.base_file_url,
                "DATABASE_PATH": str(Path(tmp) / "bench.sqlite3"),
                "HTTP_PORT": str(port),
                "WEBHOOK_URL": f"http://127.0.0.1:{port}",
                "WEBHOOK_SECRET": "bench_SECRET",
                "PYTHONPATH": str(ROOT),
            }
            proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "run",
                "--webhook",
                cwd=tmp,
                env=env,
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.DEVNULL,
            )
            try:
                await tg.wait_for_call("setWebhook", timeout=60)
                idle = psutil.Process(proc.pid).memory_info().rss
                base = f"http://127.0.0.1:{port}"
                results: list[tuple[str, str, int]] = []
                async with httpx.AsyncClient(timeout=60) as client:
                    for path in ("/zalo/webhook", "/telegram/webhook"):
                        for length in (False, True):
                            sampler = Sampler(proc.pid)
                            sampler.start()
                            status = await post(client, base + path, 200 * MB, length=length)
                            sampler.running = False
                            sampler.join()
                            how = "Content-Length" if length else "chunked"
                            label = f"1 x 200 MB to {path} ({how})"
                            results.append((label, status, sampler.peak))
                    sampler = Sampler(proc.pid)
                    sampler.start()
                    statuses = await asyncio.gather(
                        *(
                            post(client, base + "/zalo/webhook", 20 * MB, length=False)
                            for _ in range(30)
                        )
                    )
                    sampler.running = False
                    sampler.join()
                    counted = ", ".join(f"{n} x {s}" for s, n in Counter(statuses).items())
                    results.append(
                        ("30 x 20 MB to /zalo/webhook in parallel", counted, sampler.peak)
                    )
                    health = await client.get(base + "/healthz")
            finally:
                proc.terminate()
                await proc.wait()
    print(f"idle bot: {idle / MB:.1f} MB RSS")
    for label, status, peak in results:
        print(f"{label}: {status}; peak {peak / MB:.1f} MB RSS (+{(peak - idle) / MB:.1f} MB)")
    print(f"/healthz afterwards: {health.status_code} {health.text}")
    print("baseline: +799 MB (one 200 MB post), 894 MB (30 x 20 MB); target: a few MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
