"""The figures an inspector compares with the national dashboard (the Bộ chỉ số phục vụ
người dân, doanh nghiệp of QĐ 766/QĐ-TTg, as its formula document defines them).

Pure and synchronous. Every screen — `/stats`, the weekly digest, `cchc-bot stats`, the XLSX
report — reads its numbers from one set of counts per unit and field (`DossierTally`, plus
`FeedbackTally` and the tasks), and every indicator is computed from those counts here, once.

Which dossiers count, for a window [start, end] (`Window`: end is the period's last second, or
now while the period runs):

* only **received** dossiers: status 1 (registered online, never accepted) and 3 (refused at
  the desk) are never received, never overdue; refused ones are shown apart in the desk's table;
* the **population** ("tiếp nhận, xử lý trong kỳ") is every received dossier received by the
  end that had not ended before the start: the new ones plus those **carried over**;
* a dossier's **end** is its `resolved_at` (`NgayKetThucXuLy`) when its status is 7, 8, 9 or
  10, or 5/6 when the file gives one (the moment the citizen was asked); statuses 2 and 4 have
  no end;
* a dossier that ended by the window's end sits where its status says (resolved early / on the
  due day / late; withdrawn; stopped; paused for a supplement or a financial obligation) and is
  **on time** when its end ≤ its due moment; a 5 or 6 with no end is paused and counts as within
  its due date (the report says how many); any other dossier is **in progress** at the window's
  end, on time while end ≤ due.

`tally()` applies these rules to dossiers one by one: it is the reference. storage/indicators.py
computes the same tallies with indexed aggregates, and tests check both agree.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from fractions import Fraction

from bot.domain.calendar import WorkCalendar
from bot.domain.feedback import Category
from bot.domain.models import (
    END_TIME_STATUSES,
    Dossier,
    DossierStatus,
    OnlineLevel,
    SubmissionChannel,
    TaskCounts,
    Unit,
)
from bot.domain.periods import Period
from bot.domain.wards import fold

LOW_RATING = 2  # 1–2 stars is a "dislike" (5.3, 5.4)
# Feedback handling deadlines of 5.2, in working days after receipt: refuse within 2, ask for
# more information within 5, answer within 15 (the dashboard's formula document for QĐ 766).
REFUSE_WITHIN = 2
ASK_INFO_WITHIN = 5
ANSWER_WITHIN = 15
RANKED = 5  # best and worst shown in an area's rankings


# --- the window --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Window:
    """What a report counts: dossiers of [start, end], measured at `end` (aware, whole seconds).

    `end` is the period's last second (23:59:59 local) or, for a period not over yet, now.
    """

    start: datetime
    end: datetime
    period_end: datetime

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("a Window needs aware moments")

    @classmethod
    def of(cls, period: Period, now: datetime, tz: tzinfo) -> Window:
        """The window of a local period, seen at `now` (never past it)."""
        if now.tzinfo is None:
            raise ValueError("Window.of() needs an aware `now`")
        start = datetime.combine(period.start, time(0), tzinfo=tz)
        last = datetime.combine(period.end + timedelta(days=1), time(0), tzinfo=tz)
        period_end = last - timedelta(seconds=1)
        current = now.astimezone(tz).replace(microsecond=0)
        return cls(start, max(min(period_end, current), start), period_end)

    @property
    def finished(self) -> bool:
        """Whether the period is over (figures measured at its last second)."""
        return self.end >= self.period_end

    @classmethod
    def spanning(cls, windows: Sequence[Window]) -> Window:
        """The window from the first start to the last end (the feedback cases of several)."""
        return cls(
            min(w.start for w in windows),
            max(w.end for w in windows),
            max(w.period_end for w in windows),
        )

    def utc_offset(self, tz: tzinfo) -> int:
        """Seconds east of UTC at the window's end (local days in SQL; fixed in Việt Nam)."""
        offset = self.end.astimezone(tz).utcoffset()
        return int(offset.total_seconds()) if offset is not None else 0


# --- one dossier --------------------------------------------------------------------------------


