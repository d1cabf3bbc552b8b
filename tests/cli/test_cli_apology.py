"""`cchc-bot apology template|show`: a ward's wording of the apology letter."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_cli import run_cli


def test_show_the_built_in_template(seeded_db: Path) -> None:
    status, out, _ = run_cli(seeded_db, "apology", "show", "ngoquyen")
    assert status == 0
    assert "Phường Ngô Quyền" in out and "mẫu mặc định (nd118)" in out
    assert "Nghị định số 118/2025/NĐ-CP" in out and "{new_due}" in out and "CHỦ TỊCH" in out


def test_set_a_ward_template_from_a_file(seeded_db: Path, tmp_path: Path) -> None:
    body = tmp_path / "mau.txt"
    body.write_text(
        "{agency} xin lỗi Ông/Bà về hồ sơ {code}.\n\nHẹn lại ngày {new_due}.\n", encoding="utf-8"
    )
    status, out, _ = run_cli(
        seeded_db,
        "apology",
        "template",
        "ngoquyen",
        str(body),
        "--legal-basis",
        "Căn cứ quy chế một cửa của phường;",
        "--signer-name",
        "Trần Thị Bình",
    )
    assert status == 0 and "ngoquyen" in out
    status, out, _ = run_cli(seeded_db, "apology", "show", "ngoquyen")
    assert status == 0 and "mẫu riêng của phường" in out
    assert "Căn cứ quy chế một cửa của phường;" in out and "Trần Thị Bình" in out
    # Back to the NĐ 61/2018 wording with a preset; the other ward is untouched.
    status, _, _ = run_cli(seeded_db, "apology", "template", "ngoquyen", "--preset", "nd61")
    assert status == 0
    _, out, _ = run_cli(seeded_db, "apology", "show", "ngoquyen")
    assert "61/2018/NĐ-CP" in out
    _, out, _ = run_cli(seeded_db, "apology", "show", "giavien")
    assert "mẫu mặc định" in out


def test_bad_templates_fail(seeded_db: Path, tmp_path: Path) -> None:
    body = tmp_path / "mau.txt"
    body.write_text("Hồ sơ {code} của {ho_ten}", encoding="utf-8")
    status, _, err = run_cli(seeded_db, "apology", "template", "ngoquyen", str(body))
    assert status == 1 and "{ho_ten}" in err and "{new_due}" in err
    status, _, err = run_cli(seeded_db, "apology", "template", "nowhere", str(body))
    assert status == 1 and "nowhere" in err
    status, _, err = run_cli(seeded_db, "apology", "template", "ngoquyen", str(tmp_path / "x"))
    assert status == 1 and "Không đọc được tệp" in err


def _issue(db: Path, *codes: str) -> None:
    """Issue a letter for each dossier as the Ngô Quyền officer, at the tests' frozen now."""
    import asyncio
    from datetime import date

    from bot.app.wiring import build_services
    from bot.clock import FrozenClock
    from bot.domain.models import Role, StaffMember
    from storage.db import Database
    from tests.conftest import NOW, make_settings

    async def run() -> None:
        clock = FrozenClock(NOW)
        database = await Database(db, clock).connect()
        try:
            services = build_services(make_settings(db), database, clock)
            officer = StaffMember("2011", Role.OFFICER, 3)
            for code in codes:
                issued = await services.apology.issue(
                    officer, code, "Hồ sơ cần xác minh thêm", date(2026, 12, 3)
                )
                assert issued.document is not None, issued.reply
        finally:
            await database.close()

    asyncio.run(run())


def test_export_writes_each_letter_as_docx_and_pdf(seeded_db: Path, tmp_path: Path) -> None:
    import sqlite3

    _issue(seeded_db, "NQ-2026-006521", "NQ-2026-006422")
    with sqlite3.connect(seeded_db) as conn:  # a letter from before the PDF was kept
        conn.execute(
            "UPDATE apology_letters SET pdf = NULL, pdf_name = NULL, issued_late = NULL"
            " WHERE seq = 2"
        )
    folder = tmp_path / "phieu"
    status, out, err = run_cli(seeded_db, "apology", "export", "ngoquyen", "--to", str(folder))
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("Phiếu số 01/PXL (2026), hồ sơ NQ-2026-006521, lập ngày 27/11/2026")
    assert "lập muộn" in lines[0]  # issued on the due date
    docx_path = folder / "phieu-xin-loi-NQ-2026-006521.docx"
    pdf_path = folder / "phieu-xin-loi-NQ-2026-006521.pdf"
    assert lines[1:3] == [f"  {docx_path}", f"  {pdf_path}"]
    assert docx_path.read_bytes().startswith(b"PK") and pdf_path.read_bytes().startswith(b"%PDF")
    with sqlite3.connect(seeded_db) as conn:
        stored = conn.execute("SELECT document, pdf FROM apology_letters WHERE seq = 1").fetchone()
    assert (docx_path.read_bytes(), pdf_path.read_bytes()) == stored  # the database's copies
    assert lines[3].startswith("Phiếu số 02/PXL") and "lập muộn" not in lines[3]
    assert "không có bản PDF" in lines[5]
    assert lines[-1] == "Đã ghi 3 tệp của 2 phiếu."
    assert sorted(p.name for p in folder.iterdir()) == [
        "phieu-xin-loi-NQ-2026-006422.docx",
        "phieu-xin-loi-NQ-2026-006521.docx",
        "phieu-xin-loi-NQ-2026-006521.pdf",
    ]


def test_export_of_a_ward_without_letters_and_of_no_ward(seeded_db: Path, tmp_path: Path) -> None:
    status, out, _ = run_cli(seeded_db, "apology", "export", "giavien", "--to", str(tmp_path))
    assert status == 0 and "Phường Gia Viên chưa lập phiếu xin lỗi nào." in out
    status, _, err = run_cli(seeded_db, "apology", "export", "nowhere")
    assert status == 1 and "nowhere" in err


def test_export_to_a_place_that_cannot_be_written(seeded_db: Path, tmp_path: Path) -> None:
    _issue(seeded_db, "NQ-2026-006521")
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    status, _, err = run_cli(seeded_db, "apology", "export", "ngoquyen", "--to", str(blocker))
    assert status == 1 and "không ghi được vào" in err


def test_each_preset_has_its_title_and_a_ward_may_set_its_own(seeded_db: Path) -> None:
    _, out, _ = run_cli(seeded_db, "apology", "show", "ngoquyen")
    assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" in out
    run_cli(seeded_db, "apology", "template", "ngoquyen", "--preset", "nd61")
    _, out, _ = run_cli(seeded_db, "apology", "show", "ngoquyen")
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in out
    run_cli(seeded_db, "apology", "template", "ngoquyen", "--title", "PHIẾU XIN LỖI")
    _, out, _ = run_cli(seeded_db, "apology", "show", "ngoquyen")
    assert "\nPHIẾU XIN LỖI\n" in out and "61/2018/NĐ-CP" in out  # the rest is kept


def test_a_backup_holds_both_documents(seeded_db: Path, tmp_path: Path) -> None:
    import sqlite3

    _issue(seeded_db, "NQ-2026-006521")
    copy = tmp_path / "sao-luu.sqlite3"
    status, _, err = run_cli(seeded_db, "backup", str(copy))
    assert status == 0, err
    with sqlite3.connect(seeded_db) as live, sqlite3.connect(copy) as saved:
        query = "SELECT document, pdf FROM apology_letters"
        original = live.execute(query).fetchall()
        assert saved.execute(query).fetchall() == original
    assert original[0][1].startswith(b"%PDF-")
