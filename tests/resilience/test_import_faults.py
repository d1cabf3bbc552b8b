"""Imports under hostile files and a hostile machine: NUL and control characters, huge CSV
fields, an XLSX whose strings expand to gigabytes, a locked database, a full disk. Each ends in
one clear Vietnamese line, exit status 1, and nothing imported."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sqlite3
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import build_parser, dispatch
from tests.conftest import make_settings

HEADER = "code,ward,received_at,due_at\n"


async def run(db: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    args = build_parser().parse_args(list(argv))
    status = await dispatch(args, make_settings(db), out, err)
    return status, out.getvalue(), err.getvalue()


async def dossier_count(db: Path) -> int:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM dossiers").fetchone()[0])


@pytest.mark.parametrize(
    ("row", "char"),
    [
        ("A\x001,cautre,2022-01-01,2022-01-05", "U+0000"),
        ("A2,cau\x07tre,2022-01-01,2022-01-05", "U+0007"),
        ("A3,cautre,2022-01-01\x1b[31m,2022-01-05", "U+001B"),
    ],
)
async def test_control_characters_are_refused_with_the_row_named(
    seeded_db: Path, tmp_path: Path, row: str, char: str
) -> None:
    path = tmp_path / "in.csv"
    path.write_text(HEADER + "OK1,cautre,2022-01-01,2022-01-05\n" + row + "\n")
    before = await dossier_count(seeded_db)
    status, _, err = await run(seeded_db, "import", "dossiers", str(path))
    assert status == 1
    assert "dòng 3" in err and char in err and "ký tự điều khiển" in err
    assert await dossier_count(seeded_db) == before


async def test_long_csv_fields_are_read_or_refused_cleanly(seeded_db: Path, tmp_path: Path) -> None:
    long_ok = tmp_path / "long.csv"
    procedure = "Thủ tục " + "x" * 300_000  # over csv's own 128 KiB limit: still read
    long_ok.write_text(
        "code,ward,procedure,received_at,due_at\n"
        + f"L1,cautre,{procedure},2022-01-01,2022-01-05\n"
    )
    status, out, err = await run(seeded_db, "import", "dossiers", str(long_ok))
    assert status == 0, err
    huge = tmp_path / "huge.csv"
    huge.write_text(HEADER + "L2,cautre,2022-01-01,2022-01-05\n" + '"' + "y" * 2_000_000 + '"\n')
    status, _, err = await run(seeded_db, "import", "dossiers", str(huge))
    assert status == 1 and "dòng 3" in err and "dài quá 1 MB" in err
    assert "Traceback" not in err


def _xlsx_bomb(path: Path, size: int) -> None:
    """A valid-looking workbook whose sharedStrings.xml is `size` bytes of one string."""
    item = b"<si><t>aaaaaaaaaaaaaaaa</t></si>"
    body = item * (size // len(item))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr(
            "xl/sharedStrings.xml",
            b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + body
            + b"</sst>",
        )


async def test_an_xlsx_whose_strings_explode_is_refused_before_reading(
    seeded_db: Path, tmp_path: Path
) -> None:
    bomb = tmp_path / "bomb.xlsx"
    _xlsx_bomb(bomb, 50_000_000)
    assert bomb.stat().st_size < 1_000_000  # under 1 MB on disk
    status, _, err = await run(seeded_db, "import", "dossiers", str(bomb))
    assert status == 1 and "quá lớn so với tệp" in err


async def test_an_import_under_a_lock_says_the_database_is_busy(
    seeded_db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "in.csv"
    path.write_text(HEADER + "K1,cautre,2022-01-01,2022-01-05\n")
    holder = sqlite3.connect(seeded_db, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another writer holds the database
        status, _, err = await run(seeded_db, "import", "dossiers", str(path))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert status == 1
    assert err.strip().count("\n") == 0  # one line
    assert "đang bận" in err and "cannot rollback" not in err and "Traceback" not in err


@pytest.fixture(params=["tmpfs", "max_page_count"])
def small_disk(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """An 8 MB tmpfs (root may mount one: room for the seeded database, not for the import),
    and SQLite's own SQLITE_FULL through max_page_count: the same error path, simulated
    deterministically where no tmpfs can be had."""
    mount = tmp_path / "disk"
    mount.mkdir()
    how = str(request.param)
    if how == "tmpfs":
        if not (hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("mount")):
            pytest.skip("mounting a tmpfs needs root")
        result = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)],
            capture_output=True,
            check=False,
        )
        if result.returncode != 0:
            pytest.skip(f"no tmpfs here: {result.stderr.decode().strip()}")
    try:
        yield mount, how
    finally:
        if how == "tmpfs":
            subprocess.run(["umount", str(mount)], check=True)


async def test_an_import_on_a_full_disk_says_so(
    seeded_db: Path, tmp_path: Path, small_disk: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    disk, how = small_disk
    db = disk / "bot.sqlite3"
    shutil.copy(seeded_db, db)
    if how == "max_page_count":
        from storage.db import Database

        connect = Database.connect

        async def full(self: Database, *, migrate: bool = True) -> Database:
            await connect(self, migrate=migrate)
            await self.conn.execute("PRAGMA max_page_count = 1600")  # ≈ the seeded size
            return self

        monkeypatch.setattr(Database, "connect", full)
    path = tmp_path / "big.csv"
    rows = (f"F{i:06d},cautre,2022-01-01,2022-01-05" for i in range(60_000))
    path.write_text(HEADER + "\n".join(rows) + "\n")
    before = await dossier_count(db)
    status, _, err = await run(db, "import", "dossiers", str(path))
    print(f"\n[full disk: {how}] {err.strip()}")
    assert status == 1
    assert "ổ đĩa chứa cơ sở dữ liệu đã đầy" in err
    assert "cannot rollback" not in err and "Traceback" not in err
    assert await dossier_count(db) == before
