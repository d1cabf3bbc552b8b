"""Streaming readers for CSV and XLSX files: one row at a time, with the line a person sees."""

from __future__ import annotations

import csv
import importlib
import io
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol, TextIO

from bot.domain.imports import Table

_XLSX_MAGIC = b"PK\x03\x04"
_PROGRESS_EVERY = 5_000
# A CSV field longer than this is refused with its line (csv's own limit is 128 KiB).
MAX_FIELD = 1024 * 1024
# The shared strings of an XLSX file are read whole by openpyxl, even in read-only mode: a
# few compressed kilobytes can expand to gigabytes. Refused above this uncompressed size, or
# above a few megabytes when they compress more than real text does.
MAX_SHARED_STRINGS = 128 * 1024 * 1024
_SMALL = 4 * 1024 * 1024
_MAX_EXPANSION = 50


class Progress(Protocol):
    """A progress bar: told how far the reading has gone."""

    def update(self, n: int) -> object: ...

    def close(self) -> None: ...


ProgressFactory = Callable[[int, str], Progress | None]


class TableError(ValueError):
    """The file cannot be read as a table (no header, unreadable); `line` when one line is."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


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


class _guarded:
    """A csv reader whose errors (a field over MAX_FIELD, a NUL byte on old Pythons) become a
    TableError naming the line."""

    def __init__(self, reader: Any) -> None:
        self.reader = reader

    def __iter__(self) -> _guarded:
        return self

    def __next__(self) -> list[str]:
        try:
            return list(next(self.reader))
        except csv.Error as exc:
            raise TableError(
                "field" if "field larger" in str(exc) else "csv", self.reader.line_num
            ) from exc


@contextmanager
def _open_csv(path: Path, progress: ProgressFactory | None) -> Iterator[Table]:
    raw = path.open("rb")
    try:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        first = text.readline()
        delimiter = _sniff_delimiter(first)
        text.seek(0)
        csv.field_size_limit(MAX_FIELD)
        reader = _guarded(csv.reader(text, delimiter=delimiter))
        header: list[Any] | None = None
        header_line = 0
        previous = 0
        for cells in reader:
            line = previous + 1
            previous = reader.reader.line_num
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
                prev = reader.reader.line_num
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
    _check_shared_strings(path)
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


def _check_shared_strings(path: Path) -> None:
    """Refuse an XLSX whose shared strings would expand past the bounds (a zip bomb):
    openpyxl reads them whole into memory, even in read-only mode."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = [
                i for i in archive.infolist() if i.filename.lower().endswith("sharedstrings.xml")
            ]
    except (zipfile.BadZipFile, OSError) as exc:
        raise TableError(str(exc)) from exc
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_SHARED_STRINGS or (
            info.file_size > _SMALL and ratio > _MAX_EXPANSION
        ):
            raise TableError("shared_strings")
