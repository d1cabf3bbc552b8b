"""`cchc-bot report [WARD] [PERIOD] [--xlsx FILE]`: the desk's periodic table, as the bot sends it
with /baocao — written as an XLSX file, or printed as tab-separated text."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bot.cli.base import CommandGroup, Handler
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.domain.report import UnitReport, render_outcome
from bot.render.plain import to_plain
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
        render_xlsx=_render_xlsx,
    )


def _render_xlsx(report: UnitReport, lang: str) -> bytes:
    """The desk's XLSX table (openpyxl loaded only when a file is made)."""
    from bot.render.report_xlsx import render_xlsx

    return render_xlsx(report, lang)


def tab_separated(report: UnitReport, lang: str) -> str:
    """The table as text: the two header rows, one row per field, the total."""
    from bot.render.report_xlsx import field_items, header_rows, table_rows

    top, bottom = header_rows("field", lang)
    rows = [
        top,
        bottom,
        *table_rows(field_items(report.figures, lang), report.figures.dossiers, lang),
    ]

    def cell(value: object) -> str:
        if isinstance(value, float):
            return f"{value * 100:.2f}%".replace(".", ",")
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
            print(to_plain(render_outcome(outcome, self.lang, command="baocao")), file=self.err)
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
