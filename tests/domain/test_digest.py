"""The weekly digest's figures on a small fixed data set, hand-computed, and its wording (the
figures themselves are the indicators', tested in test_indicators.py)."""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction
from zoneinfo import ZoneInfo

from bot.domain.digest import (
    AreaDigest,
    OverdueDossier,
    Week,
    WeekFigures,
    area_content,
    build_ward_digests,
    ward_content,
)
from bot.domain.indicators import DossierTally, FeedbackTally, Ratio
from bot.domain.models import Unit
from bot.render.plain import render_plain
from handlers.telegram.render import to_html

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CITY = Unit(1, "haiphong", "Thành phố Hải Phòng", kind="province")
A = Unit(2, "ngoquyen", "Phường Ngô Quyền", parent_id=1)
B = Unit(3, "giavien", "Phường Gia Viên", parent_id=1)
C = Unit(4, "lechan", "Phường Lê Chân", parent_id=1)

# Ward A, reported week: 20 received (12 online); 16 resolved (10 early, 4 on the due day, 2 late);
# 4 still open past due at the week's end. Feedback: 3 filed (1 unsatisfied), 4 received or
# handled of which 3 in time, 2 ratings (3 + 4 stars), 2 dossiers complained about.
A_NOW = WeekFigures(
    {"": DossierTally(new=20, early=10, on_day=4, late=2, overdue=4, on_time=14, online=12)},
    FeedbackTally(
        received=3,
        progress_cases=4,
        progress_in_time=3,
        unsatisfied=1,
        rated=2,
        rating_sum=7,
        flagged=2,
    ),
)
# Ward A, the week before: 10 received (5 online), 9 early, 1 late; 2 feedback cases, both in time.
A_BEFORE = WeekFigures(
    {"": DossierTally(new=10, early=9, late=1, on_time=9, online=5)},
    FeedbackTally(received=1, progress_cases=2, progress_in_time=2),
)
B_NOW = WeekFigures({"": DossierTally(new=10, early=10, on_time=10, online=8)})


def test_figures_by_hand() -> None:
    d = A_NOW.dossiers
    assert (d.resolved, d.overdue_total, d.received) == (16, 6, 20)
    assert A_NOW.on_time == Ratio(14, 20)  # 2.1 = 70%
    assert A_NOW.online == Ratio(12, 20)  # 3.3 = 60%
    assert A_NOW.feedback_progress == Ratio(3, 4)  # 5.2 = 75%
    # 5.4 = 100% − (6 not on time / 20 + 2 complained / 20) = 60%
    assert A_NOW.satisfaction.value == Fraction(3, 5)
    assert A_NOW.feedback.average_rating == Fraction(7, 2)
    assert A_BEFORE.on_time.value == Fraction(9, 10)
    assert A_BEFORE.satisfaction.value == Fraction(9, 10)  # 1 − (1/10 + 0/10)
    empty = WeekFigures()
    assert [r.value for r in (empty.on_time, empty.online, empty.satisfaction)] == [None] * 3


def test_week_reported_on_monday_is_the_one_before() -> None:
    week = Week.last_full_before(datetime(2026, 11, 30, 8, 0, tzinfo=TZ), TZ)
    assert week.key == "2026-W48"
    assert week.label("vi") == "tuần 48/2026 (23/11/2026 – 29/11/2026)"
    assert week.previous().key == "2026-W47"
    # On the Sunday the week is not over: the digest would report the week before.
    assert Week.last_full_before(datetime(2026, 11, 29, 20, 0, tzinfo=TZ), TZ).key == "2026-W47"


def test_ranking_by_on_time_rate_missing_last() -> None:
    digests = build_ward_digests([A, B, C], {2: A_NOW, 3: B_NOW}, {2: A_BEFORE}, {})
    assert [(d.unit.slug, d.rank, d.ranked_among) for d in digests] == [
        ("giavien", 1, 3),
        ("ngoquyen", 2, 3),
        ("lechan", 3, 3),
    ]


