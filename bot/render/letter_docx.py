"""The apology letter as a DOCX: A4, Times New Roman 13, the layout of NĐ 30/2020 documents.

python-docx is imported when a letter is rendered, not when the bot starts.
"""

from __future__ import annotations

from io import BytesIO
from typing import TYPE_CHECKING

from bot.domain.apology import ApologyLetter, clean_lines

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
SIZE, SMALL, CC_SIZE = 13, 12, 11  # points
# NĐ 30/2020 Phụ lục I: top and bottom 2 cm, left 3 cm, right 2 cm.
MARGINS_CM = {"top": 2.0, "bottom": 2.0, "left": 3.0, "right": 2.0}
TEXT_WIDTH_CM = 16.0  # A4 21 cm less the side margins


def _set_font(document: DocxDocument) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style = document.styles["Normal"]
    font = style.font
    font.name = FONT
    font.size = Pt(SIZE)
    # Word picks the east-Asian and complex-script fonts separately: set them all, so every
    # Vietnamese letter with its diacritics is drawn in Times New Roman.
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    paragraph = style.paragraph_format
    paragraph.space_before = Pt(0)
    paragraph.space_after = Pt(0)


def _line(
    container: DocxDocument | _Cell,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: int | None = None,
    align: str = "center",
    first: bool = False,
) -> Paragraph:
    """A paragraph of one run (`first`: reuse a table cell's empty first paragraph)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt
    from docx.table import _Cell

    paragraph: Paragraph = (
        container.paragraphs[0]
        if first and isinstance(container, _Cell)
        else container.add_paragraph()
    )
    paragraph.alignment = {
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    # compose() already cleaned every value; a letter built some other way is cleaned too,
    # since a control character makes python-docx refuse the whole document.
    run = paragraph.add_run(clean_lines(text))
    run.bold = bold
    run.italic = italic
    if size is not None:
        run.font.size = Pt(size)
    return paragraph


def _no_borders(table: Table) -> None:
    """Tables here only place text side by side: no lines."""
    from docx.oxml.ns import qn

    props = table._tbl.tblPr
    borders = props.find(qn("w:tblBorders"))
    if borders is None:
        borders = props.makeelement(qn("w:tblBorders"), {})
        props.append(borders)
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = borders.makeelement(qn(f"w:{edge}"), {qn("w:val"): "nil"})
        borders.append(element)


def _two_columns(document: DocxDocument, left: float, right: float) -> tuple[_Cell, _Cell]:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Cm

    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    cells = table.rows[0].cells
    for cell, width in zip(cells, (left, right), strict=True):
        cell.width = Cm(width)
    return cells[0], cells[1]


def render_docx(letter: ApologyLetter) -> bytes:
    """The letter as DOCX bytes."""
    from docx import Document
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = Cm(MARGINS_CM["top"])
    section.bottom_margin = Cm(MARGINS_CM["bottom"])
    section.left_margin = Cm(MARGINS_CM["left"])
    section.right_margin = Cm(MARGINS_CM["right"])
    _set_font(document)

    # Header: agency and number | national name, motto, place and date.
    agency, nation = _two_columns(document, 6.0, 10.0)
    kind, *names = letter.agency_lines
    _line(agency, kind, size=SMALL, first=True)
    for name in names:
        _line(agency, name, bold=True, size=SMALL)
    _line(agency, "―――――", size=SMALL)
    _line(agency, letter.number)
    _line(nation, letter.nation, bold=True, size=SMALL, first=True)
    _line(nation, letter.motto, bold=True)
    _line(nation, "―――――――――――――――")
    _line(nation, letter.place_date, italic=True)

    title = _line(document, letter.title, bold=True)
    title.paragraph_format.space_before = Pt(18)
    to = _line(document, letter.to)
    to.paragraph_format.space_before = Pt(6)
    if letter.to_details:
        to = _line(document, letter.to_details)
    to.paragraph_format.space_after = Pt(12)

    body = [letter.legal_basis, *letter.paragraphs] if letter.legal_basis else letter.paragraphs
    for text in body:
        paragraph = _line(document, text, align="justify")
        paragraph.paragraph_format.first_line_indent = Cm(1)
        paragraph.paragraph_format.space_after = Pt(6)
    _line(document, letter.closing, align="justify").paragraph_format.first_line_indent = Cm(1)

    # Footer: recipients | signer (title, room to sign, name).
    spacer = document.add_paragraph()
    spacer.paragraph_format.space_after = Pt(6)
    cc, signer = _two_columns(document, 7.5, 8.5)
    _line(cc, letter.cc_title, bold=True, italic=True, size=SMALL, align="left", first=True)
    for text in letter.cc_lines:
        _line(cc, text, size=CC_SIZE, align="left")
    _line(signer, letter.signer_title, bold=True, first=True)
    for _ in range(4):
        _line(signer, "")
    _line(signer, letter.signer_name, bold=True)

    out = BytesIO()
    document.save(out)
    return out.getvalue()
