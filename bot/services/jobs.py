"""Scheduled work: decide what to send as of a moment, and queue it in the outbox exactly once.

A run of a job is an *occurrence* (a local date, or the reported ISO week for the digest). The
run is recorded in the same transaction as the outbox rows it writes, so an occurrence runs at
most once, and every message has an idempotency key (job, occurrence, ward, recipient) that the
outbox never sends twice. The channel adapters only trigger `run` and `catch_up`.
"""

from __future__ import annotations

import asyncio
import html
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

from bot.clock import Clock
from bot.domain import fmt
from bot.domain.access import can_view_unit, is_under
from bot.domain.apology import may_issue
from bot.domain.calendar import WorkCalendar
from bot.domain.choices import ApologyStart, FollowDigest, fits
from bot.domain.digest import (
    OLDEST_SHOWN,
    AreaDigest,
    OverdueDossier,
    WardDigest,
    Week,
    WeekFigures,
    build_ward_digests,
    render_area,
    render_ward,
)
from bot.domain.indicators import roll_up, units_under
from bot.domain.jobs import (
    JobName,
    JobRun,
    Schedule,
    Subscription,
    catch_up_plan,
    occurrence,
)
from bot.domain.messages import (
    Choice,
    Lines,
    OutboxButton,
    OutgoingMessage,
    Reply,
    Text,
    Value,
)
from bot.domain.models import StaffMember, Unit
from bot.domain.reminders import (
    APOLOGY_LEAD_DAYS,
    ESCALATE_AFTER,
    FeedbackAlert,
    OpenCase,
    PersonReminder,
    ReminderItem,
    Stage,
    WorkingDayCounter,
    case_deadline,
    plan_apology_reminders,
    plan_feedback_alerts,
)
from bot.domain.report import Forbidden, MissingWard, UnknownWard
from bot.domain.texts import t
from bot.domain.ward_choices import lookup_values
from bot.domain.wards import WardAmbiguous, WardFound, WardIndex, WardMoved, WardNotFound
from bot.ports import (
    DigestCharts,
    JobQueries,
    JobStore,
    StaffRepository,
    SubscriptionStore,
    UnitRepository,
)
from bot.services.indicators import IndicatorService
from bot.services.people import identify

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


