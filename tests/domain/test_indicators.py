"""The indicators' rules (bot.domain.indicators) as tables of hand-computed cases.

* a worked example (a ward's March 2026), shipped as tests/fixtures/indicators_march_2026.csv
  with each row's expected class, read through the real import parser;
* every status × (ended before / on / after the due date; open at the window's end within or
  past the due date; carried over; ended before the window, in it, after it).
"""

from __future__ import annotations

import csv
from dataclasses import fields, replace
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.calendar import WorkCalendar
from bot.domain.feedback import Category
from bot.domain.imports import (
    DossierRowParser,
    ImportKind,
    UnitResolver,
    map_header,
)
from bot.domain.indicators import (
    CaseFacts,
    DossierTally,
    FeedbackTally,
    Figures,
    Place,
    Ratio,
    Window,
    best_and_worst,
    case_in_time,
    classify,
    feedback_total,
    flagged_codes,
    processing_times,
    ranking,
    roll_up,
    tally,
    tally_cases,
    units_under,
)
from bot.domain.models import (
    Dossier,
    DossierStatus,
    OnlineLevel,
    SubmissionChannel,
    TaskCounts,
    Unit,
)
from bot.domain.periods import parse_period
from tests.domain.records import dossier_from_record

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "indicators_march_2026.csv"
WARD = Unit(1, "phuongmau", "Phường Mẫu")
MARCH = Window.of(
    parse_period("03/2026", date(2026, 11, 27)), datetime(2026, 11, 27, tzinfo=TZ), TZ
)
WEEK = Window.of(
    parse_period("02/03/2026-08/03/2026", date(2026, 11, 27)), datetime(2026, 11, 27, tzinfo=TZ), TZ
)


def at(day: int, month: int, hour: int = 0, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TZ)


