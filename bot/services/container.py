"""The services a channel adapter needs, built once by the composition root."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.calendar import WorkCalendar
from bot.ports import (
    AuditLog,
    CommandMenus,
    OutboxStore,
    ProcessedUpdates,
    StaffRepository,
    UnitRepository,
)
from bot.services.apology import ApologyService
from bot.services.jobs import JobsService
from bot.services.lookups import LookupLimiter
from bot.services.notifications import Notifications
from bot.services.reports import ReportService
from bot.services.router import Router


@dataclass(frozen=True, slots=True)
class Services:
    """Everything handlers call; repositories behind Protocols, time behind a Clock."""

    clock: Clock
    tz: ZoneInfo
    admin_ids: frozenset[str]
    units: UnitRepository
    staff: StaffRepository
    reports: ReportService
    router: Router
    notifications: Notifications
    outbox: OutboxStore
    calendar: WorkCalendar
    processed: ProcessedUpdates
    audit: AuditLog
    apology: ApologyService
    jobs: JobsService
    # Set when a message was queued in this process: the deliverer wakes at once.
    outbox_wake: asyncio.Event = field(default_factory=asyncio.Event)
    # /tracuu and /hoso per user per minute (against guessing codes).
    lookups: LookupLimiter | None = None
    # The command menus already set (Telegram): a start sets only what changed.
    menus: CommandMenus | None = None
