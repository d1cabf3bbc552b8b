"""The unit report: the seed article's lines exactly, the desk's table in chat, the 766 block,
areas ranked, the comparison with the period before, the button, and every outcome's words."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain import fmt
from bot.domain.choices import StatsFile, decode
from bot.domain.indicators import DossierTally, FeedbackTally, Figures, Window
from bot.domain.models import TaskCounts, Unit
from bot.domain.periods import PeriodKind, parse_period
from bot.domain.report import (
    BadPeriod,
    ChooseUnit,
    Forbidden,
    MissingWard,
    ReportOutcome,
    ReportReady,
    UnitReport,
    UnknownWard,
    file_button,
    outcome_content,
    period_of,
    reply_for,
    report_file_name,
    task_year,
)
from bot.render.plain import render_plain
from handlers.telegram.render import to_html

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=HCM)
TODAY = NOW.date()
SEED_PERIOD = parse_period("01/01/2022-15/09/2022", TODAY)
CAU_TRE = Unit(id=1, slug="cautre", name="Phường Cầu Tre")
# The seed article: 4.545 received and resolved (4 late: 4.541 early or on the due day), 2.756
# online, 14 of 27 tasks.
SEED = DossierTally(new=4545, early=4400, on_day=141, late=4, on_time=4541, online=2756)
SEED_FIGURES = Figures({"Hộ tịch": SEED}, tasks=TaskCounts(14, 27))


def report(figures: Figures = SEED_FIGURES, **changes: object) -> UnitReport:
    values: dict[str, object] = {
        "unit": CAU_TRE,
        "period": SEED_PERIOD,
        "window": Window.of(SEED_PERIOD, NOW, HCM),
        "figures": figures,
        "task_year": 2022,
    }
    values.update(changes)
    return UnitReport(**values)  # type: ignore[arg-type]


def on_telegram(report: UnitReport, lang: str) -> str:
    """The report as Telegram shows it: HTML, the values escaped by the channel."""
    return to_html(report.content(lang), lang)


def said(outcome: ReportOutcome, lang: str, command: str = "stats") -> str:
    """An outcome's words as Telegram shows them."""
    return to_html(outcome_content(outcome, lang, command), lang)


def test_seed_lines_in_vietnamese() -> None:
    lines = on_telegram(report(), "vi").splitlines()
    assert lines[0] == "📊 <b>Phường Cầu Tre</b> — kết quả giải quyết hồ sơ TTHC"
    assert lines[1] == "Kỳ báo cáo: từ 01/01/2022 đến 15/09/2022"
    assert lines[2] == "Số liệu tính đến hết ngày 15/09/2022."
    for line in (
        "• Tiếp nhận: <b>4.545</b> hồ sơ (kỳ trước chuyển sang: 0; mới: 4.545)",
        "• Đã giải quyết: <b>4.545</b>",
        "    – trước hạn: 4.400",
        "    – đúng hạn: 141",
        "    – trễ hạn: 4",
        "• Đang giải quyết: <b>0</b>",
        "• Tổng số hồ sơ quá hạn: <b>4</b>",
        "• Nộp trực tuyến: <b>2.756</b> (60,64%)",
        "• Nhiệm vụ CCHC năm 2022: <b>14/27</b> hoàn thành (51,85%)",
        "• 2.1 Hồ sơ xử lý trước hạn, đúng hạn: <b>99,91%</b> (4.541/4.545)",
        "• 3.3 Hồ sơ nộp trực tuyến: <b>60,64%</b> (2.756/4.545) — đạt điểm tối đa từ 50%",
        "    – trực tiếp: 39,36%; bưu chính công ích: 0,00%",
        "• 5.4 Hài lòng trong tiếp nhận, giải quyết TTHC: <b>99,91%</b> (4.541/4.545)"
        " — đạt điểm tối đa từ 90%",
        "• 5.2 Tiến độ xử lý phản ánh, kiến nghị: <b>—</b>",
    ):
        assert line in lines, line
    # No paused, cancelled or refused line when there are none; one field: no field table.
    text = "\n".join(lines)
    assert "Tạm dừng" not in text and "Từ chối" not in text and "Theo lĩnh vực" not in text


