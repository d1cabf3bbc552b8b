"""Hypothesis against import rows: any cells, in any of the three header styles, never a
traceback; a refused file names its rows and imports nothing."""

from __future__ import annotations

import csv
import io
import sqlite3
from contextlib import closing
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.cli import build_parser, dispatch
from tests.conftest import make_settings

HEADERS = [
    ["code", "ward", "procedure", "field", "received_at", "due_at", "resolved_at", "channel"],
    ["Mã hồ sơ", "Đơn vị", "Tên thủ tục", "Ngày tiếp nhận", "Ngày hẹn trả", "Trạng thái"],
    ["MaHoSo", "DonVi", "NgayTiepNhan", "NgayHenTra", "TrangThaiHoSo", "KenhThucHien"],
]
CELL = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["cautre", "01/02/2022", "2022-13-45", "1", "99", "", "\x00", "😀", "=1+1"]),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.sampled_from(HEADERS), st.lists(st.lists(CELL, min_size=0, max_size=10), max_size=8))
async def test_any_rows_import_or_are_refused_cleanly(
    seeded_db: Path, tmp_path: Path, header: list[str], rows: list[list[str]]
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    path = tmp_path / "fuzz.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    with closing(sqlite3.connect(seeded_db)) as conn:
        before = conn.execute("SELECT COUNT(*) FROM dossiers").fetchone()[0]
    out, err = io.StringIO(), io.StringIO()
    args = build_parser().parse_args(["import", "dossiers", str(path)])
    status = await dispatch(args, make_settings(seeded_db), out, err)
    assert status in (0, 1)
    assert "Traceback" not in err.getvalue()
    if status == 1:
        assert err.getvalue().strip()
        with closing(sqlite3.connect(seeded_db)) as conn:
            assert conn.execute("SELECT COUNT(*) FROM dossiers").fetchone()[0] == before
