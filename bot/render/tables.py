"""Streaming readers for CSV and XLSX files: one row at a time, with the line a person sees."""

from __future__ import annotations

import csv
import importlib
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol, TextIO

from bot.domain.imports import Table

_XLSX_MAGIC = b"PK\x03\x04"
_PROGRESS_EVERY = 5_000


class Progress(Protocol):
    """A progress bar: told how far the reading has gone."""

    def update(self, n: int) -> object: ...

    def close(self) -> None: ...


ProgressFactory = Callable[[int, str], Progress | None]


class TableError(ValueError):
    """The file cannot be read as a table (no header, unreadable)."""


def terminal_progress(stream: TextIO) -> ProgressFactory:
    """A factory of tqdm bars on `stream` when it is a terminal, else of nothing."""

    def factory(total: int, unit: str) -> Progress | None:
        isatty = getattr(stream, "isatty", None)
        if isatty is None or not isatty():
            return None
        tqdm: Any = importlib.import_module("tqdm").tqdm
        bar: Progress = tqdm(
            total=total,
            unit=unit,
            unit_scale=True,
            file=stream,
            leave=False,
            dynamic_ncols=True,
        )
        return bar

    return factory


def _sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _is_empty(cells: list[Any] | tuple[Any, ...]) -> bool:
    return all(cell is None or (type(cell) is str and not cell.strip()) for cell in cells)


@contextmanager
def open_table(path: Path, *, progress: ProgressFactory | None = None) -> Iterator[Table]:
    """Open a CSV or XLSX file (by content, not name) as a streaming Table."""
    with path.open("rb") as probe:
        magic = probe.read(4)
    if magic == _XLSX_MAGIC:
        with _open_xlsx(path, progress) as table:
            yield table
    else:
        with _open_csv(path, progress) as table:
            yield table


@contextmanager
def _open_csv(path: Path, progress: ProgressFactory | None) -> Iterator[Table]:
    raw = path.open("rb")
    try:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        first = text.readline()
        delimiter = _sniff_delimiter(first)
        text.seek(0)
        reader = csv.reader(text, delimiter=delimiter)
        header: list[Any] | None = None
        header_line = 0
        previous = 0
        for cells in reader:
            line = previous + 1
            previous = reader.line_num
            if not _is_empty(cells):
                header, header_line = cells, line
                break
        if header is None:
            raise TableError("empty")
        bar = progress(path.stat().st_size, "B") if progress else None

        def rows() -> Iterator[tuple[int, list[Any]]]:
            prev = previous
            done = 0
            position = 0
            for cells in reader:
                line = prev + 1
                prev = reader.line_num
                if not cells or (not cells[0].strip() and _is_empty(cells)):
                    continue
                yield line, cells
                if bar is not None:
                    done += 1
                    if done % _PROGRESS_EVERY == 0:
                        now = raw.tell()
                        bar.update(now - position)
                        position = now
            if bar is not None:
                bar.update(max(0, path.stat().st_size - position))

        try:
            yield Table(header, header_line, rows(), "csv")
        finally:
            if bar is not None:
                bar.close()
    except UnicodeDecodeError as exc:
        raise TableError("encoding") from exc
    finally:
        raw.close()


@contextmanager
def _open_xlsx(path: Path, progress: ProgressFactory | None) -> Iterator[Table]:
    openpyxl: Any = importlib.import_module("openpyxl")
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise TableError(str(exc)) from exc
    try:
        sheet = book.worksheets[0]
        iterator = sheet.iter_rows(values_only=True)
        header: list[Any] | None = None
        header_line = 0
        for number, cells in enumerate(iterator, start=1):
            if not _is_empty(cells):
                header, header_line = list(cells), number
                break
        if header is None:
            raise TableError("empty")
        total = sheet.max_row if isinstance(sheet.max_row, int) else 0
        bar = progress(max(0, total - header_line), "rows") if progress else None

        def rows() -> Iterator[tuple[int, list[Any]]]:
            done = 0
            for number, cells in enumerate(iterator, start=header_line + 1):
                if bar is not None:
                    done += 1
                    if done % _PROGRESS_EVERY == 0:
                        bar.update(_PROGRESS_EVERY)
                if _is_empty(cells):
                    continue
                yield number, list(cells)
            if bar is not None:
                bar.update(done % _PROGRESS_EVERY)

        try:
            yield Table(header, header_line, rows(), "xlsx")
        finally:
            if bar is not None:
                bar.close()
    finally:
        book.close()


def iter_rows(path: Path) -> Iterator[tuple[int, dict[str, object]]]:
    """Each non-empty row below the header as (line number, {header cell: value})."""
    with open_table(path) as table:
        names = ["" if h is None else str(h).strip() for h in table.header]
        for line, cells in table.rows:
            yield line, dict(zip(names, cells, strict=False))