def test_seed_lines_in_english() -> None:
    text = on_telegram(report(), "en")
    assert "• Received: <b>4,545</b> dossiers (carried over: 0; new: 4,545)" in text
    assert "• Resolved: <b>4,545</b>" in text
    assert "    – late: 4" in text
    assert "• Filed online: <b>2,756</b> (60.64%)" in text
    assert "• 2.1 Dossiers handled early or on time: <b>99.91%</b> (4,541/4,545)" in text
    assert "— full score from 90%" in text
    assert "• CCHC tasks 2022: <b>14/27</b> done (51.85%)" in text


def test_paused_cancelled_refused_and_assumed_lines() -> None:
    counts = DossierTally(
        carried_over=3,
        new=10,
        in_time=2,
        overdue=1,
        early=3,
        supplement=2,
        financial=1,
        withdrawn=2,
        stopped=2,
        refused=4,
        on_time=9,
        assumed=2,
    )
    assert counts.received == 13 == counts.in_progress + counts.resolved + counts.paused + 4
    text = on_telegram(report(Figures({"": counts})), "vi")
    assert "• Tiếp nhận: <b>13</b> hồ sơ (kỳ trước chuyển sang: 3; mới: 10)" in text
    assert (
        "• Tạm dừng: <b>3</b> (chờ bổ sung hồ sơ: 2; chờ thực hiện nghĩa vụ tài chính: 1)" in text
    )
    assert "• Kết thúc không có kết quả: <b>4</b> (công dân rút hồ sơ: 2; dừng xử lý: 2)" in text
    assert "• Từ chối tiếp nhận: 4 (không tính vào số tiếp nhận)" in text
    assert "(2 hồ sơ chờ công dân bổ sung hoặc thực hiện nghĩa vụ tài chính" in text
    assert "• 2.1 Hồ sơ xử lý trước hạn, đúng hạn: <b>69,23%</b> (9/13)" in text


def test_the_largest_fields_then_how_many_more() -> None:
    by_field = {
        f"Lĩnh vực {i}": DossierTally(new=10 * i, early=9 * i, late=i, on_time=9 * i)
        for i in range(1, 9)
    }
    by_field[""] = DossierTally(new=1, in_time=1, on_time=1)
    text = on_telegram(report(Figures(by_field)), "vi")
    lines = text.splitlines()
    start = lines.index("<b>Theo lĩnh vực</b> (tiếp nhận · đã giải quyết · trễ hạn · chỉ số 2.1)")
    assert lines[start + 1] == "• Lĩnh vực 8: 80 · 80 · 8 · 90,00%"
    assert lines[start + 5] == "• Lĩnh vực 4: 40 · 40 · 4 · 90,00%"
    assert lines[start + 6] == "… và 4 lĩnh vực khác (đầy đủ trong tệp /baocao)."
    assert len(text) < 4096  # one Telegram message


def test_an_empty_period_shows_dashes_not_errors() -> None:
    text = on_telegram(report(Figures()), "vi")
    assert "Không có hồ sơ nào được tiếp nhận trong kỳ này." in text
    assert "• Tiếp nhận: <b>0</b> hồ sơ (kỳ trước chuyển sang: 0; mới: 0)" in text
    assert "• Nộp trực tuyến: <b>0</b> (—)" in text
    assert "• 2.1 Hồ sơ xử lý trước hạn, đúng hạn: <b>—</b>" in text
    assert "• Nhiệm vụ CCHC năm 2022: chưa có nhiệm vụ nào được giao" in text
    assert "No dossiers were received in this period." in on_telegram(report(Figures()), "en")


def test_feedback_indicators_are_shown_with_their_counts() -> None:
    feedback = FeedbackTally(
        received=8, conduct=2, progress_cases=10, progress_in_time=9, unsatisfied=1
    )
    text = on_telegram(report(Figures({"": SEED}, feedback)), "vi")
    assert "• 5.1 Phản ánh về quy định, chính sách, TTHC: <b>75,00%</b> (6/8)" in text
    assert "• 5.1 Phản ánh về hành vi cán bộ, công chức: <b>25,00%</b> (2/8)" in text
    assert "• 5.2 Tiến độ xử lý phản ánh, kiến nghị: <b>90,00%</b> (9/10)" in text
    assert "• 5.3 Hài lòng trong xử lý phản ánh, kiến nghị: <b>87,50%</b> (7/8)" in text


