"""`cchc-bot backup PATH` (the bot may run) and `cchc-bot restore PATH` (the bot stopped)."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bot.cli.base import CommandFailed, CommandGroup, Handler
from bot.domain import fmt
from storage.backup import (
    BackupError,
    DatabaseInUseError,
    InvalidDatabaseError,
    TargetExistsError,
    backup_database,
    restore_database,
)
from storage.migrate import SchemaTooNewError


class BackupCommand(CommandGroup):
    """`backup PATH`: SQLite's online backup API, consistent while the bot keeps writing."""

    name = "backup"

    @classmethod
    def add_parser(cls, subparsers: Any) -> None:
        backup = subparsers.add_parser(
            "backup", help="sao lưu cơ sở dữ liệu (được cả khi bot đang chạy)"
        )
        backup.add_argument("path", metavar="PATH", help="tệp sao lưu mới (không ghi đè)")

    def actions(self) -> Mapping[str | None, Handler]:
        return {None: self.backup}

    async def backup(self, args: argparse.Namespace) -> int:
        """Write a consistent copy of the configured database to PATH."""
        try:
            result = await backup_database(self.settings.database_path, Path(args.path))
        except (BackupError, OSError) as error:
            raise _failure(error) from error
        self.say(
            "cli.backup_done",
            path=result.path,
            size=fmt.number(result.size, self.lang),
            version=result.schema_version,
        )
        return 0


class RestoreCommand(CommandGroup):
    """`restore PATH`: put a backup in place of the configured database (the bot stopped)."""

    name = "restore"

    @classmethod
    def add_parser(cls, subparsers: Any) -> None:
        restore = subparsers.add_parser(
            "restore", help="khôi phục cơ sở dữ liệu từ một bản sao lưu (dừng bot trước)"
        )
        restore.add_argument("path", metavar="PATH", help="tệp sao lưu")

    def actions(self) -> Mapping[str | None, Handler]:
        return {None: self.restore}

    async def restore(self, args: argparse.Namespace) -> int:
        """Replace the configured database with the backup; keep the old file beside it."""
        try:
            result = await restore_database(Path(args.path), self.settings.database_path)
        except (BackupError, SchemaTooNewError, OSError) as error:
            raise _failure(error) from error
        self.say("cli.restore_done", path=result.path, version=result.schema_version)
        if result.previous is not None:
            self.say("cli.restore_kept", path=result.previous)
        return 0


def _failure(error: Exception) -> CommandFailed:
    """The one Vietnamese line for a refused backup or restore, with its real cause."""
    match error:
        case TargetExistsError(path=path):
            return CommandFailed("cli.backup_exists", path=path)
        case DatabaseInUseError(path=path):
            return CommandFailed("cli.restore_in_use", path=path)
        case InvalidDatabaseError(path=path, reason=reason, detail=detail):
            return CommandFailed(
                f"cli.backup_invalid.{reason.value}", path=path, detail=detail or "—"
            )
        case SchemaTooNewError(found=found, supported=supported):
            return CommandFailed("cli.schema_too_new", found=found, supported=supported)
        case OSError(strerror=reason, filename=filename):
            return CommandFailed("cli.os_error", path=filename or "—", reason=reason or error)
    return CommandFailed("cli.backup_failed", reason=error)