class Place(StrEnum):
    """Where a dossier sits in the desk's table at the window's end."""

    IN_TIME = "in_time"  # đang giải quyết, chưa đến hạn
    OVERDUE = "overdue"  # đang giải quyết, quá hạn
    EARLY = "early"  # đã giải quyết trước hạn (a calendar day before the due day)
    ON_DAY = "on_day"  # đã giải quyết đúng hạn (on the due day)
    LATE = "late"  # đã giải quyết quá hạn
    SUPPLEMENT = "supplement"  # tạm dừng: chờ bổ sung hồ sơ
    FINANCIAL = "financial"  # tạm dừng: chờ thực hiện nghĩa vụ tài chính
    WITHDRAWN = "withdrawn"  # công dân rút hồ sơ
    STOPPED = "stopped"  # dừng xử lý


@dataclass(frozen=True, slots=True)
class Classed:
    """A dossier of the population: its place, whether it was carried over, and for 2.1."""

    place: Place
    carried_over: bool
    on_time: bool
    assumed: bool = False  # paused with no end time: counted within its due date


def end_time(dossier: Dossier) -> datetime | None:
    """When processing ended for the indicators (None: not ended)."""
    return dossier.resolved_at if dossier.status in END_TIME_STATUSES else None


_ENDED_PLACE = {
    DossierStatus.WITHDRAWN: Place.WITHDRAWN,
    DossierStatus.STOPPED: Place.STOPPED,
    DossierStatus.SUPPLEMENT: Place.SUPPLEMENT,
    DossierStatus.FINANCIAL: Place.FINANCIAL,
}


def classify(dossier: Dossier, window: Window, tz: tzinfo) -> Classed | None:
    """The dossier's class at the window's end; None when it is not in the population."""
    if not dossier.status.received or dossier.received_at > window.end:
        return None
    end = end_time(dossier)
    if end is not None and end < window.start:
        return None
    carried = dossier.received_at < window.start
    due = dossier.due_at
    if end is not None and end <= window.end:
        on_time = end <= due
        if dossier.status.resolved:
            if not on_time:
                place = Place.LATE
            elif end.astimezone(tz).date() < due.astimezone(tz).date():
                place = Place.EARLY
            else:
                place = Place.ON_DAY
        else:
            place = _ENDED_PLACE[dossier.status]
        return Classed(place, carried, on_time)
    if end is None and dossier.status.waiting_on_citizen:
        place = _ENDED_PLACE[dossier.status]
        return Classed(place, carried, on_time=True, assumed=True)
    in_time = window.end <= due
    return Classed(Place.IN_TIME if in_time else Place.OVERDUE, carried, in_time)


# --- the counts ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DossierTally:
    """The dossier counts of one unit and field for one window (the desk's table row)."""

    carried_over: int = 0  # kỳ trước chuyển sang
    new: int = 0  # tiếp nhận mới trong kỳ
    in_time: int = 0
    overdue: int = 0
    early: int = 0
    on_day: int = 0
    late: int = 0
    supplement: int = 0
    financial: int = 0
    withdrawn: int = 0
    stopped: int = 0
    refused: int = 0  # status 3 received in the window: never received, shown apart
    on_time: int = 0  # 2.1's numerator
    assumed: int = 0  # paused without an end time, counted within their due date
    online: int = 0  # of the new ones, by channel (3.3)
    postal: int = 0
    online_full: int = 0  # online ones of a toàn trình service (MucDo 4)
    online_partial: int = 0  # online ones of a một phần service (MucDo 3)

    def __add__(self, other: DossierTally) -> DossierTally:
        return DossierTally(*map(operator.add, _tally_values(self), _tally_values(other)))

    @property
    def received(self) -> int:
        """Tiếp nhận: carried over + new (2.1's population)."""
        return self.carried_over + self.new

    @property
    def resolved(self) -> int:
        """Đã giải quyết (statuses 9, 10): early + on the due day + late."""
        return self.early + self.on_day + self.late

    @property
    def resolved_on_time(self) -> int:
        """Resolved no later than the due moment."""
        return self.early + self.on_day

    @property
    def in_progress(self) -> int:
        """Đang giải quyết at the window's end."""
        return self.in_time + self.overdue

    @property
    def paused(self) -> int:
        """Tạm dừng: waiting on the citizen (5, 6)."""
        return self.supplement + self.financial

    @property
    def cancelled(self) -> int:
        """Withdrawn by the citizen (7) or stopped (8)."""
        return self.withdrawn + self.stopped

    @property
    def overdue_total(self) -> int:
        """Past due: resolved late plus in progress past due."""
        return self.late + self.overdue

    @property
    def direct(self) -> int:
        """New dossiers filed at the desk (KenhThucHien 1 or empty)."""
        return self.new - self.online - self.postal