def test_the_previous_period_is_compared() -> None:
    before = Figures({"": DossierTally(new=4000, early=3900, late=100, on_time=3900, online=2000)})
    text = on_telegram(report(previous=before, previous_period=SEED_PERIOD.previous()), "vi")
    # 2.1: 99,91% against 97,50% = ↑ 2,41 points; 3.3: 60,64% against 50,00%.
    assert (
        "So với kỳ trước (từ 18/04/2021 đến 31/12/2021): 2.1 ↑ 2,41 điểm phần trăm; "
        "3.3 ↑ 10,64 điểm phần trăm; 5.4 ↑ 2,41 điểm phần trăm; tiếp nhận mới ↑ 545." in text
    )
    nothing_before = report(previous=Figures(), previous_period=SEED_PERIOD.previous())
    assert "So với kỳ trước" not in on_telegram(nothing_before, "vi")


def test_an_area_ranks_its_units_best_and_worst_five() -> None:
    city = Unit(id=100, slug="haiphong", name="Thành phố Hải Phòng", kind="province")
    wards = [Unit(id=i, slug=f"w{i}", name=f"Phường {i:02d}", parent_id=100) for i in range(1, 13)]
    members = tuple(
        (w, Figures({"": DossierTally(new=100, on_time=100 - w.id, online=w.id)})) for w in wards
    )
    members += ((Unit(id=50, slug="empty", name="Phường Trống", parent_id=100), Figures()),)
    total = sum((f for _, f in members), Figures())
    text = on_telegram(report(total, unit=city, members=members), "vi")
    assert "Gồm số liệu của 13 đơn vị trực thuộc." in text
    lines = text.splitlines()
    start = lines.index("<b>Xếp hạng theo chỉ số 2.1</b> (12 đơn vị có hồ sơ)")
    assert lines[start + 1 : start + 12] == [
        "1. Phường 01 — 99,00%",
        "2. Phường 02 — 98,00%",
        "3. Phường 03 — 97,00%",
        "4. Phường 04 — 96,00%",
        "5. Phường 05 — 95,00%",
        "…",
        "8. Phường 08 — 92,00%",
        "9. Phường 09 — 91,00%",
        "10. Phường 10 — 90,00%",
        "11. Phường 11 — 89,00%",
        "12. Phường 12 — 88,00%",
    ]
    online = lines.index("<b>Xếp hạng theo tỷ lệ nộp trực tuyến (3.3)</b>")
    assert lines[online + 1] == "1. Phường 12 — 12,00%"
    assert "Phường Trống" not in text
    assert "• Tiếp nhận: <b>1.200</b> hồ sơ" in text


def test_unit_name_is_escaped_by_the_channel() -> None:
    text = on_telegram(report(unit=Unit(id=1, slug="x", name="Phường <A&B>")), "vi")
    assert "<b>Phường &lt;A&amp;B&gt;</b>" in text
    # Zalo and the command line show the name as it is: nothing to unescape there.
    plain = render_plain(report(unit=Unit(id=1, slug="x", name="Phường <A&B>")).content("vi"), "vi")
    assert plain.startswith("📊 Phường <A&B> — kết quả giải quyết hồ sơ TTHC\n")


def test_a_running_period_is_as_of_now() -> None:
    period = parse_period("2026", TODAY)
    text = on_telegram(report(period=period, window=Window.of(period, NOW, HCM)), "vi")
    assert "Số liệu tính đến 27/11/2026 10:00." in text
    assert task_year(period) == 2026


@pytest.mark.parametrize(
    "text", ["2022", "09/2022", "III/2022", "tuần", "01/01/2022-15/09/2022", "hôm nay", ""]
)
def test_the_report_button_round_trips(text: str) -> None:
    period = parse_period(text, TODAY)
    button = file_button(1234, period)
    assert len(button.encode().encode()) <= 64
    back = decode(button.encode())
    assert back == button
    assert isinstance(back, StatsFile)
    assert period_of(back) == period or (
        period.kind is PeriodKind.YTD and period_of(back).start == period.start
    )
    assert period_of(back).label("vi") == period.label("vi")


@pytest.mark.parametrize(
    "data",
    [
        "rpt:",
        "rpt:x:20220101:20221231:y",
        "rpt:1:20221301:2022:y",
        "rpt:1:20221301:20221231:y",
        "rpt:1:20221231:20220101:y",
        "rpt:01:20220101:20221231:y",
        "rpt:1:20220101:20221231:y:",
        "rpt:1:20220101:20221231:z",
    ],
)
def test_a_damaged_button_is_refused(data: str) -> None:
    assert decode(data) is None


