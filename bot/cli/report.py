"""`cchc-bot report [WARD] [PERIOD] [--xlsx FILE]`: the desk's periodic table, as the bot sends it
with /baocao — written as an XLSX file, or printed as tab-separated text."""

from __future__ import annotations

import argparse
import asyncio
import shlex
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bot.cli.base import CommandGroup, Handler
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.domain import fmt
from bot.domain.messages import Text
from bot.domain.periods import FORMAT
from bot.domain.report import (
    MAX_SUGGESTIONS,
    BadPeriod,
    ChooseUnit,
    MissingWard,
    ReportOutcome,
    UnitReport,
    UnknownWard,
    outcome_content,
)
from bot.domain.texts import t
from bot.domain.ward_choices import WardQuestion, lookup_key, lookup_values
from bot.render.lazy import render_xlsx
from bot.render.plain import render_plain
from bot.render.report_table import Quantity, Share, field_items, header_rows, table_rows
from bot.services.indicators import IndicatorService
from bot.services.reports import ReportReady, ReportService
from storage.db import Database
from storage.indicators import SqliteIndicatorCounts
from storage.staff import SqliteStaffRepository
from storage.units import SqliteUnitRepository

CONSOLE_USER = "cli"  # the operator at the console sees every unit, as an admin would


def report_service(
    settings: Settings, db: Database, user: str = CONSOLE_USER, clock: Clock | None = None
) -> ReportService:
    """The report use-case over one open database, for a console user who sees every unit."""
    return ReportService(
        units=SqliteUnitRepository(db),
        indicators=IndicatorService(
            SqliteIndicatorCounts(db), settings.tz, settings.work_calendar()
        ),
        staff=SqliteStaffRepository(db),
        clock=clock or SystemClock(),
        tz=settings.tz,
        admin_ids=frozenset({user}),
        render_xlsx=render_xlsx,
    )


UNITS_LISTED = 12  # units named when a command names none


def prog_of(args: argparse.Namespace) -> str:
    """How the command was called, to repeat in a suggested command: with the global
    `--db PATH` when one was given, so the suggestion reads the same database."""
    database = getattr(args, "database", None)
    return f"cchc-bot --db {shlex.quote(database)}" if database else "cchc-bot"


def not_a_report(
    outcome: ReportOutcome, lang: str, *, prog: str, command: str, database: Path, tail: str = ""
) -> str:
    """A report request's outcome other than a report, worded for the command line: the
    commands to type where the chat has buttons and slash commands. `command` is the
    subcommand (`stats`, `report`), `tail` what follows the ward and period (` --xlsx F`)."""
    match outcome:
        case UnknownWard(query=query, suggestions=suggestions):
            names = ", ".join(f"{u.name} ({u.slug})" for u in suggestions[:MAX_SUGGESTIONS])
            suggest = t(lang, "cli.stats_suggest", names=names) if names else ""
            return t(
                lang,
                "cli.stats_unknown_ward",
                query=query,
                path=database,
                suggest=suggest,
                prog=prog,
            )
        case BadPeriod(query=query, reason=reason):
            reason_text = "" if reason == FORMAT else t(lang, f"period.reason.{reason}")
            return t(
                lang,
                "cli.stats_bad_period",
                query=query,
                reason=reason_text,
                prog=prog,
                command=command,
            )
        case WardQuestion() as question:
            lookup = question.lookup
            key = lookup_key("cli.stats_ward_", lookup)
            head = render_plain(Text(key, lookup_values(lookup, lang)), lang)
            period = f" {question.period}" if question.period else ""
            lines = [
                t(
                    lang,
                    "cli.stats_pick",
                    label=o.label,
                    line=f"{prog} {command} {o.unit.slug}{period}{tail}",
                )
                for o in question.options
            ]
            return "\n".join([head, *lines])
        case ChooseUnit(units=units, period_text=period_text):
            shown = units[:UNITS_LISTED]
            names = ", ".join(f"{u.name} ({u.slug})" for u in shown)
            if len(units) > len(shown):
                names += t(
                    lang, "stats.choose_more", count=fmt.number(len(units) - len(shown), lang)
                )
            example = " ".join(p for p in (shown[0].slug if shown else "cautre", period_text) if p)
            return t(
                lang, "cli.stats_choose", line=f"{prog} {command} {example}{tail}", units=names
            )
        case MissingWard():
            return t(lang, "cli.stats_no_ward", line=f"{prog} {command} cautre 2022{tail}")
    # What is left is refused to the console's operator, who sees every unit: never met.
    return render_plain(outcome_content(outcome, lang, command=command), lang)


def tab_separated(report: UnitReport, lang: str) -> str:
    """The table as text: the two header rows, one row per field, the total."""
    top, bottom = header_rows("field", lang)
    rows = [
        top,
        bottom,
        *table_rows(field_items(report.figures, lang), report.figures.dossiers, lang),
    ]

    def cell(value: object) -> str:
        if isinstance(value, Share):
            return fmt.rate(value.value, lang)
        if isinstance(value, Quantity):
            return fmt.decimal(value.value, lang)
        return "" if value is None else str(value)

    return "\n".join("\t".join(cell(v) for v in row) for row in rows)


class ReportCommand(CommandGroup):
    """`report [WARD] [PERIOD] [--xlsx FILE]`."""

    name = "report"

    @classmethod
    def add_parser(cls, subparsers: Any) -> None:
        report = subparsers.add_parser(
            "report",
            help="bảng báo cáo định kỳ của Bộ phận Một cửa (như /baocao)",
            description="Bảng theo lĩnh vực, tổng cộng và các chỉ số QĐ 766 của một đơn vị.",
        )
        report.add_argument(
            "words",
            nargs="*",
            metavar="ĐƠN_VỊ [KỲ]",
            help="tên hoặc mã rút gọn của đơn vị, rồi kỳ",
        )
        report.add_argument("--xlsx", metavar="TỆP", help="ghi bảng vào tệp XLSX")

    def actions(self) -> Mapping[str | None, Handler]:
        return {None: self.report}

    async def report(self, args: argparse.Namespace) -> int:
        """`report [WARD] [PERIOD] [--xlsx FILE]`."""
        async with self.database(create=False) as db:
            service = report_service(self.settings, db, clock=self.clock)
            outcome = await service.ask(CONSOLE_USER, " ".join(args.words), detail=True)
            file = await service.report_file(outcome, self.lang) if args.xlsx else None
        if not isinstance(outcome, ReportReady):
            tail = f" --xlsx {shlex.quote(args.xlsx)}" if args.xlsx else ""
            explained = not_a_report(
                outcome,
                self.lang,
                prog=prog_of(args),
                command=self.name,
                database=Path(self.settings.database_path),
                tail=tail,
            )
            print(explained, file=self.err)
            return 1
        if file is None:
            self.line(tab_separated(outcome.report, self.lang))
            return 0
        path = Path(args.xlsx)
        try:
            await asyncio.to_thread(path.write_bytes, file.content)
        except OSError as exc:
            return self.fail("cli.report_write_failed", path=path, error=exc)
        self.say("cli.report_written", path=path, caption=file.caption)
        return 0