_TALLY_FIELDS = tuple(f.name for f in fields(DossierTally))
_tally_values = operator.attrgetter(*_TALLY_FIELDS)  # every count, as a tuple


def total(tallies: Iterable[DossierTally]) -> DossierTally:
    """The sum of some tallies, column by column (one tally is its own sum)."""
    found: DossierTally | None = None
    summed: Sequence[int] | None = None
    for counts in tallies:
        values = _tally_values(counts)
        if summed is None:
            found, summed = counts, values
        else:
            found, summed = None, [*map(operator.add, summed, values)]
    if summed is None:
        return DossierTally()
    return found if found is not None else DossierTally(*summed)


def tally(dossiers: Iterable[Dossier], window: Window, tz: tzinfo) -> dict[str, DossierTally]:
    """The reference counts of `dossiers` per field (storage computes the same in SQL)."""
    counts: dict[str, dict[str, int]] = {}
    for d in dossiers:
        if d.status is DossierStatus.REJECTED:
            if window.start <= d.received_at <= window.end:
                row = counts.setdefault(d.field, {})
                row["refused"] = row.get("refused", 0) + 1
            continue
        classed = classify(d, window, tz)
        if classed is None:
            continue
        row = counts.setdefault(d.field, {})

        def bump(name: str, row: dict[str, int] = row) -> None:
            row[name] = row.get(name, 0) + 1

        bump("carried_over" if classed.carried_over else "new")
        bump(classed.place.value)
        if classed.on_time:
            bump("on_time")
        if classed.assumed:
            bump("assumed")
        if not classed.carried_over:
            if d.channel is SubmissionChannel.ONLINE:
                bump("online")
                if d.level is OnlineLevel.FULL:
                    bump("online_full")
                elif d.level is OnlineLevel.PARTIAL:
                    bump("online_partial")
            elif d.channel is SubmissionChannel.POSTAL:
                bump("postal")
    return {name: DossierTally(**row) for name, row in counts.items() if row}


# --- feedback cases (5.1–5.3, and 5.4's complaints) ----------------------------------------------


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What the feedback indicators need of one case: when each step first happened."""

    unit_id: int
    category: Category
    received_at: datetime
    dossier_code: str | None = None
    refused_at: datetime | None = None
    asked_at: datetime | None = None  # first request for more information
    answered_at: datetime | None = None  # first answer
    reopened_at: datetime | None = None  # first time the citizen complained again
    rating: int | None = None
    rated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class FeedbackTally:
    """A unit's feedback counts for one window, and its dossiers named in complaints."""

    received: int = 0  # cases received in the window (5.1, 5.3's population)
    conduct: int = 0  # of those, about staff conduct ("hành vi cán bộ", 5.1)
    progress_cases: int = 0  # received or handled in the window (5.2's population)
    progress_in_time: int = 0
    unsatisfied: int = 0  # of the received: disliked, late, or complained about again (5.3)
    rated: int = 0  # ratings given in the window (the digest's average)
    rating_sum: int = 0
    flagged: int = 0  # dossiers of 2.1's population named by a complaint or a dislike (5.4)
    flagged_late: int = 0  # of those, not on time in 2.1 (counted once in 5.4)

    def __add__(self, other: FeedbackTally) -> FeedbackTally:
        return feedback_total((self, other))

    @property
    def policy(self) -> int:
        """Cases about rules, policies and procedures ("quy định, chính sách, TTHC", 5.1)."""
        return self.received - self.conduct

    @property
    def average_rating(self) -> Fraction | None:
        """Mean stars of the ratings given in the window."""
        return Fraction(self.rating_sum, self.rated) if self.rated else None


