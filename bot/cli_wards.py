"""`cchc-bot ward import FILE`: load an official list of units (CSV or XLSX), all or nothing;
and the console's way of offering the wards a /stats question lists."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import Any, TextIO

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.domain.texts import t
from bot.domain.ward_choices import WardQuestion
from bot.domain.ward_import import (
    HEADER,
    RowProblem,
    UnitImportPlan,
    header_columns,
    parse_rows,
    plan_import,
)
from bot.tabular import TableError, open_table
from storage.db import Database
from storage.units import SqliteUnitRepository

_LANG = "vi"


def add_ward_import_parser(ward_subparsers: Any) -> None:
    """Add `ward import FILE` to the `ward` subcommands."""
    columns = ",".join(HEADER)
    ward_import = ward_subparsers.add_parser(
        "import",
        help="nhập danh sách đơn vị hành chính chính thức (CSV)",
        description=(
            f"Dòng tiêu đề: {columns}. kind: phường, xã, đặc khu, thị trấn, tỉnh, thành phố, "
            "quận, huyện, thị xã. Ngày: yyyy-mm-dd hoặc dd/mm/yyyy. predecessors: mã các đơn vị "
            "tiền thân, cách nhau bởi ';'. Nhập lại cùng tệp thì cập nhật, không tạo trùng."
        ),
    )
    ward_import.add_argument("file", metavar="FILE")


def pick_commands(question: WardQuestion, lang: str) -> list[str]:
    """One numbered line per ward a /stats question offers, with the command that opens it."""
    period = f" {question.period}" if question.period else ""
    return [
        t(lang, "stats.pick_command", number=n, label=o.label, slug=o.unit.slug, period=period)
        for n, o in enumerate(question.options, start=1)
    ]


class WardsCli:
    """The `ward import` subcommand; streams and clock are injectable for tests."""

    def __init__(
        self, settings: Settings, out: TextIO, err: TextIO, clock: Clock | None = None
    ) -> None:
        self.settings = settings
        self.out = out
        self.err = err
        self.clock: Clock = clock or SystemClock()

    def _fail(self, key: str, **values: object) -> int:
        print(t(_LANG, key, **values), file=self.err)
        return 1

    async def import_file(self, args: argparse.Namespace) -> int:
        """`ward import FILE`: check every row, then write them all in one transaction."""
        path = Path(args.file)
        if not await asyncio.to_thread(path.is_file):
            return self._fail("ward_import.not_found", path=path)
        db = await Database(self.settings.database_path).connect()
        try:
            units = SqliteUnitRepository(db)
            existing = await units.all()
            try:
                outcome = await asyncio.to_thread(_read_and_plan, path, existing)
            except TableError:
                return self._fail("ward_import.unreadable", path=path.name)
            if not isinstance(outcome, UnitImportPlan):
                for problem in outcome:
                    print(problem.render(_LANG), file=self.err)
                return self._fail("ward_import.failed", path=path.name, count=len(outcome))
            await units.apply_import(outcome, self.clock.now())
        finally:
            await db.close()
        print(
            t(
                _LANG,
                "ward_import.done",
                path=path.name,
                new=outcome.new,
                updated=outcome.updated,
                unchanged=outcome.unchanged,
            ),
            file=self.out,
        )
        return 0


def _read_and_plan(path: Path, existing: list[Any]) -> UnitImportPlan | list[RowProblem]:
    with open_table(path) as table:
        columns = header_columns(table.header, table.header_line)
        if isinstance(columns, RowProblem):
            return [columns]
        rows, problems = parse_rows(table.rows, columns)
    planned = plan_import(rows, existing)
    if problems:
        later = planned if isinstance(planned, list) else []
        return sorted(problems + later, key=lambda p: p.line)
    return planned
