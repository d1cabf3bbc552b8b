"""Which dossiers get which apology reminder on a given day; feedback deadline thresholds."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.domain.calendar import WorkCalendar
from bot.domain.feedback import Case, Category, State
from bot.domain.models import Dossier, DossierStatus, Role, StaffMember, SubmissionChannel, Unit
from bot.domain.reminders import (
    Level,
    OpenCase,
    Stage,
    apology_stage,
    deadline_level,
    plan_apology_reminders,
    plan_feedback_alerts,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = WorkCalendar()
CITY = Unit(1, "haiphong", "Thành phố Hải Phòng", kind="province")
WARD = Unit(2, "ngoquyen", "Phường Ngô Quyền", parent_id=1)
UNITS = {1: CITY, 2: WARD}
OFFICER = StaffMember("11", Role.OFFICER, 2)
LEADER = StaffMember("12", Role.LEADER, 2)
SUPERVISOR = StaffMember("13", Role.SUPERVISOR, 1)
STAFF = [OFFICER, LEADER, SUPERVISOR]


def at(day: date, hour: int = 7, minute: int = 30) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=TZ)


def dossier(due: date, code: str = "NQ-1", **extra: object) -> Dossier:
    values: dict[str, object] = {
        "code": code,
        "unit_id": 2,
        "received_at": at(date(2026, 1, 5)),
        "due_at": at(due, 17, 0),
        "channel": SubmissionChannel.ONLINE,
        "status": DossierStatus.PROCESSING,
        "procedure": "Đăng ký khai sinh",
    }
    values.update(extra)
    return Dossier(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("today", "due", "expected"),
    [
        # The working day before the due date: the apology must go out now.
        (date(2026, 11, 26), date(2026, 11, 27), Stage.DUE_SOON),
        # Two working days before: not yet.
        (date(2026, 11, 25), date(2026, 11, 27), None),
        # Due on the day itself (before 17:00): still due soon.
        (date(2026, 11, 27), date(2026, 11, 27), Stage.DUE_SOON),
        # Across a weekend: Friday for a Monday due date; Thursday is too early.
        (date(2026, 11, 27), date(2026, 11, 30), Stage.DUE_SOON),
        (date(2026, 11, 26), date(2026, 11, 30), None),
        # Across Tết 2026 (16–20/02 off): Friday 13/02 for Monday 23/02; Thursday too early.
        (date(2026, 2, 13), date(2026, 2, 23), Stage.DUE_SOON),
        (date(2026, 2, 12), date(2026, 2, 23), None),
        # Across 24/11/2026 (Ngày Văn hóa Việt Nam, a Tuesday): Monday for Wednesday.
        (date(2026, 11, 23), date(2026, 11, 25), Stage.DUE_SOON),
        # Overdue: the next working day the leader is told ...
        (date(2026, 11, 30), date(2026, 11, 27), Stage.OVERDUE),
        (date(2026, 12, 1), date(2026, 11, 30), Stage.OVERDUE),
        # ... and 2 working days after the due date, the supervisors.
        (date(2026, 12, 1), date(2026, 11, 27), Stage.ESCALATED),
        # Tết again: due Friday 13/02, overdue through Tết, escalated only on Tuesday 24/02.
        (date(2026, 2, 23), date(2026, 2, 13), Stage.OVERDUE),
        (date(2026, 2, 24), date(2026, 2, 13), Stage.ESCALATED),
    ],
)
def test_stage_by_day(today: date, due: date, expected: Stage | None) -> None:
    assert apology_stage(dossier(due), at(today), TZ, CAL) is expected


def test_no_reminder_once_resolved_apologised_or_ended() -> None:
    now = at(date(2026, 11, 27))
    due = date(2026, 11, 27)
    assert apology_stage(dossier(due, resolved_at=now), now, TZ, CAL) is None
    assert apology_stage(dossier(due, apology_issued_at=now), now, TZ, CAL) is None
    assert apology_stage(dossier(due, status=DossierStatus.WITHDRAWN), now, TZ, CAL) is None


def test_escalation_goes_officers_then_leader_then_supervisors_each_once() -> None:
    due = dossier(date(2026, 11, 27))
    told: set[tuple[str, Stage]] = set()
    plan = {}
    for day in (date(2026, 11, 26), date(2026, 11, 27), date(2026, 11, 30), date(2026, 12, 1)):
        notices = plan_apology_reminders([due], at(day), TZ, CAL, STAFF, UNITS, told)
        plan[day] = [(n.stage, n.recipient.user_id) for n in notices]
        told |= {(d.code, n.stage) for n in notices for d in n.dossiers}
    assert plan == {
        date(2026, 11, 26): [(Stage.DUE_SOON, "11")],
        date(2026, 11, 27): [],  # due soon again, but already told
        date(2026, 11, 30): [(Stage.OVERDUE, "12")],
        date(2026, 12, 1): [(Stage.ESCALATED, "13")],
    }
    # Only once: the next day brings nothing new.
    assert plan_apology_reminders([due], at(date(2026, 12, 2)), TZ, CAL, STAFF, UNITS, told) == []


def test_reminders_group_per_ward_and_stage_earliest_first() -> None:
    items = [dossier(date(2026, 11, 30), "B"), dossier(date(2026, 11, 27), "A")]
    notices = plan_apology_reminders(items, at(date(2026, 11, 27)), TZ, CAL, STAFF, UNITS)
    assert len(notices) == 1
    assert [d.code for d in notices[0].dossiers] == ["A", "B"]


def test_a_ward_without_a_leader_escalates_to_the_supervisor() -> None:
    notices = plan_apology_reminders(
        [dossier(date(2026, 11, 27))], at(date(2026, 11, 30)), TZ, CAL, [OFFICER, SUPERVISOR], UNITS
    )
    assert [(n.stage, n.recipient.user_id) for n in notices] == [(Stage.OVERDUE, "13")]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        # A 10-working-day clock from Monday 02/11/2026 to Monday 16/11/2026.
        (date(2026, 11, 5), None),  # 3/10
        (date(2026, 11, 9), Level.HALF),  # 5/10
        (date(2026, 11, 12), Level.MOST),  # 8/10
        (date(2026, 11, 16), Level.DUE),  # 10/10
        (date(2026, 11, 17), Level.LATE),
    ],
)
def test_deadline_thresholds(today: date, expected: Level | None) -> None:
    assert deadline_level(date(2026, 11, 2), date(2026, 11, 16), today, CAL) is expected


def case(state: State, assignee: str | None = None) -> Case:
    return Case(
        id=1,
        code="PA-1",
        unit_id=2,
        category=Category.OTHER,
        description="…",
        state=state,
        channel="telegram",
        chat_id="1",
        citizen_id="1",
        language="vi",
        created_at=at(date(2026, 11, 2)),
        accept_due=date(2026, 11, 4),
        answer_due=date(2026, 11, 16),
        assignee=assignee,
    )


def test_feedback_alerts_go_to_the_taker_else_officers_and_late_to_the_leader() -> None:
    start = date(2026, 11, 2)
    taken = OpenCase(case(State.ACCEPTED, assignee="11"), start)
    new = OpenCase(case(State.NEW), start)
    on_due = plan_feedback_alerts([taken], date(2026, 11, 16), CAL, STAFF, UNITS)
    assert [(a.deadline.value, a.level, a.recipient.user_id) for a in on_due] == [
        ("answer", Level.DUE, "11")
    ]
    # A new case runs on its 2-day accept clock: half way on Tuesday, late on Thursday.
    assert [a.level for a in plan_feedback_alerts([new], date(2026, 11, 3), CAL, STAFF, UNITS)] == [
        Level.HALF
    ]
    late = plan_feedback_alerts([new], date(2026, 11, 5), CAL, STAFF, UNITS)
    assert [(a.level, a.recipient.user_id) for a in late] == [(Level.LATE, "12")]
    answered = OpenCase(case(State.ANSWERED), start)
    assert plan_feedback_alerts([answered], date(2026, 11, 20), CAL, STAFF, UNITS) == []


def test_working_day_counter_agrees_with_the_calendar() -> None:
    from bot.domain.reminders import WorkingDayCounter

    counter = WorkingDayCounter(CAL, date(2025, 12, 1), date(2026, 12, 31))
    days = [date(2025, 12, 1), date(2026, 2, 13), date(2026, 2, 23), date(2026, 11, 24)]
    for a in days:
        for b in [*days, date(2027, 3, 1)]:
            assert counter.between(a, b) == CAL.working_days_between(a, b), (a, b)
