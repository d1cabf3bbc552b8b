"""The Vietnamese working-day calendar: weekends, public holidays, swapped and extra days.

Public holidays (Tết, Giỗ Tổ, 30/4, 1/5, 2/9 and its adjacent day, 24/11 from 2026, and the
announced substitute days off) come from the `holidays` package (>= 0.106: older versions lack
24/11 and the 2025/2026 swaps). It never lists the weekend days worked in exchange for a bridge
day, and it misses some swaps, so `SWAPS` below is a built-in table of both halves. On top of
both, a deployment sets `extra_working_days` (any date the government makes a working day; it
beats a holiday the library asserts) and `extra_days_off` (beats everything).

A ward that receives dossiers on Saturday mornings shows that to citizens as opening hours; it
counts Saturdays in working-day deadlines only when the unit's `saturday_deadlines` is set
(QĐ 14/2010/QĐ-TTg lets a locality order Saturday reception with compensating days off, which
does not by itself make Saturday a working day for deadlines).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum
from functools import cache

from bot.domain.models import Unit


@dataclass(frozen=True, slots=True)
class Swap:
    """A weekday given off in exchange for a weekend day worked, as the annual notice says."""

    off: date
    worked: date
    source: str = ""  # the notice, when known (shown by `cchc-bot calendar`)


# Days off moved by the annual notices for civil servants (the Ministry of Home Affairs' and
# the Government Office's). The library has the day off of most of them but never the day
# worked; 02/01/2026 it lacks altogether.
SWAPS: tuple[Swap, ...] = (
    Swap(off=date(2024, 4, 29), worked=date(2024, 5, 4)),
    Swap(off=date(2025, 5, 2), worked=date(2025, 4, 26)),
    # New Year 2026: Thu 01/01 to Sun 04/01 off, Saturday 10/01 worked [S].
    Swap(off=date(2026, 1, 2), worked=date(2026, 1, 10), source="VPCP 12729/VPCP-KGVX, 25/12/2025"),
    Swap(off=date(2026, 8, 31), worked=date(2026, 8, 22)),
)


_DEADLINES_KEPT = 20_000  # about 200 bytes each: 4 MB at most


@cache
def _public_holidays(year: int) -> dict[date, str]:
    """The library's holidays of a year with their Vietnamese names."""
    import holidays  # 20 ms with its names: imported when a deadline is first counted

    found = holidays.country_holidays("VN", years=year, language="vi")
    return {day: str(name) for day, name in sorted(found.items())}


