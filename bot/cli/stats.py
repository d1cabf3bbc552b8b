"""`cchc-bot stats WARD [PERIOD]`: the report the bot sends, as plain text."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Any

from bot.cli.base import CommandGroup, Handler
from bot.cli.report import CONSOLE_USER, report_service
from bot.domain.periods import FORMAT
from bot.domain.report import BadPeriod, UnknownWard
from bot.domain.texts import t
from bot.domain.ward_choices import WardQuestion
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
        match outcome:
            case ReportReady():
                self.line(render_plain(outcome_content(outcome, self.lang), self.lang))
                return 0
            case UnknownWard(query=query, suggestions=suggestions):
                names = ", ".join(f"{u.name} ({u.slug})" for u in suggestions[:3])
                suggest = t(self.lang, "cli.stats_suggest", names=names) if names else ""
                return self.fail(
                    "cli.stats_unknown_ward",
                    query=query,
                    path=self.settings.database_path,
                    suggest=suggest,
                )
            case BadPeriod(query=query, reason=reason):
                reason_text = "" if reason == FORMAT else t(self.lang, f"period.reason.{reason}")
                return self.fail("cli.stats_bad_period", query=query, reason=reason_text)
            case WardQuestion():
                print(render_plain(outcome_content(outcome, self.lang), self.lang), file=self.err)
                for line in pick_commands(outcome, self.lang):
                    print(line, file=self.err)
                return 1
        print(render_plain(outcome_content(outcome, self.lang), self.lang), file=self.err)
        return 1


def pick_commands(question: WardQuestion, lang: str) -> list[str]:
    """One numbered line per ward a /stats question offers, with the command that opens it."""
    period = f" {question.period}" if question.period else ""
    return [
        t(lang, "stats.pick_command", number=n, label=o.label, slug=o.unit.slug, period=period)
        for n, o in enumerate(question.options, start=1)
    ]
