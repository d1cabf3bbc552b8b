"""Who is reminded of what, on a given day: apology letters for late dossiers, feedback deadlines.

Pure: "now" and every record come in as parameters; working days come from `WorkCalendar`.

Apology reminders (NĐ 61/2018 Điều 19): the apology must reach the citizen at
the latest one working day before the due date D (on D−1, "the last legal day"). Only accepted
dossiers still in progress count (national statuses 2 and 4; an import without a status makes a
dossier "in progress"); 1 and 3 were never received, 5 and 6 wait on the citizen, 7–10 ended
(the national dashboard's status codes). The ladder adds people, it never drops anyone:

* from `lead` working days before D through D−1, no apology yet → **apology due** → the ward's
  officers (every working day, so they hear before the last legal day and again on it);
* from D on, still no apology → **apology late** → the officers and the leader(s), every
  working day however long ago it fell due; from `ESCALATE_AFTER` (2) working days after D the
  supervisors of the units above the ward as well;
* an apology was issued but its new date passed with the dossier unresolved →
  **new date missed** → the leader(s) and the supervisors, from the next run on.

Each person gets one message a day listing all their dossiers (`PersonReminder`). When a ward
has nobody in a role, the next one up stands in (officers → leaders → supervisors → admins), so
no reminder goes nowhere.

Feedback deadline alerts: while a case waits to be taken (new, reopened) its clock is the accept
deadline, afterwards the answer deadline. At 50%, 80% and 100% of the working days between the
start of that clock and the deadline, the staff member who took the case is told (else the ward's
officers); past the deadline, the ward's leader. Only the highest threshold reached is sent on a
day, and each (case, deadline, threshold) once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum

from bot.domain.access import is_under
from bot.domain.calendar import WorkCalendar
from bot.domain.feedback import Case, State
from bot.domain.models import IN_PROGRESS, NO_REMINDER, Dossier, Role, StaffMember, Unit

APOLOGY_LEAD_DAYS = 2  # default: working days before D when the officers are first told
ESCALATE_AFTER = 2  # working days after the due date before supervisors are told

# The only states that are reminded: accepted, and being processed (national codes 2 and 4) —
# the one definition of "in progress" every count uses (bot.domain.models).
IN_PROGRESS_STATUSES = IN_PROGRESS
# Everything else needs no reminder: never received (1, 3), waiting on the citizen (5, 6: the
# clock is stopped), or ended (7-10).
ENDED_STATUSES = NO_REMINDER


class Stage(StrEnum):
    """Where a dossier stands on the apology ladder (texts: `remind.<value>`)."""

    APOLOGY_DUE = "apology_due"
    APOLOGY_LATE = "apology_late"
    NEW_DATE_MISSED = "new_date_missed"


# Who stands in, in order, when a ward has nobody in a role.
_UP: tuple[Role, ...] = (Role.OFFICER, Role.LEADER, Role.SUPERVISOR, Role.ADMIN)


def in_progress(dossier: Dossier) -> bool:
    """Accepted and still being processed: the only dossiers an apology is about."""
    return dossier.resolved_at is None and dossier.status in IN_PROGRESS_STATUSES


def needs_apology(dossier: Dossier) -> bool:
    """In progress and no apology issued yet."""
    return in_progress(dossier) and dossier.apology_issued_at is None


def last_legal_day(due_day: date, calendar: WorkCalendar) -> date:
    """The last day the apology may be sent: the working day before the due date (NĐ 61)."""
    return calendar.previous_working_day(due_day)


def apology_stage(
    dossier: Dossier,
    now: datetime,
    tz: tzinfo,
    calendar: WorkCalendar,
    lead: int = APOLOGY_LEAD_DAYS,
) -> Stage | None:
    """The ladder's stage of a dossier at `now` for its ward's calendar, or None.

    None as well on a day the ward does not work (the job may run on a Saturday for the wards
    that count Saturdays; the others hear on their next working day).
    """
    if now.tzinfo is None:
        raise ValueError("apology_stage() needs an aware `now`")
    if not in_progress(dossier):
        return None
    today = now.astimezone(tz).date()
    if not calendar.is_working_day(today):
        return None
    if dossier.apology_issued_at is not None:
        new_due = dossier.apology_new_due_at
        if new_due is not None and now > new_due:
            return Stage.NEW_DATE_MISSED
        return None
    due_day = dossier.due_at.astimezone(tz).date()
    if today >= due_day:
        return Stage.APOLOGY_LATE
    if calendar.working_days_between(today, due_day) <= lead:
        return Stage.APOLOGY_DUE
    return None


def audience(stage: Stage, days_late: int) -> tuple[Role, ...]:
    """The roles told at a stage (`days_late`: working days since the due date)."""
    if stage is Stage.APOLOGY_DUE:
        return (Role.OFFICER,)
    if stage is Stage.APOLOGY_LATE:
        if days_late >= ESCALATE_AFTER:
            return (Role.OFFICER, Role.LEADER, Role.SUPERVISOR)
        return (Role.OFFICER, Role.LEADER)
    return (Role.LEADER, Role.SUPERVISOR)


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


def audience_people(
    roles: Sequence[Role],
    unit: Unit,
    staff: Sequence[StaffMember],
    units_by_id: Mapping[int, Unit],
) -> list[StaffMember]:
    """Everyone in `roles` for `unit`; a role nobody holds is stood in for by the next one up."""
    out: dict[tuple[str, str], StaffMember] = {}
    for role in roles:
        chain = _UP[_UP.index(role) :]
        for member in recipients(chain, unit, staff, units_by_id):
            out.setdefault((member.channel, member.user_id), member)
    return sorted(out.values(), key=lambda m: (m.channel, m.user_id))


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
class ReminderItem:
    """One dossier on someone's list: its stage and the figures the message shows."""

    dossier: Dossier
    unit: Unit
    stage: Stage
    due: date  # the due date D (local)
    last_day: date  # the last legal day for the apology (D−1)
    days: int  # working days left before D (apology due) or since D (late, missed)


