"""The import use-case end to end: files on disk, a real SQLite database, the CLI's output."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from bot.cli.imports import run_import
from bot.clock import FrozenClock
from bot.domain.imports import ImportKind
from bot.render.tables import iter_rows, open_table
from bot.services.imports import (
    ImportResult,
    control_character,
    import_dossiers,
    render_summary,
)
from storage.db import Database
from storage.dossiers import SqliteDossierRepository

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=TZ)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database(tmp_path / "t.sqlite3", FrozenClock(NOW)).connect()
    await database.conn.executemany(
        "INSERT INTO units (slug, name, code, created_at) VALUES (?, ?, ?, '2026-01-01')",
        [("cautre", "Phường Cầu Tre", "11338"), ("giavien", "Phường Gia Viên", "11311")],
    )
    yield database
    await database.close()


async def run(
    db: Database,
    path: Path,
    *,
    kind: str = "dossiers",
    ward: str | None = None,
    **options: object,
) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = await run_import(
        kind,
        path,
        db,
        ward_slug=ward,
        tz=TZ,
        out=out,
        err=err,
        now=NOW,
        **options,  # type: ignore[arg-type]
    )
    return code, out.getvalue(), err.getvalue()


async def rows(db: Database, table: str = "dossiers") -> list[tuple[object, ...]]:
    sql = (
        "SELECT code, unit_id, procedure, field, received_at, due_at, resolved_at, channel,"
        " status FROM dossiers ORDER BY code"
        if table == "dossiers"
        else "SELECT code, unit_id, title, year, due_at, completed_at FROM tasks ORDER BY code"
    )
    async with db.conn.execute(sql) as cur:
        return [tuple(r) for r in await cur.fetchall()]


def local(*args: int) -> int:
    return int(datetime(*args, tzinfo=TZ).timestamp())  # type: ignore[misc]


CANONICAL = (
    "code,ward,procedure,field,received_at,due_at,resolved_at,channel,status\n"
    "A1,cautre,Khai sinh,Hộ tịch,2022-02-01T08:00:00,2022-02-05,2022-02-05T16:00:00,online,done\n"
    "A2,Cầu Tre,Chứng thực,Chứng thực,01/02/2022,03/02/2022,,direct,processing\n"
    "A3,giavien,,,01/02/2022 09:15,10/02/2022,,postal,\n"
)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (CANONICAL, "utf-8"),
        (CANONICAL, "utf-8-sig"),
        (CANONICAL.replace(",", ";"), "utf-8-sig"),
        (
            "Mã hồ sơ;Đơn vị;Tên thủ tục;Lĩnh vực;Ngày tiếp nhận;Ngày hẹn trả;Ngày có kết quả;"
            "Hình thức nộp;Trạng thái\n"
            "A1;Phường Cầu Tre;Khai sinh;Hộ tịch;01/02/2022 08:00;05/02/2022;05/02/2022 16:00;"
            "Trực tuyến;Đã xử lý xong\n"
            "A2;cau tre;Chứng thực;Chứng thực;01/02/2022;03/02/2022;;Trực tiếp;Đang xử lý\n"
            "A3;Gia Viên;;;01/02/2022 09:15;10/02/2022;;Bưu chính công ích;\n",
            "utf-8-sig",
        ),
    ],
    ids=["canonical", "bom", "semicolon", "vietnamese"],
)
async def test_import_styles_store_the_same_rows(
    db: Database, tmp_path: Path, text: str, encoding: str
) -> None:
    path = tmp_path / "in.csv"
    path.write_text(text, encoding=encoding)
    code, out, err = await run(db, path)
    assert (code, err) == (0, "")
    assert out == "Đã nhập 3 hồ sơ (3 mới, 0 cập nhật) cho 2 đơn vị.\n"
    assert await rows(db) == [
        (
            "A1",
            1,
            "Khai sinh",
            "Hộ tịch",
            local(2022, 2, 1, 8),
            local(2022, 2, 5, 23, 59, 59),
            local(2022, 2, 5, 16),
            "online",
            "done",
        ),
        (
            "A2",
            1,
            "Chứng thực",
            "Chứng thực",
            local(2022, 2, 1),
            local(2022, 2, 3, 23, 59, 59),
            None,
            "direct",
            "processing",
        ),
        (
            "A3",
            2,
            "",
            "",
            local(2022, 2, 1, 9, 15),
            local(2022, 2, 10, 23, 59, 59),
            None,
            "postal",
            "processing",
        ),
    ]


async def test_national_file_takes_the_ward_from_the_option(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "dvc.csv"
    path.write_text(
        "MaHoSo,NgayTiepNhan,NgayHenTra,NgayKetThucXuLy,TrangThaiHoSo,KenhThucHien\n"
        "000.00.31.H31-220201-0001,2022-02-01T08:00:00+07:00,2022-02-05,"
        "2022-02-04T09:00:00Z,10,2\n"
        "000.00.31.H31-220201-0002,2022-02-01 10:00,2022-02-05,,4,1\n",
        encoding="utf-8",
    )
    code, out, _ = await run(db, path, ward="giavien")
    assert code == 0 and "2 hồ sơ" in out
    assert [(r[0][-4:], r[1], r[6], r[7], r[8]) for r in await rows(db)] == [
        ("0001", 2, local(2022, 2, 4, 16), "online", "returned"),
        ("0002", 2, None, "direct", "processing"),
    ]
    code, _, err = await run(db, path)
    assert code == 1 and "--ward" in err


async def test_reimport_updates_by_code_and_never_duplicates(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(CANONICAL, encoding="utf-8")
    assert (await run(db, path))[0] == 0
    changed = CANONICAL.replace(",,direct,processing", ",04/02/2022,direct,")
    path.write_text(changed + "A4,cautre,,,2022-03-01,2022-03-02,,,\n", encoding="utf-8")
    code, out, _ = await run(db, path)
    assert code == 0
    assert out == "Đã nhập 4 hồ sơ (1 mới, 3 cập nhật) cho 2 đơn vị.\n"
    stored = await rows(db)
    assert [r[0] for r in stored] == ["A1", "A2", "A3", "A4"]
    assert stored[1][6:] == (local(2022, 2, 4), "direct", "done")
    code, out, _ = await run(db, path)
    assert out == "Đã nhập 4 hồ sơ (0 mới, 4 cập nhật) cho 2 đơn vị.\n"
    assert await rows(db) == stored


BAD = (
    "code,ward,received_at,due_at,resolved_at,channel,status\n"
    "B1,cautre,2022-01-01,2022-01-05,,,\n"  # line 2: good
    "B2,hanoi,2022-01-01,2022-01-05,,,\n"  # 3: unknown ward
    "B3,cautre,32/01/2022,2022-01-05,,,\n"  # 4: bad date
    "\n"  # 5: blank, skipped
    "B4,cautre,2022-01-05,2022-01-01,,,\n"  # 6: due before received
    "B5,cautre,2022-01-05 10:00,2022-01-09,2022-01-05 09:00,,\n"  # 7: resolved before received
    "B1,cautre,2022-01-01,2022-01-05,,,\n"  # 8: duplicate of line 2
    "B6,cautre,,2022-01-05,,,\n"  # 9: empty required cell
    "B7,cautre,2022-01-01,2022-01-05,,fax,\n"  # 10: unknown channel
    "B8,cautre,2022-01-01,2022-01-05,,,xong\n"  # 11: unknown status
    "B9,giavien,2022-01-01,2022-01-05,,,\n"  # 12: another ward than --ward
    '"B10",cautre,2022-01-01,2022-01-05,,,\n'  # 13: good
)


async def test_bad_rows_are_all_reported_and_nothing_changes(db: Database, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text("code,ward,received_at,due_at\nB1,cautre,2021-01-01,2021-01-02\n")
    assert (await run(db, good))[0] == 0
    before = await rows(db)
    path = tmp_path / "bad.csv"
    path.write_text(BAD, encoding="utf-8")
    code, out, err = await run(db, path, ward="cautre")
    assert code == 1 and out == ""
    assert err.splitlines() == [
        "dòng 3: không tìm thấy đơn vị “hanoi”",
        "dòng 4: ngày tiếp nhận “32/01/2022” không phải ngày hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd)",
        "dòng 6: ngày hẹn trả 01/01/2022 23:59 trước ngày tiếp nhận 05/01/2022 00:00",
        "dòng 7: ngày có kết quả 05/01/2022 09:00 trước ngày tiếp nhận 05/01/2022 10:00",
        "dòng 8: mã “B1” trùng với dòng 2",
        "dòng 9: thiếu ngày tiếp nhận",
        "dòng 10: hình thức nộp “fax” không hợp lệ",
        "dòng 11: trạng thái “xong” không hợp lệ",
        "dòng 12: đơn vị “giavien” không phải Phường Cầu Tre (đã chọn bằng --ward)",
        "Không nhập dòng nào: 9 dòng lỗi.",
    ]
    assert await rows(db) == before


async def test_one_bad_row_among_many_batches_changes_nothing(db: Database, tmp_path: Path) -> None:
    lines = ["code,ward,received_at,due_at"]
    lines += [f"C{i},cautre,2022-01-01,2022-01-02" for i in range(2500)]
    lines[2000] = "C1999,cautre,2022-01-01,2021-12-31"
    path = tmp_path / "many.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    from storage.units import SqliteUnitRepository

    units = await SqliteUnitRepository(db).all()
    with open_table(path) as table:
        result = await import_dossiers(
            table,
            SqliteDossierRepository(db),
            units,
            tz=TZ,
            now=NOW,
            batch_size=300,
            on_error=lambda e: print(e.line, file=err),
        )
    assert result.error_count == 1 and result.errors[0].line == 2001
    assert err.getvalue() == "2001\n" and out.getvalue() == ""
    assert await rows(db) == []


async def test_missing_column_refuses_the_file(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("Mã hồ sơ,Đơn vị,Ngày tiếp nhận\nA,cautre,01/01/2022\n", encoding="utf-8")
    code, out, err = await run(db, path)
    assert code == 1 and out == ""
    assert "thiếu cột bắt buộc: ngày hẹn trả" in err and "NgayHenTra" in err
    assert await rows(db) == []


async def test_unknown_ward_option_and_unreadable_file(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text(CANONICAL, encoding="utf-8")
    assert (await run(db, path, ward="hanoi"))[0] == 1
    empty = tmp_path / "empty.csv"
    empty.write_text("\n\n", encoding="utf-8")
    code, _, err = await run(db, empty)
    assert code == 1 and "Không đọc được" in err
    binary = tmp_path / "bin.csv"
    binary.write_bytes(b"\xff\xfe\x00code")
    assert (await run(db, binary))[0] == 1


async def test_xlsx_round_trip(db: Database, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([])  # an empty first row: the header is the first non-empty one
    sheet.append(
        [
            "Mã hồ sơ",
            "Đơn vị",
            "Ngày tiếp nhận",
            "Ngày hẹn trả",
            "Ngày có kết quả",
            "Hình thức nộp",
            "Trạng thái",
        ]
    )
    sheet.append(
        [
            "X1",
            "Cầu Tre",
            datetime(2022, 2, 1, 8, 0),
            date(2022, 2, 5),
            datetime(2022, 2, 5, 16, 0),
            2,
            10,
        ]
    )
    sheet.append([None, None, None, None, None, None, None])
    sheet.append(["X2", 11311, "01/02/2022", "03/02/2022", None, "Trực tiếp", None])
    sheet.append(["X3", "cautre", "bad", "03/02/2022", None, None, None])
    path = tmp_path / "in.xlsx"
    book.save(path)
    assert [line for line, _ in iter_rows(path)] == [3, 5, 6]
    code, _, err = await run(db, path)
    assert code == 1 and err.splitlines()[0].startswith("dòng 6: ngày tiếp nhận “bad”")
    sheet.delete_rows(6)
    book.save(path)
    code, out, err = await run(db, path)
    assert (code, err) == (0, "")
    assert out == "Đã nhập 2 hồ sơ (2 mới, 0 cập nhật) cho 2 đơn vị.\n"
    assert await rows(db) == [
        (
            "X1",
            1,
            "",
            "",
            local(2022, 2, 1, 8),
            local(2022, 2, 5, 23, 59, 59),
            local(2022, 2, 5, 16),
            "online",
            "returned",
        ),
        (
            "X2",
            2,
            "",
            "",
            local(2022, 2, 1),
            local(2022, 2, 3, 23, 59, 59),
            None,
            "direct",
            "processing",
        ),
    ]


async def test_tasks_import(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "tasks.csv"
    path.write_text(
        "Mã nhiệm vụ,Đơn vị,Tên nhiệm vụ,Năm,Hạn hoàn thành,Ngày hoàn thành\n"
        "NV1,cautre,Rà soát TTHC,2022,30/06/2022,15/06/2022\n"
        "NV2,cautre,Số hoá hồ sơ,2022,31/12/2022,\n",
        encoding="utf-8",
    )
    code, out, _ = await run(db, path, kind="tasks")
    assert code == 0 and out == "Đã nhập 2 nhiệm vụ (2 mới, 0 cập nhật) cho 1 đơn vị.\n"
    assert await rows(db, "tasks") == [
        ("NV1", 1, "Rà soát TTHC", 2022, local(2022, 6, 30, 23, 59, 59), local(2022, 6, 15)),
        ("NV2", 1, "Số hoá hồ sơ", 2022, local(2022, 12, 31, 23, 59, 59), None),
    ]
    code, out, _ = await run(db, path, kind="tasks")
    assert out == "Đã nhập 2 nhiệm vụ (0 mới, 2 cập nhật) cho 1 đơn vị.\n"


def test_summary_numbers_use_vietnamese_grouping() -> None:
    result = ImportResult(ImportKind.DOSSIERS, total=4545, new=4500, updated=45, units=1)
    assert render_summary(result) == "Đã nhập 4.545 hồ sơ (4.500 mới, 45 cập nhật) cho 1 đơn vị."
    failed = ImportResult(ImportKind.DOSSIERS, error_count=1234)
    assert render_summary(failed) == "Không nhập dòng nào: 1.234 dòng lỗi."
    assert render_summary(result, "en").startswith("Imported 4,545 dossiers")


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    from bot.render.tables import terminal_progress

    path = tmp_path / "in.csv"
    path.write_text(CANONICAL, encoding="utf-8")
    assert terminal_progress(io.StringIO())(10, "B") is None
    screen = FakeTerminal()
    with open_table(path, progress=terminal_progress(screen)) as table:
        assert [line for line, _ in table.rows] == [2, 3, 4]
    assert "B" in screen.getvalue()


async def test_skip_bad_imports_the_good_rows_and_lists_the_others(
    db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "mixed.csv"
    path.write_text(
        "code,ward,received_at,due_at,resolved_at,status\n"
        "G1,cautre,2022-01-01,2022-01-05,2022-01-03,10\n"
        "G2,cautre,2022-01-01,2022-01-05,,10\n"  # ended without an end time
        "G3,hanoi,ngày đầu,2022-01-05,,\n"  # two problems on one line
        "G1,cautre,2022-01-02,2022-01-06,,\n"  # repeated code: the first line stays
        "G4,cautre,2022-01-02,2022-01-06,,4\n",
        encoding="utf-8",
    )
    # The default stays all or nothing.
    code, out, err = await run(db, path)
    assert code == 1 and await rows(db) == []
    code, out, err = await run(db, path, skip_bad=True)
    assert code == 0
    assert err.splitlines() == [
        "dòng 3: trạng thái “10” là hồ sơ đã kết thúc xử lý nhưng thiếu ngày kết thúc xử lý",
        "dòng 4: không tìm thấy đơn vị “hanoi”; ngày tiếp nhận “ngày đầu” không phải ngày hợp lệ"
        " (dd/mm/yyyy hoặc yyyy-mm-dd)",
        "dòng 5: mã “G1” trùng với dòng 2",
    ]
    assert out.strip() == (
        "Đã nhập 2 hồ sơ (2 mới, 0 cập nhật) cho 1 đơn vị. Bỏ qua 3 dòng lỗi (liệt kê ở trên)."
    )
    stored = await rows(db)
    assert [r[0] for r in stored] == ["G1", "G4"]
    assert stored[0][4] == local(2022, 1, 1)  # G1 from its first line


FOREIGN = (
    "Số biên nhận,Phường,Thủ tục,Ngày nhận,Hạn trả,Ngày trả,Tình trạng,Cách nộp\n"
    "BN-001,cautre,Khai sinh,02/03/2026,05/03/2026,04/03/2026,Đã trả,Trực tuyến\n"
    "BN-002,cautre,Khai tử,02/03/2026,05/03/2026,03/03/2026,Công dân rút,Trực tiếp\n"
    "BN-003,cautre,Kết hôn,02/03/2026,05/03/2026,,Đang làm,Trực tiếp\n"
)
FOREIGN_MAP = (
    "Số biên nhận=code,Phường=ward,Thủ tục=procedure,Ngày nhận=received_at,Hạn trả=due_at,"
    "Ngày trả=resolved_at,Tình trạng=status,Cách nộp=channel"
)


async def test_map_imports_another_systems_headers_and_words(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "foreign.csv"
    path.write_text(FOREIGN, encoding="utf-8")
    code, _, err = await run(db, path)
    assert code == 1 and "thiếu cột bắt buộc: mã" in err
    code, _, err = await run(db, path, header_map=FOREIGN_MAP)
    assert code == 1 and "trạng thái “Đã trả” không hợp lệ" in err  # the words are theirs
    mapping = tmp_path / "trangthai.txt"
    mapping.write_text(
        "# Tình trạng của phần mềm một cửa cũ\nĐã trả=10\nCông dân rút=7\nĐang làm=4\n",
        encoding="utf-8",
    )
    code, out, err = await run(db, path, header_map=FOREIGN_MAP, status_map=str(mapping))
    assert code == 0, err
    assert [(r[0], r[2], r[7], r[8]) for r in await rows(db)] == [
        ("BN-001", "Khai sinh", "online", "returned"),
        ("BN-002", "Khai tử", "direct", "withdrawn"),
        ("BN-003", "Kết hôn", "direct", "processing"),
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"header_map": "Số biên nhận=số"}, "Không có trường «số»"),
        ({"header_map": "Mã cũ=code"}, "Tệp không có cột «Mã cũ» mà --map nêu."),
        ({"status_map": "Đã trả=11"}, "Trạng thái «11» không hợp lệ"),
        ({"status_map": "khong-co-tep.txt"}, "Không đọc được tệp ánh xạ khong-co-tep.txt."),
    ],
)
async def test_a_bad_mapping_is_explained(
    db: Database, tmp_path: Path, options: dict[str, str], message: str
) -> None:
    path = tmp_path / "foreign.csv"
    path.write_text(FOREIGN, encoding="utf-8")
    code, out, err = await run(db, path, **options)
    assert code == 1 and out == ""
    assert message in err


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["NQ-1", "cautre", "Khai sinh"], None),
        (["NQ-1", "cau\x07tre", "Khai\x1fsinh"], "U+0007"),  # the first one, in cell order
        (["NQ-1", "cautre", "Khai sinh\x7f"], "U+007F"),
        (["NQ-1\tx", "dòng 1\r\ndòng 2"], None),  # tab and line breaks are text
        ([12.0, None, datetime(2022, 9, 15), "Khai\x0bsinh"], "U+000B"),  # an XLSX row
        ([12.0, None, "cautre"], None),
    ],
)
def test_control_character_names_the_first_one(cells: list[object], expected: str | None) -> None:
    assert control_character(cells) == expected
