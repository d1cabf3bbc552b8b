"""The offline demo: seeded data, the stand-in, the real bot, a scripted terminal chat."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

from bot.clock import FrozenClock
from bot.demo.chat import run_demo
from tests.conftest import make_settings


async def test_demo_chat_as_citizen_then_officer(tmp_path: Path, clock: FrozenClock) -> None:
    script = "\n".join(
        [
            "/start",
            "/stats cautre 2022",
            "/as officer cautre",
            "/as officer ngoquyen",
            "/stats cautre 01/01/2022-15/09/2022",
            "/stats cautre 2026",
            "1",
            "/as supervisor haiphong",
            "/stats ngo quyen tuan",
            "/as officer nowhere",
            "/quit",
            "/help",  # after /quit: never sent
        ]
    )
    out = io.StringIO()
    db = tmp_path / "demo.sqlite3"
    status = await run_demo(
        make_settings(tmp_path / "unused.sqlite3"),
        database=db,
        fresh=False,
        stdin=io.StringIO(script + "\n"),
        out=out,
        clock=clock,
    )
    text = out.getvalue()
    assert status == 0
    assert "Đang tạo dữ liệu mẫu" in text
    assert "Bạn (người dân) ›" in text
    assert "chỉ dành cho cán bộ phường" in text  # the citizen is refused
    assert "Tiếp nhận: 4.545 hồ sơ" in text  # the officer gets the seed figures
    assert "2.756 (60,64%)" in text and "14/27" in text
    assert "Phường Cầu Tre đã ngừng hoạt động từ 01/07/2025" in text  # no staff for it
    assert "Phường Cầu Tre đã nhập vào Phường Ngô Quyền từ 01/07/2025" in text
    assert "[1] Phường Ngô Quyền (11329)" in text  # the button, as a numbered choice
    assert "📊 Phường Ngô Quyền — kết quả giải quyết hồ sơ TTHC\nKỳ báo cáo: năm 2026" in text
    assert "tuần 48/2026" in text
    assert "Không có đơn vị «nowhere»" in text
    assert "Lệnh dành cho cán bộ" not in text
    # The banner names a dossier to try the apology letter on: still open, none issued.
    late = text.split("/xinloi ")[1].split()[0]
    assert late.startswith("NQ-") and f"/xinloi {late} (phiếu xin lỗi hồ sơ trễ hạn)" in text
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "SELECT resolved_at, apology_issued_at FROM dossiers WHERE code = ?", (late,)
        ).fetchone()
    assert row == (None, None)
    assert text.rstrip().splitlines()[-1].startswith("Tạm biệt!")
    assert db.exists()


async def test_demo_reuses_its_database(tmp_path: Path, clock: FrozenClock) -> None:
    db = tmp_path / "demo.sqlite3"
    settings = make_settings(tmp_path / "unused.sqlite3")
    for expect_seed in (True, False):
        out = io.StringIO()
        await run_demo(
            settings, database=db, fresh=False, stdin=io.StringIO(""), out=out, clock=clock
        )
        assert ("Đang tạo dữ liệu mẫu" in out.getvalue()) is expect_seed


FILE_A_CASE = [
    "/phananh",
    "2",  # Phường Ngô Quyền
    "7",  # Vấn đề khác
    "Thủ tục đăng ký khai sinh ở phường chưa được niêm yết rõ ràng.",
    "1",  # no attachment
    "2",  # no location
    "2",  # anonymous
    "1",  # send
]


async def _run(db: Path, clock: FrozenClock, lines: list[str]) -> str:
    out = io.StringIO()
    status = await run_demo(
        make_settings(db.with_name("unused.sqlite3")),
        database=db,
        fresh=False,
        stdin=io.StringIO("\n".join([*lines, "/quit"]) + "\n"),
        out=out,
        clock=clock,
    )
    assert status == 0
    return out.getvalue()


async def test_the_demo_comes_back_with_what_was_done(tmp_path: Path, clock: FrozenClock) -> None:
    db = tmp_path / "demo.sqlite3"
    first = await _run(db, clock, FILE_A_CASE)
    code = first.split("Mã theo dõi: ")[1].split()[0]
    for _ in range(2):  # any number of times, over the same database
        again = await _run(db, clock, ["/help", f"/tracuu {code}"])
        assert "Tiếp tục bản thử trên dữ liệu đã có" in again
        assert "/phananh" in again.split("Bạn (người dân) › ", 2)[1]  # /help was answered
        assert code in again.split("/tracuu")[-1]


ANSWER = "Phường đã niêm yết lại thủ tục đăng ký khai sinh tại quầy."


async def test_what_a_person_has_not_answered_waits_for_the_next_run(
    tmp_path: Path, clock: FrozenClock
) -> None:
    db = tmp_path / "demo.sqlite3"
    officer = ["/as officer ngoquyen", "/hopthu", "1"]  # take the case
    first = await _run(db, clock, [*FILE_A_CASE, *officer, "1", ANSWER, "1"])  # answer, confirm
    assert "Đã gửi câu trả lời cho phản ánh" in first
    assert "Chat not found" not in first
    # The next run starts as the citizen, with the answer and its stars still to press.
    second = await _run(db, clock, ["2"])
    waiting = second.split("Tin bot đã gửi cho bạn ở lần chạy trước")[1]
    assert ANSWER in waiting and "[1] ★★★★★" in waiting and "[2] ★★★★\n" in waiting
    assert "Cảm ơn bạn đã đánh giá" in waiting.split("[5] ★")[1]
    # Answered: the run after that has nothing left from before.
    third = await _run(db, clock, [])
    assert "lần chạy trước" not in third


async def test_a_citizen_asked_for_information_after_a_restart_receives_it(
    tmp_path: Path, clock: FrozenClock
) -> None:
    db = tmp_path / "demo.sqlite3"
    await _run(db, clock, [*FILE_A_CASE, "/as officer ngoquyen", "/hopthu", "1"])
    # A new run: the citizen has not written in it yet, and still hears from the ward.
    asked = await _run(
        db, clock, ["/as officer ngoquyen", "/hopthu", "2", "Ông/bà cho biết số biên nhận.", "1"]
    )
    assert "Người dân sẽ nhận được tin sau" in asked
    assert "Đã gửi yêu cầu bổ sung cho phản ánh" in asked and "Không gửi được" not in asked
    replied = await _run(db, clock, ["Số biên nhận của tôi là 000123."])
    assert "Ông/bà cho biết số biên nhận." in replied.split("Tin bot đã gửi cho bạn")[1]
    assert "Đã gửi thông tin bổ sung cho phản ánh" in replied


async def test_each_person_sees_their_pending_messages_with_working_choices(
    tmp_path: Path, clock: FrozenClock
) -> None:
    db = tmp_path / "demo.sqlite3"
    text = await _run(
        db,
        clock,
        [
            *FILE_A_CASE,
            *FILE_A_CASE,
            "/as officer ngoquyen",
            "/hopthu",
            "/as citizen",
            "4",  # the officer's choice number: not the citizen's to press
            "/as officer ngoquyen",
            "/hopthu",
            "4",  # the second card's "Nhận xử lý"
        ],
    )
    codes = [part.split()[0] for part in text.split("Mã theo dõi: ")[1:]]
    assert len(codes) == 2
    assert "📨 Bot vừa gửi 1 tin cho cán bộ một cửa, Phường Ngô Quyền" in text
    officer = text.split("Bây giờ bạn là cán bộ một cửa")[1]
    assert "Tin bot đã gửi cho bạn trong lúc bạn vắng mặt" in officer
    assert f"Phản ánh mới {codes[0]}" in officer and f"Phản ánh mới {codes[1]}" in officer
    # Two cards, their buttons numbered on from one card to the next.
    assert "[1] Nhận xử lý" in officer and "[4] Nhận xử lý" in officer
    # As the citizen, "4" was a message, not the officer's button.
    as_citizen = text.split("Bây giờ bạn là người dân.")[1].split("Bây giờ bạn là")[0]
    assert "Chọn một mục bên dưới" in as_citizen and "nhận xử lý" not in as_citizen
    # Back as the officer, "4" takes the case of the second card.
    last_inbox = text.rsplit("Hộp thư phản ánh:", 1)[1]
    second_card = last_inbox.split("[3] Từ chối")[1].split("Bot:\n")[1].split(" · ")[0]
    assert second_card in codes
    assert f"Bạn đã nhận xử lý phản ánh {second_card}." in last_inbox
    assert "📨 Bot vừa gửi 1 tin cho người dân. Gõ /as citizen" in last_inbox


async def test_people_are_named_in_words(tmp_path: Path, clock: FrozenClock) -> None:
    db = tmp_path / "demo.sqlite3"
    text = await _run(
        db, clock, ["/as officer ngoquyen", "/hopthu", "/as citizen", "/dulieucuatoi"]
    )
    assert "Bạn (cán bộ một cửa, Phường Ngô Quyền) ›" in text
    assert "Tài khoản Telegram của bạn, mã số 1001" in text
    assert "officer ngoquyen)" not in text and "telegram 1001" not in text


async def test_a_letter_made_in_the_demo_is_saved_where_it_says(
    tmp_path: Path, clock: FrozenClock
) -> None:
    db = tmp_path / "demo.sqlite3"
    text = await _run(db, clock, ["/as officer ngoquyen", "/xinloi NQ-2026-006521", "2", "1", "1"])
    saved = [
        line.split("đã lưu ở: ")[1].strip() for line in text.splitlines() if "đã lưu ở: " in line
    ]
    assert [Path(p).suffix for p in saved] == [".pdf", ".docx"]
    for path in map(Path, saved):
        assert path.parent == tmp_path / "demo-files"
        assert path.read_bytes()[:4] in {b"%PDF", b"PK\x03\x04"}
