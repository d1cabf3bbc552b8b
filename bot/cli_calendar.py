"""`cchc-bot calendar [YEAR]`: the working-day calendar the bot counts deadlines with.

An operator checks it before each Tết: every weekday off and every weekend day worked, month by
month, with its reason; a wrong day is fixed with EXTRA_WORKING_DAYS or EXTRA_DAYS_OFF.
"""

from __future__ import annotations

import argparse
import asyncio
from importlib.metadata import PackageNotFoundError, version
from typing import Any, TextIO

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.domain import fmt
from bot.domain.calendar import DayException, Why, year_exceptions
from bot.domain.texts import t

_LANG = "vi"
FIRST_YEAR, LAST_YEAR = 2000, 2100


def add_calendar_parser(subparsers: Any) -> None:
    """Add `calendar [YEAR]`."""
    calendar = subparsers.add_parser(
        "calendar",
        help="lịch ngày làm việc: ngày nghỉ trong tuần, ngày làm bù cuối tuần",
        description=(
            "In từng tháng các ngày nghỉ rơi vào ngày thường và các ngày cuối tuần phải đi làm, "
            "kèm lý do. Sửa bằng EXTRA_WORKING_DAYS hoặc EXTRA_DAYS_OFF."
        ),
    )
    calendar.add_argument("year", metavar="YEAR", nargs="?", help="năm (mặc định: năm nay)")


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
    off = sum(1 for i in items if not i.working and i.why is not Why.CANCELLED)
    worked = sum(1 for i in items if i.working)
    lines += ["", t(lang, "calendar.total", year=year, off=off, worked=worked)]
    return "\n".join(lines)


class CalendarCli:
    """The `calendar` subcommand; streams and clock are injectable for tests."""

    def __init__(
        self, settings: Settings, out: TextIO, err: TextIO, clock: Clock | None = None
    ) -> None:
        self.settings = settings
        self.out = out
        self.err = err
        self.clock: Clock = clock or SystemClock()

    async def dispatch(self, args: argparse.Namespace) -> int:
        """Run `calendar [YEAR]`."""
        if args.year is None:
            year = self.clock.now().astimezone(self.settings.tz).year
        elif args.year.isdigit() and FIRST_YEAR <= int(args.year) <= LAST_YEAR:
            year = int(args.year)
        else:
            print(
                t(_LANG, "calendar.bad_year", value=args.year, first=FIRST_YEAR, last=LAST_YEAR),
                file=self.err,
            )
            return 1
        calendar = self.settings.work_calendar()
        items = await asyncio.to_thread(year_exceptions, calendar, year)
        header = t(
            _LANG,
            "calendar.header",
            year=year,
            library=_library_version(),
            working=len(calendar.extra_working_days),
            off=len(calendar.extra_days_off),
        )
        print(render_year(year, items, _LANG, header), file=self.out)
        wards = await self._saturday_wards()
        if wards:
            print("\n" + t(_LANG, "calendar.saturday_wards", wards=", ".join(wards)), file=self.out)
        return 0

    async def _saturday_wards(self) -> list[str]:
        """Wards that count Saturdays in their deadlines (only from an existing database)."""
        path = self.settings.database_path
        if not await asyncio.to_thread(path.is_file):
            return []
        from storage.db import Database
        from storage.units import SqliteUnitRepository

        db = await Database(path).connect()
        try:
            units = await SqliteUnitRepository(db).all()
        finally:
            await db.close()
        return [u.name for u in units if u.saturday_deadlines]


def _library_version() -> str:
    try:
        return version("holidays")
    except PackageNotFoundError:  # pragma: no cover - the dependency is always installed
        return "?"
