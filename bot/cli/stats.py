"""`cchc-bot stats WARD [PERIOD]`: the report the bot sends, as plain text."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bot.cli.base import CommandGroup, Handler
from bot.cli.report import CONSOLE_USER, not_a_report, prog_of, report_service
from bot.render.plain import render_plain
from bot.services.reports import ReportReady, outcome_content

# The operator at the console sees every ward, as an admin would.
CLI_USER = CONSOLE_USER


class StatsCommand(CommandGroup):
    """`stats`."""

    name = "stats"

    @classmethod
    def add_parser(cls, subparsers: Any) -> None:
        stats = subparsers.add_parser("stats", help="số liệu một cửa của một phường")
        stats.add_argument(
            "words",
            nargs="+",
            metavar="PHƯỜNG [KỲ]",
            help="tên hoặc mã rút gọn của phường, rồi kỳ",
        )

    def actions(self) -> Mapping[str | None, Handler]:
        return {None: self.stats}

    async def stats(self, args: argparse.Namespace) -> int:
        """`stats WARD [PERIOD]`."""
        async with self.database(create=False) as db:
            reports = report_service(self.settings, db, CLI_USER, self.clock)
            outcome = await reports.ask(CLI_USER, " ".join(args.words))
        if isinstance(outcome, ReportReady):
            self.line(render_plain(outcome_content(outcome, self.lang), self.lang))
            return 0
        explained = not_a_report(
            outcome,
            self.lang,
            prog=prog_of(args),
            command=self.name,
            database=Path(self.settings.database_path),
        )
        print(explained, file=self.err)
        return 1
