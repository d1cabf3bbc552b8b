"""The Vietnamese working-day calendar: weekends, public holidays, swapped and extra days.

Public holidays (Tết, Giỗ Tổ, 30/4, 1/5, 2/9 and its adjacent day, 24/11 from 2026, and the
announced substitute days off) come from the `holidays` package. It does not know the Saturdays
worked in exchange for a bridge day, nor local decisions, so those are tables here that a ward
can extend: `worked_saturdays` and `extra_days_off`. A ward that receives dossiers on Saturday
mornings (QĐ 14/2010/QĐ-TTg) counts Saturday as a (half) working day when `saturday_reception`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache

import holidays

from bot.domain.models import Unit

# Saturdays worked to bridge a holiday (the day off moves to the bridge day), from the annual
# notices of the Ministry of Home Affairs: 04/05/2024 (→ 29/04), 26/04/2025 (→ 02/05),
# 22/08/2026 (→ 31/08).
WORKED_SATURDAYS: frozenset[date] = frozenset(
    {date(2024, 5, 4), date(2025, 4, 26), date(2026, 8, 22)}
)


@cache
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("VN", years=year).keys())


@dataclass(frozen=True, slots=True)
class WorkCalendar:
    """Which days count as working days for deadlines."""

    worked_saturdays: frozenset[date] = WORKED_SATURDAYS
    extra_days_off: frozenset[date] = field(default_factory=frozenset)
    saturday_reception: bool = False

    @classmethod
    def with_overrides(
        cls,
        worked_saturdays: Iterable[date] = (),
        extra_days_off: Iterable[date] = (),
        *,
        saturday_reception: bool = False,
    ) -> WorkCalendar:
        """The national calendar plus local overrides."""
        return cls(
            worked_saturdays=WORKED_SATURDAYS | frozenset(worked_saturdays),
            extra_days_off=frozenset(extra_days_off),
            saturday_reception=saturday_reception,
        )

    def for_unit(self, unit: Unit | None) -> WorkCalendar:
        """This calendar as one ward sees it (with its Saturday-morning reception, if any)."""
        if unit is None or unit.saturday_reception == self.saturday_reception:
            return self
        return replace(self, saturday_reception=unit.saturday_reception)

    def is_holiday(self, day: date) -> bool:
        """A public holiday, substitute day off, or local extra day off."""
        return day in _public_holidays(day.year) or day in self.extra_days_off

    def is_working_day(self, day: date) -> bool:
        """Whether dossiers are processed on that day."""
        if self.is_holiday(day):
            return False
        weekday = day.weekday()
        if weekday == 5:
            return self.saturday_reception or day in self.worked_saturdays
        return weekday < 5

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def previous_working_day(self, day: date) -> date:
        """The last working day strictly before `day`."""
        day -= timedelta(days=1)
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def add_working_days(self, start: date, days: int) -> date:
        """The date `days` working days after `start` (before it when negative; 0 = start)."""
        step = self.next_working_day if days >= 0 else self.previous_working_day
        current = start
        for _ in range(abs(days)):
            current = step(current)
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count