@dataclass(frozen=True, slots=True)
class PersonReminder:
    """One person's reminder of the day: every dossier they are told about, in one message."""

    recipient: StaffMember
    items: tuple[ReminderItem, ...]

    def sections(self, limit: int) -> list[tuple[Stage, tuple[ReminderItem, ...], int]]:
        """(stage, items shown, how many more) in ladder order, at most `limit` items in all:
        each stage gets its turn, so a long list of old dossiers never hides today's."""
        groups = [(s, [i for i in self.items if i.stage is s]) for s in Stage]
        groups = [(s, items) for s, items in groups if items]
        shown = [0] * len(groups)
        left = limit
        while left > 0 and any(n < len(g[1]) for n, g in zip(shown, groups, strict=True)):
            for k, (_, items) in enumerate(groups):
                if left > 0 and shown[k] < len(items):
                    shown[k] += 1
                    left -= 1
        return [
            (stage, tuple(items[:n]), len(items) - n)
            for n, (stage, items) in zip(shown, groups, strict=True)
        ]


def plan_apology_reminders(
    dossiers: Iterable[Dossier],
    now: datetime,
    tz: tzinfo,
    calendar: WorkCalendar,
    staff: Sequence[StaffMember],
    units_by_id: Mapping[int, Unit],
    lead: int = APOLOGY_LEAD_DAYS,
) -> list[PersonReminder]:
    """Today's reminders: one per person, listing their dossiers by stage, then the nearest to
    today first (the next due date; the latest fallen due), then ward and code."""
    today = now.astimezone(tz).date()
    lists: dict[tuple[str, str], tuple[StaffMember, list[ReminderItem]]] = {}
    for dossier in dossiers:
        unit = units_by_id.get(dossier.unit_id)
        if unit is None:
            continue
        ward_calendar = calendar.for_unit(unit)
        stage = apology_stage(dossier, now, tz, ward_calendar, lead)
        if stage is None:
            continue
        due = dossier.due_at.astimezone(tz).date()
        if stage is Stage.APOLOGY_DUE:
            days = ward_calendar.working_days_between(today, due)
        elif stage is Stage.APOLOGY_LATE:
            days = max(ward_calendar.working_days_between(due, today), 0)
        else:
            assert dossier.apology_new_due_at is not None
            new_due = dossier.apology_new_due_at.astimezone(tz).date()
            days = max(ward_calendar.working_days_between(new_due, today), 0)
        item = ReminderItem(dossier, unit, stage, due, last_legal_day(due, ward_calendar), days)
        for member in audience_people(audience(stage, days), unit, staff, units_by_id):
            key = (member.channel, member.user_id)
            lists.setdefault(key, (member, []))[1].append(item)
    order = {stage: i for i, stage in enumerate(Stage)}
    out = []
    for key in sorted(lists):
        member, items = lists[key]
        items.sort(key=lambda i: (order[i.stage], _nearest(i), i.unit.name, i.dossier.code))
        out.append(PersonReminder(member, tuple(items)))
    return out


def _nearest(item: ReminderItem) -> float:
    """Sort key: how far the item's date is from today (due dates ahead, dates passed behind)."""
    moment = item.dossier.due_at.timestamp()
    if item.stage is Stage.APOLOGY_DUE:
        return moment
    if item.stage is Stage.NEW_DATE_MISSED and item.dossier.apology_new_due_at is not None:
        moment = item.dossier.apology_new_due_at.timestamp()
    return -moment


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
            people = recipients(_UP[1:], unit, staff, units_by_id)  # leaders, or above
        elif case.assignee is not None and case.assignee in by_id:
            people = [by_id[case.assignee]]
        else:
            people = recipients(_UP, unit, staff, units_by_id)  # officers, or above
        alerts.extend(FeedbackAlert(case, unit, deadline, due, level, m) for m in people)
    return alerts
