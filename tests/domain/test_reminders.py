"""Which dossiers get which apology reminder on a given day; feedback deadline thresholds."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta
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


def plan(
    items: list[Dossier], day: date, staff: list[StaffMember] | None = None, lead: int = 2
) -> list[tuple[str, tuple[tuple[str, Stage], ...]]]:
    """(recipient, ((code, stage), …)) for each person told on `day` at 07:30."""
    found = plan_apology_reminders(items, at(day), TZ, CAL, staff or STAFF, UNITS, lead)
    return [(r.recipient.user_id, tuple((i.dossier.code, i.stage) for i in r.items)) for r in found]


def told(items: list[Dossier], day: date, lead: int = 2) -> dict[str, set[Stage]]:
    return {user: {stage for _, stage in pairs} for user, pairs in plan(items, day, lead=lead)}


DUE, LATE, MISSED = Stage.APOLOGY_DUE, Stage.APOLOGY_LATE, Stage.NEW_DATE_MISSED


@pytest.mark.parametrize(
    ("today", "due", "lead", "expected"),
    [
        # Lead time 2: the officer hears on D−2 (before the last legal day) and on D−1.
        (date(2026, 11, 25), date(2026, 11, 27), 2, DUE),
        (date(2026, 11, 26), date(2026, 11, 27), 2, DUE),
        (date(2026, 11, 24), date(2026, 11, 27), 2, None),  # 24/11 is a holiday anyway
        (date(2026, 11, 23), date(2026, 11, 27), 2, None),
        (date(2026, 11, 23), date(2026, 11, 27), 3, DUE),  # a longer lead time
        (date(2026, 11, 25), date(2026, 11, 27), 1, None),  # lead 1: only on D−1
        # From D on the apology is late (it was due on D−1 at the latest).
        (date(2026, 11, 27), date(2026, 11, 27), 2, LATE),
        (date(2026, 12, 11), date(2026, 11, 27), 2, LATE),
        # The 2026 New Year swap: due Mon 12/01, so D−1 is the worked Saturday 10/01 and
        # D−2 Friday 09/01; due Mon 05/01, D−1 is Wed 31/12/2025 (01–02/01 off).
        (date(2026, 1, 9), date(2026, 1, 12), 2, DUE),
        (date(2026, 1, 10), date(2026, 1, 12), 2, DUE),
        (date(2026, 1, 8), date(2026, 1, 12), 2, None),
        (date(2025, 12, 30), date(2026, 1, 5), 2, DUE),
        (date(2025, 12, 31), date(2026, 1, 5), 2, DUE),
        (date(2025, 12, 29), date(2026, 1, 5), 2, None),
        (date(2026, 1, 2), date(2026, 1, 5), 2, None),  # a day off: nobody is told
        # Tết Bính Ngọ (16–20/02 off): due Mon 23/02, told Thu 12/02 and Fri 13/02.
        (date(2026, 2, 12), date(2026, 2, 23), 2, DUE),
        (date(2026, 2, 13), date(2026, 2, 23), 2, DUE),
        (date(2026, 2, 11), date(2026, 2, 23), 2, None),
        (date(2026, 2, 17), date(2026, 2, 23), 2, None),
        (date(2026, 2, 13), date(2026, 2, 24), 2, DUE),  # due Tue 24/02: D−2 is Fri 13/02
        (date(2026, 2, 12), date(2026, 2, 24), 2, None),
    ],
)
def test_stage_by_day(today: date, due: date, lead: int, expected: Stage | None) -> None:
    assert apology_stage(dossier(due), at(today), TZ, CAL, lead) is expected


def test_the_ladder_adds_people_and_never_drops_anyone() -> None:
    item = [dossier(date(2026, 11, 27))]
    days = {
        date(2026, 11, 25): {"11": {DUE}},  # D−2: the officer
        date(2026, 11, 26): {"11": {DUE}},  # D−1: the officer again
        date(2026, 11, 27): {"11": {LATE}, "12": {LATE}},  # D: officer and leader
        date(2026, 11, 30): {"11": {LATE}, "12": {LATE}},  # D+1: still both
        date(2026, 12, 1): {"11": {LATE}, "12": {LATE}, "13": {LATE}},  # D+2: supervisors join
        date(2026, 12, 11): {"11": {LATE}, "12": {LATE}, "13": {LATE}},  # D+10: everyone
    }
    for day, expected in days.items():
        assert told(item, day) == expected, day


def test_the_leader_hears_on_d_plus_1_and_d_plus_10_across_tet() -> None:
    # Due Friday 13/02/2026: D+1 is Monday 23/02 after Tết, D+10 is Friday 06/03.
    item = [dossier(date(2026, 2, 13))]
    assert told(item, date(2026, 2, 23)) == {"11": {LATE}, "12": {LATE}}
    assert told(item, date(2026, 2, 24)) == {"11": {LATE}, "12": {LATE}, "13": {LATE}}
    assert CAL.working_days_between(date(2026, 2, 13), date(2026, 3, 6)) == 10
    assert "12" in told(item, date(2026, 3, 6))
    assert told(item, date(2026, 2, 18)) == {}  # Tết: nobody works


def test_one_grouped_message_a_day_per_person() -> None:
    items = [
        dossier(date(2026, 11, 30), "B"),
        dossier(date(2026, 11, 27), "A"),
        dossier(date(2026, 11, 20), "C"),
    ]
    # Thursday 26/11: A and B are due soon (officer), C is 3 working days late (everyone).
    assert plan(items, date(2026, 11, 26)) == [
        ("11", (("A", DUE), ("B", DUE), ("C", LATE))),
        ("12", (("C", LATE),)),
        ("13", (("C", LATE),)),
    ]


def test_a_supervisor_over_two_wards_gets_one_message() -> None:
    other = Unit(3, "giavien", "Phường Gia Viên", parent_id=1)
    units = {**UNITS, 3: other}
    items = [
        dossier(date(2026, 11, 20), "NQ-1"),
        dossier(date(2026, 11, 19), "GV-1", unit_id=3),
    ]
    found = plan_apology_reminders(items, at(date(2026, 11, 30)), TZ, CAL, STAFF, units)
    supervisor = [r for r in found if r.recipient.user_id == "13"]
    assert len(supervisor) == 1
    # The latest fallen due first (the others are no less late, but have been told before).
    assert [i.dossier.code for i in supervisor[0].items] == ["NQ-1", "GV-1"]


def test_the_rescheduled_date_missed_reaches_the_leader_and_supervisors_at_once() -> None:
    apologised = dossier(
        date(2026, 11, 20),
        apology_issued_at=at(date(2026, 11, 19)),
        apology_new_due_at=at(date(2026, 11, 27), 17, 0),
    )
    # Before the new date passes, the apology stops the ladder.
    assert plan([apologised], date(2026, 11, 26)) == []
    assert plan([apologised], date(2026, 11, 27)) == []  # 07:30, the new day has not ended
    # The next run after it: the leader and the supervisors (not the officer), every day after.
    for day in (date(2026, 11, 30), date(2026, 12, 8)):
        assert told([apologised], day) == {"12": {MISSED}, "13": {MISSED}}
    resolved = dataclasses.replace(apologised, resolved_at=at(date(2026, 11, 30), 9))
    assert plan([resolved], date(2026, 12, 1)) == []


@pytest.mark.parametrize(
    "status",
    [
        DossierStatus.REGISTERED,  # 1: never accepted
        DossierStatus.REJECTED,  # 3
        DossierStatus.SUPPLEMENT,  # 5: waits on the citizen
        DossierStatus.FINANCIAL,  # 6
        DossierStatus.WITHDRAWN,  # 7
        DossierStatus.STOPPED,  # 8
        DossierStatus.DONE,  # 9
        DossierStatus.RETURNED,  # 10
    ],
)
def test_statuses_other_than_accepted_and_processing_are_never_reminded(
    status: DossierStatus,
) -> None:
    item = dossier(date(2026, 11, 27), status=status)
    for day in (date(2026, 11, 26), date(2026, 11, 27), date(2026, 12, 11)):
        assert apology_stage(item, at(day), TZ, CAL) is None
        assert plan([item], day) == []


@pytest.mark.parametrize("status", [DossierStatus.ACCEPTED, DossierStatus.PROCESSING])
def test_accepted_and_processing_are_reminded(status: DossierStatus) -> None:
    assert plan([dossier(date(2026, 11, 27), status=status)], date(2026, 11, 26)) == [
        ("11", (("NQ-1", DUE),))
    ]


def test_no_reminder_once_resolved_or_apologised() -> None:
    now = at(date(2026, 11, 27))
    due = date(2026, 11, 27)
    assert apology_stage(dossier(due, resolved_at=now), now, TZ, CAL) is None
    assert apology_stage(dossier(due, apology_issued_at=now), now, TZ, CAL) is None


def test_a_ward_without_a_leader_has_the_supervisor_stand_in() -> None:
    found = plan([dossier(date(2026, 11, 27))], date(2026, 11, 30), [OFFICER, SUPERVISOR])
    assert found == [("11", (("NQ-1", LATE),)), ("13", (("NQ-1", LATE),))]
    # No officer either: the leader hears the due-soon notice.
    found = plan([dossier(date(2026, 11, 27))], date(2026, 11, 26), [LEADER, SUPERVISOR])
    assert found == [("12", (("NQ-1", DUE),))]


def test_a_ward_counting_saturdays_is_reminded_on_saturday() -> None:
    desk = dataclasses.replace(WARD, saturday_deadlines=True)
    units = {1: CITY, 2: desk}
    # Due Monday 30/11: for this ward D−1 is Saturday 28/11.
    item = dossier(date(2026, 11, 30))
    on_saturday = plan_apology_reminders([item], at(date(2026, 11, 28)), TZ, CAL, STAFF, units)
    assert [(r.recipient.user_id, r.items[0].last_day) for r in on_saturday] == [
        ("11", date(2026, 11, 28))
    ]
    assert plan([item], date(2026, 11, 28)) == []  # other wards do not work on Saturday


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


def test_each_stage_gets_its_share_of_a_long_list() -> None:
    old = [dossier(date(2026, 1, 5) + timedelta(days=i), f"OLD-{i:03d}") for i in range(60)]
    soon = [dossier(date(2026, 11, 30), f"SOON-{i}") for i in range(3)]
    (officer, *_) = plan_apology_reminders(
        old + soon, at(date(2026, 11, 27)), TZ, CAL, STAFF, UNITS
    )
    sections = officer.sections(10)
    assert [(stage, len(items), more) for stage, items, more in sections] == [
        (DUE, 3, 0),
        (LATE, 7, 53),
    ]
    assert sections[1][1][0].dossier.code == "OLD-059"  # the latest fallen due first
