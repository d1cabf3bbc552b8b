"""The DOCX letter opens in python-docx with every field, its diacritics and its layout intact."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
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
    place="Ngô Quyền",
    sequence=12,
    issued_on=date(2026, 11, 27),
    code="NQ-2026-006521",
    procedure="Đăng ký khai tử",
    received=date(2026, 11, 23),
    due=date(2026, 11, 27),
    reason="Chờ ý kiến cơ quan liên quan",
    new_due=date(2026, 11, 30),
    recipient_name="Nguyễn Văn An",
    recipient_address="12 Lạch Tray",
    recipient_phone="0912 345 678",
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
        "Ngô Quyền, ngày 27 tháng 11 năm 2026",
        "Nơi nhận:",
        "- Như trên;",
        "- Trung tâm Phục vụ hành chính công phường Ngô Quyền;",
        "CHỦ TỊCH",
    ):
        assert text in cells, text
    for text in (
        "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
        "Kính gửi: Ông/Bà Nguyễn Văn An",
        "Địa chỉ: 12 Lạch Tray; Số điện thoại: 0912 345 678",
        "Thông tư số 03/2025/TT-VPCP ngày 15 tháng 9 năm 2025 của Bộ trưởng, Chủ nhiệm Văn "
        "phòng Chính phủ",
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


def test_control_characters_in_imported_text_never_break_the_document() -> None:
    bad = "\x00\x0b\x0c\x1b\x7f\ufffe"
    facts = replace(
        FACTS,
        procedure=f"Đăng ký{bad}khai tử",
        recipient_name=f"Nguyễn{bad}Văn An",
        recipient_address=f"12{bad}Lạch Tray",
        reason=f"Chờ{bad}ý kiến",
    )
    letter = apology.compose(facts, apology.preset_template())
    body, _, _ = open_docx(render_docx(letter))
    assert "Kính gửi: Ông/Bà Nguyễn Văn An" in body and "Đăng ký khai tử" in body
    # A letter built without compose() (the renderer's own guard) opens too.
    raw = replace(letter, to=f"Kính gửi:{bad} Ông/Bà X", paragraphs=(f"a{bad}b",))
    body, _, _ = open_docx(render_docx(raw))
    assert "Kính gửi: Ông/Bà X" in body and "a b" in body


def test_a_two_line_signer_title_keeps_its_line_break() -> None:
    template = replace(apology.preset_template(), signer_title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH")
    _, cells, _ = open_docx(render_docx(apology.compose(FACTS, template)))
    assert "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH" in cells
