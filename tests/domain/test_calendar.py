"""The working-day calendar, as tables over 2022–2027."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bot.domain.calendar import Why, WorkCalendar, year_exceptions

CAL = WorkCalendar()


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2022, 1, 3), False),  # Tết Dương lịch 2022 fell on Saturday: Monday off
        (date(2022, 2, 1), False),  # Tết 2022
        (date(2022, 2, 7), True),
        (date(2022, 4, 11), False),  # Giỗ Tổ on Sunday 10/04 → Monday off
        (date(2022, 9, 1), False),
        (date(2022, 9, 2), False),
        (date(2022, 9, 5), True),
        (date(2023, 1, 20), False),  # Tết 2023 window 20–26/01
        (date(2023, 1, 26), False),
        (date(2023, 1, 27), True),
        (date(2023, 5, 2), False),  # Giỗ Tổ on Saturday 29/04 → Tuesday 02/05 off
        (date(2024, 2, 8), False),
        (date(2024, 2, 14), False),
        (date(2024, 2, 15), True),
        (date(2024, 4, 29), False),  # bridge day …
        (date(2024, 5, 4), True),  # … worked on Saturday 04/05
        (date(2025, 4, 7), False),  # Giỗ Tổ
        (date(2025, 4, 26), True),  # worked Saturday
        (date(2025, 5, 2), False),
        (date(2026, 2, 16), False),  # Tết 2026: 16–20/02
        (date(2026, 2, 20), False),
        (date(2026, 2, 23), True),
        (date(2026, 4, 27), False),  # Giỗ Tổ on Sunday 26/04 → Monday off
        (date(2026, 4, 30), False),
        (date(2026, 5, 1), False),
        (date(2026, 8, 22), True),  # worked Saturday …
        (date(2026, 8, 31), False),  # … for the bridge Monday
        (date(2026, 9, 1), False),
        (date(2026, 9, 2), False),
        (date(2026, 11, 24), False),  # Ngày Văn hóa Việt Nam, from 2026
        (date(2025, 11, 24), True),  # not yet in 2025
        (date(2026, 11, 28), False),  # an ordinary Saturday
        (date(2026, 11, 29), False),  # Sunday
        (date(2027, 2, 8), False),  # Tết 2027 (library estimate)
        (date(2027, 5, 3), False),  # 01/05/2027 is a Saturday → Monday off
        (date(2027, 11, 24), False),
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Friday + 1 → Monday
        (date(2026, 11, 23), 1, date(2026, 11, 25)),  # skips 24/11
        (date(2026, 2, 13), 1, date(2026, 2, 23)),  # across Tết
        (date(2026, 2, 13), 15, date(2026, 3, 13)),
        (date(2025, 12, 31), 1, date(2026, 1, 5)),  # 01–02/01/2026 off (the New Year swap)
        (date(2026, 1, 9), 1, date(2026, 1, 10)),  # … and Saturday 10/01/2026 worked
        (date(2026, 8, 21), 1, date(2026, 8, 22)),  # the worked Saturday counts
        (date(2026, 8, 28), 1, date(2026, 9, 3)),  # 31/08, 01–02/09 off
        (date(2026, 11, 30), -1, date(2026, 11, 27)),
        (date(2026, 11, 27), 0, date(2026, 11, 27)),
    ],
)
def test_add_working_days(start: date, n: int, expected: date) -> None:
    assert CAL.add_working_days(start, n) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 11, 27), date(2026, 11, 30), 1),
        (date(2026, 2, 13), date(2026, 2, 23), 1),
        (date(2026, 11, 20), date(2026, 11, 27), 4),  # 24/11 off
        (date(2026, 11, 30), date(2026, 11, 27), -1),
        (date(2026, 11, 27), date(2026, 11, 27), 0),
    ],
)
def test_working_days_between(start: date, end: date, expected: int) -> None:
    assert CAL.working_days_between(start, end) == expected


def test_local_overrides_and_saturday_deadlines() -> None:
    local = WorkCalendar.with_overrides(
        extra_working_days=[date(2026, 12, 5)], extra_days_off=[date(2026, 12, 7)]
    )
    assert local.is_working_day(date(2026, 12, 5))
    assert not local.is_working_day(date(2026, 12, 7))
    assert CAL.is_working_day(date(2026, 12, 7))
    saturday_desk = WorkCalendar.with_overrides(saturday_deadlines=True)
    assert saturday_desk.is_working_day(date(2026, 11, 28))
    assert not saturday_desk.is_working_day(date(2026, 11, 29))
    assert not saturday_desk.is_working_day(date(2027, 2, 6))  # Tết beats Saturday deadlines


def test_an_extra_working_day_cancels_a_holiday_the_library_asserts() -> None:
    # Should the government cancel 24/11/2026 (its legal force is [U]), one setting does it.
    local = WorkCalendar.with_overrides(extra_working_days=[date(2026, 11, 24), date(2026, 1, 2)])
    assert CAL.is_holiday(date(2026, 11, 24)) and not local.is_holiday(date(2026, 11, 24))
    assert local.is_working_day(date(2026, 11, 24))
    assert local.is_working_day(date(2026, 1, 2))  # the built-in swap is cancelled too
    assert local.add_working_days(date(2026, 11, 23), 1) == date(2026, 11, 24)


def test_add_and_between_are_inverse() -> None:
    start = date(2022, 1, 1)
    for n in range(0, 400, 7):
        assert CAL.working_days_between(start, CAL.add_working_days(start, n)) == n


def test_a_deadline_counted_before_is_the_same_as_counted_afresh(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import bot.domain.calendar as calendar

    monkeypatch.setattr(calendar, "_DEADLINES_KEPT", 5)  # forgotten and counted again too
    kept = WorkCalendar()
    starts = [date(2025, 12, 20), date(2026, 1, 1), date(2026, 4, 24), date(2026, 8, 28)]
    for _ in range(3):
        for start in starts:
            for n in (-15, -2, 0, 2, 5, 15):
                assert kept.add_working_days(start, n) == WorkCalendar().add_working_days(start, n)
                assert len(kept._deadlines) <= 5
    # A calendar made from another (a ward's Saturdays) does not share what it counted.
    saturdays = replace(kept, saturday_deadlines=True)
    assert saturdays.add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 28)
    assert kept.add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)


def test_saturday_reception_alone_does_not_change_deadlines() -> None:
    from bot.domain.models import Unit

    counts = Unit(1, "a", "Phường A", saturday_reception=True, saturday_deadlines=True)
    opens_only = Unit(2, "b", "Phường B", saturday_reception=True)
    plain = Unit(3, "c", "Phường C")
    assert CAL.for_unit(counts).is_working_day(date(2026, 11, 28))
    assert not CAL.for_unit(opens_only).is_working_day(date(2026, 11, 28))
    assert CAL.for_unit(plain) is CAL and CAL.for_unit(opens_only) is CAL
    assert CAL.for_unit(counts).add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 28)
    assert CAL.for_unit(opens_only).add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)


# Every weekday off and every weekend day worked, 2024–2027 (the annual notices; 2027 is
# the library's estimate [U], 24/11 from 2026 as the library has it, its legal force [U]).
KNOWN: dict[int, list[tuple[str, bool]]] = {
    2024: [
        ("01/01", False),
        *((f"{d:02d}/02", False) for d in (8, 9, 12, 13, 14)),  # Tết (10–11/02 a weekend)
        ("18/04", False),  # Giỗ Tổ
        ("29/04", False),  # bridge day …
        ("30/04", False),
        ("01/05", False),
        ("04/05", True),  # … worked on Saturday
        ("02/09", False),
        ("03/09", False),
    ],
    2025: [
        ("01/01", False),
        *((f"{d:02d}/01", False) for d in (27, 28, 29, 30, 31)),  # Tết
        ("07/04", False),
        ("26/04", True),  # Saturday worked …
        ("30/04", False),
        ("01/05", False),
        ("02/05", False),  # … for the bridge Friday
        ("01/09", False),
        ("02/09", False),
    ],
    2026: [
        ("01/01", False),
        ("02/01", False),  # New Year swap (VPCP 12729/VPCP-KGVX) …
        ("10/01", True),  # … Saturday worked
        *((f"{d:02d}/02", False) for d in (16, 17, 18, 19, 20)),  # Tết Bính Ngọ
        ("27/04", False),  # Giỗ Tổ on Sunday 26/04, observed on Monday
        ("30/04", False),
        ("01/05", False),
        ("22/08", True),  # Saturday worked …
        ("31/08", False),  # … for the bridge Monday
        ("01/09", False),
        ("02/09", False),
        ("24/11", False),  # Ngày Văn hóa Việt Nam
    ],
    2027: [
        ("01/01", False),
        *((f"{d:02d}/02", False) for d in (4, 5, 8, 9, 10)),  # Tết (estimate; 06–07 weekend)
        ("16/04", False),
        ("30/04", False),
        ("03/05", False),  # 01/05 is a Saturday
        ("02/09", False),
        ("03/09", False),
        ("24/11", False),
    ],
}


def _day(text: str, year: int) -> date:
    d, m = text.split("/")
    return date(year, int(m), int(d))


@pytest.mark.parametrize("year", sorted(KNOWN))
def test_the_known_days_off_and_days_worked(year: int) -> None:
    expected = [(_day(text, year), working) for text, working in KNOWN[year]]
    assert [(e.day, e.working) for e in year_exceptions(CAL, year)] == expected
    for day, working in expected:
        assert CAL.is_working_day(day) is working


@pytest.mark.parametrize(
    "day",
    [date(2024, 2, 15), date(2025, 2, 3), date(2026, 1, 5), date(2026, 2, 23), date(2027, 2, 11)],
)
def test_the_first_working_day_after_each_holiday(day: date) -> None:
    assert CAL.is_working_day(day)


def test_exceptions_say_why() -> None:
    by_day = {e.day: e for e in year_exceptions(CAL, 2026)}
    new_year = by_day[date(2026, 1, 2)]
    assert (new_year.why, new_year.other) == (Why.SWAP_OFF, date(2026, 1, 10))
    assert "12729/VPCP-KGVX" in new_year.source
    worked = by_day[date(2026, 1, 10)]
    assert (worked.why, worked.working, worked.other) == (Why.SWAP_WORKED, True, date(2026, 1, 2))
    assert (by_day[date(2026, 2, 17)].why, by_day[date(2026, 2, 17)].name) == (
        Why.HOLIDAY,
        "Tết Nguyên Đán",
    )
    assert by_day[date(2026, 11, 24)].name == "Ngày Văn hóa Việt Nam"


def test_exceptions_follow_the_settings() -> None:
    local = WorkCalendar.with_overrides(
        extra_working_days=[date(2026, 11, 24), date(2026, 12, 5), date(2026, 12, 8)],
        extra_days_off=[date(2026, 12, 7), date(2026, 12, 6)],
    )
    found = {e.day: (e.why, e.working) for e in year_exceptions(local, 2026)}
    assert found[date(2026, 11, 24)] == (Why.CANCELLED, True)
    assert found[date(2026, 12, 5)] == (Why.EXTRA_WORKING, True)
    assert found[date(2026, 12, 7)] == (Why.EXTRA_OFF, False)
    assert date(2026, 12, 6) not in found  # a Sunday off is no exception
    assert date(2026, 12, 8) not in found  # nor a Tuesday worked
    # Saturdays a ward counts for deadlines are its setting, not the year's.
    assert year_exceptions(replace(CAL, saturday_deadlines=True), 2026) == year_exceptions(
        CAL, 2026
    )
