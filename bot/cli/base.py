"""The shared base of every `cchc-bot` command group: print, fail, open the database once."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import AsyncIterator, Callable, Coroutine, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, ClassVar, TextIO

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.domain.texts import t
from storage.db import Database
from storage.migrate import SchemaTooNewError

Handler = Callable[[argparse.Namespace], Coroutine[Any, Any, int]]


class CommandFailed(Exception):
    """A command cannot go on: the text (by key) for standard error, exit status 1."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


class CommandGroup:
    """One command group (`ward`, `staff`, `jobs` …): its arguments and its actions.

    Streams and the clock are injectable, so tests run a command in-process.
    """

    name: ClassVar[str]
    lang: ClassVar[str] = "vi"

    def __init__(
        self, settings: Settings, out: TextIO, err: TextIO, *, clock: Clock | None = None
    ) -> None:
        self.settings = settings
        self.out = out
        self.err = err
        self.clock: Clock = clock or SystemClock()

    @classmethod
    def add_parser(cls, subparsers: Any) -> None:
        """Add this group's subcommand and its arguments to the `cchc-bot` parser."""
        raise NotImplementedError

    def actions(self) -> Mapping[str | None, Handler]:
        """The handler of each action (`None` for a group without actions)."""
        raise NotImplementedError

    async def execute(self, args: argparse.Namespace) -> int:
        """Run the parsed action of this group; return the exit status."""
        try:
            return await self.actions()[getattr(args, "action", None)](args)
        except CommandFailed as failure:
            return self.fail(failure.key, **failure.values)

    def say(self, key: str, **values: object) -> None:
        """Print a text (by key) to standard output."""
        print(t(self.lang, key, **values), file=self.out)

    def line(self, text: str) -> None:
        """Print a line of data to standard output."""
        print(text, file=self.out)

    def fail(self, key: str, **values: object) -> int:
        """Print an error (by key) to standard error; return the exit status."""
        print(t(self.lang, key, **values), file=self.err)
        return 1

    @asynccontextmanager
    async def database(self, *, create: bool = True) -> AsyncIterator[Database]:
        """The configured database, opened (and migrated) once for the command, then closed.

        A command that only reads (`create=False`) refuses a missing file rather than make an
        empty one; a command that makes a new file says so, naming it.
        """
        path = Path(self.settings.database_path)
        exists = await asyncio.to_thread(path.exists)
        if not exists and not create:
            raise CommandFailed("cli.no_database", path=path)
        try:
            db = await Database(path, self.clock).connect()
        except SchemaTooNewError as error:
            raise CommandFailed(
                "cli.schema_too_new", found=error.found, supported=error.supported
            ) from error
        if not exists:
            where = await asyncio.to_thread(path.resolve)
            print(t(self.lang, "cli.database_created", path=where), file=self.err)
        try:
            yield db
        finally:
            await db.close()
