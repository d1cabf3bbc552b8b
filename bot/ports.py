"""What the core needs from the outside world, as Protocols; storage and channels implement them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, TypeVar

from bot.domain.models import (
    AuditEntry,
    Dossier,
    DossierCounts,
    Role,
    StaffMember,
    Task,
    TaskCounts,
    Unit,
)

if TYPE_CHECKING:
    from bot.domain.imports import DossierRecord, TaskRecord


class UnitRepository(Protocol):
    """Wards and the bodies above them."""

    async def add(
        self,
        slug: str,
        name: str,
        *,
        code: str | None = None,
        aliases: Sequence[str] = (),
        parent_slug: str | None = None,
        kind: str = "ward",
    ) -> Unit: ...

    async def all(self) -> list[Unit]: ...

    async def by_slug(self, slug: str) -> Unit | None: ...

    async def by_id(self, unit_id: int) -> Unit | None: ...


class StaffRepository(Protocol):
    """Who is an official, with which role, for which unit."""

    async def add(
        self, user_id: str, role: Role, unit_id: int | None, name: str | None = None
    ) -> StaffMember: ...

    async def get(self, user_id: str) -> StaffMember | None: ...

    async def all(self) -> list[StaffMember]: ...

    async def remove(self, user_id: str) -> bool: ...


RecordT_contra = TypeVar("RecordT_contra", contravariant=True)


class ImportSession(Protocol[RecordT_contra]):
    """One all-or-nothing import: rows are staged, then merged by code only if all were good.

    Leaving the `importing()` context commits when `merge()` was awaited, else rolls back.
    """

    async def stage(self, records: Sequence[RecordT_contra], lines: Sequence[int]) -> None: ...

    async def duplicates(self) -> list[tuple[int, int, str]]:
        """(line, first line with that code, code) for each repeated code, by line."""
        ...

    async def merge(self) -> tuple[int, int]:
        """Upsert the staged rows by code; returns (new, updated)."""
        ...


class DossierRepository(Protocol):
    """One-stop dossiers."""

    async def upsert_many(self, dossiers: Iterable[Dossier]) -> int: ...

    def importing(
        self, now: datetime
    ) -> AbstractAsyncContextManager[ImportSession[DossierRecord]]: ...

    async def counts(
        self, unit_id: int, received_from: datetime, received_to: datetime, as_of: datetime
    ) -> DossierCounts: ...

    async def get(self, code: str) -> Dossier | None: ...


class TaskRepository(Protocol):
    """The year's CCHC tasks per ward."""

    async def upsert_many(self, tasks: Iterable[Task]) -> int: ...

    def importing(
        self, now: datetime
    ) -> AbstractAsyncContextManager[ImportSession[TaskRecord]]: ...

    async def counts(self, unit_id: int, year: int, as_of: datetime) -> TaskCounts: ...


class AuditLog(Protocol):
    """Append-only record of staff actions."""

    async def append(self, entry: AuditEntry, at: datetime) -> None: ...


class ProcessedUpdates(Protocol):
    """The ledger of channel updates already handled."""

    async def seen(self, channel: str, update_id: str) -> bool: ...

    async def claim(self, channel: str, update_id: str, at: datetime) -> bool: ...
