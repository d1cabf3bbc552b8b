"""`cchc-bot ward import FILE`: an official list of units, all or nothing, idempotent; and the
names it brings resolved per period (a reused code, colliding names, merged and split wards)."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import pytest

from bot.cli.report import report_service
from bot.clock import FrozenClock
from bot.domain.wards import WardAmbiguous, WardFound, WardIndex, WardMoved
from bot.services.reports import ReportReady, WardQuestion
from storage.db import Database
from storage.units import SqliteUnitRepository
from tests.cli.test_cli import run_cli
from tests.conftest import NOW, make_settings

HEADER = "code,name,kind,parent_code,valid_from,valid_to,predecessors"
# Real codes where the official lists give them (31, 304, 11329, 11338, 11359, 10888, 10903);
# 99901 (the old Gia Viên) and 99902 (Đông Khê) are made up for the test.
ROWS = [
    "31,Thành phố Hải Phòng,thành phố,,,,",
    "304,Quận Ngô Quyền,quận,31,,2025-06-30,",
    "11329,Phường Máy Chai,phường,304,,2025-06-30,",
    "11338,Phường Cầu Tre,phường,304,,30/06/2025,",
    "99901,Phường Gia Viên,phường,304,,2025-06-30,",
    "99902,Phường Đông Khê,phường,304,,2025-06-30,",
    "11329,Phường Ngô Quyền,phường,31,2025-07-01,,11329;11338;99901;99902",
    "11359,Phường Gia Viên,phường,31,2025-07-01,,99901;99902",
    "10888,Xã Cẩm Giang,xã,31,2025-07-01,,",
    "10903,Xã Cẩm Giàng,Xã,31,2025-07-01,,",
]


def write(tmp_path: Path, rows: list[str], name: str = "donvi.csv") -> Path:
    path = tmp_path / name
    path.write_text("\ufeff" + "\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def units_table(db: Path) -> list[str]:
    return run_cli(db, "ward", "list")[1].splitlines()


async def lookup(db_path: Path, query: str, period: str) -> object:
    """What an admin's /stats gets for the query (frozen clock: 27/11/2026)."""
    async with Database(db_path, FrozenClock(NOW)) as db:
        service = report_service(make_settings(db_path), db, "admin", FrozenClock(NOW))
        return await service.ask("admin", f"{query} {period}")


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    db = tmp_path / "c.sqlite3"
    status, out, err = run_cli(db, "ward", "import", str(write(tmp_path, ROWS)))
    assert status == 0, err
    assert out.strip() == (
        "Đã nhập danh sách đơn vị từ donvi.csv: 10 đơn vị mới, 0 cập nhật, 0 không đổi."
    )
    return db


def test_a_good_file_creates_every_unit_with_slugs_from_the_names(imported: Path) -> None:
    slugs = {line.split("\t")[0]: line.split("\t") for line in units_table(imported)}
    # Folded names, with the code where two units would share one.
    assert set(slugs) == {
        "haiphong",
        "ngoquyen304",
        "ngoquyen11329",
        "maychai",
        "cautre",
        "giavien99901",
        "giavien11359",
        "dongkhe",
        "camgiang10888",
        "camgiang10903",
    }
    assert slugs["cautre"][:4] == ["cautre", "11338", "Phường Cầu Tre", "ngoquyen304"]
    assert slugs["ngoquyen11329"][3] == "haiphong"

    async def lineage() -> tuple[list[str], list[str], str | None, str | None]:
        async with Database(imported, FrozenClock(NOW)) as db:
            repo = SqliteUnitRepository(db)
            by_id = {u.id: u for u in await repo.all()}
            ngoquyen = await repo.by_slug("ngoquyen11329")
            dongkhe = await repo.by_slug("dongkhe")
            assert ngoquyen is not None and dongkhe is not None
            return (
                sorted(by_id[i].slug for i in ngoquyen.predecessor_ids),
                sorted(by_id[i].slug for i in dongkhe.successor_ids),
                ngoquyen.unit_type,
                by_id[dongkhe.parent_id or 0].unit_type,
            )

    predecessors, successors, unit_type, parent_type = asyncio.run(lineage())
    # 11329 before the merger is Máy Chai: the predecessor code names the unit that had ended.
    assert predecessors == ["cautre", "dongkhe", "giavien99901", "maychai"]
    assert successors == ["giavien11359", "ngoquyen11329"]  # split: listed under each
    assert (unit_type, parent_type) == ("phuong", "quan")


def test_importing_the_same_file_again_changes_nothing(imported: Path, tmp_path: Path) -> None:
    before = units_table(imported)
    status, out, _ = run_cli(imported, "ward", "import", str(write(tmp_path, ROWS)))
    assert status == 0
    assert "0 đơn vị mới, 0 cập nhật, 10 không đổi" in out
    assert units_table(imported) == before


def test_a_corrected_file_updates_the_stored_units(imported: Path, tmp_path: Path) -> None:
    rows = list(ROWS)
    rows[5] = "99902,Phường Đông Khê,phường,304,2000-01-01,2025-06-30,"  # a start date added
    status, out, err = run_cli(imported, "ward", "import", str(write(tmp_path, rows)))
    assert status == 0, err
    assert "0 đơn vị mới, 1 cập nhật, 9 không đổi" in out
    status, out, err = run_cli(imported, "ward", "import", str(write(tmp_path, rows)))
    assert "0 đơn vị mới, 0 cập nhật, 10 không đổi" in out


