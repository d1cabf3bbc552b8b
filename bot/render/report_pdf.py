"""The desk's periodic report as a PDF, for the channels that cannot carry an XLSX file (the
ward's Zalo OA uploads PDF, DOC and DOCX only): the same tables as the XLSX — by field, the
QĐ 766 indicators, the seed article's lines, per unit for an area, 2.2 per procedure — read from
the same content (bot.render.report_table), on A4 landscape pages, with numbers and shares
written the Vietnamese way by Babel (4.545, 60,64%).

fpdf2 with DejaVu Sans, from the fonts matplotlib ships (as the letter's PDF,
bot.render.letter_pdf); fpdf2 is imported when a report is rendered, not at start-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from bot.domain import fmt
from bot.domain.report import UnitReport
from bot.domain.texts import t
from bot.render.letter_pdf import FontMissingError, font_dir
from bot.render.report_table import (
    COLUMNS,
    Cell,
    Quantity,
    Share,
    field_items,
    groups,
    header_rows,
    indicator_header,
    indicator_rows,
    notes,
    procedure_header,
    procedure_rows,
    summary_rows,
    table_rows,
    title_lines,
    unit_items,
)

if TYPE_CHECKING:
    from fpdf import FPDF

FAMILY = "DejaVuSans"
_STYLES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
MARGIN = 10.0  # mm
WIDTH = 297.0 - 2 * MARGIN  # A4 landscape, between the margins
SIZE, HEAD, TITLE = 6.5, 9.0, 12.0  # points: the tables, the headings, the title
LINE = 3.4  # mm per table line at SIZE
NO_W, COUNT_W, RATE_W = 8.0, 12.6, 17.0
NAME_W = WIDTH - NO_W - RATE_W - COUNT_W * len(COLUMNS)


@cache
def sans_dir() -> Path:
    """The folder of the DejaVu Sans files (matplotlib's bundled fonts)."""
    folder = font_dir()
    missing = [name for name in _STYLES.values() if not (folder / name).is_file()]
    if missing:
        raise FontMissingError(f"missing in {folder}: {', '.join(missing)}")
    return folder


def cell_text(cell: Cell, lang: str) -> str:
    """A table cell as written in the PDF: counts grouped and shares in percent, by Babel."""
    if isinstance(cell, Share):
        return fmt.rate(cell.value, lang)
    if isinstance(cell, Quantity):
        return fmt.decimal(cell.value, lang)
    if isinstance(cell, int):
        return fmt.number(cell, lang)
    return "" if cell is None else cell


def _align(cell: Cell) -> str:
    return "LEFT" if isinstance(cell, str) or cell is None else "RIGHT"


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    pdf.set_font(FAMILY, "B", HEAD)
    pdf.multi_cell(WIDTH, 5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _rows(
    pdf: FPDF,
    widths: Sequence[float],
    head: Sequence[Cell],
    rows: Sequence[Sequence[Cell]],
    lang: str,
    *,
    bold_last: bool = False,
) -> None:
    """A plain table: one header row, then the rows (the last in bold for a total)."""
    from fpdf.fonts import FontFace

    pdf.set_font(FAMILY, "", SIZE)
    bold = FontFace(emphasis="BOLD")
    with pdf.table(
        col_widths=tuple(widths),
        width=sum(widths),
        align="LEFT",
        line_height=LINE,
        text_align="CENTER",
        headings_style=bold,
    ) as table:
        top = table.row()
        for item in head:
            top.cell(cell_text(item, lang), align="CENTER")
        for i, values in enumerate(rows):
            row = table.row()
            style = bold if bold_last and i == len(rows) - 1 else None
            for item in values:
                row.cell(cell_text(item, lang), align=_align(item), style=style)


def _desk_table(pdf: FPDF, first: str, rows: Sequence[Sequence[Cell]], lang: str) -> None:
    """The desk's table: groups over their columns, STT, name and share over both header rows,
    then the rows and the total in bold."""
    from fpdf.fonts import FontFace

    top, bottom = header_rows(first, lang)
    pdf.set_font(FAMILY, "", SIZE)
    bold = FontFace(emphasis="BOLD")
    widths = (NO_W, NAME_W, *(COUNT_W,) * len(COLUMNS), RATE_W)
    with pdf.table(
        col_widths=widths,
        width=WIDTH,
        line_height=LINE,
        text_align="CENTER",
        num_heading_rows=2,
        headings_style=bold,
    ) as table:
        upper = table.row()
        upper.cell(cell_text(top[0], lang), rowspan=2)
        upper.cell(cell_text(top[1], lang), rowspan=2)
        for group, _, span in groups():
            upper.cell(t(lang, f"xlsx.col.{group}") if group else "", colspan=span)
        upper.cell(cell_text(top[-1], lang), rowspan=2)
        lower = table.row()
        for item in bottom[2:-1]:
            lower.cell(cell_text(item, lang))
        for i, values in enumerate(rows):
            row = table.row()
            style = bold if i == len(rows) - 1 else None
            for item in values:
                row.cell(cell_text(item, lang), align=_align(item), style=style)


def _title(pdf: FPDF, report: UnitReport, lang: str) -> None:
    """Unit | national name and motto, then the title, unit, period and as-of lines."""
    half = WIDTH / 2
    top = pdf.get_y()
    pdf.set_font(FAMILY, "B", HEAD)
    pdf.multi_cell(half, 5, report.unit.name.upper(), align="C")
    pdf.set_xy(MARGIN + half, top)
    pdf.multi_cell(half, 5, t(lang, "xlsx.nation"), align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FAMILY, "", HEAD)
    pdf.multi_cell(half, 5, t(lang, "xlsx.motto"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    title, *lines = title_lines(report, lang)
    pdf.set_font(FAMILY, "B", TITLE)
    pdf.multi_cell(WIDTH, 6, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", HEAD)
    for line in lines:
        pdf.multi_cell(WIDTH, 5, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def render_report_pdf(report: UnitReport, lang: str = "vi") -> bytes:
    """The report as PDF bytes."""
    from fpdf import FPDF

    folder = sans_dir()
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(auto=True, margin=MARGIN)
    for style, name in _STYLES.items():
        pdf.add_font(FAMILY, style, str(folder / name))
    title = title_lines(report, lang)[0]
    pdf.set_title(f"{title} — {report.unit.name}, {report.period.label(lang)}")
    pdf.set_creator("cchc-bot")
    # The file's own date is the figures' moment, not the wall clock (as the XLSX's).
    pdf.set_creation_date(report.window.end)
    pdf.add_page()

    _title(pdf, report, lang)
    figures = report.figures
    _desk_table(pdf, "field", table_rows(field_items(figures, lang), figures.dossiers, lang), lang)

    _heading(pdf, t(lang, "xlsx.indicators"))
    _rows(
        pdf,
        (12.0, 120.0, 25.0, 25.0, 25.0, 25.0, 30.0),
        indicator_header(lang),
        indicator_rows(report, lang),
        lang,
    )

    _heading(pdf, t(lang, "xlsx.summary"))
    summary = summary_rows(report, lang)
    pdf.set_font(FAMILY, "", SIZE)
    for label, count, rate in summary:
        pdf.set_x(MARGIN)
        pdf.cell(120.0, LINE + 1, cell_text(label, lang))
        pdf.cell(30.0, LINE + 1, cell_text(count, lang), align="R")
        pdf.cell(30.0, LINE + 1, cell_text(rate, lang), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "I", SIZE)
    for note in notes(report, lang):
        pdf.ln(2)
        pdf.multi_cell(WIDTH, LINE + 1, note, new_x="LMARGIN", new_y="NEXT")

    if report.members:
        pdf.add_page()
        _heading(pdf, t(lang, "xlsx.sheet_units"))
        _desk_table(pdf, "unit", table_rows(unit_items(report), figures.dossiers, lang), lang)

    _heading(pdf, t(lang, "xlsx.sheet_procedures"))
    _rows(
        pdf,
        (10.0, 150.0, 35.0, 40.0, 40.0),
        procedure_header(lang),
        procedure_rows(report, lang),
        lang,
    )
    pdf.ln(2)
    pdf.set_font(FAMILY, "I", SIZE)
    pdf.multi_cell(WIDTH, LINE + 1, t(lang, "xlsx.procedures_note"), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