@dataclass(frozen=True, slots=True)
class WorkCalendar:
    """Which days count as working days for deadlines."""

    extra_working_days: frozenset[date] = field(default_factory=frozenset)
    extra_days_off: frozenset[date] = field(default_factory=frozenset)
    saturday_deadlines: bool = False
    swaps: tuple[Swap, ...] = SWAPS
    _swapped_off: frozenset[date] = field(init=False, repr=False, compare=False)
    _swapped_worked: frozenset[date] = field(init=False, repr=False, compare=False)
    # Deadlines already counted: a report counts one per feedback case, and a ward's cases
    # share their days (a day at a time, 15 working days were a third of a /stats report).
    _deadlines: dict[tuple[date, int], date] = field(
        init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_swapped_off", frozenset(s.off for s in self.swaps))
        object.__setattr__(self, "_swapped_worked", frozenset(s.worked for s in self.swaps))
        object.__setattr__(self, "_deadlines", {})

    @classmethod
    def with_overrides(
        cls,
        extra_working_days: Iterable[date] = (),
        extra_days_off: Iterable[date] = (),
        *,
        saturday_deadlines: bool = False,
    ) -> WorkCalendar:
        """The national calendar plus a deployment's settings."""
        return cls(
            extra_working_days=frozenset(extra_working_days),
            extra_days_off=frozenset(extra_days_off),
            saturday_deadlines=saturday_deadlines,
        )

    def for_unit(self, unit: Unit | None) -> WorkCalendar:
        """This calendar as one ward counts deadlines (with Saturdays, if it set so)."""
        if unit is None or unit.saturday_deadlines == self.saturday_deadlines:
            return self
        return replace(self, saturday_deadlines=unit.saturday_deadlines)

    def holiday_name(self, day: date) -> str | None:
        """The library's Vietnamese name of a public holiday or substitute day off, if any."""
        return _public_holidays(day.year).get(day)

    def is_holiday(self, day: date) -> bool:
        """A day off that is not a weekend: public holiday, swapped or local extra day off
        (False when the settings make the day a working day)."""
        if day in self.extra_days_off:
            return True
        if day in self.extra_working_days:
            return False
        return day in self._swapped_off or day in _public_holidays(day.year)

    def is_working_day(self, day: date) -> bool:
        """Whether dossiers are processed on that day (deadlines count it)."""
        if day in self.extra_days_off:
            return False
        if day in self.extra_working_days or day in self._swapped_worked:
            return True
        if day in self._swapped_off or day in _public_holidays(day.year):
            return False
        weekday = day.weekday()
        if weekday == 5:
            return self.saturday_deadlines
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
        key = (start, days)
        found = self._deadlines.get(key)
        if found is not None:
            return found
        step = self.next_working_day if days >= 0 else self.previous_working_day
        current = start
        for _ in range(abs(days)):
            current = step(current)
        if len(self._deadlines) >= _DEADLINES_KEPT:
            self._deadlines.clear()
        self._deadlines[key] = current
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


# --- what an operator checks before Tết --------------------------------------------------------


class Why(StrEnum):
    """Why a day departs from the plain week (texts: `calendar.reason.<value>`)."""

    HOLIDAY = "holiday"  # a public holiday or substitute day off on a weekday (the library)
    SWAP_OFF = "swap_off"  # a weekday off in exchange for a weekend day worked (built-in table)
    SWAP_WORKED = "swap_worked"  # the weekend day worked for it (built-in table)
    EXTRA_OFF = "extra_off"  # EXTRA_DAYS_OFF
    EXTRA_WORKING = "extra_working"  # EXTRA_WORKING_DAYS on a weekend day
    CANCELLED = "cancelled"  # EXTRA_WORKING_DAYS on a day the library or the table has off


@dataclass(frozen=True, slots=True)
class DayException:
    """A weekday off or a weekend day worked, with its reason."""

    day: date
    working: bool
    why: Why
    name: str = ""  # the holiday's Vietnamese name, when the library has one
    other: date | None = None  # the day it is swapped with
    source: str = ""


def year_exceptions(calendar: WorkCalendar, year: int) -> list[DayException]:
    """Every weekday off and every weekend day worked in `year`, in date order, and every
    holiday the settings cancelled (a working day then, listed so the operator sees it).

    Saturdays a ward counts for its deadlines (`saturday_deadlines`) are not listed: they are a
    ward's setting, not a change to the year.
    """
    plain = replace(calendar, saturday_deadlines=False)
    worked_for = {s.worked: s for s in calendar.swaps}
    off_for = {s.off: s for s in calendar.swaps}
    out: list[DayException] = []
    day = date(year, 1, 1)
    while day.year == year:
        weekend = day.weekday() >= 5
        working = plain.is_working_day(day)
        cancelled = (
            working
            and day in calendar.extra_working_days
            and (day in off_for or day in _public_holidays(year))
        )
        if working == weekend or cancelled:  # a weekend day worked, a weekday off
            out.append(_explain(plain, day, working, worked_for, off_for))
        day += timedelta(days=1)
    return out


def _explain(
    calendar: WorkCalendar,
    day: date,
    working: bool,
    worked_for: dict[date, Swap],
    off_for: dict[date, Swap],
) -> DayException:
    name = calendar.holiday_name(day) or ""
    if not working:
        if day in calendar.extra_days_off:
            return DayException(day, False, Why.EXTRA_OFF, name)
        swap = off_for.get(day)
        if swap is not None:
            return DayException(day, False, Why.SWAP_OFF, name, swap.worked, swap.source)
        return DayException(day, False, Why.HOLIDAY, name)
    if day in calendar.extra_working_days:
        if name or day in off_for:
            return DayException(day, True, Why.CANCELLED, name)
        return DayException(day, True, Why.EXTRA_WORKING)
    swap = worked_for[day]
    return DayException(day, True, Why.SWAP_WORKED, "", swap.off, swap.source)
