"""Reporting periods as people type them: '2022', '09/2022', 'Q3/2022', 'III/2022', 'tuần',
'tháng này', 'tháng trước', 'quý này', 'năm nay', 'hôm nay', 'dd/mm/yyyy-…'.

Pure: "today" is always a parameter. Errors carry a reason code; each channel words it through
the texts keys `period.reason.<code>` ("format" has no key: the generic message is enough).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.domain import fmt
from bot.domain.texts import t
from bot.domain.wards import fold

MIN_YEAR = 2000
MAX_YEAR = 2100

# Reason codes; all but FORMAT have a `period.reason.*` text.
FUTURE = "future"
REVERSED = "reversed"
BAD_DATE = "bad_date"
BAD_MONTH = "bad_month"
BAD_QUARTER = "bad_quarter"
BAD_YEAR = "bad_year"
FORMAT = "format"
REASONS = frozenset({FUTURE, REVERSED, BAD_DATE, BAD_MONTH, BAD_QUARTER, BAD_YEAR, FORMAT})

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_ROMAN_IN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


class PeriodKind(StrEnum):
    """How a period was asked for (decides its label)."""

    YEAR = "year"
    MONTH = "month"
    QUARTER = "quarter"
    WEEK = "week"
    RANGE = "range"
    YTD = "ytd"


class PeriodError(ValueError):
    """A period text that cannot be a reporting period; `reason` is one of REASONS."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Period:
    """An inclusive span of local dates, with what is needed to name it.

    `year` is the calendar year (the ISO year for weeks); `number` the month, quarter or ISO week.
    """

    start: date
    end: date
    kind: PeriodKind
    year: int | None = None
    number: int | None = None

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError("a period cannot end before it starts")

    def label(self, lang: str) -> str:
        """The period's name in `lang`, e.g. 'quý III/2022' or 'tuần 48/2026 (23/11/2026 – …)'."""
        match self.kind:
            case PeriodKind.YEAR:
                return t(lang, "period.year", year=self.year)
            case PeriodKind.MONTH:
                return t(lang, "period.month", month=self.number, year=self.year)
            case PeriodKind.QUARTER:
                quarter = self.number or 0
                roman = _ROMAN.get(quarter, str(quarter))
                return t(lang, "period.quarter", roman=roman, quarter=quarter, year=self.year)
            case PeriodKind.WEEK:
                return t(lang, "period.week", week=self.number, year=self.year, **self._days(lang))
            case PeriodKind.YTD:
                return t(lang, "period.ytd", **self._days(lang))
            case _ if self.start == self.end:
                return t(lang, "period.day", day=fmt.day(self.start, lang))
            case _:
                return t(lang, "period.range", **self._days(lang))

    def _days(self, lang: str) -> dict[str, str]:
        return {"start": fmt.day(self.start, lang), "end": fmt.day(self.end, lang)}

    @property
    def days(self) -> int:
        """How many days the period spans."""
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length just before ("so với kỳ trước"): the year, quarter,
        month or week before; for other spans, as many days ending the day before."""
        match self.kind:
            case PeriodKind.YEAR:
                year = self.start.year - 1
                return Period(date(year, 1, 1), date(year, 12, 31), PeriodKind.YEAR, year)
            case PeriodKind.QUARTER:
                before = self.start - timedelta(days=1)
                return _quarter(before.year, str((before.month + 2) // 3))
            case PeriodKind.MONTH:
                before = self.start - timedelta(days=1)
                return _month(before.year, before.month)
            case PeriodKind.WEEK:
                return _week(self.start - timedelta(days=7))
            case _:
                end = self.start - timedelta(days=1)
                return Period(end - timedelta(days=self.days - 1), end, PeriodKind.RANGE)


_NUM = r"(\d{1,4})"
_YEAR = r"(\d{4})"
_DASH = r"\s*(?:\.\.|-|–|—|den|to)\s*"
_DMY = r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})"
_ISO = r"(\d{4})-(\d{1,2})-(\d{1,2})"


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"^{pattern}$", re.ASCII)


_RX_YEAR = _rx(rf"(?:nam\s*)?{_NUM}")
_RX_MONTH_MY = _rx(rf"(?:thang\s*)?(\d{{1,2}})\s*(?:[/.-]|nam)\s*{_YEAR}")
_RX_MONTH_YM = _rx(rf"{_YEAR}\s*[/.-]\s*(\d{{1,2}})")
_RX_QUARTER = _rx(rf"(?:q|quy|quarter)\s*(\d{{1,2}}|iv|i{{1,3}})\s*[/.\- ]\s*{_YEAR}")
_RX_QUARTER_YQ = _rx(rf"{_YEAR}\s*[/.\- ]\s*q\s*(\d{{1,2}})")
_RX_QUARTER_ROMAN = _rx(rf"(iv|i{{1,3}})\s*[/.\-]\s*{_YEAR}")
_RX_QUARTER_NAM = _rx(rf"(?:q|quy)\s*(\d|iv|i{{1,3}})\s*nam\s*{_YEAR}")
_RX_WEEK = _rx(r"(?:tuan|week|tuan nay|this week)")
_RX_RANGE_DMY = _rx(rf"{_DMY}{_DASH}{_DMY}")
_RX_RANGE_ISO = _rx(rf"{_ISO}{_DASH}{_ISO}")
_RX_DAY_DMY = _rx(_DMY)
_RX_DAY_ISO = _rx(_ISO)


def _year(text: str) -> int:
    year = int(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(BAD_YEAR)
    return year


def _date(year: str, month: str, day: str) -> date:
    y = _year(year)
    try:
        return date(y, int(month), int(day))
    except ValueError:
        raise PeriodError(BAD_DATE) from None


def _month(year: int, month: int) -> Period:
    if not 1 <= month <= 12:
        raise PeriodError(BAD_MONTH)
    start = date(year, month, 1)
    nxt = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return Period(start, nxt - timedelta(days=1), PeriodKind.MONTH, year, month)


def _quarter(year: int, quarter_text: str) -> Period:
    quarter = _ROMAN_IN.get(quarter_text) or int(quarter_text)
    if not 1 <= quarter <= 4:
        raise PeriodError(BAD_QUARTER)
    first = _month(year, 3 * quarter - 2)
    last = _month(year, 3 * quarter)
    return Period(first.start, last.end, PeriodKind.QUARTER, year, quarter)


def _week(today: date) -> Period:
    iso = today.isocalendar()
    monday = today - timedelta(days=iso.weekday - 1)
    return Period(monday, monday + timedelta(days=6), PeriodKind.WEEK, iso.year, iso.week)


def _range(start: date, end: date) -> Period:
    if start > end:
        raise PeriodError(REVERSED)
    return Period(start, end, PeriodKind.RANGE)


# Periods named relative to today, as people say them (folded: no diacritics, lower case).
_RELATIVE: dict[str, str] = {
    "hom nay": "today",
    "today": "today",
    "tuan truoc": "last_week",
    "last week": "last_week",
    "thang nay": "this_month",
    "this month": "this_month",
    "thang truoc": "last_month",
    "last month": "last_month",
    "quy nay": "this_quarter",
    "this quarter": "this_quarter",
    "quy truoc": "last_quarter",
    "last quarter": "last_quarter",
    "nam nay": "this_year",
    "this year": "this_year",
    "nam truoc": "last_year",
    "nam ngoai": "last_year",
    "last year": "last_year",
}


def _relative(name: str, today: date) -> Period:
    match name:
        case "today":
            return Period(today, today, PeriodKind.RANGE)
        case "last_week":
            return _week(today - timedelta(days=7))
        case "this_month":
            return _month(today.year, today.month)
        case "last_month":
            return _month(today.year, today.month).previous()
        case "this_quarter":
            return _quarter(today.year, str((today.month + 2) // 3))
        case "last_quarter":
            return _quarter(today.year, str((today.month + 2) // 3)).previous()
        case "this_year":
            return Period(
                date(today.year, 1, 1), date(today.year, 12, 31), PeriodKind.YEAR, today.year
            )
        case _:
            year = today.year - 1
            return Period(date(year, 1, 1), date(year, 12, 31), PeriodKind.YEAR, year)


def _match(text: str, today: date) -> Period:
    relative = _RELATIVE.get(text)
    if relative is not None:
        return _relative(relative, today)
    if m := _RX_YEAR.match(text):
        year = _year(m[1]) if len(m[1]) == 4 else None
        if year is None:
            raise PeriodError(BAD_YEAR)
        return Period(date(year, 1, 1), date(year, 12, 31), PeriodKind.YEAR, year)
    if m := _RX_MONTH_MY.match(text):
        return _month(_year(m[2]), int(m[1]))
    if m := _RX_MONTH_YM.match(text):
        return _month(_year(m[1]), int(m[2]))
    if m := _RX_QUARTER.match(text):
        return _quarter(_year(m[2]), m[1])
    if m := _RX_QUARTER_YQ.match(text):
        return _quarter(_year(m[1]), m[2])
    if m := _RX_QUARTER_ROMAN.match(text):
        return _quarter(_year(m[2]), m[1])
    if m := _RX_QUARTER_NAM.match(text):
        return _quarter(_year(m[2]), m[1])
    if _RX_WEEK.match(text):
        return _week(today)
    if m := _RX_RANGE_DMY.match(text):
        return _range(_date(m[3], m[2], m[1]), _date(m[6], m[5], m[4]))
    if m := _RX_RANGE_ISO.match(text):
        return _range(_date(m[1], m[2], m[3]), _date(m[4], m[5], m[6]))
    if m := _RX_DAY_DMY.match(text):
        one = _date(m[3], m[2], m[1])
        return _range(one, one)
    if m := _RX_DAY_ISO.match(text):
        one = _date(m[1], m[2], m[3])
        return _range(one, one)
    raise PeriodError(FORMAT)


def year_to_date(today: date) -> Period:
    """1 January of today's year to today."""
    return Period(date(today.year, 1, 1), today, PeriodKind.YTD, today.year)


def parse_period(text: str | None, today: date) -> Period:
    """The period `text` names, seen from the local date `today`; raises PeriodError."""
    if text is None or not text.strip():
        return year_to_date(today)
    period = _match(fold(text), today)
    if period.start > today:
        raise PeriodError(FUTURE)
    return period