def _within(moment: datetime | None, window: Window) -> bool:
    return moment is not None and window.start <= moment <= window.end


def _by(moment: datetime | None, window: Window) -> datetime | None:
    """The moment if it happened by the window's end (later steps did not exist yet)."""
    return moment if moment is not None and moment <= window.end else None


def case_in_time(case: CaseFacts, window: Window, calendar: WorkCalendar, tz: tzinfo) -> bool:
    """5.2: refused within 2 working days, asked within 5, answered within 15; an open case is
    in time while the window's end is within 15 working days of its receipt."""
    received = case.received_at.astimezone(tz).date()

    def by_deadline(moment: datetime, days: int) -> bool:
        return moment.astimezone(tz).date() <= calendar.add_working_days(received, days)

    refused = _by(case.refused_at, window)
    if refused is not None:
        return by_deadline(refused, REFUSE_WITHIN)
    asked = _by(case.asked_at, window)
    if asked is not None and not by_deadline(asked, ASK_INFO_WITHIN):
        return False
    answered = _by(case.answered_at, window)
    return by_deadline(answered or window.end, ANSWER_WITHIN)


def tally_cases(
    cases: Iterable[CaseFacts],
    window: Window,
    calendar_of: Callable[[int], WorkCalendar],
    tz: tzinfo,
) -> dict[int, FeedbackTally]:
    """Per unit, the feedback counts of the window (flagged dossiers come from storage)."""
    rows: dict[int, dict[str, int]] = {}
    for case in cases:
        if case.rating is not None and _within(case.rated_at, window):
            row = rows.setdefault(case.unit_id, {})
            row["rated"] = row.get("rated", 0) + 1
            row["rating_sum"] = row.get("rating_sum", 0) + case.rating
        if case.received_at > window.end:
            continue
        handled = _by(case.refused_at, window) or _by(case.answered_at, window)
        new = case.received_at >= window.start
        if not new and handled is not None and handled < window.start:
            continue  # handled before the window: not this period's case
        row = rows.setdefault(case.unit_id, {})

        def bump(name: str, row: dict[str, int] = row) -> None:
            row[name] = row.get(name, 0) + 1

        in_time = case_in_time(case, window, calendar_of(case.unit_id), tz)
        bump("progress_cases")
        if in_time:
            bump("progress_in_time")
        if new:
            bump("received")
            if case.category is Category.STAFF_CONDUCT:
                bump("conduct")
            disliked = (
                case.rating is not None
                and case.rating <= LOW_RATING
                and _by(case.rated_at, window) is not None
            )
            if disliked or not in_time or _by(case.reopened_at, window) is not None:
                bump("unsatisfied")
    return {unit: FeedbackTally(**row) for unit, row in rows.items()}


def flagged_codes(cases: Iterable[CaseFacts], window: Window) -> set[str]:
    """Dossier codes named by a case filed in the window, or by one disliked in the window."""
    codes: set[str] = set()
    for case in cases:
        if not case.dossier_code:
            continue
        disliked = (
            case.rating is not None and case.rating <= LOW_RATING and _within(case.rated_at, window)
        )
        if _within(case.received_at, window) or disliked:
            codes.add(case.dossier_code)
    return codes


_feedback_values = operator.attrgetter(*(f.name for f in fields(FeedbackTally)))


def feedback_total(tallies: Iterable[FeedbackTally]) -> FeedbackTally:
    """The sum of some feedback tallies, column by column (a city's hundreds of wards summed in
    one pass, not one new tally per ward)."""
    return FeedbackTally(*map(sum, zip(*map(_feedback_values, tallies), strict=True)))


@dataclass(frozen=True, slots=True)
class CountsRead:
    """What one read gives a report: per window, unit and field the dossier counts; the
    feedback cases of every window's span; per unit the tasks of the year asked for, done by
    the first window's end."""

    dossiers: list[dict[int, dict[str, DossierTally]]]
    cases: list[CaseFacts]
    tasks: dict[int, TaskCounts]