def test_bad_rows_are_all_named_and_nothing_is_written(imported: Path, tmp_path: Path) -> None:
    before = units_table(imported)
    rows = [
        *ROWS,
        "10904,Xã Mới,huyện lỵ,31,2025-07-01,,",  # line 12: unknown kind
        "10905,Xã Mới Hai,xã,31,01/13/2025,,",  # line 13: no such date
        "10906,Xã Mới Ba,xã,31,2025-07-01,,77777",  # line 14: no such predecessor
        "10888,Xã Cẩm Giang,xã,31,2026-01-01,,",  # line 15: same code, same period
        "10907,Xã Mới Bốn,xã,10888,2025-07-01,,",  # line 16: a commune is no parent
        "10909,Xã Mới Sáu,xã,11338,2025-07-01,,",  # line 17: parent gone by then
        ",Xã Không Mã,xã,31,,,",  # line 18: no code
        "10908,Xã Mới Năm,xã,31,,,10888",  # line 19: predecessors without a start
    ]
    status, out, err = run_cli(imported, "ward", "import", str(write(tmp_path, rows)))
    assert status == 1 and out == ""
    lines = err.splitlines()
    assert lines[:-1] == [
        "dòng 12: loại đơn vị «huyện lỵ» không rõ (dùng một trong: Phường, Xã, Đặc khu, "
        "Thị trấn, Tỉnh, Thành phố, Quận, Huyện, Thị xã)",
        "dòng 13: ngày «01/13/2025» ở cột valid_from không hợp lệ (ghi yyyy-mm-dd hoặc dd/mm/yyyy)",
        "dòng 14: không có đơn vị tiền thân mã 77777 đã kết thúc trước ngày 01/07/2025",
        "dòng 15: mã 10888 trùng với dòng 10 trong cùng thời gian hiệu lực",
        "dòng 16: đơn vị cấp trên mã 10888 (Xã Cẩm Giang) không ở cấp cao hơn",
        "dòng 17: không có đơn vị cấp trên mã 11338 trong thời gian hiệu lực của đơn vị này",
        "dòng 18: cột code để trống",
        "dòng 19: có đơn vị tiền thân (cột predecessors) thì phải có ngày bắt đầu (cột valid_from)",
    ]
    assert lines[-1].startswith("Không nhập đơn vị nào từ donvi.csv: 8 lỗi.")
    assert units_table(imported) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("code,name,kind\n31,Hải Phòng,tỉnh\n", "dòng 1: thiếu cột parent_code, valid_from"),
        ("", "không đọc được tệp"),
    ],
)
def test_a_file_that_is_not_a_list_of_units_is_refused(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "x.csv"
    path.write_text(content, encoding="utf-8")
    status, _, err = run_cli(tmp_path / "c.sqlite3", "ward", "import", str(path))
    assert status == 1 and message in err
    status, _, err = run_cli(tmp_path / "c.sqlite3", "ward", "import", str(tmp_path / "no.csv"))
    assert status == 1 and "không tìm thấy tệp" in err


async def resolved(db_path: Path, query: str, year: int) -> str | list[str]:
    """The slug the query names in `year`, or the slugs offered to choose from."""
    async with Database(db_path, FrozenClock(NOW)) as db:
        index = WardIndex(await SqliteUnitRepository(db).all())
    outcome = index.resolve(query, date(year, 1, 1), date(year, 12, 31))
    if isinstance(outcome, WardFound):
        return outcome.unit.slug
    assert isinstance(outcome, WardAmbiguous | WardMoved), outcome
    return [o.unit.slug for o in outcome.options]


@pytest.mark.parametrize(
    ("query", "year", "expected"),
    [
        ("Cẩm Giàng", 2026, "camgiang10903"),  # exact beats folded
        ("Cẩm Giang", 2026, "camgiang10888"),
        ("cam giang", 2026, ["camgiang10888", "camgiang10903"]),  # folded only: ask
        ("11329", 2022, "maychai"),  # a reused code means what it meant then
        ("11329", 2026, "ngoquyen11329"),
        ("Gia Viên", 2022, "giavien99901"),  # the name of that time
        ("Gia Viên", 2026, "giavien11359"),
        ("Ngô Quyền, Hải Phòng", 2026, "ngoquyen11329"),
        ("Ngô Quyền", 2022, "ngoquyen304"),  # the district existed then
        ("Máy Chai", 2026, ["ngoquyen11329"]),  # merged: offered, not answered
        ("Đông Khê", 2026, ["giavien11359", "ngoquyen11329"]),  # split: which one?
    ],
)
def test_imported_names_resolve_for_the_period(
    imported: Path, query: str, year: int, expected: str | list[str]
) -> None:
    assert asyncio.run(resolved(imported, query, year)) == expected


def test_the_report_on_an_imported_name_is_the_exact_one(imported: Path) -> None:
    outcome = asyncio.run(lookup(imported, "Xã Cẩm Giàng", "2026"))
    assert isinstance(outcome, ReportReady)
    assert outcome.report.unit.name == "Xã Cẩm Giàng"
    question = asyncio.run(lookup(imported, "cam giang", "2026"))
    assert isinstance(question, WardQuestion)
    assert [o.label for o in question.options] == ["Xã Cẩm Giang (10888)", "Xã Cẩm Giàng (10903)"]


def test_stats_on_the_console_lists_the_commands_to_choose_with(imported: Path) -> None:
    status, out, err = run_cli(imported, "stats", "cam", "giang", "2022")
    assert status == 1 and out == ""
    lines = err.splitlines()
    assert lines[0].startswith("Có 2 đơn vị khớp với «cam giang»")
    assert lines[0].endswith("gõ lệnh tương ứng:")  # no button to press, no number to type
    assert lines[1:] == [
        "  Xã Cẩm Giang (10888): cchc-bot stats camgiang10888 2022",
        "  Xã Cẩm Giàng (10903): cchc-bot stats camgiang10903 2022",
    ]
