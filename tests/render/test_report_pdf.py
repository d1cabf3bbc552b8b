"""The desk's report as a PDF, read back with pypdf beside the XLSX of the same report: every
row of every table is in both, the PDF's numbers and shares written by Babel (4.545, 60,64%)."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from collections.abc import AsyncIterator
from io import BytesIO
from pathlib import Path
from typing import Any

import openpyxl
import pypdf
import pytest

from bot.cli.report import report_service
from bot.clock import FrozenClock
from bot.domain.report import UnitReport
from bot.render.report_pdf import render_report_pdf
from bot.render.report_xlsx import render_xlsx
from bot.services.reports import ReportReady
from storage.db import Database
from tests.conftest import NOW, make_settings


def pdf_text(data: bytes) -> tuple[str, pypdf.PdfReader]:
    """The text of every page, one space between words (pypdf breaks lines inside cells)."""
    reader = pypdf.PdfReader(BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(unicodedata.normalize("NFC", text).split()), reader


def vi(value: Any, share: bool) -> str:
    """An XLSX cell as the PDF writes it in Vietnamese (`share`: a percent column)."""
    if value is None:
        return ""
    if isinstance(value, int | float) and share:  # 0.9991 -> 99,91% (a 0 is read back as int)
        return f"{value * 100:.2f}%".replace(".", ",")
    if isinstance(value, float):  # 2.2's average, 2.45 -> 2,45
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return str(value)


def line_of(row: tuple[Any, ...], shares: frozenset[int] = frozenset()) -> str:
    """A row as one line of the PDF's text (`shares`: the percent columns)."""
    cells = (vi(v, i in shares) for i, v in enumerate(row))
    return " ".join(c for c in cells if c)


DESK_SHARE = frozenset({17})  # the desk's table: 2.1's share, after STT, name and 15 counts
INDICATOR_SHARES = frozenset({4, 5, 6})  # rate, previous period, threshold


@pytest.fixture
async def reports(seeded_db: Path) -> AsyncIterator[Any]:
    settings = make_settings(seeded_db)
    db = await Database(seeded_db, FrozenClock(NOW)).connect()
    try:
        service = report_service(settings, db, clock=FrozenClock(NOW))

        async def report(query: str) -> UnitReport:
            outcome = await service.ask("cli", query, detail=True)
            assert isinstance(outcome, ReportReady), outcome
            return outcome.report

        yield report
    finally:
        await db.close()


async def test_every_row_of_the_xlsx_is_in_the_pdf(reports: Any) -> None:
    report = await reports("cautre 01/01/2022-15/09/2022")
    data = render_report_pdf(report, "vi")
    assert data.startswith(b"%PDF-") and len(data) < 5 * 1024 * 1024  # what the OA takes
    text, reader = pdf_text(data)
    book = openpyxl.load_workbook(BytesIO(render_xlsx(report, "vi")))
    table = [tuple(r) for r in book["Báo cáo"].iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(table) if r[0] == "STT")
    body = [r for r in table[start + 2 :] if r[1] is not None and r[0] != "Mã"]
    fields = body[: next(i for i, r in enumerate(body) if r[1] == "TỔNG CỘNG") + 1]
    assert len(fields) == 3  # Hộ tịch, Chứng thực, the total
    for row in fields:
        assert line_of(row, DESK_SHARE) in text, line_of(row, DESK_SHARE)
    # The figures of the seed article, as Vietnamese write them.
    assert "TỔNG CỘNG 4.545 0 4.545 4.545" in text and "4.541" in text
    assert "3.3 Hồ sơ nộp trực tuyến 2.756 4.545 60,64% — 50,00%" in text
    assert "Nhiệm vụ CCHC năm 2022 đã hoàn thành 14/27 51,85%" in text
    for heading in (
        "PHƯỜNG CẦU TRE",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "BÁO CÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
        "Kỳ báo cáo: từ 01/01/2022 đến 15/09/2022",
        "Số liệu tính đến hết ngày 15/09/2022.",
        "CHỈ SỐ ĐÁNH GIÁ CHẤT LƯỢNG PHỤC VỤ (QĐ 766/QĐ-TTg)",
    ):
        assert heading in text, heading
    indicators = [r for r in table if isinstance(r[0], str) and r[0][:1].isdigit()]
    assert len(indicators) >= 9
    for row in indicators:
        assert line_of(row[:7], INDICATOR_SHARES) in text, line_of(row[:7], INDICATOR_SHARES)
    # 2.2 per procedure: every row, the average with two decimals.
    procedures = [tuple(r) for r in book["2.2 Theo TTHC"].iter_rows(values_only=True)]
    listed = [r for r in procedures if isinstance(r[0], int)]
    assert len(listed) == 7
    for row in listed:
        assert line_of(row) in text, line_of(row)
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].get_object().values()
    }
    assert any("DejaVuSans" in f for f in fonts), fonts


async def test_an_area_pdf_has_its_units_table(reports: Any) -> None:
    report = await reports("haiphong 2026")
    assert report.members
    text, reader = pdf_text(render_report_pdf(report, "vi"))
    book = openpyxl.load_workbook(BytesIO(render_xlsx(report, "vi")))
    units = [tuple(r) for r in book["Theo đơn vị"].iter_rows(values_only=True)]
    rows = [r for r in units if isinstance(r[0], int) or r[1] == "TỔNG CỘNG"]
    assert [r[1] for r in rows] == ["Phường Gia Viên", "Phường Ngô Quyền", "TỔNG CỘNG"]
    assert "Theo đơn vị" in text
    for row in rows:
        assert line_of(row, DESK_SHARE) in text, line_of(row, DESK_SHARE)
    assert len(reader.pages) == 2


async def test_english_numbers_follow_english_convention(reports: Any) -> None:
    report = await reports("cautre 01/01/2022-15/09/2022")
    text, _ = pdf_text(render_report_pdf(report, "en"))
    assert "TOTAL 4,545 0 4,545 4,545" in text and "60.64%" in text


def test_fpdf_is_imported_only_when_a_report_is_rendered() -> None:
    code = "import sys, bot.app.wiring, bot.render.report_pdf;print('fpdf' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "False"
