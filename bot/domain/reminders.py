"""Who is reminded of what, on a given day: apology letters for late dossiers, feedback deadlines.

Pure: "now" and every record come in as parameters; working days come from `WorkCalendar`.

Apology reminders (NĐ 61/2018 Điều 19; domain brief §1): the apology must reach the citizen at
least one working day before the due date, so

* a dossier still open, with no apology, due within one working day (due today, or the next
  working day) is **due soon** → the ward's officers, with a button to prepare the apology;
* past its due moment with no apology → **overdue** → the ward's leader(s);
* still none `ESCALATE_AFTER` (2) working days after the due date → **escalated** → the
  supervisors of the units above the ward.

Each (dossier, stage) is told once, whichever day it happens on (the caller keeps the record).
When a ward has nobody in the role, the next one up is told instead (officers → leaders →
supervisors → admins), so no reminder goes nowhere.

Feedback deadline alerts: while a case waits to be taken (new, reopened) its clock is the accept
deadline, afterwards the answer deadline. At 50%, 80% and 100% of the working days between the
start of that clock and the deadline, the staff member who took the case is told (else the ward's
officers); past the deadline, the ward's leader. Only the highest threshold reached is sent on a
day, and each (case, deadline, threshold) once.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum

from bot.domain.access import is_under
from bot.domain.calendar import WorkCalendar
from bot.domain.feedback import Case, State
from bot.domain.models import NO_REMINDER, Dossier, Role, StaffMember, Unit

ESCALATE_AFTER = 2  # working days after the due date before supervisors are told
DUE_SOON_WITHIN = 1  # working days before the due date when officers are told

# States in which a dossier needs no apology reminder: never received (1, 3), waiting on the
# citizen (5, 6: the clock is stopped), or ended (7-10).
ENDED_STATUSES = NO_REMINDER


class Stage(StrEnum):
    """How far a dossier without an apology has gone."""

    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    ESCALATED = "escalated"


# Who is told at each stage, then who stands in when a ward has nobody in that role.
_CHAIN: dict[Stage, tuple[Role, ...]] = {
    Stage.DUE_SOON: (Role.OFFICER, Role.LEADER, Role.SUPERVISOR, Role.ADMIN),
    Stage.OVERDUE: (Role.LEADER, Role.SUPERVISOR, Role.ADMIN),
    Stage.ESCALATED: (Role.SUPERVISOR, Role.ADMIN),
}


def needs_apology(dossier: Dossier) -> bool:
    """Still being worked on and no apology issued yet."""
    return (
        dossier.resolved_at is None
        and dossier.status not in ENDED_STATUSES
        and dossier.apology_issued_at is None
    )


def apology_stage(
    dossier: Dossier, now: datetime, tz: tzinfo, calendar: WorkCalendar
) -> Stage | None:
    """The reminder stage of a dossier at `now`, or None when it needs no reminder (yet)."""
    if now.tzinfo is None:
        raise ValueError("apology_stage() needs an aware `now`")
    if not needs_apology(dossier):
        return None
    today = now.astimezone(tz).date()
    due_day = dossier.due_at.astimezone(tz).date()
    if now <= dossier.due_at:
        if calendar.working_days_between(today, due_day) <= DUE_SOON_WITHIN:
            return Stage.DUE_SOON
        return None
    if calendar.working_days_between(due_day, today) >= ESCALATE_AFTER:
        return Stage.ESCALATED
    return Stage.OVERDUE


def days_late(due_at: datetime, now: datetime, tz: tzinfo, calendar: WorkCalendar) -> int:
    """Working days from the due date to today (0 on the due date itself, never negative)."""
    due_day = due_at.astimezone(tz).date()
    return max(calendar.working_days_between(due_day, now.astimezone(tz).date()), 0)


def recipients(
    roles: Sequence[Role],
    unit: Unit,
    staff: Iterable[StaffMember],
    units_by_id: Mapping[int, Unit],
) -> list[StaffMember]:
    """The people of the first role in `roles` that has anyone for `unit`.

    Officers and leaders count for their own unit only; supervisors for any unit under theirs
    (but not their own unit: they supervise the units *above* the ward's staff); admins always.
    """
    people = list(staff)
    for role in roles:
        found = [m for m in people if m.role is role and _serves(m, unit, units_by_id)]
        if found:
            return sorted(found, key=lambda m: m.user_id)
    return []


def _serves(member: StaffMember, unit: Unit, units_by_id: Mapping[int, Unit]) -> bool:
    if member.role is Role.ADMIN:
        return True
    if member.unit_id is None:
        return False
    if member.role in (Role.OFFICER, Role.LEADER):
        return member.unit_id == unit.id
    return member.unit_id != unit.id and is_under(unit, member.unit_id, units_by_id)


class WorkingDayCounter:
    """Working days between many dates and one calendar, counted by one pass over the range."""

    def __init__(self, calendar: WorkCalendar, first: date, last: date) -> None:
        self._first = first
        self._calendar = calendar
        self._upto: list[int] = []  # working days in (first, first + i]
        count = 0
        for i in range((last - first).days + 1):
            if i and calendar.is_working_day(first + timedelta(days=i)):
                count += 1
            self._upto.append(count)

    def between(self, start: date, end: date) -> int:
        """Same as `WorkCalendar.working_days_between`, in constant time inside the range."""
        i, j = (start - self._first).days, (end - self._first).days
        if 0 <= i < len(self._upto) and 0 <= j < len(self._upto):
            return self._upto[j] - self._upto[i]
        return self._calendar.working_days_between(start, end)


@dataclass(frozen=True, slots=True)
class ApologyNotice:
    """One reminder message: the dossiers of one ward at one stage, for one person."""

    stage: Stage
    unit: Unit
    recipient: StaffMember
    dossiers: tuple[Dossier, ...]


def plan_apology_reminders(
    dossiers: Iterable[Dossier],
    now: datetime,
    tz: tzinfo,
    calendar: WorkCalendar,
    staff: Sequence[StaffMember],
    units_by_id: Mapping[int, Unit],
    already: Collection[tuple[str, Stage]] = (),
) -> list[ApologyNotice]:
    """The reminders due at `now`, grouped per (stage, ward, recipient), oldest due date first.

    `already` holds the (dossier code, stage) pairs told before; they are not told again.
    """
    grouped: dict[tuple[Stage, int], list[Dossier]] = {}
    for dossier in dossiers:
        ward_calendar = calendar.for_unit(units_by_id.get(dossier.unit_id))
        stage = apology_stage(dossier, now, tz, ward_calendar)
        if stage is None or (dossier.code, stage) in already:
            continue
        grouped.setdefault((stage, dossier.unit_id), []).append(dossier)
    notices: list[ApologyNotice] = []
    for (stage, unit_id), items in sorted(grouped.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        unit = units_by_id.get(unit_id)
        if unit is None:
            continue
        items.sort(key=lambda d: (d.due_at, d.code))
        for member in recipients(_CHAIN[stage], unit, staff, units_by_id):
            notices.append(ApologyNotice(stage, unit, member, tuple(items)))
    return notices


# --- feedback deadlines ------------------------------------------------------------------------


class Deadline(StrEnum):
    """Which clock a feedback case runs on."""

    ACCEPT = "accept"
    ANSWER = "answer"


class Level(StrEnum):
    """How much of a deadline has passed."""

    HALF = "50"
    MOST = "80"
    DUE = "100"
    LATE = "late"


_THRESHOLDS: tuple[tuple[float, Level], ...] = (
    (1.0, Level.DUE),
    (0.8, Level.MOST),
    (0.5, Level.HALF),
)


def case_deadline(case: Case) -> tuple[Deadline, date] | None:
    """The clock an open case runs on and its date; None once answered or closed."""
    if case.state in (State.NEW, State.REOPENED):
        return Deadline.ACCEPT, case.accept_due
    if case.state in (State.ACCEPTED, State.NEEDS_INFO):
        return Deadline.ANSWER, case.answer_due
    return None


def deadline_level(start: date, due: date, today: date, calendar: WorkCalendar) -> Level | None:
    """The highest threshold reached on `today` for a clock from `start` to `due`, if any."""
    if today > due:
        return Level.LATE
    total = calendar.working_days_between(start, due)
    if total <= 0:
        return Level.DUE if today >= due else None
    elapsed = calendar.working_days_between(start, today)
    share = elapsed / total
    for limit, level in _THRESHOLDS:
        if share >= limit:
            return level
    return None


@dataclass(frozen=True, slots=True)
class OpenCase:
    """A case with the day its current clock started (filed, reopened or transferred)."""

    case: Case
    clock_start: date


@dataclass(frozen=True, slots=True)
class FeedbackAlert:
    """One alert: a case at a threshold of a deadline, for one person."""

    case: Case
    unit: Unit
    deadline: Deadline
    due: date
    level: Level
    recipient: StaffMember


def plan_feedback_alerts(
    cases: Iterable[OpenCase],
    today: date,
    calendar: WorkCalendar,
    staff: Sequence[StaffMember],
    units_by_id: Mapping[int, Unit],
) -> list[FeedbackAlert]:
    """The alerts due `today`: each case at its highest threshold reached, to the right people."""
    by_id = {m.user_id: m for m in staff}
    alerts: list[FeedbackAlert] = []
    for item in cases:
        case = item.case
        found = case_deadline(case)
        unit = units_by_id.get(case.unit_id)
        if found is None or unit is None:
            continue
        deadline, due = found
        level = deadline_level(min(item.clock_start, due), due, today, calendar.for_unit(unit))
        if level is None:
            continue
        if level is Level.LATE:
            people = recipients(_CHAIN[Stage.OVERDUE], unit, staff, units_by_id)
        elif case.assignee is not None and case.assignee in by_id:
            people = [by_id[case.assignee]]
        else:
            people = recipients(_CHAIN[Stage.DUE_SOON], unit, staff, units_by_id)
        alerts.extend(FeedbackAlert(case, unit, deadline, due, level, m) for m in people)
    return alerts
