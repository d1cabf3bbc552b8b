"""`cchc-bot backup` while the database is in use, `restore` with it closed, refusals worded."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.cli import main


def _slugs(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {row[0] for row in conn.execute("SELECT slug FROM units")}


def test_backup_while_open_then_restore(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    live, copy = tmp_path / "live.sqlite3", tmp_path / "copy.sqlite3"
    assert main(["--db", str(live), "ward", "add", "cautre", "Phường Cầu Tre"]) == 0
    # Another connection keeps the database open with a commit still only in the WAL, as a
    # running bot does; the backup must hold it.
    writer = sqlite3.connect(live)
    try:
        writer.execute("PRAGMA wal_autocheckpoint=0")
        writer.execute("UPDATE units SET name = 'Phường Cầu Tre (cũ)' WHERE slug = 'cautre'")
        writer.commit()
        assert main(["--db", str(live), "backup", str(copy)]) == 0
    finally:
        writer.close()
    assert f"Đã sao lưu vào {copy}" in capsys.readouterr().out
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT name FROM units").fetchone() == ("Phường Cầu Tre (cũ)",)
    assert main(["--db", str(live), "backup", str(copy)]) == 1
    assert f"tệp {copy} đã có" in capsys.readouterr().err

    assert main(["--db", str(live), "ward", "add", "giavien", "Phường Gia Viên"]) == 0
    assert main(["--db", str(live), "restore", str(copy)]) == 0
    out = capsys.readouterr().out
    assert "Đã khôi phục" in out and "before-restore" in out
    assert _slugs(live) == {"cautre"}


def test_restore_refuses_what_is_not_a_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    target = str(tmp_path / "live.sqlite3")
    assert main(["--db", target, "restore", str(junk)]) == 1
    assert "không phải là tệp cơ sở dữ liệu SQLite" in capsys.readouterr().err
    assert main(["--db", target, "restore", str(tmp_path / "none.sqlite3")]) == 1
    assert "không có tệp" in capsys.readouterr().err


def test_a_newer_schema_is_refused_in_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "new.sqlite3"
    assert main(["--db", str(path), "ward", "add", "cautre", "Phường Cầu Tre"]) == 0
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'x', 0)"
        )
    capsys.readouterr()
    assert main(["--db", str(path), "ward", "list"]) == 1
    err = capsys.readouterr().err
    assert "phiên bản cchc-bot mới hơn" in err and "999" in err
