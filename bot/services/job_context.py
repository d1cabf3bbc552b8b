"""What every scheduled job shares: its stores, clock, calendar and settings (one object, the
runner `bot.services.jobs.JobsService`, carries them for all jobs)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

from bot.clock import Clock
from bot.domain.calendar import WorkCalendar
from bot.domain.choices import FollowDigest
from bot.domain.digest import AreaDigest, WardDigest, Week
from bot.domain.jobs import (
    JobName,
    Schedule,
)
from bot.domain.messages import Choice, OutgoingMessage
from bot.domain.models import StaffMember, Unit
from bot.domain.reminders import (
    APOLOGY_LEAD_DAYS,
)
from bot.domain.report import Forbidden, MissingWard, UnknownWard
from bot.domain.wards import WardAmbiguous, WardIndex, WardMoved
from bot.ports import (
    DigestCharts,
    JobQueries,
    JobStore,
    StaffRepository,
    SubscriptionStore,
    UnitRepository,
)
from bot.services.indicators import IndicatorService

log = logging.getLogger(__name__)

MAX_ITEMS = 25  # dossiers listed in one reminder (Telegram's 4.096 characters)
LANG = "vi"  # staff messages are in Vietnamese

Keyed = tuple[str, OutgoingMessage]


# --- what the service needs from storage and rendering -----------------------------------------


# --- results -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class JobResult:
    """What one run did (or, for a dry run, would do)."""

    job: str
    occurrence: str
    at: datetime
    messages: tuple[Keyed, ...] = ()
    queued: int = 0
    already_ran: bool = False
    skipped: str | None = None  # "not_working_day" when a daily job had nothing to do
    dry_run: bool = False


@dataclass(frozen=True, slots=True)
class Subscribed:
    """The user now receives (or already received) the unit's digest."""

    unit: Unit
    created: bool


@dataclass(frozen=True, slots=True)
class Unsubscribed:
    """The user no longer receives the unit's digest (removed False: was not subscribed)."""

    unit: Unit
    removed: bool


@dataclass(frozen=True, slots=True)
class Dissolved:
    """The name is a ward that no longer exists (merged in 2025): not followed; `successor`
    is the ward of today it went into."""

    old_name: str
    successor: Unit


SubscriptionOutcome = (
    Subscribed
    | Unsubscribed
    | UnknownWard
    | Forbidden
    | MissingWard
    | WardAmbiguous
    | WardMoved
    | Dissolved
)


@dataclass(frozen=True, slots=True)
class _Plan:
    messages: list[Keyed] = field(default_factory=list)


class UnknownJobError(ValueError):
    """No job has that name."""


class JobContext:
    """The stores, clock, calendar and settings of the jobs."""

    def __init__(
        self,
        *,
        store: JobStore,
        queries: JobQueries,
        indicators: IndicatorService,
        subscriptions: SubscriptionStore,
        units: UnitRepository,
        staff: StaffRepository,
        clock: Clock,
        tz: tzinfo,
        calendar: WorkCalendar,
        schedules: Mapping[JobName, Schedule],
        ward_index: Callable[[], Awaitable[WardIndex]],
        admin_ids: frozenset[str] = frozenset(),
        apology_lead_days: int = APOLOGY_LEAD_DAYS,
        charts: DigestCharts | None = None,
    ) -> None:
        self._store = store
        self._queries = queries
        self._indicators = indicators
        self._subscriptions = subscriptions
        self._units = units
        self._staff = staff
        self._clock = clock
        self._tz = tz
        self._calendar = calendar
        self.schedules = dict(schedules)
        self._ward_index = ward_index
        self._admin_ids = admin_ids
        self._lead = apology_lead_days
        self._charts = charts
        self._lock = asyncio.Lock()
        # Set once the start-up catch-up finished (tests and operators can wait for it).
        self.caught_up = asyncio.Event()

    async def _people(self) -> tuple[list[StaffMember], dict[int, Unit]]:
        staff, units = await asyncio.gather(self._staff.all(), self._units.all())
        return staff, {u.id: u for u in units}


def _sub_button(unit: Unit, *, on: bool) -> Choice:
    return Choice(FollowDigest(unit.id, on), "sub.button.on" if on else "sub.button.off")


def digest_unit(digest: WardDigest | AreaDigest) -> Unit:
    """The unit a digest is about."""
    return digest.area if isinstance(digest, AreaDigest) else digest.unit


def _active(unit: Unit, week: Week) -> bool:
    """Whether a ward existed on some day of the week (merged wards drop out of the ranking)."""
    return any(unit.active_on(week.monday + timedelta(days=n)) for n in range(7))


def local_moment(day_and_time: str, tz: tzinfo) -> datetime:
    """'YYYY-MM-DD HH:MM' as an aware local moment (ValueError when malformed)."""
    naive = datetime.strptime(day_and_time.strip(), "%Y-%m-%d %H:%M")  # noqa: DTZ007
    return naive.replace(tzinfo=tz)
