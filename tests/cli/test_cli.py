"""The command line contract: names, outputs, exit statuses."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest

from bot.cli import build_parser, dispatch
from tests.conftest import make_settings


def run_cli(db: Path, *argv: str) -> tuple[int, str, str]:
    """Run one subcommand in-process; return (status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    args = build_parser().parse_args(list(argv))
    status = asyncio.run(dispatch(args, make_settings(db), out, err))
    return status, out.getvalue(), err.getvalue()


def test_ward_add_and_list(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite3"
    assert (
        run_cli(db, "ward", "add", "haiphong", "Thành phố Hải Phòng", "--kind", "province")[0] == 0
    )
    status, out, _ = run_cli(
        db,
        "ward",
        "add",
        "cautre",
        "Phường Cầu Tre",
        "--code",
        "11338",
        "--alias",
        "Cầu Tre, Ngô Quyền",
        "--parent",
        "haiphong",
    )
    assert status == 0 and "cautre" in out and "(11338)" in out
    status, out, _ = run_cli(db, "ward", "list")
    assert status == 0
    line = next(x for x in out.splitlines() if x.startswith("cautre"))
    assert line.split("\t") == [
        "cautre",
        "11338",
        "Phường Cầu Tre",
        "haiphong",
        "Cầu Tre, Ngô Quyền",
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("ward", "add", "Cau Tre", "x"), "không hợp lệ"),
        (("ward", "add", "x", "X", "--parent", "nowhere"), "không có đơn vị «nowhere»"),
        (("staff", "add", "abc", "--role", "officer", "--ward", "cautre"), "số nguyên"),
        (("staff", "add", "5", "--role", "officer"), "cần --ward"),
        (("staff", "add", "5", "--role", "officer", "--ward", "nowhere"), "nowhere"),
        (("staff", "remove", "777"), "Không có cán bộ"),
    ],
)
def test_errors_go_to_stderr_with_status_1(
    tmp_path: Path, argv: tuple[str, ...], message: str
) -> None:
    status, out, err = run_cli(tmp_path / "c.sqlite3", *argv)
    assert status == 1
    assert message in err and out == ""


def test_duplicate_ward_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite3"
    run_cli(db, "ward", "add", "cautre", "Phường Cầu Tre")
    status, _, err = run_cli(db, "ward", "add", "cautre", "Khác")
    assert status == 1 and "đã có đơn vị" in err


def test_staff_add_list_remove(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite3"
    run_cli(db, "ward", "add", "cautre", "Phường Cầu Tre")
    assert (
        run_cli(
            db, "staff", "add", "42", "--role", "officer", "--ward", "cautre", "--name", "Cán bộ A"
        )[0]
        == 0
    )
    assert run_cli(db, "staff", "add", "7", "--role", "admin")[0] == 0
    _, out, _ = run_cli(db, "staff", "list")
    assert "42\tofficer\tcautre\tCán bộ A\ttelegram" in out.splitlines()
    assert "7\tadmin\t\t\ttelegram" in out.splitlines()
    assert run_cli(db, "staff", "remove", "42")[0] == 0
    _, out, _ = run_cli(db, "staff", "list")
    assert "42" not in out


def test_stats_prints_the_bot_report_as_text(seeded_db: Path) -> None:
    status, out, _ = run_cli(seeded_db, "stats", "cau", "tre", "01/01/2022-15/09/2022")
    assert status == 0
    assert "Tiếp nhận: 4.545 hồ sơ" in out
    assert "2.756 (60,64%)" in out and "14/27" in out and "<b>" not in out


def test_stats_unknown_ward_fails(seeded_db: Path) -> None:
    status, out, err = run_cli(seeded_db, "stats", "khongco")
    assert status == 1 and "không có đơn vị «khongco»" in err and out == ""


def test_ward_set_desk_contact_and_saturday_reception(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite3"
    run_cli(db, "ward", "add", "cautre", "Phường Cầu Tre")
    status, out, _ = run_cli(
        db, "ward", "set", "cautre", "--hotline", "0225 1022", "--saturday-reception", "yes"
    )
    assert status == 0
    assert "0225 1022" in out and "tiếp nhận sáng thứ Bảy: có" in out
    status, out, _ = run_cli(db, "ward", "set", "cautre", "--saturday-reception", "no")
    assert "0225 1022" in out and "thứ Bảy: không" in out  # other values kept
    status, _, err = run_cli(db, "ward", "set", "nowhere", "--hours", "7h30")
    assert status == 1 and "nowhere" in err


def test_saturday_reception_and_saturday_deadlines_are_two_settings(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite3"
    run_cli(db, "ward", "add", "ngoquyen", "Phường Ngô Quyền")
    _, out, _ = run_cli(db, "ward", "set", "ngoquyen", "--saturday-reception", "yes")
    assert "tiếp nhận sáng thứ Bảy: có; tính thứ Bảy vào thời hạn: không" in out
    _, out, _ = run_cli(db, "ward", "set", "ngoquyen", "--saturday-deadlines", "yes")
    assert "tiếp nhận sáng thứ Bảy: có; tính thứ Bảy vào thời hạn: có" in out
    assert "Trung tâm Phục vụ hành chính công phường Ngô Quyền" in out  # the default desk
    _, out, _ = run_cli(
        db, "ward", "set", "ngoquyen", "--apology-desk", "Bộ phận Một cửa phường Ngô Quyền"
    )
    assert "nơi nhận trên phiếu xin lỗi: Bộ phận Một cửa phường Ngô Quyền." in out
