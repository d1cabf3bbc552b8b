"""The DOCX letter opens in python-docx with every field, its diacritics and its layout intact."""

from __future__ import annotations

import unicodedata
from datetime import date
from io import BytesIO

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from bot.domain import apology
from bot.domain.apology import LetterFacts, Template
from bot.render.letter_docx import render_docx

FACTS = LetterFacts(
    unit_name="Phường Ngô Quyền",
    place="Hải Phòng",
    sequence=12,
    issued_on=date(2026, 11, 27),
    code="NQ-2026-006521",
    procedure="Đăng ký khai tử",
    received=date(2026, 11, 23),
    due=date(2026, 11, 27),
    reason="Chờ ý kiến cơ quan liên quan",
    new_due=date(2026, 11, 30),
)


def open_docx(data: bytes) -> tuple[str, str, docx.document.Document]:
    """(body paragraphs' text, tables' text, the document)."""
    document = docx.Document(BytesIO(data))
    body = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    return body, cells, document


def test_every_field_is_in_the_document() -> None:
    letter = apology.compose(FACTS, apology.preset_template())
    body, cells, _ = open_docx(render_docx(letter))
    for text in (
        "ỦY BAN NHÂN DÂN",
        "PHƯỜNG NGÔ QUYỀN",
        "Số: 12/PXL",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hải Phòng, ngày 27 tháng 11 năm 2026",
        "Nơi nhận:",
        "- Như trên;",
        "CHỦ TỊCH",
    ):
        assert text in cells, text
    for text in (
        "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
        "Kính gửi: Ông/Bà có hồ sơ số NQ-2026-006521",
        "Nghị định số 118/2025/NĐ-CP",
        "Ngày 23/11/2026, Ủy ban nhân dân phường Ngô Quyền tiếp nhận hồ sơ Đăng ký khai tử",
        "ngày hẹn trả kết quả: 27/11/2026",
        "Lý do: Chờ ý kiến cơ quan liên quan.",
        "Thời gian hẹn trả kết quả lại: ngày 30/11/2026.",
        "Trân trọng./.",
    ):
        assert text in body, text


def test_diacritics_survive_in_composed_form() -> None:
    letter = apology.compose(FACTS, apology.preset_template())
    body, cells, _ = open_docx(render_docx(letter))
    # Every character is stored precomposed (NFC), as typed in Vietnamese Unicode (TCVN 6909).
    assert unicodedata.normalize("NFC", body + cells) == body + cells
    assert "XIN LỖI" in body and "Ủy ban" in body and "HÒA" in cells


def test_layout_a4_times_new_roman_13_centred_bold_title() -> None:
    letter = apology.compose(FACTS, apology.preset_template())
    _, _, document = open_docx(render_docx(letter))
    section = document.sections[0]
    # Word stores lengths in twentieths of a point: compare to the millimetre.
    sizes = (
        section.page_width,
        section.page_height,
        section.left_margin,
        section.right_margin,
        section.top_margin,
        section.bottom_margin,
    )
    assert [round(s.cm, 1) for s in sizes if s is not None] == [21.0, 29.7, 3.0, 2.0, 2.0, 2.0]
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(13)
    fonts = normal.element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "Times New Roman"
    title = next(p for p in document.paragraphs if p.text == letter.title)
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(run.bold for run in title.runs)
    header = document.tables[0]
    assert len(header.columns) == 2
    assert header.rows[0].cells[0].paragraphs[1].runs[0].bold  # the ward's name


def test_a_named_signer_and_a_custom_template() -> None:
    template = Template(
        body="{agency} xin lỗi về hồ sơ {code}; hẹn lại ngày {new_due}.",
        legal_basis="",
        signer_title="KT. CHỦ TỊCH",
        signer_name="Trần Thị Bình",
    )
    body, cells, _ = open_docx(render_docx(apology.compose(FACTS, template)))
    assert "Ủy ban nhân dân phường Ngô Quyền xin lỗi về hồ sơ NQ-2026-006521" in body
    assert "KT. CHỦ TỊCH" in cells and "Trần Thị Bình" in cells
