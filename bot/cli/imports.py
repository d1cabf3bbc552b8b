"""`cchc-bot import dossiers|tasks FILE`: the import use-case over SQLite and a file."""

from __future__ import annotations

import argparse
import asyncio
import errno
import sqlite3
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from bot.cli.base import CommandGroup, Handler
from bot.domain.imports import (
    HeaderError,
    ImportKind,
    MappingError,
    RowError,
    parse_header_map,
    parse_status_map,
)
from bot.domain.texts import t
from bot.domain.wards import WardIndex
from bot.render.tables import TableError, open_table, terminal_progress
from bot.services.imports import (
    ImportResult,
    import_dossiers,
    import_tasks,
    render_error,
    render_summary,
)
from storage.db import Database
from storage.dossiers import SqliteDossierRepository
from storage.tasks import SqliteTaskRepository
from storage.units import SqliteUnitRepository


def _mapping_text(value: str) -> str:
    """A mapping given inline, or the text of the file it names."""
    path = Path(value)
    if "=" not in value and path.is_file():
        return path.read_text(encoding="utf-8-sig")
    if "=" not in value:
        raise FileNotFoundError(2, "no such mapping file", value)
    return value


# How each required column may be spelled, for the "missing column" message.
_SPELLINGS = {
    "code": "code / Mã hồ sơ / MaHoSo",
    "received_at": "received_at / Ngày tiếp nhận / NgayTiepNhan",
    "due_at": "due_at / Ngày hẹn trả / NgayHenTra",
    "ward": "ward / Đơn vị / DonVi / MaDonVi",
    "title": "title / Tên nhiệm vụ",
}
_TASK_SPELLINGS = {"code": "code / Mã nhiệm vụ", "ward": "ward / Đơn vị"}
_TABLE_ERRORS = {
    "field": "import.field_too_long",
    "csv": "import.bad_csv",
    "shared_strings": "import.shared_strings",
}


def _database_error(exc: BaseException) -> tuple[str, dict[str, str]]:
    """The one line that says what really stopped an import: a lock, a full disk, or else."""
    text = str(exc)
    if isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
        return "import.db_busy", {}
    if (
        isinstance(exc, OSError) and exc.errno == errno.ENOSPC
    ) or "database or disk is full" in text:
        return "import.disk_full", {"detail": text}
    return "import.db_error", {"detail": f"{type(exc).__name__}: {text}"}