@dataclass(frozen=True, slots=True)
class AreaRead:
    """What one read of an area's aggregates gives its report: the first window's counts per
    field over every unit, and per member unit over every field (those with anything counted);
    each later window's counts over every unit and field; the feedback cases and the tasks as
    in `CountsRead`."""

    fields: dict[str, DossierTally]
    members: dict[int, DossierTally]
    totals: list[DossierTally]
    cases: list[CaseFacts]
    tasks: dict[int, TaskCounts]


@dataclass(frozen=True, slots=True)
class AreaFigures:
    """An area's figures for some windows: the first by field, the others in total; and the
    first window's figures of each member unit with anything counted, in total."""

    windows: list[Figures]
    members: dict[int, Figures]


# --- 2.2: average processing time per procedure ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProcessingTime:
    """Completed dossiers (9, 10) of one procedure received in the window, and their time."""

    dossiers: int = 0
    working_days: int = 0

    def __add__(self, other: ProcessingTime) -> ProcessingTime:
        return ProcessingTime(
            self.dossiers + other.dossiers, self.working_days + other.working_days
        )

    @property
    def average(self) -> Fraction | None:
        """Working days per dossier (2.2)."""
        return Fraction(self.working_days, self.dossiers) if self.dossiers else None


# (calendar key, procedure, local day, +1 for an end day / -1 for a receipt day, dossiers)
DayCount = tuple[int, str, date, int, int]


def processing_times(
    rows: Iterable[DayCount], calendar_of: Callable[[int], WorkCalendar]
) -> dict[str, ProcessingTime]:
    """2.2 per procedure from day counts: Σ working-day index of end days − of receipt days.

    A dossier received on day R and ended on day E took the working days in (R, E]; summed over
    dossiers that is Σ idx(E) − Σ idx(R) for any cumulative index idx, so storage needs only to
    count dossiers per procedure and day.
    """
    rows = list(rows)
    if not rows:
        return {}
    first = min(r[2] for r in rows)
    last = max(r[2] for r in rows)
    indexes: dict[int, list[int]] = {}

    def index(key: int, day: date) -> int:
        upto = indexes.get(key)
        if upto is None:
            calendar, count, upto = calendar_of(key), 0, []
            for i in range((last - first).days + 1):
                if i and calendar.is_working_day(first + timedelta(days=i)):
                    count += 1
                upto.append(count)
            indexes[key] = upto
        return upto[(day - first).days]

    totals: dict[str, list[int]] = {}
    for key, procedure, day, sign, count in rows:
        total = totals.setdefault(procedure, [0, 0])
        total[1] += sign * count * index(key, day)
        if sign > 0:
            total[0] += count
    return {p: ProcessingTime(n, max(days, 0)) for p, (n, days) in totals.items() if n}


# --- the figures of a unit ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Ratio:
    """An indicator's numerator and denominator; `value` None when the denominator is 0."""

    numerator: int
    denominator: int

    @property
    def value(self) -> Fraction | None:
        """The rate, exactly."""
        return Fraction(self.numerator, self.denominator) if self.denominator else None


