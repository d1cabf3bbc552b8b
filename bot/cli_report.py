"""`cchc-bot report [WARD] [PERIOD] [--xlsx FILE]`: the desk's periodic table, as the bot sends it
with /baocao — written as an XLSX file, or printed as tab-separated text."""

from __future__ import annotations

import argparse
import asyncio
import html
import re
from pathlib import Path
from typing import Any, TextIO

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.domain.report import UnitReport, render_outcome
from bot.domain.texts import t
from bot.report_xlsx import field_items, header_rows, render_xlsx, table_rows
from bot.services.indicators import IndicatorService
from bot.services.reports import ReportReady, ReportService
from storage.db import Database
from storage.indicators import SqliteIndicatorCounts
from storage.staff import SqliteStaffRepository
from storage.units import SqliteUnitRepository

_LANG = "vi"
CONSOLE_USER = "cli"  # the operator at the console sees every unit, as an admin would
_TAG = re.compile(r"<[^>]+>")


def add_report_parser(subparsers: Any) -> None:
    """Add `report [WARD] [PERIOD] [--xlsx FILE]`."""
    report = subparsers.add_parser(
        "report",
        help="bảng báo cáo định kỳ của Bộ phận Một cửa (như /baocao)",
        description="Bảng theo lĩnh vực, tổng cộng và các chỉ số QĐ 766 của một đơn vị.",
    )
    report.add_argument(
        "words", nargs="*", metavar="WARD [PERIOD]", help="tên hoặc mã rút gọn của đơn vị, rồi kỳ"
    )
    report.add_argument("--xlsx", metavar="FILE", help="ghi bảng vào tệp XLSX")


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


def tab_separated(report: UnitReport, lang: str = _LANG) -> str:
    """The table as text: the two header rows, one row per field, the total."""
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


class ReportCli:
    """The `report` subcommand; streams and clock are injectable for tests."""

    def __init__(
        self, settings: Settings, out: TextIO, err: TextIO, clock: Clock | None = None
    ) -> None:
        self.settings = settings
        self.out = out
        self.err = err
        self.clock: Clock = clock or SystemClock()

    async def report(self, args: argparse.Namespace) -> int:
        """`report [WARD] [PERIOD] [--xlsx FILE]`."""
        db = await Database(self.settings.database_path).connect()
        try:
            service = report_service(self.settings, db, clock=self.clock)
            outcome = await service.ask(CONSOLE_USER, " ".join(args.words), detail=True)
            file = await service.report_file(outcome, _LANG) if args.xlsx else None
        finally:
            await db.close()
        if not isinstance(outcome, ReportReady):
            text = render_outcome(outcome, _LANG, command="baocao")
            print(html.unescape(_TAG.sub("", text)), file=self.err)
            return 1
        if file is None:
            print(tab_separated(outcome.report), file=self.out)
            return 0
        path = Path(args.xlsx)
        try:
            await asyncio.to_thread(path.write_bytes, file.content)
        except OSError as exc:
            print(t(_LANG, "cli.report_write_failed", path=path, error=exc), file=self.err)
            return 1
        print(t(_LANG, "cli.report_written", path=path, caption=file.caption), file=self.out)
        return 0