def test_ward_text_with_week_over_week_change() -> None:
    late = OverdueDossier(
        "NQ-2026-000007", 2, "Đăng ký khai sinh", datetime(2026, 11, 2, 17, tzinfo=TZ), 20
    )
    digest = build_ward_digests([A, B], {2: A_NOW, 3: B_NOW}, {2: A_BEFORE}, {2: [late]})[1]
    text = to_html(ward_content(digest, Week(2026, 48), TZ, "vi", CITY), "vi")
    assert "Bản tin cải cách hành chính tuần 48/2026 (23/11/2026 – 29/11/2026)" in text
    assert "Xếp hạng: 2/2 trong Thành phố Hải Phòng" in text
    assert (
        "tiếp nhận mới 20 (↑ 10) (cùng 0 hồ sơ kỳ trước chuyển sang); giải quyết 16 (↑ 6); "
        "quá hạn 6 (↑ 5)" in text
    )
    assert "2.1 Xử lý trước hạn, đúng hạn: 70,00% (↓ 20,00 điểm phần trăm) — 14/20 hồ sơ" in text
    assert "3.3 Nộp trực tuyến: 60,00% (↑ 10,00 điểm phần trăm) — 12/20 hồ sơ" in text
    assert "nhận 3; xử lý đúng hạn 3/4; hài lòng bình quân 3,5/5 (2 lượt đánh giá)" in text
    assert "5.2 Tiến độ xử lý phản ánh: 75,00% (↓ 25,00 điểm phần trăm)" in text
    assert "5.3 Hài lòng trong xử lý phản ánh: 66,67% (↓ 33,33 điểm phần trăm)" in text
    assert "5.4 Hài lòng trong tiếp nhận, giải quyết TTHC: 60,00% (↓ 30,00 điểm phần trăm)" in text
    assert (
        "<code>NQ-2026-000007</code> — Đăng ký khai sinh — hẹn trả 02/11/2026 — trễ 20 ngày" in text
    )
    english = to_html(ward_content(digest, Week(2026, 48), TZ, "en", CITY), "en")
    assert "2.1 Handled early or on time: 70.00% (↓ 20.00 percentage points)" in english


def test_area_text_sums_and_ranks() -> None:
    wards = build_ward_digests([A, B], {2: A_NOW, 3: B_NOW}, {2: A_BEFORE}, {})
    area = AreaDigest(CITY, tuple(wards))
    d = area.current.dossiers
    assert (d.received, d.resolved, d.on_time, d.overdue, d.online) == (30, 26, 24, 4, 20)
    text = to_html(area_content(area, Week(2026, 48), TZ, "vi"), "vi")
    assert "<b>Thành phố Hải Phòng</b> — 2 phường, xã" in text
    # 24 on time of 30 = 80%; the week before 9/10 = 90%.
    assert "2.1 Xử lý trước hạn, đúng hạn: 80,00% (↓ 10,00 điểm phần trăm) — 24/30 hồ sơ" in text
    # With the area's own totals (every unit under it), those are shown instead.
    totals = (A_NOW + B_NOW + A_BEFORE, A_BEFORE)
    rolled = to_html(
        area_content(AreaDigest(CITY, tuple(wards), totals), Week(2026, 48), TZ, "vi"), "vi"
    )
    assert "2.1 Xử lý trước hạn, đúng hạn: 82,50% (↓ 7,50 điểm phần trăm) — 33/40 hồ sơ" in rolled
    assert text.index("1. Phường Gia Viên") < text.index("2. Phường Ngô Quyền")
    assert "Không có hồ sơ nào đang quá hạn" in text


def test_each_channel_escapes_the_names_itself() -> None:
    odd = Unit(2, "ngoquyen", "Phường <Ngô> & Quyền", parent_id=1)
    late = OverdueDossier(
        "NQ-1", 2, "Cấp bản sao <trích lục> & chứng thực", datetime(2026, 11, 2, 17, tzinfo=TZ), 3
    )
    digest = build_ward_digests([odd], {2: A_NOW}, {}, {2: [late]})[0]
    content = ward_content(digest, Week(2026, 48), TZ, "vi")
    html = to_html(content, "vi")
    assert "<b>Phường &lt;Ngô&gt; &amp; Quyền</b>" in html
    assert "<code>NQ-1</code> — Cấp bản sao &lt;trích lục&gt; &amp; chứng thực — hẹn trả" in html
    plain = render_plain(content, "vi")
    assert "\nPhường <Ngô> & Quyền\n" in plain
    assert "NQ-1 — Cấp bản sao <trích lục> & chứng thực — hẹn trả 02/11/2026" in plain
    assert "<b>" not in plain and "<code>" not in plain and "&amp;" not in plain