@dataclass(frozen=True, slots=True)
class Figures:
    """A unit's counts for one window (with every unit under it, once summed): the one input
    of every report, digest and file."""

    by_field: Mapping[str, DossierTally] = field(default_factory=dict)
    feedback: FeedbackTally = field(default_factory=FeedbackTally)
    tasks: TaskCounts = field(default_factory=TaskCounts)
    # Every field together, summed once, when first read (every indicator reads it; a unit's
    # figures that are only rolled up never do).
    _total: DossierTally | None = field(default=None, init=False, repr=False, compare=False)
    # Known in total only (`in_total`): no counts per field.
    _total_only: bool = field(default=False, init=False, repr=False, compare=False)

    @classmethod
    def in_total(
        cls, dossiers: DossierTally, feedback: FeedbackTally, tasks: TaskCounts
    ) -> Figures:
        """Figures known in total only, every field together: what a ward's line in an
        area's ranking and a period compared with read (an area's aggregates give them so)."""
        found = cls({}, feedback, tasks)
        object.__setattr__(found, "_total", dossiers)
        object.__setattr__(found, "_total_only", True)
        return found

    def __eq__(self, other: object) -> bool:
        """The same counts: per field, or in total where either is known in total only."""
        if not isinstance(other, Figures):
            return NotImplemented
        if (self.feedback, self.tasks) != (other.feedback, other.tasks):
            return False
        if self._total_only or other._total_only:
            return self.dossiers == other.dossiers
        return self.by_field == other.by_field

    __hash__ = None  # type: ignore[assignment]  # counts by field: a mapping

    def __add__(self, other: Figures) -> Figures:
        tasks = TaskCounts(self.tasks.done + other.tasks.done, self.tasks.total + other.tasks.total)
        if self._total_only or other._total_only:
            return Figures.in_total(
                self.dossiers + other.dossiers, self.feedback + other.feedback, tasks
            )
        merged = dict(self.by_field)
        for name, counts in other.by_field.items():
            merged[name] = merged[name] + counts if name in merged else counts
        return Figures(merged, self.feedback + other.feedback, tasks)

    @property
    def dossiers(self) -> DossierTally:
        """Every field together (the table's total row)."""
        found = self._total
        if found is None:
            found = total(self.by_field.values())
            object.__setattr__(self, "_total", found)
        return found

    def fields_by_size(self) -> list[tuple[str, DossierTally]]:
        """Fields with the most dossiers first, then by name."""
        return sorted(
            self.by_field.items(), key=lambda kv: (-kv[1].received, -kv[1].refused, kv[0])
        )

    # QĐ 766 indicators, all from the counts above.

    @property
    def on_time(self) -> Ratio:
        """2.1: on time (ended by the due moment, or open within it) ÷ the population."""
        d = self.dossiers
        return Ratio(d.on_time, d.received)

    @property
    def online(self) -> Ratio:
        """3.3: received online ÷ received in the window (the national sync rate taken as 1)."""
        d = self.dossiers
        return Ratio(d.online, d.new)

    @property
    def direct(self) -> Ratio:
        """3.3's split: filed at the desk."""
        d = self.dossiers
        return Ratio(d.direct, d.new)

    @property
    def postal(self) -> Ratio:
        """3.3's split: by public post."""
        d = self.dossiers
        return Ratio(d.postal, d.new)

    @property
    def online_full(self) -> Ratio:
        """Online dossiers of a toàn trình service ÷ received (the government's 2025 KPI)."""
        d = self.dossiers
        return Ratio(d.online_full, d.new)

    @property
    def online_partial(self) -> Ratio:
        """Online dossiers of a một phần service ÷ received."""
        d = self.dossiers
        return Ratio(d.online_partial, d.new)

    @property
    def has_levels(self) -> bool:
        """Whether the data says the service level (MucDo) of any online dossier."""
        d = self.dossiers
        return d.online_full + d.online_partial > 0

    @property
    def policy_share(self) -> Ratio:
        """5.1: cases about rules, policies and procedures ÷ cases received."""
        f = self.feedback
        return Ratio(f.policy, f.received)

    @property
    def conduct_share(self) -> Ratio:
        """5.1: cases about staff conduct ÷ cases received."""
        f = self.feedback
        return Ratio(f.conduct, f.received)

    @property
    def feedback_progress(self) -> Ratio:
        """5.2: cases handled in time ÷ cases received or handled in the window."""
        f = self.feedback
        return Ratio(f.progress_in_time, f.progress_cases)

    @property
    def feedback_satisfaction(self) -> Ratio:
        """5.3: (cases − disliked, late or complained about again) ÷ cases received."""
        f = self.feedback
        return Ratio(f.received - f.unsatisfied, f.received)

    @property
    def satisfaction(self) -> Ratio:
        """5.4: 100% − (overdue rate + share of dossiers complained about or disliked).

        Both parts share 2.1's population; a dossier late and complained about counts once.
        """
        d, f = self.dossiers, self.feedback
        bad = (d.received - d.on_time) + (f.flagged - f.flagged_late)
        return Ratio(max(d.received - bad, 0), d.received)

    @property
    def task_share(self) -> Ratio:
        """The year's CCHC tasks done by the window's end."""
        return Ratio(self.tasks.done, self.tasks.total)


