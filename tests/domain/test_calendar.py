"""The working-day calendar, as tables over 2022–2027."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.calendar import WorkCalendar

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
        (date(2026, 11, 24), False),  # Ngày Văn hoá Việt Nam, from 2026
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


def test_local_overrides_and_saturday_reception() -> None:
    local = WorkCalendar.with_overrides(
        worked_saturdays=[date(2026, 12, 5)], extra_days_off=[date(2026, 12, 7)]
    )
    assert local.is_working_day(date(2026, 12, 5))
    assert not local.is_working_day(date(2026, 12, 7))
    assert CAL.is_working_day(date(2026, 12, 7))
    saturday_desk = WorkCalendar.with_overrides(saturday_reception=True)
    assert saturday_desk.is_working_day(date(2026, 11, 28))
    assert not saturday_desk.is_working_day(date(2026, 11, 29))
    assert not saturday_desk.is_working_day(date(2027, 2, 6))  # Tết beats reception


def test_add_and_between_are_inverse() -> None:
    start = date(2022, 1, 1)
    for n in range(0, 400, 7):
        assert CAL.working_days_between(start, CAL.add_working_days(start, n)) == n


def test_a_ward_with_saturday_reception_counts_saturday() -> None:
    from bot.domain.models import Unit

    desk = Unit(1, "a", "Phường A", saturday_reception=True)
    plain = Unit(2, "b", "Phường B")
    assert CAL.for_unit(desk).is_working_day(date(2026, 11, 28))
    assert not CAL.for_unit(plain).is_working_day(date(2026, 11, 28))
    assert CAL.for_unit(plain) is CAL
    assert CAL.for_unit(desk).add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 28)