async def run_import(
    kind: str,
    path: Path,
    db: Database,
    *,
    ward_slug: str | None,
    tz: ZoneInfo,
    out: TextIO,
    err: TextIO,
    lang: str = "vi",
    now: datetime | None = None,
    header_map: str | None = None,
    status_map: str | None = None,
    skip_bad: bool = False,
) -> int:
    """Import FILE into the database; prints the outcome; returns the process exit status.

    `header_map` / `status_map`: 'Their name=ours,…', or the path of a file with one such line
    each (`--map`, `--status-map`); `skip_bad` imports the good rows and lists the bad ones.
    """
    try:
        import_kind = ImportKind(kind)
    except ValueError:
        print(t(lang, "import.unknown_kind", kind=kind), file=err)
        return 1
    try:
        headers = parse_header_map(_mapping_text(header_map), import_kind) if header_map else None
        statuses = parse_status_map(_mapping_text(status_map)) if status_map else None
    except MappingError as exc:
        print(t(lang, exc.reason, item=exc.item), file=err)
        return 1
    except OSError as exc:
        print(t(lang, "import.map.unreadable", path=exc.filename or ""), file=err)
        return 1
    except UnicodeDecodeError:
        print(t(lang, "import.map.unreadable", path=header_map or status_map), file=err)
        return 1
    units = await SqliteUnitRepository(db).all()
    ward = None
    if ward_slug:
        ward = WardIndex(units).find(ward_slug)  # None too when several units share the name
        if ward is None:
            print(t(lang, "import.unknown_ward", ward=ward_slug), file=err)
            return 1
    stamp = now or datetime.now(UTC)

    def on_error(error: RowError) -> None:
        print(render_error(error, lang), file=err)

    try:
        with open_table(path, progress=terminal_progress(err)) as table:
            result: ImportResult
            if import_kind is ImportKind.DOSSIERS:
                result = await import_dossiers(
                    table,
                    SqliteDossierRepository(db),
                    units,
                    tz=tz,
                    now=stamp,
                    ward=ward,
                    on_error=on_error,
                    header_map=headers,
                    status_map=statuses,
                    skip_bad=skip_bad,
                )
            else:
                result = await import_tasks(
                    table,
                    SqliteTaskRepository(db),
                    units,
                    tz=tz,
                    now=stamp,
                    ward=ward,
                    on_error=on_error,
                    header_map=headers,
                    skip_bad=skip_bad,
                )
    except MappingError as exc:
        print(t(lang, exc.reason, item=exc.item), file=err)
        return 1
    except HeaderError as exc:
        if exc.column == "ward":
            print(t(lang, "import.missing_ward", path=path.name), file=err)
        else:
            spellings = _SPELLINGS if import_kind is ImportKind.DOSSIERS else _TASK_SPELLINGS
            print(
                t(
                    lang,
                    "import.missing_column",
                    path=path.name,
                    column=t(lang, f"import.column.{exc.column}"),
                    names=spellings.get(exc.column, _SPELLINGS.get(exc.column, exc.column)),
                ),
                file=err,
            )
        return 1
    except (FileNotFoundError, IsADirectoryError):
        print(t(lang, "import.not_found", path=path), file=err)
        return 1
    except TableError as exc:
        key = _TABLE_ERRORS.get(exc.reason, "import.unreadable")
        print(t(lang, key, path=path.name, line=exc.line or "?"), file=err)
        return 1
    except (sqlite3.Error, OSError) as exc:
        key, values = _database_error(exc)
        print(t(lang, key, **values), file=err)
        return 1
    if not result.ok:
        print(render_summary(result, lang), file=err)
        return 1
    print(render_summary(result, lang), file=out)
    return 0


class ImportCommand(CommandGroup):
    """`import dossiers|tasks FILE [--ward SLUG]`."""

    name = "import"

    @classmethod
    def add_parser(cls, subparsers: Any) -> None:
        imp = subparsers.add_parser("import", help="nhập hồ sơ hoặc nhiệm vụ từ CSV/XLSX")
        imp.add_argument("kind", choices=["dossiers", "tasks"])
        imp.add_argument("file")
        imp.add_argument("--ward")
        imp.add_argument(
            "--map",
            metavar="'CỘT=trường,…' | TỆP",
            help=(
                "ánh xạ tên cột của hệ thống khác, ví dụ 'Số biên nhận=code,Ngày nhận=received_at'"
            ),
        )
        imp.add_argument(
            "--status-map",
            metavar="'TỪ=mã,…' | TỆP",
            help=("ánh xạ trạng thái của hệ thống khác sang mã quốc gia, ví dụ 'Đã trả=10,Hủy=8'"),
        )
        imp.add_argument(
            "--skip-bad",
            action="store_true",
            help=(
                "nhập các dòng đúng, bỏ qua và liệt kê các dòng lỗi "
                "(mặc định: lỗi thì không nhập gì)"
            ),
        )

    def actions(self) -> Mapping[str | None, Handler]:
        return {None: self.import_file}

    async def import_file(self, args: argparse.Namespace) -> int:
        """Import FILE; every bad row is printed; all or nothing unless `--skip-bad`."""
        path = Path(args.file)
        if not await asyncio.to_thread(path.is_file):
            return self.fail("cli.file_missing", path=path)
        try:
            async with self.database() as db:
                return await run_import(
                    args.kind,
                    path,
                    db,
                    ward_slug=args.ward,
                    tz=self.settings.tz,
                    out=self.out,
                    err=self.err,
                    header_map=args.map,
                    status_map=args.status_map,
                    skip_bad=args.skip_bad,
                )
        except (sqlite3.Error, OSError) as exc:  # opening, migrating or closing the database
            key, values = _database_error(exc)
            return self.fail(key, **values)