def roll_up(figures: Iterable[Figures]) -> Figures:
    """The sum of several units' figures (an area is the sum of the units under it), in one
    pass: each field's counts summed once, the total once (one unit's figures are their own
    sum)."""
    items = list(figures)
    if len(items) == 1:
        return items[0]
    if any(f._total_only for f in items):
        return functools.reduce(operator.add, items, Figures())
    by_field: dict[str, list[DossierTally]] = {}
    done, everything = 0, 0
    for f in items:
        for name, counts in f.by_field.items():
            by_field.setdefault(name, []).append(counts)
        done += f.tasks.done
        everything += f.tasks.total
    summed = {name: total(counts) for name, counts in by_field.items()}
    feedback = feedback_total(f.feedback for f in items)
    return Figures(summed, feedback, TaskCounts(done, everything))


@dataclass(frozen=True, slots=True)
class Indicator:
    """One QĐ 766 indicator: its id, how to read it off `Figures`, and its full-score threshold."""

    id: str
    key: str  # texts key of its name: `ind.<key>`
    ratio: Callable[[Figures], Ratio]
    threshold: Fraction | None = None  # full score from this rate (None: not published)


# The indicators the bot can compute from one-stop data and its own feedback cases, in the
# dashboard's order. Thresholds as that formula document publishes them (None where it does
# not).
INDICATORS: tuple[Indicator, ...] = (
    Indicator("2.1", "on_time", lambda f: f.on_time),
    Indicator("3.3", "online", lambda f: f.online, Fraction(1, 2)),
    Indicator("5.1", "policy", lambda f: f.policy_share),
    Indicator("5.1", "conduct", lambda f: f.conduct_share),
    Indicator("5.2", "feedback_progress", lambda f: f.feedback_progress),
    Indicator("5.3", "feedback_satisfaction", lambda f: f.feedback_satisfaction),
    Indicator("5.4", "satisfaction", lambda f: f.satisfaction, Fraction(9, 10)),
)


def change(now: Ratio, before: Ratio | None) -> Fraction | None:
    """now − before as a fraction (× 100 = percentage points); None when either has no value."""
    if before is None or now.value is None or before.value is None:
        return None
    return now.value - before.value


# --- roll-ups and rankings ---------------------------------------------------------------------


def units_under(unit: Unit, units: Sequence[Unit]) -> list[Unit]:
    """The unit and every unit below it (following parent_id), the unit first."""
    by_parent: dict[int | None, list[Unit]] = {}
    for u in units:
        by_parent.setdefault(u.parent_id, []).append(u)
    found, queue, seen = [unit], [unit.id], {unit.id}
    while queue:
        for child in sorted(by_parent.get(queue.pop(0), []), key=lambda u: u.id):
            if child.id not in seen:  # a cycle in bad data must not loop forever
                seen.add(child.id)
                found.append(child)
                queue.append(child.id)
    return found


@dataclass(frozen=True, slots=True)
class Ranked:
    """A unit's place in a ranking by one indicator."""

    rank: int
    unit: Unit
    ratio: Ratio


def ranking(
    items: Iterable[tuple[Unit, Figures]], indicator: Callable[[Figures], Ratio]
) -> list[Ranked]:
    """Units with a value, best first (ties: more dossiers, then name); units with none left out."""
    scored = [(u, indicator(f), f.dossiers.received) for u, f in items]
    valued = [(u, r, n) for u, r, n in scored if r.value is not None]
    valued.sort(key=lambda x: (-(x[1].value or 0), -x[2], fold(x[0].name)))
    return [Ranked(i, u, r) for i, (u, r, _) in enumerate(valued, start=1)]


def best_and_worst(
    ranked: Sequence[Ranked], shown: int = RANKED
) -> tuple[list[Ranked], list[Ranked]]:
    """The best `shown` and, apart from them, the worst `shown` (worst last)."""
    best = list(ranked[:shown])
    rest = list(ranked[shown:])
    return best, rest[-shown:]
