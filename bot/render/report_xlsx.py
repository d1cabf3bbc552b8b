"""The desk's periodic report as an XLSX file (openpyxl), laid out like a one-stop system's:
unit and period in the header, one row per field (lĩnh vực), the totals, the QĐ 766 indicators
beneath, and — for an area — a sheet per unit, plus 2.2 per procedure.

Rendering, not rules: every number comes from the report's `Figures` (bot.domain.indicators).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.domain.indicators import DossierTally
from bot.domain.report import UnitReport
from bot.domain.texts import t
from bot.render.report_table import (
    COLUMNS,
    WIDTH,
    Cell,
    Quantity,
    Share,
    field_items,
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

XlsxValue = str | int | float | None
PERCENT = "0.00%"
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BOLD = Font(bold=True)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def rate_cell(value: Fraction | None) -> float | str:
    """A rate as a number for a percent cell (two decimals of %, half away from zero), or '—'."""
    if value is None:
        return "—"
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal("0.0001"), ROUND_HALF_UP))


def _two_decimals(value: Fraction | None) -> float | None:
    if value is None:
        return None
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal("0.01"), ROUND_HALF_UP))


def xlsx_value(cell: Cell) -> XlsxValue:
    """A table cell as the workbook holds it: a share as a number under a percent format."""
    if isinstance(cell, Share):
        return rate_cell(cell.value)
    if isinstance(cell, Quantity):
        return _two_decimals(cell.value)
    return cell


# --- the workbook ---------------------------------------------------------------------------------


def _write(ws: Worksheet, row: int, values: Sequence[Cell], *, bold: bool = False) -> None:
    for col, item in enumerate(values, start=1):
        value = xlsx_value(item)
        cell = ws.cell(row=row, column=col, value=value)
        cell.border = _BOX
        if bold:
            cell.font = _BOLD
        if isinstance(item, Share) and isinstance(value, float):
            cell.number_format = PERCENT
        elif isinstance(item, Quantity):
            cell.number_format = "0.00"
        elif isinstance(value, int):
            cell.number_format = "#,##0"


def _title(ws: Worksheet, report: UnitReport, width: int, lang: str) -> int:
    """Unit, national heading, title, period, as-of: returns the next free row."""
    last = get_column_letter(width)
    half = max(width // 2, 2)
    ws.cell(row=1, column=1, value=report.unit.name.upper()).font = _BOLD
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=half - 1)
    ws.cell(row=1, column=half, value=t(lang, "xlsx.nation")).font = _BOLD
    ws.merge_cells(start_row=1, start_column=half, end_row=1, end_column=width)
    ws.cell(row=2, column=half, value=t(lang, "xlsx.motto"))
    ws.merge_cells(start_row=2, start_column=half, end_row=2, end_column=width)
    for row, text in enumerate(title_lines(report, lang), start=4):
        cell = ws.cell(row=row, column=1, value=text)
        cell.alignment = _CENTER
        if row == 4:
            cell.font = Font(bold=True, size=13)
        ws.merge_cells(f"A{row}:{last}{row}")
    for row in (1, 2):
        ws.cell(row=row, column=half).alignment = _CENTER
    return 9


def _table(
    ws: Worksheet,
    start: int,
    first: str,
    items: Sequence[tuple[str, DossierTally]],
    total: DossierTally,
    lang: str,
) -> int:
    """The two header rows and the body at `start`; returns the next free row."""
    top, bottom = header_rows(first, lang)
    _write(ws, start, top, bold=True)
    _write(ws, start + 1, bottom, bold=True)
    for col in (1, 2, len(top)):  # STT, name, share span both header rows
        ws.merge_cells(start_row=start, start_column=col, end_row=start + 1, end_column=col)
    col = 3
    while col < len(top):
        group = COLUMNS[col - 3][0]
        span = sum(1 for g, _ in COLUMNS if g == group)
        ws.merge_cells(start_row=start, start_column=col, end_row=start, end_column=col + span - 1)
        col += span
    for row in (start, start + 1):
        for c in range(1, len(top) + 1):
            ws.cell(row=row, column=c).alignment = _CENTER
    rows = table_rows(items, total, lang)
    for i, values in enumerate(rows):
        _write(ws, start + 2 + i, values, bold=i == len(rows) - 1)
    return start + 2 + len(rows)


def render_xlsx(report: UnitReport, lang: str = "vi") -> bytes:
    """The report as an XLSX workbook (bytes)."""
    wb = Workbook()
    # The file's own dates are the figures' moment, not the wall clock.
    stamp = report.window.end.astimezone(UTC).replace(tzinfo=None)
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.creator = "cchc-bot"
    ws = wb.active
    assert ws is not None
    ws.title = t(lang, "xlsx.sheet_table")
    width = WIDTH
    row = _title(ws, report, width, lang)
    row = _table(ws, row, "field", field_items(report.figures, lang), report.figures.dossiers, lang)

    row += 1
    ws.cell(row=row, column=1, value=t(lang, "xlsx.indicators")).font = _BOLD
    row += 1
    _write(ws, row, indicator_header(lang), bold=True)
    for values in indicator_rows(report, lang):
        row += 1
        _write(ws, row, values)

    row += 2
    ws.cell(row=row, column=1, value=t(lang, "xlsx.summary")).font = _BOLD
    for label, count, rate in summary_rows(report, lang):
        row += 1
        ws.cell(row=row, column=1, value=xlsx_value(label))
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        for col, item in ((3, count), (4, rate)):
            value = xlsx_value(item)
            cell = ws.cell(row=row, column=col, value=value)
            if isinstance(value, float):
                cell.number_format = PERCENT
            elif isinstance(value, int):
                cell.number_format = "#,##0"
    for note in notes(report, lang):
        row += 2
        ws.cell(row=row, column=1, value=note)

    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 42
    for col in range(3, width + 1):
        ws.column_dimensions[get_column_letter(col)].width = 12

    if report.members:
        units = wb.create_sheet(t(lang, "xlsx.sheet_units"))
        row = _title(units, report, width, lang)
        _table(units, row, "unit", unit_items(report), report.figures.dossiers, lang)
        units.column_dimensions["B"].width = 36

    procedures = wb.create_sheet(t(lang, "xlsx.sheet_procedures"))
    _write(procedures, 1, procedure_header(lang), bold=True)
    listed = procedure_rows(report, lang)
    for i, values in enumerate(listed, start=2):
        _write(procedures, i, values)
    procedures.cell(row=len(listed) + 3, column=1, value=t(lang, "xlsx.procedures_note"))
    procedures.column_dimensions["B"].width = 60
    for letter in "CDE":
        procedures.column_dimensions[letter].width = 18

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
