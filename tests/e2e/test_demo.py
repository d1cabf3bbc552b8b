"""The offline demo: seeded data, the stand-in, the real bot, a scripted terminal chat."""

from __future__ import annotations

import io
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
            "/stats cautre 01/01/2022-15/09/2022",
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
    assert "tuần 48/2026" in text
    assert "Không có đơn vị «nowhere»" in text
    assert "Lệnh dành cho cán bộ" not in text
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