class JobsService:
    """Runs the scheduled jobs as of a moment and manages digest subscriptions."""

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

    # --- running ---------------------------------------------------------------------------

    async def run(self, name: str, at: datetime, *, dry_run: bool = False) -> JobResult:
        """Run job `name` as of `at`: queue its messages once per occurrence (or just show them)."""
        try:
            job = JobName(name)
        except ValueError:
            raise UnknownJobError(name) from None
        if at.tzinfo is None:
            raise ValueError("run() needs an aware moment")
        key = occurrence(job, at, self._tz)
        # One run at a time: the scheduler and a catch-up may fire together.
        async with self._lock:
            if job is not JobName.DIGEST and not await self._someone_works(
                at.astimezone(self._tz).date()
            ):
                return JobResult(job, key, at, skipped="not_working_day", dry_run=dry_run)
            if not dry_run and await self._store.has_run(job, key):
                return JobResult(job, key, at, already_ran=True)
            started = self._clock.now()
            plan = await self._plan(job, key, at)
            fresh = await self._new_only(plan.messages)
            if dry_run:
                return JobResult(job, key, at, tuple(fresh), len(fresh), dry_run=True)
            finished = self._clock.now()
            run = JobRun(job, key, started, finished, 0)
            queued = await self._store.record(run, fresh)
        if queued is None:
            return JobResult(job, key, at, already_ran=True)
        log.info("job %s %s: %d message(s) queued", job, key, queued)
        return JobResult(job, key, at, tuple(fresh), queued)

    async def _new_only(self, messages: list[Keyed]) -> list[Keyed]:
        """Drop messages whose key is already in the outbox (sent by an earlier occurrence)."""
        if not messages:
            return []
        existing = await self._store.existing_keys([k for k, _ in messages])
        return [(k, m) for k, m in messages if k not in existing]

    async def _plan(self, job: JobName, key: str, at: datetime) -> _Plan:
        match job:
            case JobName.APOLOGY:
                return await self._plan_apology(key, at)
            case JobName.FEEDBACK:
                return await self._plan_feedback(at)
            case JobName.DIGEST:
                return await self._plan_digest(at)

    async def catch_up(self, now: datetime) -> list[JobResult]:
        """Run once each occurrence missed while the bot was down (today's, the last digest)."""
        try:
            last = await self._store.last_runs()
            results: list[JobResult] = []
            for item in catch_up_plan(now, self._tz, self.schedules, last):
                if not item.run:
                    log.warning(
                        "job %s: occurrence %s (and any before it) missed; too old to catch up",
                        item.name,
                        item.occurrence,
                    )
                    continue
                log.info("job %s: catching up %s", item.name, item.occurrence)
                results.append(await self.run(item.name, item.at))
            return results
        finally:
            self.caught_up.set()

    async def last_runs(self) -> dict[str, JobRun]:
        """Each job's latest run."""
        return await self._store.last_runs()

    async def _someone_works(self, day: date) -> bool:
        """Whether any ward works that day (a Saturday counts for wards with Saturday reception)."""
        if self._calendar.is_working_day(day):
            return True
        units = await self._units.all()
        return any(self._calendar.for_unit(u).is_working_day(day) for u in units)

    # --- apology reminders -------------------------------------------------------------------

    async def _people(self) -> tuple[list[StaffMember], dict[int, Unit]]:
        staff, units = await asyncio.gather(self._staff.all(), self._units.all())
        return staff, {u.id: u for u in units}

    async def _plan_apology(self, key: str, at: datetime) -> _Plan:
        """One message per person for the day (key: job, day, recipient), whatever number of
        dossiers and wards it lists; every working day while the dossier stays on the ladder."""
        today = at.astimezone(self._tz).date()
        # Due within `lead` working days (a ward counting Saturdays reaches no further than
        # the national calendar's next working day after them).
        horizon_day = self._calendar.add_working_days(today, self._lead + 1)
        horizon = datetime.combine(horizon_day, time(0), tzinfo=self._tz)
        dossiers = await self._queries.dossiers_needing_apology(horizon, at)
        if not dossiers:
            return _Plan()
        staff, units = await self._people()
        reminders = plan_apology_reminders(
            dossiers, at, self._tz, self._calendar, staff, units, self._lead
        )
        plan = _Plan()
        for reminder in reminders:
            member = reminder.recipient
            plan.messages.append(
                (
                    f"apology:{key}:{member.channel}:{member.user_id}",
                    self._apology_message(reminder, today),
                )
            )
        return plan

    def _apology_message(self, reminder: PersonReminder, today: date) -> OutgoingMessage:
        member = reminder.recipient
        several_wards = len({i.unit.id for i in reminder.items}) > 1
        lines = [t(LANG, "remind.title", day=fmt.day(today, LANG))]
        shown: list[ReminderItem] = []
        for stage, items, more in reminder.sections(MAX_ITEMS):
            count = fmt.number(len(items) + more, LANG)
            lines += ["", t(LANG, f"remind.{stage.value}", days=ESCALATE_AFTER, count=count)]
            lines += [self._apology_item(i, several_wards) for i in items]
            if more:
                lines.append(t(LANG, "remind.more", count=fmt.number(more, LANG)))
            shown += items
        choices = tuple(
            OutboxButton(button, t(LANG, "remind.button", code=i.dossier.code))
            for i in shown
            if i.stage is not Stage.NEW_DATE_MISSED
            and may_issue(member, i.unit.id) is None
            # A code too long for a button is still listed, without its button.
            and (button := fits(ApologyStart, i.dossier.code)) is not None
        )
        if choices:
            lines += ["", t(LANG, "remind.hint")]
        return OutgoingMessage(member.channel, member.user_id, "\n".join(lines), choices)

    def _apology_item(self, item: ReminderItem, several_wards: bool) -> str:
        d = item.dossier
        values: dict[str, object] = {
            "ward": t(LANG, "remind.ward", ward=html.escape(item.unit.name))
            if several_wards
            else "",
            "code": html.escape(d.code),
            "procedure": html.escape(d.procedure or "—"),
            "due": fmt.day(item.due, LANG),
            "last_day": fmt.day(item.last_day, LANG),
            "days": fmt.number(item.days, LANG),
        }
        if item.stage is Stage.APOLOGY_LATE and item.days == 0:
            return t(LANG, "remind.item.due_today", **values)
        if item.stage is Stage.NEW_DATE_MISSED:
            assert d.apology_new_due_at is not None
            values["new_due"] = fmt.day(d.apology_new_due_at.astimezone(self._tz).date(), LANG)
        return t(LANG, f"remind.item.{item.stage.value}", **values)

    # --- feedback deadlines ---------------------------------------------------------------------

    async def _plan_feedback(self, at: datetime) -> _Plan:
        rows = await self._queries.open_cases()
        if not rows:
            return _Plan()
        staff, units = await self._people()
        cases = []
        for case, accept_start, answer_start in rows:
            found = case_deadline(case)
            if found is None:
                continue
            start = accept_start if found[0].value == "accept" else answer_start
            moment = start or case.created_at
            cases.append(OpenCase(case, moment.astimezone(self._tz).date()))
        today = at.astimezone(self._tz).date()
        alerts = plan_feedback_alerts(cases, today, self._calendar, staff, units)
        return _Plan(messages=[self._alert_message(a) for a in alerts])

    def _alert_message(self, alert: FeedbackAlert) -> Keyed:
        case = alert.case
        text = t(
            LANG,
            f"fbalert.{alert.level.value}",
            code=html.escape(case.code),
            ward=html.escape(alert.unit.name),
            deadline=t(LANG, f"fbalert.{alert.deadline.value}"),
            due=fmt.day(alert.due, LANG),
        )
        key = (
            f"feedback:{alert.unit.slug}:{case.code}:{alert.deadline.value}-"
            f"{alert.due.isoformat()}-{alert.level.value}:{alert.recipient.user_id}"
        )
        body = text + "\n" + t(LANG, "fbalert.hint")
        return key, OutgoingMessage(alert.recipient.channel, alert.recipient.user_id, body)

    # --- weekly digest --------------------------------------------------------------------------

    async def digests(
        self, at: datetime, unit_ids: Sequence[int] | None = None
    ) -> tuple[Week, dict[int, WardDigest | AreaDigest]]:
        """The digest of each unit (all subscribed units when None) for the week before `at`.

        The figures are the indicators' for the week's window, exactly what /stats shows for
        the same unit and week."""
        week = Week.last_full_before(at, self._tz)
        everyone = await self._units.all()
        units = {u.id: u for u in everyone}
        wanted = list(unit_ids) if unit_ids is not None else []
        counts: list[dict[int, WeekFigures]] = await self._indicators.per_unit_windows(
            everyone, [w.window(at, self._tz) for w in (week, week.previous())]
        )
        overdue = await self._queries.oldest_overdue(at, OLDEST_SHOWN)
        today = at.astimezone(self._tz).date()
        due_days = [d.due_at.astimezone(self._tz).date() for ds in overdue.values() for d in ds]
        counter = WorkingDayCounter(self._calendar, min(due_days, default=today), today)
        oldest = {
            unit_id: [
                OverdueDossier(
                    d.code,
                    d.unit_id,
                    d.procedure,
                    d.due_at,
                    max(counter.between(d.due_at.astimezone(self._tz).date(), today), 0),
                )
                for d in items
            ]
            for unit_id, items in overdue.items()
        }
        active = [u for u in units.values() if u.kind == "ward" and _active(u, week)]
        out: dict[int, WardDigest | AreaDigest] = {}
        by_parent: dict[int | None, dict[int, WardDigest]] = {}  # one ranking per parent
        for unit_id in wanted:
            unit = units.get(unit_id)
            if unit is None:
                continue
            if unit.kind == "ward":
                if unit.parent_id not in by_parent:
                    peers = [w for w in active if w.parent_id == unit.parent_id]
                    ranked = build_ward_digests(peers, counts[0], counts[1], oldest)
                    by_parent[unit.parent_id] = {d.unit.id: d for d in ranked}
                found = by_parent[unit.parent_id].get(unit_id)
                if found is None:  # a ward merged away before the week: ranked alone
                    found = build_ward_digests([unit], counts[0], counts[1], oldest)[0]
                out[unit_id] = found
            else:
                wards = [w for w in active if w.id != unit.id and is_under(w, unit.id, units)]
                ranked = build_ward_digests(wards, counts[0], counts[1], oldest)
                under = [u.id for u in units_under(unit, everyone)]
                totals = tuple(roll_up(c[i] for i in under if i in c) for c in counts)
                out[unit_id] = AreaDigest(unit, tuple(ranked), (totals[0], totals[1]))
        return week, out

    def render_digest(
        self, digest: WardDigest | AreaDigest, week: Week, lang: str, units: Mapping[int, Unit]
    ) -> str:
        """A digest's text in `lang` (a ward's rank is named within its parent unit)."""
        if isinstance(digest, AreaDigest):
            return render_area(digest, week, self._tz, lang)
        parent_id = digest.unit.parent_id
        parent = units.get(parent_id) if parent_id is not None else None
        return render_ward(digest, week, self._tz, lang, parent)

    async def _plan_digest(self, at: datetime) -> _Plan:
        units = {u.id: u for u in await self._units.all()}
        subscriptions = await self._allowed(await self._subscriptions.all(), units)
        if not subscriptions:
            return _Plan()
        week, digests = await self.digests(at, sorted({s.unit_id for s in subscriptions}))
        plan = _Plan()
        texts: dict[int, str] = {}
        charts: dict[int, bytes | None] = {}
        for sub in subscriptions:
            digest = digests.get(sub.unit_id)
            if digest is None:
                continue
            unit = units[sub.unit_id]
            if sub.unit_id not in texts:
                texts[sub.unit_id] = self.render_digest(digest, week, LANG, units)
                charts[sub.unit_id] = await self._chart(digest, week)
            key = f"digest:{unit.slug}:{week.key}:{sub.user_id}"
            plan.messages.append(
                (key, OutgoingMessage(sub.channel, sub.user_id, texts[sub.unit_id]))
            )
            png = charts[sub.unit_id]
            if png is not None:
                caption = t(
                    LANG, "digest.chart_caption", name=html.escape(unit.name), week=week.label(LANG)
                )
                plan.messages.append(
                    (
                        key + ":chart",
                        OutgoingMessage(
                            sub.channel,
                            sub.user_id,
                            caption,
                            document_name=f"{unit.slug}-{week.key}.png",
                            document_bytes=png,
                        ),
                    )
                )
        return plan

    async def _allowed(
        self, subscriptions: Sequence[Subscription], units: Mapping[int, Unit]
    ) -> list[Subscription]:
        """The subscriptions whose user may still see the unit today (checked when planned: a
        staff member removed or moved since subscribing gets nothing)."""
        allowed = []
        for sub in subscriptions:
            member = await identify(self._staff, self._admin_ids, sub.user_id, sub.channel)
            unit = units.get(sub.unit_id)
            if member is not None and unit is not None and can_view_unit(member, unit, units):
                allowed.append(sub)
            else:
                log.info("digest of unit %s: %s may no longer see it", sub.unit_id, sub.user_id)
        return allowed

    async def _chart(self, digest: WardDigest | AreaDigest, week: Week) -> bytes | None:
        if self._charts is None:
            return None
        try:
            if isinstance(digest, AreaDigest):
                return await asyncio.to_thread(self._charts.area, digest, week, LANG)
            return await asyncio.to_thread(self._charts.ward, digest, week, LANG)
        except Exception:
            log.exception("digest chart of %s failed; the text goes alone", digest_unit(digest))
            return None

    # --- subscriptions ----------------------------------------------------------------------------

    async def subscribe(
        self, channel: str, user_id: str, query: str, *, on: bool = True
    ) -> SubscriptionOutcome:
        """`/theodoi WARD` (on) or `/botheodoi WARD` (off) for one user."""
        member = await identify(self._staff, self._admin_ids, user_id, channel)
        if member is None:
            return Forbidden(None)
        if not query.strip():
            return MissingWard()
        index = await self._ward_index()
        today = self._clock.now().astimezone(self._tz).date()
        lookup = index.resolve(query, today, today)  # a digest is about this week's wards
        if isinstance(lookup, WardNotFound):
            return UnknownWard(query.strip(), list(lookup.suggestions))
        if not isinstance(lookup, WardFound):
            return lookup
        unit = lookup.unit
        units = {u.id: u for u in await self._units.all()}
        if not can_view_unit(member, unit, units, is_admin=user_id in self._admin_ids):
            return Forbidden(unit)
        old = lookup.old_name or (lookup.via.name if lookup.via is not None else None)
        if on and old is not None:  # a former ward: say where it went, follow nothing silently
            return Dissolved(old, unit)
        if on:
            created = await self._subscriptions.subscribe(
                channel, user_id, unit.id, self._clock.now()
            )
            return Subscribed(unit, created)
        removed = await self._subscriptions.unsubscribe(channel, user_id, unit.id)
        return Unsubscribed(unit, removed)

    async def following(self, channel: str, user_id: str) -> Reply:
        """`/theodoi` alone: the units whose digest this user receives, each with its button."""
        mine = [
            s.unit_id
            for s in await self._subscriptions.all()
            if (s.channel, s.user_id) == (channel, user_id)
        ]
        units = {u.id: u for u in await self._units.all()}
        followed = [units[i] for i in mine if i in units]
        if not followed:
            return Reply("sub.none")
        digest = self.schedules[JobName.DIGEST]
        lines = [
            Text(
                "sub.list",
                {
                    "weekday": Text(f"weekday.{digest.weekday or 0}"),
                    "time": digest.at.strftime("%H:%M"),
                },
            ),
            *(Text("sub.list_item", {"unit": u.name, "slug": u.slug}) for u in followed),
        ]
        choices = tuple(
            Choice(FollowDigest(u.id, False), "sub.button.off_unit", {"unit": u.name})
            for u in followed
        )
        return Reply.of_lines(lines, choices=choices)

    def render_subscription(self, outcome: SubscriptionOutcome, lang: str) -> Reply:
        """The reply to `/theodoi` or `/botheodoi` (raw values), with the button to undo it."""
        digest = self.schedules[JobName.DIGEST]
        match outcome:
            case Subscribed(unit=unit, created=True):
                values: dict[str, Value] = {
                    "unit": unit.name,
                    "weekday": Text(f"weekday.{digest.weekday or 0}"),
                    "time": digest.at.strftime("%H:%M"),
                }
                return Reply("sub.added", values, choices=(_sub_button(unit, on=False),))
            case Subscribed(unit=unit):
                return Reply(
                    "sub.already", {"unit": unit.name}, choices=(_sub_button(unit, on=False),)
                )
            case Unsubscribed(unit=unit, removed=True):
                return Reply(
                    "sub.removed", {"unit": unit.name}, choices=(_sub_button(unit, on=True),)
                )
            case Unsubscribed(unit=unit):
                return Reply("sub.not_subscribed", {"unit": unit.name})
            case UnknownWard(query=query, suggestions=suggestions):
                if not suggestions:
                    return Reply("sub.unknown", {"query": query})
                names = ", ".join(u.name for u in suggestions)
                suggest = Text("sub.suggest", {"names": names})
                return Reply.of_lines([Text("sub.unknown", {"query": query}), suggest], "")
            case WardAmbiguous(options=options) | WardMoved(options=options):
                listed = Lines(
                    tuple(
                        Text("sub.option", {"label": o.label, "slug": o.unit.slug}) for o in options
                    ),
                    ", ",
                )
                moved: dict[str, Value] = {
                    k: v
                    for k, v in lookup_values(outcome, lang).items()
                    if isinstance(v, str | int)
                }
                key = "sub.moved" if isinstance(outcome, WardMoved) else "sub.ambiguous"
                return Reply(key, {**moved, "options": listed, "slug": options[0].unit.slug})
            case Dissolved(old_name=old, successor=unit):
                return Reply(
                    "sub.dissolved",
                    {"old": old, "unit": unit.name, "slug": unit.slug},
                    choices=(
                        Choice(
                            FollowDigest(unit.id, True), "sub.button.on_unit", {"unit": unit.name}
                        ),
                    ),
                )
            case Forbidden(unit=None):
                return Reply("sub.citizen")
            case Forbidden(unit=Unit() as unit):
                return Reply("sub.forbidden", {"unit": unit.name})
            case _:
                return Reply("sub.usage")


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


__all__ = [
    "JobResult",
    "JobsService",
    "Subscribed",
    "SubscriptionOutcome",
    "UnknownJobError",
    "Unsubscribed",
    "local_moment",
]
