"""Renderers whose library is loaded with the first file rather than at every start (openpyxl
brings numpy: half a second of the bot's start and of every CLI command)."""

from __future__ import annotations

from bot.domain.report import UnitReport


def render_xlsx(report: UnitReport, lang: str = "vi") -> bytes:
    """The report as an XLSX workbook (bot.render.report_xlsx)."""
    from bot.render.report_xlsx import render_xlsx as render

    return render(report, lang)
