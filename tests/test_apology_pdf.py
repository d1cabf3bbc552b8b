"""The PDF letter, read back with pypdf: every field with its diacritics, the font embedded."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from io import BytesIO

import pypdf
import pytest

from bot.domain import apology
from bot.domain.apology import Preset
from bot.render.letter_pdf import font_dir, render_pdf
from tests.test_apology_docx import FACTS


def read_pdf(data: bytes) -> tuple[str, pypdf.PdfReader]:
    reader = pypdf.PdfReader(BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    # Text extraction may hand back decomposed marks or a line broken inside a sentence.
    return " ".join(unicodedata.normalize("NFC", text).split()), reader


def test_every_field_is_in_the_pdf() -> None:
    letter = apology.compose(FACTS, apology.preset_template(Preset.ND61))
    data = render_pdf(letter)
    assert data.startswith(b"%PDF-")
    text, reader = read_pdf(data)
    for field in (
        "ỦY BAN NHÂN DÂN",
        "PHƯỜNG NGÔ QUYỀN",
        "Số: 12/PXL",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Ngô Quyền, ngày 27 tháng 11 năm 2026",
        "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
        "Kính gửi: Ông/Bà Nguyễn Văn An",
        "Địa chỉ: 12 Lạch Tray; Số điện thoại: 0912 345 678",
        "Điều 19 Nghị định số 61/2018/NĐ-CP",
        "Lý do: Chờ ý kiến cơ quan liên quan.",
        "Thời gian hẹn trả kết quả lại: ngày 30/11/2026.",
        "Trân trọng./.",
        "Nơi nhận:",
        "Trung tâm Phục vụ hành chính công phường Ngô Quyền",
        "CHỦ TỊCH",
    ):
        assert field in text, field
    assert len(reader.pages) == 1
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].get_object().values()
    }
    assert any("DejaVuSerif" in f for f in fonts), fonts
    assert reader.metadata is not None and reader.metadata.title == letter.title


def test_control_characters_never_break_the_pdf() -> None:
    bad = "\x00\x0b\x0c\x1b\x7f\ufffe"
    letter = apology.compose(
        replace(FACTS, recipient_name=f"Nguyễn{bad}Văn An", reason=f"Chờ{bad}ý kiến"),
        apology.preset_template(),
    )
    raw = replace(letter, paragraphs=(*letter.paragraphs, f"Thêm{bad}đoạn"))
    text, _ = read_pdf(render_pdf(raw))
    assert "Kính gửi: Ông/Bà Nguyễn Văn An" in text and "Thêm đoạn" in text


def test_a_long_letter_flows_onto_more_pages() -> None:
    letter = apology.compose(FACTS, apology.preset_template())
    long = replace(letter, paragraphs=letter.paragraphs * 8)
    _, reader = read_pdf(render_pdf(long))
    assert len(reader.pages) > 1
    last = reader.pages[-1].extract_text() or ""
    assert "CHỦ TỊCH" in last and "Nơi nhận:" in last  # the footer is not split from itself


def test_the_fonts_come_from_an_installed_package() -> None:
    folder = font_dir()
    assert (folder / "DejaVuSerif.ttf").is_file() and "matplotlib" in str(folder)


@pytest.mark.parametrize("preset", list(Preset))
def test_each_preset_has_its_title_in_the_pdf(preset: Preset) -> None:
    letter = apology.compose(FACTS, apology.preset_template(preset))
    text, _ = read_pdf(render_pdf(letter))
    assert letter.title in text
