"""Copies in memory of data that changes rarely (the units, the staff), read again exactly when
it changed: migration 0021's triggers count every change of their tables in `changes`,
whichever process made it (the bot, or a `cchc-bot` command), and a copy asks that count — one
read by key on the loop's own connection, microseconds — before it is used."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

from storage.db import Database

T = TypeVar("T")

UNITS, STAFF = "units", "staff"


def version(db: Database, name: str) -> int | None:
    """How many changes of `name`'s tables were committed so far (None: not counted)."""
    row = db.lookup_one("SELECT version FROM changes WHERE name = ?", (name,))
    return int(str(row[0])) if row is not None else None


class Kept(Generic[T]):
    """What `load` reads, kept until the change count of `name` moves. The count is taken
    before the read: a change committed meanwhile may already be in the copy, and it makes the
    next use read again (never a copy older than its count)."""

    def __init__(self, db: Database, name: str, load: Callable[[], Awaitable[T]]) -> None:
        self._db = db
        self._name = name
        self._load = load
        self._value: T | None = None
        self._version: int | None = None

    async def get(self) -> T:
        seen = version(self._db, self._name)
        value = self._value
        if value is None or seen is None or seen != self._version:
            value = await self._load()
            self._value, self._version = value, seen
        return value
