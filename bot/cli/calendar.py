"""`cchc-bot calendar [YEAR]`: the working-day calendar the bot counts deadlines with.

An operator checks it before each Tết: every weekday off and every weekend day worked, month by
month, with its reason; a wrong day is fixed with EXTRA_WORKING_DAYS or EXTRA_DAYS_OFF.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from bot.cli.base import CommandGroup, Handler
from bot.domain import fmt
from bot.domain.calendar import DayException, year_exceptions
from bot.domain.fmt import is_digits
from bot.domain.texts import t
from storage.units import SqliteUnitRepository

FIRST_YEAR, LAST_YEAR = 2000, 2100


def describe(item: DayException, lang: str) -> str:
    """The reason of one exception, in words."""
    source = t(lang, "calendar.source", source=item.source) if item.source else ""
    other = ""
    if item.other is not None:
        other = f"{t(lang, f'weekday.{item.other.weekday()}')} {fmt.day(item.other, lang)}"
    return t(
        lang,
        f"calendar.reason.{item.why.value}",
        name=item.name or t(lang, "calendar.no_name"),
        other=other,
        source=source,
    )


def render_year(year: int, items: list[DayException], lang: str, header: str) -> str:
    """The year's exceptions month by month, then the totals."""
    lines = [header]
    month = 0
    for item in items:
        if item.day.month != month:
            month = item.day.month
            lines += ["", t(lang, "calendar.month", month=month)]
        state = t(lang, "calendar.worked" if item.working else "calendar.off")
        lines.append(
            t(
                lang,
                "calendar.line",
                day=fmt.day(item.day, lang),
                weekday=t(lang, f"weekday.{item.day.weekday()}"),
                state=state,
                reason=describe(item, lang),
            )
        )
    if not items:
        lines += ["", t(lang, "calendar.none")]
    off = sum(1 for i in items if not i.working)
    worked = sum(1 for i in items if i.working)
    lines += ["", t(lang, "calendar.total", year=year, off=off, worked=worked)]
    return "\n".join(lines)


class CalendarCommand(CommandGroup):
    """`calendar`."""

    name = "calendar"

    @classmethod
    def add_parser(cls, subparsers: Any) -> None:
        calendar = subparsers.add_parser(
            "calendar",
            help="lịch ngày làm việc: ngày nghỉ trong tuần, ngày làm bù cuối tuần",
            description=(
                "In từng tháng các ngày nghỉ rơi vào ngày thường và các ngày cuối tuần phải đi "
                "làm, kèm lý do. Sửa bằng EXTRA_WORKING_DAYS hoặc EXTRA_DAYS_OFF."
            ),
        )
        calendar.add_argument("year", metavar="NĂM", nargs="?", help="năm (mặc định: năm nay)")

    def actions(self) -> Mapping[str | None, Handler]:
        return {None: self.calendar}

    async def calendar(self, args: argparse.Namespace) -> int:
        """`calendar [YEAR]`."""
        if args.year is None:
            year = self.clock.now().astimezone(self.settings.tz).year
        elif is_digits(args.year) and FIRST_YEAR <= int(args.year) <= LAST_YEAR:
            year = int(args.year)
        else:
            return self.fail("calendar.bad_year", value=args.year, first=FIRST_YEAR, last=LAST_YEAR)
        calendar = self.settings.work_calendar()
        items = await asyncio.to_thread(year_exceptions, calendar, year)
        header = t(
            self.lang,
            "calendar.header",
            year=year,
            library=_library_version(),
            working=len(calendar.extra_working_days),
            off=len(calendar.extra_days_off),
        )
        self.line(render_year(year, items, self.lang, header))
        wards = await self._saturday_wards()
        if wards:
            self.line("\n" + t(self.lang, "calendar.saturday_wards", wards=", ".join(wards)))
        return 0

    async def _saturday_wards(self) -> list[str]:
        """Wards that count Saturdays in their deadlines (from an existing database only)."""
        if not await asyncio.to_thread(Path(self.settings.database_path).is_file):
            return []
        async with self.database(create=False) as db:
            units = await SqliteUnitRepository(db).all()
        return [u.name for u in units if u.saturday_deadlines]


def _library_version() -> str:
    try:
        return version("holidays")
    except PackageNotFoundError:  # pragma: no cover - the dependency is always installed
        return "?"
