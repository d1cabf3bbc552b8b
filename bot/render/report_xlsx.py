"""The desk's periodic report as an XLSX file (openpyxl), laid out like a one-stop system's:
unit and period in the header, one row per field (lĩnh vực), the totals, the QĐ 766 indicators
beneath, and — for an area — a sheet per unit, plus 2.2 per procedure.

Rendering, not rules: every number comes from the report's `Figures` (bot.domain.indicators).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import UTC
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.domain import fmt
from bot.domain.indicators import INDICATORS, DossierTally, Figures, Ratio
from bot.domain.report import UnitReport, as_of_line, field_name, members_in_order
from bot.domain.texts import t
from bot.render.plain import render_plain

Cell = str | int | float | None

# The table's columns under their groups: (group key or None, column key, value of a row).
COLUMNS: tuple[tuple[str | None, str], ...] = (
    ("received", "received_total"),
    ("received", "carried"),
    ("received", "new"),
    ("resolved", "total"),
    ("resolved", "early"),
    ("resolved", "on_day"),
    ("resolved", "late"),
    ("pending", "total"),
    ("pending", "in_time"),
    ("pending", "overdue"),
    ("paused", "supplement"),
    ("paused", "financial"),
    ("cancelled", "refused"),
    ("cancelled", "withdrawn"),
    ("cancelled", "stopped"),
)
PERCENT = "0.00%"
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BOLD = Font(bold=True)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def row_values(d: DossierTally) -> list[int]:
    """A table row's counts, in COLUMNS order."""
    return [
        d.received,
        d.carried_over,
        d.new,
        d.resolved,
        d.early,
        d.on_day,
        d.late,
        d.in_progress,
        d.in_time,
        d.overdue,
        d.supplement,
        d.financial,
        d.refused,
        d.withdrawn,
        d.stopped,
    ]


def rate_cell(ratio: Ratio | Fraction | None) -> float | str:
    """A rate as a number for a percent cell (two decimals of %, half away from zero), or '—'."""
    value = ratio.value if isinstance(ratio, Ratio) else ratio
    if value is None:
        return "—"
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal("0.0001"), ROUND_HALF_UP))


def header_rows(first: str, lang: str) -> tuple[list[Cell], list[Cell]]:
    """The table's two header rows: groups above, columns below (first: field or unit)."""
    top: list[Cell] = [t(lang, "xlsx.col.no"), t(lang, f"xlsx.col.{first}")]
    bottom: list[Cell] = [None, None]
    previous: str | None = None
    for group, column in COLUMNS:  # a group's name above its first column
        top.append(t(lang, f"xlsx.col.{group}") if group and group != previous else None)
        bottom.append(t(lang, f"xlsx.col.{column}"))
        previous = group
    top.append(t(lang, "xlsx.col.on_time_rate"))
    bottom.append(None)
    return top, bottom


def table_rows(
    items: Sequence[tuple[str, DossierTally]], total: DossierTally, lang: str
) -> list[list[Cell]]:
    """The body rows (STT, name, counts, 2.1 share) and the total row."""
    rows: list[list[Cell]] = []
    for i, (name, d) in enumerate(items, start=1):
        rows.append([i, name, *row_values(d), rate_cell(Ratio(d.on_time, d.received))])
    rows.append(
        [
            None,
            t(lang, "xlsx.total"),
            *row_values(total),
            rate_cell(Ratio(total.on_time, total.received)),
        ]
    )
    return rows


def field_items(figures: Figures, lang: str) -> list[tuple[str, DossierTally]]:
    """Every field of the figures, the largest first, with its shown name."""
    return [(field_name(name, lang), d) for name, d in figures.fields_by_size()]


def indicator_rows(report: UnitReport, lang: str) -> list[list[Cell]]:
    """The QĐ 766 block: id, name, numerator, denominator, rate, previous period, threshold."""
    now, before = report.figures, report.previous
    rows: list[list[Cell]] = []

    def add(
        ident: str, name: str, pick: Callable[[Figures], Ratio], threshold: Fraction | None
    ) -> None:
        ratio = pick(now)
        previous = rate_cell(pick(before)) if before is not None else "—"
        rows.append(
            [
                ident,
                name,
                ratio.numerator,
                ratio.denominator,
                rate_cell(ratio),
                previous,
                rate_cell(threshold) if threshold is not None else "—",
            ]
        )

    for indicator in INDICATORS:
        add(indicator.id, t(lang, f"ind.{indicator.key}"), indicator.ratio, indicator.threshold)
        if indicator.key == "online":
            add("3.3", t(lang, "xlsx.ind.direct"), lambda f: f.direct, None)
            add("3.3", t(lang, "xlsx.ind.postal"), lambda f: f.postal, None)
            if now.has_levels or (before is not None and before.has_levels):
                add("3.3", t(lang, "xlsx.ind.online_full"), lambda f: f.online_full, None)
                add("3.3", t(lang, "xlsx.ind.online_partial"), lambda f: f.online_partial, None)
    return rows


