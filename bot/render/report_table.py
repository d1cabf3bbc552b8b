"""The desk's periodic report as table content, the one source of both of its files: the XLSX
(bot.render.report_xlsx, for Telegram and the CLI) and the PDF (bot.render.report_pdf, for the
Zalo OA, whose upload takes PDF, DOC and DOCX only).

Every figure is read here, once, from the report's `Figures` (bot.domain.indicators); a rate
stays an exact fraction (`Share`) until a renderer writes it — a percent cell in the workbook,
"60,64%" (Babel) in the PDF — so the two files cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from bot.domain import fmt
from bot.domain.indicators import INDICATORS, DossierTally, Figures, Ratio
from bot.domain.report import UnitReport, as_of_line, field_name, members_in_order
from bot.domain.texts import t
from bot.render.plain import render_plain


@dataclass(frozen=True, slots=True)
class Share:
    """A rate, exact; None when its denominator is 0 (written '—')."""

    value: Fraction | None


@dataclass(frozen=True, slots=True)
class Quantity:
    """A quantity written with two decimals (2.2's working days per dossier), exact."""

    value: Fraction | None


Cell = str | int | Share | Quantity | None

# The table's columns under their groups: (group key or None, column key).
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
WIDTH = 2 + len(COLUMNS) + 1  # STT, name, the counts, the 2.1 share


def share(ratio: Ratio | Fraction | None) -> Share:
    """A ratio (or a threshold) as a share cell."""
    return Share(ratio.value if isinstance(ratio, Ratio) else ratio)


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


def groups() -> list[tuple[str | None, int, int]]:
    """The header's groups: (group key, first column index in COLUMNS, number of columns)."""
    out: list[tuple[str | None, int, int]] = []
    for i, (group, _) in enumerate(COLUMNS):
        if out and out[-1][0] == group:
            key, first, span = out[-1]
            out[-1] = (key, first, span + 1)
        else:
            out.append((group, i, 1))
    return out


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
        rows.append([i, name, *row_values(d), share(Ratio(d.on_time, d.received))])
    rows.append(
        [
            None,
            t(lang, "xlsx.total"),
            *row_values(total),
            share(Ratio(total.on_time, total.received)),
        ]
    )
    return rows


def field_items(figures: Figures, lang: str) -> list[tuple[str, DossierTally]]:
    """Every field of the figures, the largest first, with its shown name."""
    return [(field_name(name, lang), d) for name, d in figures.fields_by_size()]


def unit_items(report: UnitReport) -> list[tuple[str, DossierTally]]:
    """An area's units (by name), each with its own counts; empty for a ward."""
    return [(u.name, f.dossiers) for u, f in members_in_order(report.members)]


def indicator_header(lang: str) -> list[Cell]:
    """The QĐ 766 block's column names."""
    return [
        t(lang, f"xlsx.col.{key}")
        for key in ("id", "indicator", "numerator", "denominator", "value", "previous", "threshold")
    ]


def indicator_rows(report: UnitReport, lang: str) -> list[list[Cell]]:
    """The QĐ 766 block: id, name, numerator, denominator, rate, previous period, threshold."""
    now, before = report.figures, report.previous
    rows: list[list[Cell]] = []

    def add(
        ident: str, name: str, pick: Callable[[Figures], Ratio], threshold: Fraction | None
    ) -> None:
        ratio = pick(now)
        previous: Cell = share(pick(before)) if before is not None else Share(None)
        rows.append(
            [
                ident,
                name,
                ratio.numerator,
                ratio.denominator,
                share(ratio),
                previous,
                share(threshold),
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
        [t(lang, "xlsx.sum.online"), d.online, share(Ratio(d.online, d.new))],
        [
            t(lang, "xlsx.sum.tasks", year=report.task_year),
            f"{tasks.done}/{tasks.total}",
            share(Ratio(tasks.done, tasks.total)),
        ],
    ]


def procedure_header(lang: str) -> list[Cell]:
    """2.2's column names."""
    return [
        t(lang, f"xlsx.col.{key}")
        for key in ("no", "procedure", "completed", "days_total", "days_average")
    ]


def procedure_rows(report: UnitReport, lang: str) -> list[list[Cell]]:
    """2.2 per procedure, the busiest first: STT, procedure, dossiers, working days, average."""
    ordered = sorted(report.processing.items(), key=lambda kv: (-kv[1].dossiers, kv[0]))
    return [
        [
            i,
            name or t(lang, "xlsx.procedure_none"),
            spent.dossiers,
            spent.working_days,
            Quantity(spent.average),
        ]
        for i, (name, spent) in enumerate(ordered, start=1)
    ]


def title_lines(report: UnitReport, lang: str) -> tuple[str, str, str, str]:
    """Title, unit, period and as-of lines above the table."""
    return (
        t(lang, "xlsx.title"),
        t(lang, "xlsx.unit", unit=report.unit.name),
        t(lang, "xlsx.period", period=report.period.label(lang)),
        t(lang, "xlsx.as_of", as_of=render_plain(as_of_line(report.window, lang), lang)),
    )


def notes(report: UnitReport, lang: str) -> list[str]:
    """The notes under the tables: dossiers assumed in time, former units counted."""
    out: list[str] = []
    assumed = report.figures.dossiers.assumed
    if assumed:
        out.append(t(lang, "xlsx.assumed", count=fmt.number(assumed, lang)))
    if report.includes:  # a successor's period before its merger
        out.append(t(lang, "report.includes", names=", ".join(report.includes)))
    return out
