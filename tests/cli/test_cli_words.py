"""The command line speaks Vietnamese, argparse's own texts included, and names its database."""

from __future__ import annotations

import argparse
import asyncio
import io
import re
from pathlib import Path

import pytest

from bot.cli import GROUPS, build_parser, main
from bot.cli.run import demo_log
from bot.clock import FrozenClock
from bot.config import Settings
from bot.demo import chat as demo_chat
from tests.conftest import NOW, make_settings


def test_argparse_errors_are_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["ward", "frob"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "cách dùng: cchc-bot ward" in err
    assert "lỗi: đối số THAO_TÁC: lựa chọn không hợp lệ: 'frob'" in err
    for english in ("usage:", "error:", "invalid choice", "choose from"):
        assert english not in err


def test_missing_argument_is_named_in_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["stats"])
    assert "thiếu đối số bắt buộc: PHƯỜNG [KỲ]" in capsys.readouterr().err


def test_help_is_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "hiện hướng dẫn này rồi thoát" in out and "tùy chọn:" in out and "--db PATH" in out
    assert "show this help" not in out and "options:" not in out


def test_other_parsers_keep_their_english() -> None:
    build_parser().format_help()
    plain = argparse.ArgumentParser(prog="other")
    assert "show this help message and exit" in plain.format_help()


def test_global_db_overrides_database_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "from-env.sqlite3"))
    chosen = tmp_path / "chosen.sqlite3"
    assert main(["--db", str(chosen), "ward", "add", "hp", "Thành phố Hải Phòng"]) == 0
    captured = capsys.readouterr()
    assert f"Đã tạo cơ sở dữ liệu mới: {chosen.resolve()}" in captured.err
    assert chosen.exists() and not (tmp_path / "from-env.sqlite3").exists()
    assert main(["--db", str(chosen), "ward", "list"]) == 0
    captured = capsys.readouterr()
    assert "hp" in captured.out and "Đã tạo" not in captured.err


def test_a_reading_command_does_not_create_a_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nothing.sqlite3"
    for argv in (["stats", "cautre", "2022"], ["ward", "list"], ["staff", "list"]):
        assert main(["--db", str(missing), *argv]) == 1
        err = capsys.readouterr().err
        assert f"không có cơ sở dữ liệu ở {missing}" in err and "--db PATH" in err
    assert not missing.exists()


def test_stats_errors_are_worded_for_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "c.sqlite3")
    assert main(["--db", db, "ward", "add", "cautre", "Phường Cầu Tre"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "stats", "nowhere"]) == 1
    err = capsys.readouterr().err
    assert "không có đơn vị «nowhere»" in err
    assert f"cchc-bot --db {db} ward list" in err  # the list of the same database
    assert "/stats" not in err
    assert main(["--db", db, "stats", "cautre", "13/2022"]) == 1
    err = capsys.readouterr().err
    assert "kỳ báo cáo «13/2022» không hợp lệ" in err and f"--db {db} stats cautre 2022" in err


def _run_at_now(db: Path, *argv: str) -> tuple[int, str]:
    """Run a command in-process on the test clock; return (status, stderr)."""
    args = build_parser().parse_args(list(argv))
    err = io.StringIO()
    group = next(g for g in GROUPS if g.name == args.command)
    status = asyncio.run(
        group(make_settings(db), io.StringIO(), err, clock=FrozenClock(NOW)).execute(args)
    )
    return status, err.getvalue()


# What a chat says where the command line has no buttons and no slash commands.
CHAT_WORDING = re.compile(r"bấm|nút|bên dưới|dưới đây|(^|\s)/(stats|baocao)\b|<code>", re.I)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (
            ("stats", "cautre", "2026"),  # Cầu Tre went into Ngô Quyền on 01/07/2025
            [
                "Phường Cầu Tre đã nhập vào Phường Ngô Quyền từ 01/07/2025. Số liệu",
                "cchc-bot stats ngoquyen 2026",
            ],
        ),
        (
            ("stats", "dong", "khe", "2026"),  # Đông Khê was divided between two wards
            ["sắp xếp vào 2 đơn vị từ 01/07/2025: ", "stats giavien 2026", "stats ngoquyen 2026"],
        ),
        (
            ("report", "cautre", "2026", "--xlsx", "bao cao.xlsx"),
            ["cchc-bot report ngoquyen 2026 --xlsx 'bao cao.xlsx'"],
        ),
        (
            ("report",),
            ["hãy ghi tên đơn vị", "cchc-bot report haiphong", "Thành phố Hải Phòng (haiphong)"],
        ),
        (("report", "khongco"), ["không có đơn vị «khongco»", "cchc-bot ward list"]),
        (("stats", "ngoquyen", "13/2026"), ["tháng phải từ 1 đến 12", "cchc-bot stats cautre"]),
        (("report", "ngoquyen", "13/2026"), ["tháng phải từ 1 đến 12", "cchc-bot report cautre"]),
    ],
)
def test_what_is_no_report_is_worded_for_the_command_line(
    seeded_db: Path, argv: tuple[str, ...], expected: list[str]
) -> None:
    status, err = _run_at_now(seeded_db, *argv)
    assert status == 1
    for part in expected:
        assert part in err, err
    assert CHAT_WORDING.search(err) is None, err
    assert "Text(" not in err and "{" not in err  # every part rendered


def test_a_suggested_command_keeps_the_global_db(seeded_db: Path) -> None:
    status, err = _run_at_now(seeded_db, "--db", str(seeded_db), "stats", "cautre", "2026")
    assert status == 1
    assert f"cchc-bot --db {seeded_db} stats ngoquyen 2026" in err


def test_argparse_words_unrecognized_arguments_in_vietnamese(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["ward", "list", "thua"])
    err = capsys.readouterr().err
    assert "đối số không nhận ra: thua" in err and "unrecognized" not in err


@pytest.mark.parametrize(
    ("argv", "database"),
    [
        (["demo"], None),
        (["--db", "a.sqlite3", "demo"], Path("a.sqlite3")),  # the global option reaches it
        (["demo", "--db", "b.sqlite3"], Path("b.sqlite3")),
        (["--db", "a.sqlite3", "demo", "--db", "b.sqlite3"], Path("b.sqlite3")),
    ],
)
def test_the_demo_takes_either_db_option(
    argv: list[str], database: Path | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, object] = {}

    async def fake_demo(settings: Settings, **kwargs: object) -> int:
        seen.update(kwargs)
        return 0

    monkeypatch.setattr(demo_chat, "run_demo", fake_demo)
    assert main(argv) == 0
    assert seen["database"] == database
    # The demo's terminal is its chat: its log goes to a file beside its database.
    log = demo_log(build_parser().parse_args(argv))
    assert log == (database or demo_chat.DEFAULT_DB).with_suffix(".log")
