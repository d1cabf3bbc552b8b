"""The services a channel adapter needs, built once by the composition root."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.ports import AuditLog, ProcessedUpdates, StaffRepository, UnitRepository
from bot.services.reports import ReportService


@dataclass(frozen=True, slots=True)
class Services:
    """Everything handlers call; repositories behind Protocols, time behind a Clock."""

    clock: Clock
    tz: ZoneInfo
    admin_ids: frozenset[str]
    units: UnitRepository
    staff: StaffRepository
    reports: ReportService
    processed: ProcessedUpdates
    audit: AuditLog
