"""The apology letter as a PDF beside the DOCX: A4, the same layout, a serif Unicode font.

fpdf2 is pure Python; it embeds a TrueType font, and the one used is DejaVu Serif as shipped
inside matplotlib (a dependency already, for the digest's chart): it has every Vietnamese
letter with its diacritics. Times New Roman, the DOCX's font, is not ours to ship. fpdf2 takes
about a second to import, so it is imported when a letter is rendered, not at start-up.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from bot.domain.apology import ApologyLetter, clean_lines

if TYPE_CHECKING:
    from fpdf import FPDF

FAMILY = "DejaVuSerif"
_STYLES = {
    "": "DejaVuSerif.ttf",
    "B": "DejaVuSerif-Bold.ttf",
    "I": "DejaVuSerif-Italic.ttf",
    "BI": "DejaVuSerif-BoldItalic.ttf",
}
SIZE, SMALL, CC_SIZE = 12.0, 11.0, 10.0  # DejaVu runs wider than Times: one point smaller
LEFT, RIGHT, TOP, BOTTOM = 30.0, 20.0, 20.0, 20.0  # mm (NĐ 30/2020 Phụ lục I)
WIDTH = 210.0 - LEFT - RIGHT
LINE = 6.0  # mm per line at SIZE


class FontMissingError(RuntimeError):
    """matplotlib's DejaVu fonts are not where they should be."""


@cache
def font_dir() -> Path:
    """matplotlib's bundled TrueType fonts (found without importing matplotlib)."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or spec.origin is None:
        raise FontMissingError("matplotlib is not installed")
    folder = Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf"
    missing = [name for name in _STYLES.values() if not (folder / name).is_file()]
    if missing:
        raise FontMissingError(f"missing in {folder}: {', '.join(missing)}")
    return folder


def _text(value: str) -> str:
    # compose() already cleaned every value; a letter built some other way is cleaned too.
    return clean_lines(value)


def _lines(
    pdf: FPDF,
    x: float,
    width: float,
    items: list[tuple[str, str, float]],
    *,
    align: str = "C",
) -> float:
    """Centred (or left) lines in a column from the current y; returns the y below them."""
    for text, style, size in items:
        pdf.set_font(FAMILY, style, size)
        pdf.set_x(x)
        pdf.multi_cell(width, LINE * size / SIZE, _text(text), align=align)
    return float(pdf.get_y())


def _rule(pdf: FPDF, x: float, width: float, length: float) -> None:
    """A short line under a header block, centred in its column."""
    y = pdf.get_y() + 1.2
    start = x + (width - length) / 2
    pdf.line(start, y, start + length, y)
    pdf.set_y(y + 1.8)


def render_pdf(letter: ApologyLetter) -> bytes:
    """The letter as PDF bytes."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    folder = font_dir()
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(LEFT, TOP, RIGHT)
    pdf.set_auto_page_break(auto=True, margin=BOTTOM)
    for style, name in _STYLES.items():
        pdf.add_font(FAMILY, style, str(folder / name))
    pdf.set_title(_text(letter.title))
    pdf.set_creator("cchc-bot")
    pdf.set_line_width(0.3)
    pdf.add_page()

    # Header: agency and number | national name, motto, place and date.
    left_w, right_w = 62.0, WIDTH - 62.0
    right_x = LEFT + left_w
    top = pdf.get_y()
    kind, *names = letter.agency_lines
    _lines(pdf, LEFT, left_w, [(kind, "", SMALL), *((n, "B", SMALL) for n in names)])
    _rule(pdf, LEFT, left_w, 20)
    left_end = _lines(pdf, LEFT, left_w, [(letter.number, "", SIZE)])
    pdf.set_y(top)
    _lines(pdf, right_x, right_w, [(letter.nation, "B", SMALL), (letter.motto, "B", SIZE)])
    _rule(pdf, right_x, right_w, 50)
    right_end = _lines(pdf, right_x, right_w, [(letter.place_date, "I", SIZE)])
    pdf.set_y(max(left_end, right_end) + 8)

    _lines(pdf, LEFT, WIDTH, [(letter.title, "B", SIZE)])
    pdf.ln(3)
    to = [(letter.to, "", SIZE)]
    if letter.to_details:
        to.append((letter.to_details, "", SIZE))
    _lines(pdf, LEFT, WIDTH, to)
    pdf.ln(4)

    body = [letter.legal_basis, *letter.paragraphs] if letter.legal_basis else letter.paragraphs
    pdf.set_font(FAMILY, "", SIZE)
    for text in body:
        pdf.multi_cell(WIDTH, LINE, _text(text), align="J", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)
    pdf.multi_cell(WIDTH, LINE, _text(letter.closing), align="L")
    pdf.ln(6)

    # Footer: recipients | signer (title, room to sign, name). Kept together on one page.
    if pdf.get_y() > 297 - BOTTOM - 45:
        pdf.add_page()
    top = pdf.get_y()
    cc_w = 72.0
    _lines(
        pdf,
        LEFT,
        cc_w,
        [(letter.cc_title, "BI", SMALL), *((line, "", CC_SIZE) for line in letter.cc_lines)],
        align="L",
    )
    pdf.set_y(top)
    signer_x, signer_w = LEFT + cc_w, WIDTH - cc_w
    _lines(pdf, signer_x, signer_w, [(letter.signer_title, "B", SIZE)])
    pdf.ln(22)
    if letter.signer_name:
        _lines(pdf, signer_x, signer_w, [(letter.signer_name, "B", SIZE)])
    return bytes(pdf.output())
