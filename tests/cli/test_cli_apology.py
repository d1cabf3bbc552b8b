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