def summary_rows(report: UnitReport, lang: str) -> list[list[Cell]]:
    """The seed article's lines: received, resolved, late, online (share), tasks (share)."""
    d, tasks = report.figures.dossiers, report.figures.tasks
    return [
        [t(lang, "xlsx.sum.received"), d.received, None],
        [t(lang, "xlsx.sum.resolved"), d.resolved, None],
        [t(lang, "xlsx.sum.late"), d.late, None],
        [t(lang, "xlsx.sum.online"), d.online, rate_cell(Ratio(d.online, d.new))],
        [
            t(lang, "xlsx.sum.tasks", year=report.task_year),
            f"{tasks.done}/{tasks.total}",
            rate_cell(Ratio(tasks.done, tasks.total)),
        ],
    ]


def _two_decimals(value: Fraction) -> float:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal("0.01"), ROUND_HALF_UP))


# --- the workbook ---------------------------------------------------------------------------------


def _write(ws: Worksheet, row: int, values: Sequence[Cell], *, bold: bool = False) -> None:
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=col, value=value)
        cell.border = _BOX
        if bold:
            cell.font = _BOLD
        if isinstance(value, float):
            cell.number_format = PERCENT
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
    for row, text in (
        (4, t(lang, "xlsx.title")),
        (5, t(lang, "xlsx.unit", unit=report.unit.name)),
        (6, t(lang, "xlsx.period", period=report.period.label(lang))),
        (7, t(lang, "xlsx.as_of", as_of=render_plain(as_of_line(report.window, lang), lang))),
    ):
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
    width = 2 + len(COLUMNS) + 1
    row = _title(ws, report, width, lang)
    row = _table(ws, row, "field", field_items(report.figures, lang), report.figures.dossiers, lang)

    row += 1
    ws.cell(row=row, column=1, value=t(lang, "xlsx.indicators")).font = _BOLD
    row += 1
    _write(
        ws,
        row,
        [
            t(lang, "xlsx.col.id"),
            t(lang, "xlsx.col.indicator"),
            t(lang, "xlsx.col.numerator"),
            t(lang, "xlsx.col.denominator"),
            t(lang, "xlsx.col.value"),
            t(lang, "xlsx.col.previous"),
            t(lang, "xlsx.col.threshold"),
        ],
        bold=True,
    )
    for values in indicator_rows(report, lang):
        row += 1
        _write(ws, row, values)

    row += 2
    ws.cell(row=row, column=1, value=t(lang, "xlsx.summary")).font = _BOLD
    for values in summary_rows(report, lang):
        row += 1
        ws.cell(row=row, column=1, value=values[0])
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        for col, value in ((3, values[1]), (4, values[2])):
            cell = ws.cell(row=row, column=col, value=value)
            if isinstance(value, float):
                cell.number_format = PERCENT
            elif isinstance(value, int):
                cell.number_format = "#,##0"
    assumed = report.figures.dossiers.assumed
    if assumed:
        row += 2
        ws.cell(row=row, column=1, value=t(lang, "xlsx.assumed", count=fmt.number(assumed, lang)))
    if report.includes:  # a successor's period before its merger
        row += 2
        names = ", ".join(report.includes)
        ws.cell(row=row, column=1, value=t(lang, "report.includes", names=names))

    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 42
    for col in range(3, width + 1):
        ws.column_dimensions[get_column_letter(col)].width = 12

    if report.members:
        units = wb.create_sheet(t(lang, "xlsx.sheet_units"))
        members = members_in_order(report.members)
        row = _title(units, report, width, lang)
        _table(
            units,
            row,
            "unit",
            [(u.name, f.dossiers) for u, f in members],
            report.figures.dossiers,
            lang,
        )
        units.column_dimensions["B"].width = 36

    procedures = wb.create_sheet(t(lang, "xlsx.sheet_procedures"))
    _write(
        procedures,
        1,
        [
            t(lang, "xlsx.col.no"),
            t(lang, "xlsx.col.procedure"),
            t(lang, "xlsx.col.completed"),
            t(lang, "xlsx.col.days_total"),
            t(lang, "xlsx.col.days_average"),
        ],
        bold=True,
    )
    ordered = sorted(report.processing.items(), key=lambda kv: (-kv[1].dossiers, kv[0]))
    for i, (name, spent) in enumerate(ordered, start=1):
        average = spent.average
        _write(
            procedures,
            i + 1,
            [
                i,
                name or t(lang, "xlsx.procedure_none"),
                spent.dossiers,
                spent.working_days,
                None if average is None else _two_decimals(average),
            ],
        )
        procedures.cell(row=i + 1, column=5).number_format = "0.00"
    procedures.cell(row=len(ordered) + 3, column=1, value=t(lang, "xlsx.procedures_note"))
    procedures.column_dimensions["B"].width = 60
    for letter in "CDE":
        procedures.column_dimensions[letter].width = 18

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
