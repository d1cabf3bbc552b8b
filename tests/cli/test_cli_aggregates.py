"""`cchc-bot aggregates check|rebuild`: the daily aggregates checked against the dossiers and
recomputed, in Vietnamese."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from tests.cli.test_cli import run_cli
from tests.conftest import make_settings


def test_the_seeded_aggregates_match_their_dossiers(seeded_db: Path) -> None:
    status, out, err = run_cli(seeded_db, "aggregates", "check")
    assert status == 0, err
    assert "Số liệu tổng hợp khớp với" in out and "giờ địa phương UTC+07:00" in out


def test_a_changed_row_is_found_and_a_rebuild_puts_it_right(seeded_db: Path) -> None:
    with closing(sqlite3.connect(seeded_db)) as conn, conn:
        conn.execute(
            "UPDATE dossier_days SET received = received + 1 WHERE (unit_id, grain, day, field)"
            " = (SELECT unit_id, grain, day, field FROM dossier_days LIMIT 1)"
        )
    status, _, err = run_cli(seeded_db, "aggregates", "check")
    assert status == 1
    # The day row, and what its triggers carried into the sums: its city's row of that field,
    # the ward's total and the city's.
    assert "lệch với các hồ sơ ở 4 dòng" in err and "cchc-bot aggregates rebuild" in err
    status, out, err = run_cli(seeded_db, "aggregates", "rebuild")
    assert status == 0, err
    assert out.startswith("Đã tính lại số liệu tổng hợp theo ngày từ ")
    assert " hồ sơ của " in out and "giờ địa phương UTC+07:00" in out
    assert run_cli(seeded_db, "aggregates", "check")[0] == 0


def test_another_time_zone_is_named_until_rebuilt(seeded_db: Path, tmp_path: Path) -> None:
    import asyncio
    import io

    from bot.cli import build_parser, dispatch

    def run(*argv: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        settings = make_settings(seeded_db, TIMEZONE="UTC")
        status = asyncio.run(dispatch(build_parser().parse_args(list(argv)), settings, out, err))
        return status, out.getvalue(), err.getvalue()

    status, _, err = run("aggregates", "check")
    assert status == 1 and "tính theo giờ UTC+07:00, khác múi giờ UTC" in err
    status, out, _ = run("aggregates", "rebuild")
    assert status == 0 and "giờ địa phương UTC+00:00" in out
    assert run("aggregates", "check")[0] == 0


def test_no_database_is_refused(tmp_path: Path) -> None:
    status, _, err = run_cli(tmp_path / "none.sqlite3", "aggregates", "check")
    assert status == 1 and "không có cơ sở dữ liệu" in err
    assert not (tmp_path / "none.sqlite3").exists()
