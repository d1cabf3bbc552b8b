"""`cchc-bot aggregates rebuild|check`: the daily aggregates every report reads."""

from __future__ import annotations

import argparse
import time
from collections.abc import Mapping
from datetime import timedelta
from fractions import Fraction
from typing import Any

from bot.cli.base import CommandGroup, Handler
from bot.domain import fmt
from storage.dossier_days import SqliteDossierDays, Summary


def utc_label(offset: int) -> str:
    """An offset in seconds as UTC+07:00."""
    sign = "-" if offset < 0 else "+"
    hours, rest = divmod(abs(offset), 3600)
    return f"UTC{sign}{hours:02d}:{rest // 60:02d}"


class AggregatesCommands(CommandGroup):
    """The `aggregates` actions."""

    name = "aggregates"

    @classmethod
    def add_parser(cls, subparsers: Any) -> None:
        """`aggregates rebuild` and `aggregates check`."""
        actions = subparsers.add_parser(
            "aggregates", help="số liệu tổng hợp theo ngày mà các báo cáo đọc"
        ).add_subparsers(dest="action", required=True)
        actions.add_parser(
            "rebuild",
            help="tính lại toàn bộ từ các hồ sơ, theo múi giờ TIMEZONE"
            " (sau khi sửa cơ sở dữ liệu bằng tay hoặc đổi TIMEZONE)",
        )
        actions.add_parser("check", help="so với các hồ sơ, không ghi gì")

    def actions(self) -> Mapping[str | None, Handler]:
        return {"rebuild": self.rebuild, "check": self.check}

    def _offset(self) -> int:
        moment = self.clock.now().astimezone(self.settings.tz).utcoffset()
        return int((moment or timedelta()).total_seconds())

    async def rebuild(self, args: argparse.Namespace) -> int:
        """Recompute every unit's aggregates from the dossiers."""
        async with self.database(create=False) as db:
            started = time.perf_counter()
            done = await SqliteDossierDays(db).rebuild(self._offset())
            seconds = Fraction(round((time.perf_counter() - started) * 100), 100)
        self.say(
            "cli.aggregates_rebuilt",
            **self._values(done),
            seconds=fmt.decimal(seconds, self.lang),
        )
        return 0

    async def check(self, args: argparse.Namespace) -> int:
        """Whether the aggregates match the dossiers (exit 1 when not)."""
        async with self.database(create=False) as db:
            found = await SqliteDossierDays(db).check()
        if found.differing:
            return self.fail("cli.aggregates_differ", **self._values(found))
        if found.utc_offset != self._offset():
            return self.fail(
                "cli.aggregates_other_zone", **self._values(found), tz=self.settings.timezone
            )
        self.say("cli.aggregates_ok", **self._values(found))
        return 0

    def _values(self, found: Summary) -> dict[str, str]:
        return {
            "units": fmt.number(found.units, self.lang),
            "dossiers": fmt.number(found.dossiers, self.lang),
            "rows": fmt.number(found.rows, self.lang),
            "differing": fmt.number(found.differing, self.lang),
            "zone": utc_label(found.utc_offset),
        }
