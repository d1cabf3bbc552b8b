"""The `cchc-bot` command line: one module per command group, one dispatch table.

Every subcommand reads the same Settings, applies pending migrations when it opens the database,
writes errors to standard error and exits non-zero on failure.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Coroutine, Sequence
from pathlib import Path
from typing import Any, TextIO

from bot.cli.aggregates import AggregatesCommands
from bot.cli.apology import ApologyCommands
from bot.cli.backup import BackupCommand, RestoreCommand
from bot.cli.base import CommandGroup
from bot.cli.calendar import CalendarCommand
from bot.cli.imports import ImportCommand
from bot.cli.jobs import JobsCommands
from bot.cli.parser import ViArgumentParser
from bot.cli.report import ReportCommand
from bot.cli.run import DemoCommand, RunCommand, demo_log
from bot.cli.safety import env_file_warning, install_redaction
from bot.cli.staff import StaffCommands
from bot.cli.stats import StatsCommand
from bot.cli.wards import WardCommands
from bot.cli.zalo import ZaloCommands
from bot.config import Settings
from bot.domain.texts import t

# The dispatch table: the order is the order of `cchc-bot --help`.
GROUPS: tuple[type[CommandGroup], ...] = (
    RunCommand,
    ZaloCommands,
    DemoCommand,
    WardCommands,
    StaffCommands,
    ImportCommand,
    StatsCommand,
    AggregatesCommands,
    ReportCommand,
    JobsCommands,
    ApologyCommands,
    CalendarCommand,
    BackupCommand,
    RestoreCommand,
)
_BY_NAME = {group.name: group for group in GROUPS}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (the contract in README's command table)."""
    parser = ViArgumentParser(
        prog="cchc-bot", description="Trợ lý cải cách hành chính cho phường (Telegram, Zalo)."
    )
    parser.add_argument(
        "--db",
        dest="database",
        metavar="PATH",
        help="tệp cơ sở dữ liệu SQLite (thay cho DATABASE_PATH)",
    )
    sub = parser.add_subparsers(dest="command", required=True, title="lệnh", metavar="LỆNH")
    for group in GROUPS:
        group.add_parser(sub)
    return parser


def dispatch(
    args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO
) -> Coroutine[Any, Any, int]:
    """The coroutine that runs the parsed command."""
    database = getattr(args, "database", None)
    if database:
        settings = settings.model_copy(update={"database_path": Path(database)})
    return _BY_NAME[args.command](settings, out, err).execute(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `cchc-bot` and `python -m bot`."""
    args = build_parser().parse_args(argv)
    # The running bot logs its work; one-shot commands stay quiet; the demo's terminal is its
    # chat, so its warnings go to a file beside its database (opened only if one comes).
    handlers: list[logging.Handler] | None = None
    if args.command == "demo":
        handlers = [logging.FileHandler(demo_log(args), encoding="utf-8", delay=True)]
    logging.basicConfig(
        level=logging.INFO if args.command == "run" else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=handlers,
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    env_file = Path(".env")
    loose = env_file_warning(env_file)
    if loose is not None:
        print(t("vi", "cli.env_readable", path=env_file, mode=loose), file=sys.stderr)
    settings = Settings()
    install_redaction(settings)
    try:
        return asyncio.run(dispatch(args, settings, sys.stdout, sys.stderr))
    except BrokenPipeError:
        # The reader went away (`cchc-bot stats … | head`): stop quietly, as other tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
