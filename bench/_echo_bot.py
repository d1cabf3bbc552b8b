"""The baseline of bench/latency.py, burst.py and startup.py (not a benchmark itself): a bare
python-telegram-bot echo bot, an Application with one MessageHandler echoing the text.

Run as a child process: `python bench/_echo_bot.py [--limiter]`, with BOT_TOKEN,
TELEGRAM_API_BASE_URL and TELEGRAM_API_FILE_URL in the environment. `--limiter` adds PTB's
default `AIORateLimiter()`. Prints "ready" once it polls; SIGTERM or SIGINT stops it. It imports
nothing but python-telegram-bot, so that its start-up is the floor.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
from typing import Any

from telegram import Update
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, MessageHandler, filters


def build_echo(
    token: str, base_url: str, file_url: str, *, limiter: bool = False
) -> Application[Any, Any, Any, Any, Any, Any]:
    """The bare Application: one MessageHandler that answers a text with the same text."""
    builder = ApplicationBuilder().token(token).base_url(base_url).base_file_url(file_url)
    if limiter:
        builder = builder.rate_limiter(AIORateLimiter())  # type: ignore[arg-type]
    app = builder.build()

    async def echo(update: Update, _context: Any) -> None:
        message = update.effective_message
        if message is not None and message.text is not None:
            await message.reply_text(message.text)

    async def on_error(update: object, context: Any) -> None:
        """A refused reply (a 429 with no retries) is lost; the bench counts it on its side."""

    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.add_error_handler(on_error)
    return app


async def run(limiter: bool, poll_timeout: int) -> None:
    """Poll until SIGTERM/SIGINT, like `run_polling` does."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    app = build_echo(
        os.environ["BOT_TOKEN"],
        os.environ["TELEGRAM_API_BASE_URL"],
        os.environ.get("TELEGRAM_API_FILE_URL", "https://api.telegram.org/file/bot"),
        limiter=limiter,
    )
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(timeout=poll_timeout, allowed_updates=["message"])
        print("ready", flush=True)
        await stop.wait()
        await app.updater.stop()
        await app.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--limiter", action="store_true", help="PTB's default AIORateLimiter()")
    parser.add_argument("--poll-timeout", type=int, default=10)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    asyncio.run(run(args.limiter, args.poll_timeout))


if __name__ == "__main__":
    main()
