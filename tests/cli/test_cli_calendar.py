"""`cchc-bot calendar [YEAR]`: the year's exceptions month by month, with their reasons."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path
from typing import Any

from bot.cli import build_parser
from bot.cli.calendar import CalendarCommand
from bot.clock import FrozenClock
from tests.cli.test_cli import run_cli
from tests.conftest import NOW, make_settings


def calendar(db: Path, *argv: str, **settings: Any) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    cli = CalendarCommand(make_settings(db, **settings), out, err, clock=FrozenClock(NOW))
    status = asyncio.run(cli.execute(build_parser().parse_args(["calendar", *argv])))
    return status, out.getvalue(), err.getvalue()


def test_the_year_month_by_month_with_reasons(tmp_path: Path) -> None:
    status, out, err = calendar(tmp_path / "none.sqlite3", "2026")
    assert status == 0 and err == ""
    lines = [line.strip() for line in out.splitlines()]
    january = lines[lines.index("Tháng 1") + 1 : lines.index("Tháng 2") - 1]
    assert january == [
        "01/01/2026  thứ Năm   nghỉ      Tết Dương lịch",
        "02/01/2026  thứ Sáu   nghỉ      nghỉ hoán đổi, làm bù thứ Bảy 10/01/2026"
        " (VPCP 12729/VPCP-KGVX, 25/12/2025)",
        "10/01/2026  thứ Bảy   làm việc  làm bù cho ngày nghỉ thứ Sáu 02/01/2026"
        " (VPCP 12729/VPCP-KGVX, 25/12/2025)",
    ]
    assert "17/02/2026  thứ Ba    nghỉ      Tết Nguyên Đán" in lines
    assert "24/11/2026  thứ Ba    nghỉ      Ngày Văn hóa Việt Nam" in lines
    assert "Tháng 3" not in lines  # no exception in March
    assert lines[-1] == "Năm 2026: 14 ngày nghỉ rơi vào ngày thường, 2 ngày cuối tuần đi làm."
    assert not (tmp_path / "none.sqlite3").exists()  # printing the calendar creates no database


def test_the_settings_show_up(tmp_path: Path) -> None:
    status, out, _ = calendar(
        tmp_path / "none.sqlite3",
        "2026",
        EXTRA_WORKING_DAYS="24/11/2026, 05/12/2026",
        EXTRA_DAYS_OFF="07/12/2026",
    )
    assert status == 0
    assert "EXTRA_WORKING_DAYS: 2 ngày, EXTRA_DAYS_OFF: 1 ngày" in out
    assert (
        "24/11/2026  thứ Ba    làm việc  đi làm theo EXTRA_WORKING_DAYS"
        " (thư viện ghi là ngày nghỉ: Ngày Văn hóa Việt Nam)" in out
    )
    assert "05/12/2026  thứ Bảy   làm việc  ngày làm việc thêm theo EXTRA_WORKING_DAYS" in out
    assert "07/12/2026  thứ Hai   nghỉ      ngày nghỉ thêm theo EXTRA_DAYS_OFF" in out
    assert out.rstrip().endswith("14 ngày nghỉ rơi vào ngày thường, 4 ngày cuối tuần đi làm.")


def test_default_year_is_this_year_and_saturday_wards_are_named(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite3"
    run_cli(db, "ward", "add", "ngoquyen", "Phường Ngô Quyền")
    run_cli(db, "ward", "add", "giavien", "Phường Gia Viên")
    run_cli(db, "ward", "set", "giavien", "--saturday-reception", "yes")
    run_cli(db, "ward", "set", "ngoquyen", "--saturday-deadlines", "yes")
    status, out, _ = calendar(db)
    assert status == 0 and out.startswith("Lịch làm việc năm 2026")
    assert out.rstrip().endswith("(ward set --saturday-deadlines): Phường Ngô Quyền.")


def test_a_bad_year_is_refused_politely(tmp_path: Path) -> None:
    for value in ("20x6", "1066", "2０26", "202²"):  # the last two: digits to str.isdigit
        status, out, err = calendar(tmp_path / "none.sqlite3", value)
        assert status == 1 and out == ""
        assert f"năm «{value}» không hợp lệ" in err and "cchc-bot calendar 2027" in err


def test_the_command_is_registered(tmp_path: Path) -> None:
    status, out, _ = run_cli(tmp_path / "none.sqlite3", "calendar", "2025")
    assert status == 0
    assert "26/04/2025  thứ Bảy   làm việc  làm bù cho ngày nghỉ thứ Sáu 02/05/2025" in out
