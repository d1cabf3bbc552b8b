"""The scheduled jobs: their names, when each runs, how an occurrence is named, what catch-up runs.

Pure: "now" and the schedule are parameters. An occurrence is the job's own period: the local
date for the daily jobs (`2026-11-27`), the reported ISO week for the digest (`2026-W48`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo
from enum import StrEnum

from bot.domain.digest import Week

CATCH_UP_DIGEST_WITHIN = timedelta(days=2)
# A scheduled firing is honoured only this long after its slot (APScheduler's misfire grace).
SLOT_GRACE = timedelta(hours=1)


class JobName(StrEnum):
    """The jobs the bot runs on its own."""

    APOLOGY = "apology-reminders"
    FEEDBACK = "feedback-deadlines"
    DIGEST = "weekly-digest"


@dataclass(frozen=True, slots=True)
class Schedule:
    """When a job runs, in local time: daily (weekday None; working days only) or weekly."""

    at: time
    weekday: int | None = None  # 0 = Monday (Python's numbering)

    def last_slot(self, now: datetime, tz: tzinfo) -> datetime:
        """The latest scheduled moment at or before `now` (aware, local)."""
        local = now.astimezone(tz)
        slot = datetime.combine(local.date(), self.at, tzinfo=tz)
        if self.weekday is None:
            return slot if slot <= local else slot - timedelta(days=1)
        slot -= timedelta(days=(local.weekday() - self.weekday) % 7)
        return slot if slot <= local else slot - timedelta(days=7)

    def in_slot(self, now: datetime, tz: tzinfo) -> bool:
        """Whether `now` falls within the grace period after a scheduled moment."""
        return now.astimezone(tz) - self.last_slot(now, tz) <= SLOT_GRACE


@dataclass(frozen=True, slots=True)
class JobRun:
    """The record that an occurrence of a job ran."""

    job: str
    occurrence: str
    started_at: datetime
    finished_at: datetime
    queued: int


@dataclass(frozen=True, slots=True)
class Subscription:
    """Someone who receives a unit's weekly digest."""

    channel: str
    user_id: str
    unit_id: int


def schedules(
    apology_at: time, feedback_at: time, digest_weekday: int, digest_at: time
) -> dict[JobName, Schedule]:
    """Every job's schedule from the settings."""
    return {
        JobName.APOLOGY: Schedule(apology_at),
        JobName.FEEDBACK: Schedule(feedback_at),
        JobName.DIGEST: Schedule(digest_at, digest_weekday),
    }


def occurrence(name: JobName, at: datetime, tz: tzinfo) -> str:
    """The occurrence a run at `at` belongs to."""
    if name is JobName.DIGEST:
        return Week.last_full_before(at, tz).key
    return at.astimezone(tz).date().isoformat()


@dataclass(frozen=True, slots=True)
class CatchUp:
    """An occurrence to run at start-up (`at` is the moment to run it as of), or to skip."""

    name: JobName
    occurrence: str
    at: datetime
    run: bool


def catch_up_plan(
    now: datetime,
    tz: tzinfo,
    plan: dict[JobName, Schedule],
    last_runs: dict[str, JobRun],
) -> list[CatchUp]:
    """What start-up runs: each job's latest slot if it was missed, and only recently.

    A job that never ran has missed nothing (a first start sends nothing by surprise). Daily
    jobs catch up today's slot if it has passed (as of now); the digest its latest slot if it
    was within `CATCH_UP_DIGEST_WITHIN` (as of that slot, so the same week is reported). Older
    slots are returned with run=False, for the log. Whether today is a working day is the job's
    own concern.
    """
    out: list[CatchUp] = []
    for name, schedule in plan.items():
        last = last_runs.get(name.value)
        if last is None:
            continue
        slot = schedule.last_slot(now, tz)
        if schedule.weekday is None:
            today = now.astimezone(tz).date()
            key = occurrence(name, slot, tz)
            if key != last.occurrence and key > last.occurrence:
                out.append(CatchUp(name, key, now, run=slot.date() == today))
        else:
            key = occurrence(name, slot, tz)
            if key != last.occurrence and key > last.occurrence:
                recent = now - slot <= CATCH_UP_DIGEST_WITHIN
                out.append(CatchUp(name, key, slot, run=recent))
    return out