def fixture_rows() -> list[dict[str, str]]:
    with FIXTURE.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def fixture_dossiers() -> dict[str, Dossier]:
    """The worked example's file through the import's own header mapping and row parser."""
    with FIXTURE.open(encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header = map_header(rows[0], ImportKind.DOSSIERS, has_ward=True)
    parser = DossierRowParser(header, UnitResolver([WARD]), TZ, WARD)
    out = {}
    for line, cells in enumerate(rows[1:], start=2):
        record = parser.parse(line, cells)
        assert isinstance(record, tuple), record
        out[record[0]] = dossier_from_record(record)
    return out


# --- the worked example ---------------------------------------------------------------------------


def test_the_window_ends_at_the_periods_last_second() -> None:
    assert MARCH.start == at(1, 3)
    assert MARCH.end == MARCH.period_end == at(31, 3, 23, 59).replace(second=59)
    assert MARCH.finished
    running = Window.of(parse_period("11/2026", date(2026, 11, 27)), at(27, 11, 10, 0), TZ)
    assert running.end == at(27, 11, 10, 0) and not running.finished


@pytest.mark.parametrize("window_name", ["march", "week"])
def test_each_row_of_the_worked_example_has_its_class(window_name: str) -> None:
    window = MARCH if window_name == "march" else WEEK
    dossiers = fixture_dossiers()
    for row in fixture_rows():
        classed = classify(dossiers[row["MaHoSo"]], window, TZ)
        expected = row[window_name]
        if expected in ("-", "refused"):
            assert classed is None, row["MaHoSo"]
            continue
        assert classed is not None, row["MaHoSo"]
        assert classed.place.value == expected, row["MaHoSo"]
        assert classed.on_time == (row[f"{window_name}_on_time"] == "1"), row["MaHoSo"]
        assert classed.carried_over == (row["carried"] == "1"), row["MaHoSo"]


def test_the_worked_example_gives_the_dashboards_2_1() -> None:
    dossiers = fixture_dossiers().values()
    march = Figures(tally(dossiers, MARCH, TZ))
    d = march.dossiers
    # Received in March: S4A, S4B, S7, S8, S9, S10; carried over: C1, C2.
    assert (d.new, d.carried_over, d.received) == (6, 2, 8)
    assert d.refused == 1  # S3, shown apart, never received
    assert march.on_time == Ratio(5, 8)  # S4A, S7, S8, S9, C2
    assert (d.early, d.on_day, d.late, d.in_time, d.overdue) == (1, 0, 2, 2, 1)
    assert (d.withdrawn, d.stopped, d.resolved) == (1, 1, 3)
    week = Figures(tally(dossiers, WEEK, TZ))
    assert week.on_time == Ratio(7, 8)
    assert week.dossiers.received == 8


def test_fields_add_up_to_the_total() -> None:
    by_field = tally(fixture_dossiers().values(), MARCH, TZ)
    assert set(by_field) == {"Hộ tịch", "Chứng thực"}
    assert by_field["Hộ tịch"] + by_field["Chứng thực"] == Figures(by_field).dossiers
    for d in by_field.values():  # every received dossier sits in exactly one column
        assert d.received == d.in_progress + d.resolved + d.paused + d.cancelled


# --- every status × timing -----------------------------------------------------------------------

# March 2026. Scenarios: (received, due, end) and what each status makes of them.
SCENARIOS: dict[str, tuple[datetime, datetime, datetime | None]] = {
    "before": (at(10, 3, 9), at(20, 3, 17), at(15, 3, 10)),  # ended before the due day
    "on_day": (at(10, 3, 9), at(20, 3, 17), at(20, 3, 9)),  # ended on the due day, in time
    "after": (at(10, 3, 9), at(20, 3, 17), at(25, 3, 10)),  # ended after the due moment
    "open_in_time": (at(10, 3, 9), at(15, 4, 17), None),  # open, due after the window
    "open_past_due": (at(10, 3, 9), at(20, 3, 17), None),  # open, due inside the window
    "carried": (at(20, 2, 9), at(5, 3, 17), None),  # received in February, still open
    "carried_ended": (at(20, 2, 9), at(5, 3, 17), at(3, 3, 10)),  # received earlier, ended now
    "ended_before": (at(20, 2, 9), at(5, 3, 17), at(25, 2, 10)),  # ended before the window
    "ended_after": (at(10, 3, 9), at(20, 3, 17), at(5, 4, 10)),  # ended after the window
}

# status → scenario → (place, on time for 2.1, paused without an end) ; None: not counted.
_OPEN: dict[str, tuple[str, bool, bool] | None] = {
    "before": ("overdue", False, False),  # 2/4 carry no end: the end time is ignored
    "on_day": ("overdue", False, False),
    "after": ("overdue", False, False),
    "open_in_time": ("in_time", True, False),
    "open_past_due": ("overdue", False, False),
    "carried": ("overdue", False, False),
    "carried_ended": ("overdue", False, False),
    "ended_before": ("overdue", False, False),
    "ended_after": ("overdue", False, False),
}


def _ending(before: str, on_day: str, after: str) -> dict[str, tuple[str, bool, bool] | None]:
    return {
        "before": (before, True, False),
        "on_day": (on_day, True, False),
        "after": (after, False, False),
        "open_in_time": ("in_time", True, False),  # no end time given: still open
        "open_past_due": ("overdue", False, False),
        "carried": ("overdue", False, False),
        "carried_ended": (before, True, False),
        "ended_before": None,
        "ended_after": ("overdue", False, False),  # open at the window's end
    }


def _waiting(place: str) -> dict[str, tuple[str, bool, bool] | None]:
    return {
        "before": (place, True, False),
        "on_day": (place, True, False),
        "after": (place, False, False),  # asked after the due moment: late
        "open_in_time": (place, True, True),  # no request time: counted within due
        "open_past_due": (place, True, True),  # never overdue
        "carried": (place, True, True),
        "carried_ended": (place, True, False),
        "ended_before": None,  # asked before the window: ended then
        "ended_after": ("overdue", False, False),  # asked after the window: open at its end
    }


EXPECTED: dict[DossierStatus, dict[str, tuple[str, bool, bool] | None]] = {
    DossierStatus.REGISTERED: dict.fromkeys(SCENARIOS),
    DossierStatus.ACCEPTED: _OPEN,
    DossierStatus.REJECTED: dict.fromkeys(SCENARIOS),
    DossierStatus.PROCESSING: _OPEN,
    DossierStatus.SUPPLEMENT: _waiting("supplement"),
    DossierStatus.FINANCIAL: _waiting("financial"),
    DossierStatus.WITHDRAWN: _ending("withdrawn", "withdrawn", "withdrawn"),
    DossierStatus.STOPPED: _ending("stopped", "stopped", "stopped"),
    DossierStatus.DONE: _ending("early", "on_day", "late"),
    DossierStatus.RETURNED: _ending("early", "on_day", "late"),
}
CASES = [(status, name) for status in DossierStatus for name in SCENARIOS]


def case_dossier(status: DossierStatus, scenario: str) -> Dossier:
    received, due, end = SCENARIOS[scenario]
    return Dossier(
        code=f"T-{status.national_code}-{scenario}".upper(),
        unit_id=WARD.id,
        received_at=received,
        due_at=due,
        channel=SubmissionChannel.ONLINE,
        status=status,
        field=f"{status.value}/{scenario}",
        resolved_at=end,
    )


@pytest.mark.parametrize(("status", "scenario"), CASES, ids=[f"{s}-{n}" for s, n in CASES])
def test_every_status_and_timing(status: DossierStatus, scenario: str) -> None:
    classed = classify(case_dossier(status, scenario), MARCH, TZ)
    expected = EXPECTED[status][scenario]
    if expected is None:
        assert classed is None
        return
    assert classed is not None
    place, on_time, assumed = expected
    assert (classed.place.value, classed.on_time, classed.assumed) == (place, on_time, assumed)
    assert classed.carried_over == (SCENARIOS[scenario][0] < MARCH.start)


def expected_tally(status: DossierStatus, scenario: str) -> DossierTally:
    """The one-dossier tally the table above implies (used by the storage test too)."""
    expected = EXPECTED[status][scenario]
    received = SCENARIOS[scenario][0]
    if expected is None:
        refused = status is DossierStatus.REJECTED and received >= MARCH.start
        return DossierTally(refused=int(refused))
    place, on_time, assumed = expected
    carried = received < MARCH.start
    counts = {
        "carried_over" if carried else "new": 1,
        place: 1,
        "on_time": int(on_time),
        "assumed": int(assumed),
    }
    if not carried:
        counts["online"] = 1
    return DossierTally(**counts)


def test_the_tally_adds_the_classes() -> None:
    dossiers = [case_dossier(s, n) for s, n in CASES]
    by_field = tally(dossiers, MARCH, TZ)
    for status, name in CASES:
        assert by_field.get(f"{status.value}/{name}", DossierTally()) == expected_tally(
            status, name
        ), (status, name)


def test_statuses_1_and_3_are_never_received_nor_overdue() -> None:
    for status in (DossierStatus.REGISTERED, DossierStatus.REJECTED):
        assert not status.received
        for name in SCENARIOS:
            assert classify(case_dossier(status, name), MARCH, TZ) is None


def test_statuses_5_and_6_are_never_overdue_while_waiting() -> None:
    for status in (DossierStatus.SUPPLEMENT, DossierStatus.FINANCIAL):
        for name in ("open_in_time", "open_past_due", "carried"):
            classed = classify(case_dossier(status, name), MARCH, TZ)
            assert classed is not None and classed.place is not Place.OVERDUE and classed.on_time


def test_local_days_decide_early_and_on_the_day() -> None:
    # Due 20/03 17:00: ended 20/03 00:30 local (19/03 17:30 UTC) is on the due day, not early.
    base = case_dossier(DossierStatus.RETURNED, "before")
    on_day = replace(base, resolved_at=at(20, 3, 0, 30))
    classed = classify(on_day, MARCH, TZ)
    assert classed is not None and classed.place is Place.ON_DAY
    # 17:30 the same day is past the due moment: late.
    late = classify(replace(base, resolved_at=at(20, 3, 17, 30)), MARCH, TZ)
    assert late is not None and late.place is Place.LATE


def test_online_shares_and_levels_count_new_dossiers_only() -> None:
    def dossier(code: str, channel: SubmissionChannel, level: OnlineLevel | None) -> Dossier:
        return Dossier(
            code, WARD.id, at(5, 3), at(20, 3), channel, DossierStatus.PROCESSING, level=level
        )

    dossiers = [
        dossier("A", SubmissionChannel.ONLINE, OnlineLevel.FULL),
        dossier("B", SubmissionChannel.ONLINE, OnlineLevel.PARTIAL),
        dossier("C", SubmissionChannel.ONLINE, None),
        dossier("D", SubmissionChannel.POSTAL, None),
        dossier("E", SubmissionChannel.DIRECT, OnlineLevel.FULL),
        replace(dossier("F", SubmissionChannel.ONLINE, OnlineLevel.FULL), received_at=at(5, 2)),
    ]
    figures = Figures(tally(dossiers, MARCH, TZ))
    assert figures.online == Ratio(3, 5)  # F was carried over: not received in March
    assert figures.direct == Ratio(1, 5) and figures.postal == Ratio(1, 5)
    assert figures.online_full == Ratio(1, 5) and figures.online_partial == Ratio(1, 5)
    assert figures.has_levels


# --- feedback: 5.1–5.4 ---------------------------------------------------------------------------

CAL = WorkCalendar()


def case(**values: object) -> CaseFacts:
    base: dict[str, object] = {
        "unit_id": WARD.id,
        "category": Category.LATE_DOSSIER,
        "received_at": at(2, 3, 9),  # Monday 02/03/2026
    }
    base.update(values)
    return CaseFacts(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("facts", "in_time"),
    [
        (case(refused_at=at(4, 3, 16)), True),  # refused on the 2nd working day
        (case(refused_at=at(5, 3, 8)), False),  # the 3rd
        (case(asked_at=at(9, 3, 8), answered_at=at(20, 3)), True),  # asked on the 5th day
        (case(asked_at=at(10, 3, 8), answered_at=at(20, 3)), False),  # the 6th
        (case(answered_at=at(23, 3, 10)), True),  # answered on the 15th working day
        (case(answered_at=at(24, 3, 10)), False),  # the 16th
        (case(), False),  # open at the end of March: 22 working days
        (case(received_at=at(20, 3, 9)), True),  # open, 7 working days at the end of March
        (case(answered_at=at(2, 4, 10)), False),  # answered after March: open at its end
    ],
)
def test_feedback_handled_in_time(facts: CaseFacts, in_time: bool) -> None:
    assert case_in_time(facts, MARCH, CAL, TZ) is in_time


def test_feedback_indicators_by_hand() -> None:
    cases = [
        case(answered_at=at(5, 3), rating=5, rated_at=at(6, 3)),  # fine
        case(answered_at=at(5, 3), rating=2, rated_at=at(6, 3), dossier_code="HS-1"),  # dislike
        case(category=Category.STAFF_CONDUCT, answered_at=at(5, 3), reopened_at=at(7, 3)),
        case(),  # open for 22 working days: late
        case(received_at=at(20, 2), answered_at=at(3, 3)),  # February's case handled in March
        case(received_at=at(2, 2), answered_at=at(20, 2)),  # handled in February: not counted
        case(received_at=at(2, 4)),  # April: not counted
    ]
    tallies = tally_cases(cases, MARCH, lambda _: CAL, TZ)
    f = tallies[WARD.id]
    assert (f.received, f.conduct, f.policy) == (4, 1, 3)
    # 5.2: 5 cases received or handled in March; the open one is late.
    assert (f.progress_cases, f.progress_in_time) == (5, 4)
    # 5.3: the dislike, the reopened and the late case are unsatisfied.
    assert f.unsatisfied == 3
    assert (f.rated, f.rating_sum) == (2, 7)
    figures = Figures({}, f)
    assert figures.conduct_share == Ratio(1, 4) and figures.policy_share == Ratio(3, 4)
    assert figures.feedback_progress == Ratio(4, 5)
    assert figures.feedback_satisfaction == Ratio(1, 4)
    assert flagged_codes(cases, MARCH) == {"HS-1"}


def test_satisfaction_counts_a_dossier_late_and_complained_once() -> None:
    dossiers = DossierTally(new=10, in_time=6, overdue=2, early=2, on_time=8)
    # 3 dossiers named by complaints, one of them already late.
    figures = Figures({"": dossiers}, FeedbackTally(flagged=3, flagged_late=1))
    assert figures.satisfaction == Ratio(6, 10)  # 10 − (2 late + 2 more complained)
    assert Figures().satisfaction.value is None
    worst = Figures({"": dossiers}, FeedbackTally(flagged=30, flagged_late=0))
    assert worst.satisfaction == Ratio(0, 10)  # floored at 0%


# --- 2.2: processing time ------------------------------------------------------------------------


def test_processing_time_in_working_days() -> None:
    # Two dossiers of "Khai sinh": received Mon 02/03 → ended Wed 04/03 (2 working days), and
    # received Fri 06/03 → ended Mon 09/03 (1 working day: the weekend does not count).
    rows = [
        (0, "Khai sinh", date(2026, 3, 2), -1, 1),
        (0, "Khai sinh", date(2026, 3, 4), 1, 1),
        (0, "Khai sinh", date(2026, 3, 6), -1, 1),
        (0, "Khai sinh", date(2026, 3, 9), 1, 1),
    ]
    times = processing_times(rows, lambda _: CAL)
    assert times["Khai sinh"].dossiers == 2
    assert times["Khai sinh"].working_days == 3
    assert times["Khai sinh"].average == Fraction(3, 2)
    assert processing_times([], lambda _: CAL) == {}


# --- roll-ups and rankings -----------------------------------------------------------------------


def test_an_area_is_the_sum_of_its_units() -> None:
    city = Unit(1, "haiphong", "Thành phố Hải Phòng", kind="province")
    a = Unit(2, "a", "Phường A", parent_id=1)
    b = Unit(3, "b", "Phường B", parent_id=1)
    other = Unit(4, "x", "Xã X")
    assert [u.id for u in units_under(city, [other, b, a, city])] == [1, 2, 3]
    fa = Figures({"Hộ tịch": DossierTally(new=4, on_time=3)}, tasks=TaskCounts(1, 2))
    fb = Figures(
        {"Hộ tịch": DossierTally(new=2, on_time=2), "Đất đai": DossierTally(new=1)},
        tasks=TaskCounts(2, 3),
    )
    total = fa + fb
    assert total.by_field["Hộ tịch"] == DossierTally(new=6, on_time=5)
    assert total.dossiers.new == 7 and total.tasks == TaskCounts(3, 5)


def test_rankings_best_and_worst_five() -> None:
    units = [Unit(i, f"u{i}", f"Phường {i:02d}") for i in range(1, 14)]
    items = [(u, Figures({"": DossierTally(new=10, on_time=u.id % 11)})) for u in units]
    items.append((Unit(99, "empty", "Phường trống"), Figures()))
    ranked = ranking(items, lambda f: f.on_time)
    assert len(ranked) == 13  # the unit with no dossiers has no rate
    assert [r.unit.id for r in ranked[:2]] == [10, 9]
    assert ranked[0].ratio == Ratio(10, 10)
    best, worst = best_and_worst(ranked)
    assert [r.rank for r in best] == [1, 2, 3, 4, 5]
    assert [r.rank for r in worst] == [9, 10, 11, 12, 13]
    best, worst = best_and_worst(ranked[:7])
    assert len(best) == 5 and [r.rank for r in worst] == [6, 7]


_COUNTS = st.integers(min_value=0, max_value=10**6)
_FIGURES = st.builds(
    Figures,
    st.dictionaries(
        st.sampled_from(["", "Hộ tịch", "Đất đai", "Chứng thực"]),
        st.builds(DossierTally, *[_COUNTS] * len(fields(DossierTally))),
        max_size=4,
    ),
    st.builds(FeedbackTally, *[_COUNTS] * len(fields(FeedbackTally))),
    st.builds(TaskCounts, _COUNTS, _COUNTS),
)


@given(st.lists(_FIGURES, max_size=12))
def test_a_roll_up_is_the_sum_of_its_units_field_by_field(units: list[Figures]) -> None:
    """An area's figures: each field's counts, the feedback and the tasks summed over its units,
    column by column (as one unit's own figures are)."""
    rolled = roll_up(units)

    def column_sums(tallies: list[Any], kind: type[Any]) -> Any:
        return kind(*(sum(getattr(t, f.name) for t in tallies) for f in fields(kind)))

    names = {name for u in units for name in u.by_field}
    assert rolled.by_field == {
        name: column_sums([u.by_field[name] for u in units if name in u.by_field], DossierTally)
        for name in names
    }
    assert rolled.feedback == column_sums([u.feedback for u in units], FeedbackTally)
    assert rolled.tasks == column_sums([u.tasks for u in units], TaskCounts)
    assert feedback_total([]) == FeedbackTally()
    if len(units) >= 2:
        assert units[0].feedback + units[1].feedback == feedback_total(
            u.feedback for u in units[:2]
        )
