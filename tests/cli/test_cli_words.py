"""The command line speaks Vietnamese, argparse's own texts included, and names its database."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from bot.cli import build_parser, main


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
    assert "không có đơn vị «nowhere»" in err and "cchc-bot ward list" in err
    assert "/stats" not in err
    assert main(["--db", db, "stats", "cautre", "13/2022"]) == 1
    err = capsys.readouterr().err
    assert "kỳ báo cáo «13/2022» không hợp lệ" in err and "cchc-bot stats cautre 2022" in err
