"""`cchc-bot run` (the bot, until SIGINT/SIGTERM) and `cchc-bot demo` (the offline demo)."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bot.cli.base import CommandGroup, Handler
from bot.cli.safety import redact, secrets_of
from storage.secrets import SecretKeyError


class RunCommand(CommandGroup):
    """`run [--webhook]`."""

    name = "run"

    @classmethod
    def add_parser(cls, subparsers: Any) -> None:
        run = subparsers.add_parser("run", help="chạy bot (long polling)")
        run.add_argument(
            "--webhook", action="store_true", help="nhận tin Telegram qua webhook (WEBHOOK_URL)"
        )

    def actions(self) -> Mapping[str | None, Handler]:
        return {None: self.run}

    async def run(self, args: argparse.Namespace) -> int:
        """The bot, by long polling or on its webhook, until SIGINT/SIGTERM."""
        # python-telegram-bot only for the commands that run the bot: every other command
        # (an import of a million rows among them) starts without it.
        from telegram.error import InvalidToken, TelegramError

        from bot.app.run import run_telegram

        if self.settings.bot_token is None:
            return self.fail("cli.no_token")
        webhook = bool(getattr(args, "webhook", False))
        if webhook and (not self.settings.webhook_url or self.settings.webhook_secret is None):
            return self.fail("cli.webhook_missing")
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        self.say("cli.running")
        try:
            await run_telegram(self.settings, stop, webhook=webhook)
        except InvalidToken:
            # PTB's own message carries the token: never printed.
            return self.fail("cli.token_rejected")
        except SecretKeyError as err:
            return self.fail("cli.secret_key_bad", detail=str(err))
        except (TelegramError, OSError) as err:
            detail = redact(f"{type(err).__name__}: {err}", secrets_of(self.settings))
            return self.fail("cli.telegram_failed", detail=detail)
        self.say("cli.stopped")
        return 0


class DemoCommand(CommandGroup):
    """`demo [--db] [--fresh]`."""

    name = "demo"

    @classmethod
    def add_parser(cls, subparsers: Any) -> None:
        demo = subparsers.add_parser(
            "demo", help="bản thử ngoại tuyến: không cần token, không cần mạng"
        )
        demo.add_argument(
            "--db",
            help="tệp SQLite của bản thử (như --db trước demo; mặc định: data/demo.sqlite3)",
        )
        demo.add_argument("--fresh", action="store_true", help="tạo lại dữ liệu mẫu từ đầu")

    def actions(self) -> Mapping[str | None, Handler]:
        return {None: self.demo}

    async def demo(self, args: argparse.Namespace) -> int:
        """The offline demo (no token, no network)."""
        from bot.demo.chat import run_demo

        return await run_demo(
            self.settings,
            database=demo_database(args),
            fresh=args.fresh,
            stdin=sys.stdin,
            out=self.out,
        )


def demo_database(args: argparse.Namespace) -> Path | None:
    """The demo's database: `demo --db PATH`, else the global `--db PATH` (never DATABASE_PATH:
    the demo does not write its sample data into the live database); None for the default."""
    chosen = getattr(args, "db", None) or getattr(args, "database", None)
    return Path(chosen) if chosen else None


def demo_log(args: argparse.Namespace) -> Path:
    """Where the demo's log goes: beside its database, as the terminal is the demo's chat."""
    from bot.demo.chat import DEFAULT_DB

    return (demo_database(args) or DEFAULT_DB).with_suffix(".log")
