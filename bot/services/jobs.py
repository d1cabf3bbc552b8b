"""Scheduled work: decide what to send as of a moment, and queue it in the outbox exactly once.

A run of a job is an *occurrence* (a local date, or the reported ISO week for the digest). The
run is recorded in the same transaction as the outbox rows it writes, so an occurrence runs at
most once, and every message has an idempotency key (job, occurrence, ward, recipient) that the
outbox never sends twice. The channel adapters only trigger `run` and `catch_up`.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from bot.domain.jobs import (
    JobName,
    JobRun,
    catch_up_plan,
    occurrence,
)
from bot.services.job_context import (  # noqa: F401  (the results are part of this module's API)
    LANG,
    MAX_ITEMS,
    Dissolved,
    JobContext,
    JobResult,
    Keyed,
    Subscribed,
    SubscriptionOutcome,
    UnknownJobError,
    Unsubscribed,
    _Plan,
    digest_unit,
    local_moment,
)
from bot.services.job_deadlines import FeedbackDeadlines
from bot.services.job_digest import WeeklyDigest
from bot.services.job_reminders import ApologyReminders
from bot.services.job_subscriptions import Subscriptions

log = logging.getLogger(__name__)


class JobsService(ApologyReminders, FeedbackDeadlines, WeeklyDigest, Subscriptions):
    """The runner: runs each scheduled job as of a moment, once per occurrence, and catches up
    what was missed; each job plans its messages in its own module."""

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


__all__ = [
    "JobResult",
    "JobsService",
    "Subscribed",
    "SubscriptionOutcome",
    "UnknownJobError",
    "Unsubscribed",
    "Dissolved",
    "digest_unit",
    "local_moment",
]
