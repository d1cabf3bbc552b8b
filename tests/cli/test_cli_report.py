"""`cchc-bot report [WARD] [PERIOD] [--xlsx FILE]`: the desk's table, read back with openpyxl;
`cchc-bot import … --map … --status-map … --skip-bad`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.cli.test_cli import run_cli

SEED = ("cautre", "01/01/2022-15/09/2022")


def rows_of(sheet: Any) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def row_named(rows: list[tuple[Any, ...]], column: int, name: str) -> tuple[Any, ...]:
    return next(r for r in rows if r[column] == name)


def test_the_table_as_text(seeded_db: Path) -> None:
    status, out, err = run_cli(seeded_db, "report", *SEED)
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0].split("\t")[:4] == ["STT", "Lĩnh vực", "Tiếp nhận", ""]
    assert lines[1].split("\t")[2:5] == ["Tổng số", "Kỳ trước chuyển sang", "Mới tiếp nhận"]
    total = lines[-1].split("\t")
    assert total[1] == "TỔNG CỘNG"
    assert total[2:5] == ["4545", "0", "4545"]  # received = carried over + new
    assert total[5] == "4545" and total[8] == "4"  # resolved, of which late
    assert total[-1] == "99,91%"
    assert {line.split("\t")[1] for line in lines[2:-1]} == {"Hộ tịch", "Chứng thực"}


def test_the_xlsx_file_is_laid_out_like_the_desks_report(seeded_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "baocao.xlsx"
    status, out, err = run_cli(seeded_db, "report", *SEED, "--xlsx", str(path))
    assert status == 0, err
    assert f"Đã ghi {path}" in out
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Báo cáo", "2.2 Theo TTHC"]
    rows = rows_of(book["Báo cáo"])
    assert rows[0][0] == "PHƯỜNG CẦU TRE" and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in rows[0]
    assert rows[3][0] == "BÁO CÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
    assert rows[4][0] == "Đơn vị: Phường Cầu Tre"
    assert rows[5][0] == "Kỳ báo cáo: từ 01/01/2022 đến 15/09/2022"
    assert rows[6][0] == "Số liệu tính đến hết ngày 15/09/2022."
    # Two header rows, one row per field, then the total.
    assert rows[8][:3] == ("STT", "Lĩnh vực", "Tiếp nhận")
    assert rows[8][5] == "Đã giải quyết" and rows[8][9] == "Đang giải quyết"
    assert rows[8][12] == "Tạm dừng" and rows[8][14] == "Hủy, dừng"
    assert rows[8][17] == "Tỷ lệ sớm và đúng hạn"
    assert rows[9][2:10] == (
        "Tổng số",
        "Kỳ trước chuyển sang",
        "Mới tiếp nhận",
        "Tổng số",
        "Trước hạn",
        "Đúng hạn",
        "Quá hạn",
        "Tổng số",
    )
    fields = [r for r in rows[10:] if isinstance(r[0], int)]
    assert {r[1] for r in fields[:2]} == {"Hộ tịch", "Chứng thực"}
    total = row_named(rows, 1, "TỔNG CỘNG")
    assert total[2:5] == (4545, 0, 4545)
    assert total[5:9] == (4545, total[6], total[7], 4) and total[6] + total[7] == 4541
    assert total[9] == 0 and total[17] == pytest.approx(0.9991)
    for column in range(2, 17):  # the fields add up to the total
        assert sum(r[column] for r in fields) == total[column]
    # The 766 indicators beneath, with their thresholds.
    on_time = row_named(rows, 0, "2.1")
    assert on_time[1:5] == ("Hồ sơ xử lý trước hạn, đúng hạn", 4541, 4545, pytest.approx(0.9991))
    online = row_named(rows, 1, "Hồ sơ nộp trực tuyến")
    assert online[2:5] == (2756, 4545, pytest.approx(0.6064)) and online[6] == 0.5
    satisfaction = row_named(rows, 0, "5.4")
    assert satisfaction[6] == 0.9
    assert row_named(rows, 1, "Phản ánh về hành vi cán bộ, công chức")[4] == "—"
    # The seed article's lines.
    assert row_named(rows, 0, "Số hồ sơ tiếp nhận")[2] == 4545
    assert row_named(rows, 0, "Số hồ sơ đã giải quyết")[2] == 4545
    assert row_named(rows, 0, "Số hồ sơ giải quyết trễ hạn")[2] == 4
    assert row_named(rows, 0, "Số hồ sơ nộp trực tuyến")[2:4] == (2756, pytest.approx(0.6064))
    tasks = row_named(rows, 0, "Nhiệm vụ CCHC năm 2022 đã hoàn thành")
    assert tasks[2:4] == ("14/27", pytest.approx(0.5185))
    # 2.2 per procedure, in working days.
    procedures = rows_of(book["2.2 Theo TTHC"])
    assert procedures[0] == (
        "STT",
        "Thủ tục hành chính",
        "Số hồ sơ đã giải quyết",
        "Tổng thời gian (ngày làm việc)",
        "Thời gian trung bình (ngày làm việc)",
    )
    listed = [r for r in procedures[1:] if isinstance(r[0], int)]
    assert len(listed) == 7 and sum(r[2] for r in listed) == 4545
    assert all(0 <= r[4] <= 10 and r[4] == round(r[3] / r[2], 2) for r in listed)


def test_an_area_file_has_a_sheet_per_unit(seeded_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "thanhpho.xlsx"
    status, _, err = run_cli(seeded_db, "report", "haiphong", "2022", "--xlsx", str(path))
    assert status == 0, err
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Báo cáo", "Theo đơn vị", "2.2 Theo TTHC"]
    units = rows_of(book["Theo đơn vị"])
    cautre = row_named(units, 1, "Phường Cầu Tre")
    total = row_named(units, 1, "TỔNG CỘNG")
    assert cautre[2] == total[2] == 6145  # the city's 2022 is Cầu Tre's
    assert row_named(rows_of(book["Báo cáo"]), 1, "TỔNG CỘNG")[2] == 6145


def test_a_successors_file_before_its_merger_holds_and_names_its_predecessors(
    seeded_db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "ngoquyen.xlsx"
    status, _, err = run_cli(seeded_db, "report", "ngoquyen", *SEED[1:], "--xlsx", str(path))
    assert status == 0, err
    rows = rows_of(openpyxl.load_workbook(path)["Báo cáo"])
    assert rows[4][0] == "Đơn vị: Phường Ngô Quyền"
    assert row_named(rows, 1, "TỔNG CỘNG")[2:5] == (4545, 0, 4545)  # Cầu Tre's, as in 2022
    notes = [r[0] for r in rows if str(r[0]).startswith("Gồm cả hồ sơ")]
    assert notes == ["Gồm cả hồ sơ của đơn vị trước sắp xếp: Phường Cầu Tre, Phường Đông Khê."]


def test_a_bad_request_is_explained(seeded_db: Path, tmp_path: Path) -> None:
    status, out, err = run_cli(seeded_db, "report", "khongco", "--xlsx", str(tmp_path / "x"))
    assert status == 1 and out == ""
    assert "không có đơn vị «khongco»" in err and "cchc-bot ward list" in err
    assert "/baocao" not in err
    assert not (tmp_path / "x").exists()
    status, _, err = run_cli(seeded_db, "report")  # the console sees every unit: a list
    assert status == 1 and "Các đơn vị: Thành phố Hải Phòng (haiphong)" in err


def test_import_with_foreign_headers_and_words(seeded_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "mot-cua-cu.csv"
    path.write_text(
        "Số biên nhận;Ngày nhận;Hạn trả;Ngày trả;Tình trạng;Mức độ\n"
        "BN-2026-1;02/03/2026;05/03/2026;04/03/2026;Đã trả;Toàn trình\n"
        "BN-2026-2;02/03/2026;05/03/2026;03/03/2026;Hủy;\n"
        "BN-2026-3;02/03/2026;05/03/2026;;Đã trả;\n",
        encoding="utf-8",
    )
    mapping = "Số biên nhận=code,Ngày nhận=received_at,Hạn trả=due_at,Ngày trả=resolved_at"
    argv = [
        "import",
        "dossiers",
        str(path),
        "--ward",
        "ngoquyen",
        "--map",
        mapping + ",Tình trạng=status",
    ]
    status, out, err = run_cli(seeded_db, *argv, "--status-map", "Đã trả=10,Hủy=8")
    assert status == 1 and "dòng 4: trạng thái “Đã trả” là hồ sơ đã kết thúc" in err
    status, out, err = run_cli(seeded_db, *argv, "--status-map", "Đã trả=10,Hủy=8", "--skip-bad")
    assert status == 0
    assert "Đã nhập 2 hồ sơ (2 mới, 0 cập nhật) cho 1 đơn vị. Bỏ qua 1 dòng lỗi" in out
    status, out, _ = run_cli(seeded_db, "stats", "ngoquyen", "03/2026")
    assert status == 0 and "dừng xử lý: 1" in out
