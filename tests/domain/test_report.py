"""The ward report: the seed article's figures exactly, empty periods, English, outcomes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain import fmt
from bot.domain.models import DossierCounts, TaskCounts, Unit
from bot.domain.periods import parse_period
from bot.domain.report import (
    BadPeriod,
    Forbidden,
    MissingWard,
    ReportReady,
    UnknownWard,
    WardReport,
    render_outcome,
    report_window,
    task_year,
)

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
SEED_PERIOD = parse_period("01/01/2022-15/09/2022", date(2022, 9, 16))
SEED_COUNTS = DossierCounts(received=4545, resolved_on_time=4541, resolved_late=4, online=2756)
SEED_TASKS = TaskCounts(done=14, total=27)


def seed_report(**changes: object) -> WardReport:
    values: dict[str, object] = {
        "unit_name": "Phường Cầu Tre",
        "period": SEED_PERIOD,
        "as_of": datetime(2022, 9, 16, 0, 0, tzinfo=HCM),
        "dossiers": SEED_COUNTS,
        "tasks": SEED_TASKS,
        "task_year": 2022,
    }
    values.update(changes)
    return WardReport(**values)  # type: ignore[arg-type]


def test_seed_figures_in_vietnamese() -> None:
    text = seed_report().render("vi")
    lines = text.splitlines()
    assert lines[0] == "📊 <b>Phường Cầu Tre</b> — kết quả giải quyết hồ sơ TTHC"
    assert lines[1] == "Kỳ báo cáo: từ 01/01/2022 đến 15/09/2022"
    assert lines[2] == "Số liệu tính đến hết ngày 15/09/2022."
    assert "• Tiếp nhận: <b>4.545</b> hồ sơ" in lines
    assert "• Đã giải quyết: <b>4.545</b>" in lines
    assert "    – trước hạn, đúng hạn: 4.541" in lines
    assert "    – trễ hạn: 4" in lines
    assert "• Đang giải quyết: <b>0</b>" in lines
    assert "• Tổng số hồ sơ quá hạn: <b>4</b>" in lines
    assert "• Nộp trực tuyến: <b>2.756</b> (60,64%)" in lines
    assert "• Tỷ lệ giải quyết đúng hạn (chỉ số 2.1, QĐ 766): <b>99,91%</b>" in lines
    assert "• Nhiệm vụ CCHC năm 2022: <b>14/27</b> hoàn thành (51,85%)" in lines
    assert "(—)" not in text and "<b>—</b>" not in text


def test_seed_figures_in_english() -> None:
    text = seed_report().render("en")
    assert "• Received: <b>4,545</b> dossiers" in text
    assert "• Resolved: <b>4,545</b>" in text
    assert "    – late: 4" in text
    assert "• Filed online: <b>2,756</b> (60.64%)" in text
    assert "• On-time rate (indicator 2.1, QĐ 766): <b>99.91%</b>" in text
    assert "• CCHC tasks 2022: <b>14/27</b> done (51.85%)" in text
    assert "Period: 01/01/2022 to 15/09/2022" in text


def test_derived_figures() -> None:
    report = seed_report(
        dossiers=DossierCounts(
            received=100,
            resolved_on_time=60,
            resolved_late=5,
            pending_in_time=30,
            pending_overdue=5,
            online=61,
        )
    )
    assert report.resolved == 65
    assert report.pending == 35
    assert report.overdue_total == 10
    assert report.on_time_rate == (60, 65)
    assert report.online_share == (61, 100)
    assert report.task_share == (14, 27)
    assert "• Tổng số hồ sơ quá hạn: <b>10</b>" in report.render("vi")


def test_zero_received_shows_dashes_not_errors() -> None:
    report = seed_report(dossiers=DossierCounts(), tasks=TaskCounts())
    text = report.render("vi")
    assert "Không có hồ sơ nào được tiếp nhận trong kỳ này." in text
    assert "• Tiếp nhận: <b>0</b> hồ sơ" in text
    assert "• Nộp trực tuyến: <b>0</b> (—)" in text
    assert "• Tỷ lệ giải quyết đúng hạn (chỉ số 2.1, QĐ 766): <b>—</b>" in text
    assert "• Nhiệm vụ CCHC năm 2022: chưa có nhiệm vụ nào được giao" in text
    assert "No dossiers were received in this period." in report.render("en")


def test_unit_name_is_escaped() -> None:
    text = seed_report(unit_name="Phường <A&B>").render("vi")
    assert "<b>Phường &lt;A&amp;B&gt;</b>" in text


def test_as_of_must_be_aware() -> None:
    with pytest.raises(ValueError):
        seed_report(as_of=datetime(2022, 9, 16))


@pytest.mark.parametrize(
    ("numerator", "denominator", "vi", "en"),
    [
        (2756, 4545, "60,64%", "60.64%"),
        (4541, 4545, "99,91%", "99.91%"),
        (14, 27, "51,85%", "51.85%"),
        (1, 8, "12,50%", "12.50%"),
        (1, 1, "100,00%", "100.00%"),
        (0, 5, "0,00%", "0.00%"),
        (0, 0, "—", "—"),
    ],
)
def test_percent(numerator: int, denominator: int, vi: str, en: str) -> None:
    assert fmt.percent(numerator, denominator, "vi") == vi
    assert fmt.percent(numerator, denominator, "en") == en


@pytest.mark.parametrize(
    ("n", "vi", "en"),
    [(0, "0", "0"), (4, "4", "4"), (4545, "4.545", "4,545"), (1_000_000, "1.000.000", "1,000,000")],
)
def test_number(n: int, vi: str, en: str) -> None:
    assert fmt.number(n, "vi") == vi
    assert fmt.number(n, "en") == en


def test_day_and_moment() -> None:
    assert fmt.day(date(2022, 9, 5), "vi") == "05/09/2022"
    moment = datetime(2026, 12, 31, 20, 5, tzinfo=UTC)
    assert fmt.moment(moment, HCM, "vi") == "01/01/2027 03:05"
    assert fmt.moment(moment, None, "en") == "31/12/2026 20:05"
    with pytest.raises(ValueError):
        fmt.moment(datetime(2026, 1, 1), HCM, "vi")


def test_window_of_a_past_period_ends_at_its_last_local_midnight() -> None:
    now = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)
    received_from, received_to, as_of = report_window(SEED_PERIOD, now, HCM)
    assert received_from == datetime(2022, 1, 1, tzinfo=HCM)
    assert received_to == datetime(2022, 9, 16, tzinfo=HCM)
    assert as_of == received_to
    assert received_from.astimezone(UTC) == datetime(2021, 12, 31, 17, 0, tzinfo=UTC)
    assert task_year(SEED_PERIOD) == 2022


def test_window_of_a_current_period_is_as_of_now() -> None:
    now = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)
    period = parse_period("2026", date(2026, 11, 27))
    received_from, received_to, as_of = report_window(period, now, HCM)
    assert received_to == datetime(2027, 1, 1, tzinfo=HCM)
    assert as_of == now
    assert as_of.tzinfo is HCM
    assert all(d.tzinfo is not None for d in (received_from, received_to, as_of))
    with pytest.raises(ValueError):
        report_window(period, datetime(2026, 11, 27), HCM)


CAU_TRE = Unit(id=1, slug="cautre", name="Phường Cầu Tre")


@pytest.mark.parametrize(
    ("outcome", "lang", "expected"),
    [
        (MissingWard(), "vi", "Cú pháp: <code>/stats PHƯỜNG [KỲ]</code>"),
        (UnknownWard("xyz", []), "vi", "Không tìm thấy phường «xyz». Gõ /stats kèm tên phường"),
        (
            UnknownWard("cau tr", [CAU_TRE, Unit(id=2, slug="catbi", name="Phường Cát Bi")]),
            "vi",
            "Không tìm thấy phường «cau tr». Có phải bạn muốn tìm: Phường Cầu Tre, Phường Cát Bi?",
        ),
        (UnknownWard("<b>", []), "en", "No ward called «&lt;b&gt;» was found."),
        (BadPeriod("2030", "future"), "vi", "Kỳ báo cáo «2030» không hợp lệ: kỳ bắt đầu sau"),
        (BadPeriod("hôm qua", "format"), "vi", "Kỳ báo cáo «hôm qua» không hợp lệ. Các cách"),
        (BadPeriod("Q5/2022", "bad_quarter"), "en", "not valid: the quarter must be 1 to 4."),
        (Forbidden(CAU_TRE), "vi", "bạn không có quyền xem số liệu của Phường Cầu Tre."),
        (Forbidden(None), "vi", "số liệu một cửa chỉ dành cho cán bộ phường"),
        (ReportReady(seed_report()), "vi", "• Nộp trực tuyến: <b>2.756</b> (60,64%)"),
    ],
)
def test_render_outcome(outcome: object, lang: str, expected: str) -> None:
    assert expected in render_outcome(outcome, lang)  # type: ignore[arg-type]


def test_suggestions_are_capped_at_three() -> None:
    units = [Unit(id=i, slug=f"w{i}", name=f"Phường {i}") for i in range(5)]
    text = render_outcome(UnknownWard("w", units), "vi")
    assert "Phường 2" in text and "Phường 3" not in text
