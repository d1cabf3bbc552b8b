"""Period parsing: every accepted form, every error, labels in both languages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.periods import Period, PeriodError, PeriodKind, parse_period

TODAY = date(2026, 11, 27)  # a Friday in ISO week 48

Y, M, Q, W, R, YTD = (
    PeriodKind.YEAR,
    PeriodKind.MONTH,
    PeriodKind.QUARTER,
    PeriodKind.WEEK,
    PeriodKind.RANGE,
    PeriodKind.YTD,
)


@pytest.mark.parametrize(
    ("text", "start", "end", "kind"),
    [
        (None, date(2026, 1, 1), TODAY, YTD),
        ("", date(2026, 1, 1), TODAY, YTD),
        ("   ", date(2026, 1, 1), TODAY, YTD),
        ("2022", date(2022, 1, 1), date(2022, 12, 31), Y),
        ("năm 2022", date(2022, 1, 1), date(2022, 12, 31), Y),
        ("2026", date(2026, 1, 1), date(2026, 12, 31), Y),  # partly future is fine
        ("2022-09", date(2022, 9, 1), date(2022, 9, 30), M),
        ("09/2022", date(2022, 9, 1), date(2022, 9, 30), M),
        ("9/2022", date(2022, 9, 1), date(2022, 9, 30), M),
        ("tháng 9/2022", date(2022, 9, 1), date(2022, 9, 30), M),
        ("02/2024", date(2024, 2, 1), date(2024, 2, 29), M),
        ("02/2023", date(2023, 2, 1), date(2023, 2, 28), M),
        ("12/2022", date(2022, 12, 1), date(2022, 12, 31), M),
        ("Q3/2022", date(2022, 7, 1), date(2022, 9, 30), Q),
        ("q3-2022", date(2022, 7, 1), date(2022, 9, 30), Q),
        ("Q3 2022", date(2022, 7, 1), date(2022, 9, 30), Q),
        ("quý 3/2022", date(2022, 7, 1), date(2022, 9, 30), Q),
        ("Quý III/2022", date(2022, 7, 1), date(2022, 9, 30), Q),
        ("quy 4/2022", date(2022, 10, 1), date(2022, 12, 31), Q),
        ("Q1/2022", date(2022, 1, 1), date(2022, 3, 31), Q),
        ("2022-Q2", date(2022, 4, 1), date(2022, 6, 30), Q),
        ("tuan", date(2026, 11, 23), date(2026, 11, 29), W),
        ("tuần", date(2026, 11, 23), date(2026, 11, 29), W),
        ("Tuần này", date(2026, 11, 23), date(2026, 11, 29), W),
        ("week", date(2026, 11, 23), date(2026, 11, 29), W),
        ("01/01/2022-15/09/2022", date(2022, 1, 1), date(2022, 9, 15), R),
        ("01/01/2022 - 15/09/2022", date(2022, 1, 1), date(2022, 9, 15), R),
        ("01/01/2022 – 15/09/2022", date(2022, 1, 1), date(2022, 9, 15), R),
        ("1/1/2022–15/9/2022", date(2022, 1, 1), date(2022, 9, 15), R),
        ("2022-01-01..2022-09-15", date(2022, 1, 1), date(2022, 9, 15), R),
        ("2022-01-01 - 2022-09-15", date(2022, 1, 1), date(2022, 9, 15), R),
        ("29/02/2024-01/03/2024", date(2024, 2, 29), date(2024, 3, 1), R),
        ("15/09/2022", date(2022, 9, 15), date(2022, 9, 15), R),
        ("15/09/2022-15/09/2022", date(2022, 9, 15), date(2022, 9, 15), R),
        ("01/11/2026-31/12/2026", date(2026, 11, 1), date(2026, 12, 31), R),
        ("27/11/2026", TODAY, TODAY, R),  # today itself is not the future
    ],
)
def test_accepted_forms(text: str | None, start: date, end: date, kind: PeriodKind) -> None:
    period = parse_period(text, TODAY)
    assert (period.start, period.end, period.kind) == (start, end, kind)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2027", "future"),
        ("01/2027", "future"),
        ("Q1/2027", "future"),
        ("28/11/2026-30/11/2026", "future"),
        ("28/11/2026", "future"),
        ("15/09/2022-01/01/2022", "reversed"),
        ("2022-09-15..2022-01-01", "reversed"),
        ("31/02/2022-01/03/2022", "bad_date"),
        ("01/01/2022-31/04/2022", "bad_date"),
        ("29/02/2023", "bad_date"),
        ("29/02/2023-01/03/2023", "bad_date"),
        ("00/01/2022", "bad_date"),
        ("01/13/2022", "bad_date"),
        ("13/2022", "bad_month"),
        ("0/2022", "bad_month"),
        ("2022-13", "bad_month"),
        ("Q5/2022", "bad_quarter"),
        ("q0-2022", "bad_quarter"),
        ("quý 9/2022", "bad_quarter"),
        ("1999", "bad_year"),
        ("2101", "bad_year"),
        ("22", "bad_year"),
        ("09/1999", "bad_year"),
        ("Q3/2200", "bad_year"),
        ("01/01/1999-15/09/2022", "bad_year"),
        ("hôm qua", "format"),
        ("2022/09/15/1", "format"),
        ("20220", "format"),
        ("Q3", "format"),
        ("tuần sau", "format"),
    ],
)
def test_rejected_forms(text: str, reason: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(text, TODAY)
    assert caught.value.reason == reason


def test_this_week_is_monday_to_sunday_whatever_the_day() -> None:
    for offset in range(7):
        today = date(2026, 11, 23) + timedelta(days=offset)
        period = parse_period("tuan", today)
        assert (period.start, period.end, period.year, period.number) == (
            date(2026, 11, 23),
            date(2026, 11, 29),
            2026,
            48,
        )


@pytest.mark.parametrize(
    ("today", "start", "end", "iso_year", "week"),
    [
        (date(2026, 12, 31), date(2026, 12, 28), date(2027, 1, 3), 2026, 53),
        (date(2027, 1, 1), date(2026, 12, 28), date(2027, 1, 3), 2026, 53),
        (date(2027, 1, 3), date(2026, 12, 28), date(2027, 1, 3), 2026, 53),
        (date(2027, 1, 4), date(2027, 1, 4), date(2027, 1, 10), 2027, 1),
        (date(2024, 12, 31), date(2024, 12, 30), date(2025, 1, 5), 2025, 1),
    ],
)
def test_week_across_a_year_boundary(
    today: date, start: date, end: date, iso_year: int, week: int
) -> None:
    period = parse_period("tuần", today)
    assert (period.start, period.end, period.year, period.number) == (start, end, iso_year, week)


def test_ytd_on_new_year_day_is_one_day() -> None:
    period = parse_period(None, date(2027, 1, 1))
    assert (period.start, period.end, period.kind) == (date(2027, 1, 1), date(2027, 1, 1), YTD)


@pytest.mark.parametrize(
    ("text", "today", "vi", "en"),
    [
        ("2022", TODAY, "năm 2022", "year 2022"),
        ("09/2022", TODAY, "tháng 09/2022", "09/2022"),
        ("Q1/2022", TODAY, "quý I/2022", "Q1/2022"),
        ("Q2/2022", TODAY, "quý II/2022", "Q2/2022"),
        ("Q3/2022", TODAY, "quý III/2022", "Q3/2022"),
        ("Q4/2022", TODAY, "quý IV/2022", "Q4/2022"),
        (
            "tuan",
            TODAY,
            "tuần 48/2026 (23/11/2026 – 29/11/2026)",
            "week 48/2026 (23/11/2026 – 29/11/2026)",
        ),
        (
            "tuan",
            date(2026, 12, 31),
            "tuần 53/2026 (28/12/2026 – 03/01/2027)",
            "week 53/2026 (28/12/2026 – 03/01/2027)",
        ),
        (
            "01/01/2022-15/09/2022",
            TODAY,
            "từ 01/01/2022 đến 15/09/2022",
            "01/01/2022 to 15/09/2022",
        ),
        (None, TODAY, "từ 01/01/2026 đến nay (27/11/2026)", "01/01/2026 to date (27/11/2026)"),
    ],
)
def test_labels(text: str | None, today: date, vi: str, en: str) -> None:
    period = parse_period(text, today)
    assert period.label("vi") == vi
    assert period.label("en") == en


def test_period_refuses_to_end_before_it_starts() -> None:
    with pytest.raises(ValueError):
        Period(date(2022, 2, 1), date(2022, 1, 1), PeriodKind.RANGE)


_PIECES = st.sampled_from(
    [
        "2022",
        "09",
        "9",
        "/",
        "-",
        "–",
        "..",
        " ",
        "q",
        "Q",
        "quý",
        "tuần",
        "week",
        "29",
        "02",
        "2024",
        "2023",
        "13",
        "0",
        "31",
        "12",
        "đến",
        "iv",
        "III",
        "1999",
        "2100",
        "\u00a0",
        "٣",
    ]
)


@given(
    text=st.one_of(st.text(max_size=40), st.lists(_PIECES, max_size=9).map("".join)),
    today=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
)
def test_parse_period_only_raises_period_error(text: str, today: date) -> None:
    try:
        period = parse_period(text, today)
    except PeriodError as exc:
        assert exc.reason in {  # noqa: PT017  (hypothesis: either outcome, each checked)
            "future",
            "reversed",
            "bad_date",
            "bad_month",
            "bad_quarter",
            "bad_year",
            "format",
        }
    else:
        assert period.start <= period.end
        assert period.start <= today
        assert period.label("vi") and period.label("en")