def test_the_reply_carries_the_file_button() -> None:
    reply = reply_for(ReportReady(report()), "vi")
    assert [c.key for c in reply.choices] == ["report.button_xlsx"]
    assert reply.choices[0].button.encode() == "rpt:1:20220101:20220915:r"
    assert render_plain(reply.body, "vi").startswith("📊 Phường Cầu Tre")
    assert reply_for(ReportReady(report()), "vi", with_file=False).choices == ()
    assert reply_for(MissingWard(), "vi").choices == ()
    assert report_file_name(report()) == "baocao-cautre-20220101-20220915.xlsx"


@pytest.mark.parametrize(
    ("n", "vi", "en"),
    [(2756, "60,64%", "60.64%"), (4541, "99,91%", "99.91%"), (1, "0,13%", "0.13%")],
)
def test_percent_rounds_half_away_from_zero(n: int, vi: str, en: str) -> None:
    denominator = {2756: 4545, 4541: 4545, 1: 800}[n]
    assert fmt.percent(n, denominator, "vi") == vi
    assert fmt.percent(n, denominator, "en") == en


@pytest.mark.parametrize(
    ("numerator", "denominator", "vi"),
    [(14, 27, "51,85%"), (1, 8, "12,50%"), (5, 8, "62,50%"), (7, 8, "87,50%"), (0, 0, "—")],
)
def test_percent(numerator: int, denominator: int, vi: str) -> None:
    assert fmt.percent(numerator, denominator, "vi") == vi


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


@pytest.mark.parametrize(
    ("outcome", "lang", "expected"),
    [
        (MissingWard(), "vi", "Cú pháp: <code>/stats [PHƯỜNG] [KỲ]</code>"),
        (
            UnknownWard("xyz", []),
            "vi",
            "Không tìm thấy phường «xyz». Gõ /stats kèm tên phường (có thể thêm kỳ), ví dụ "
            "<code>/stats cautre</code> hoặc <code>/stats cautre tháng 9/2022</code>.",
        ),
        (
            UnknownWard("cau tr", [CAU_TRE, Unit(id=2, slug="catbi", name="Phường Cát Bi")]),
            "vi",
            "Không tìm thấy phường «cau tr». Có phải bạn muốn tìm: Phường Cầu Tre, Phường Cát Bi?",
        ),
        (UnknownWard("<b>", []), "en", "No ward called «&lt;b&gt;» was found."),
        (BadPeriod("2030", "future"), "vi", "Kỳ báo cáo «2030» không hợp lệ: kỳ bắt đầu sau"),
        (
            BadPeriod("tháng sau", "format"),
            "vi",
            "<code>tháng này</code>, <code>tháng trước</code>",
        ),
        (BadPeriod("Q5/2022", "bad_quarter"), "en", "not valid: the quarter must be 1 to 4."),
        (Forbidden(CAU_TRE), "vi", "bạn không có quyền xem số liệu của Phường Cầu Tre."),
        (Forbidden(None), "vi", "số liệu một cửa chỉ dành cho cán bộ phường"),
        (
            ChooseUnit((CAU_TRE,), "2022"),
            "vi",
            "ví dụ <code>/stats cautre 2022</code>.\n"
            "Các đơn vị: Phường Cầu Tre (<code>cautre</code>)",
        ),
        (ReportReady(report()), "vi", "• Nộp trực tuyến: <b>2.756</b> (60,64%)"),
    ],
)
def test_outcome_words(outcome: ReportOutcome, lang: str, expected: str) -> None:
    assert expected in said(outcome, lang)


def test_suggestions_and_choices_are_capped() -> None:
    units = [Unit(id=i, slug=f"w{i}", name=f"Phường {i}") for i in range(20)]
    text = said(UnknownWard("w", units[:5]), "vi")
    assert "Phường 2" in text and "Phường 3," not in text
    choose = said(ChooseUnit(tuple(units)), "vi", command="baocao")
    assert "Phường 11 (<code>w11</code>)" in choose and "Phường 12 " not in choose
    assert "… và 8 đơn vị khác" in choose and "<code>/baocao w0</code>" in choose
