"""JobQueue triggers for the scheduled jobs (the digest subscriptions are commands of the core)."""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.config import Settings
from bot.domain.jobs import JobName
from bot.services.container import Services
from handlers.telegram.context import BotApplication, Context

log = logging.getLogger(__name__)

CATCH_UP = "catch-up"
_EVERY_DAY = (0, 1, 2, 3, 4, 5, 6)  # the job skips non-working days itself (holidays, swaps)


def ptb_day(python_weekday: int) -> int:
    """Python's weekday (0 = Monday) in PTB's `run_daily` numbering (0 = Sunday)."""
    return (python_weekday + 1) % 7


def _job_kwargs(job_id: str) -> dict[str, object]:
    return {
        "misfire_grace_time": 3600,
        "coalesce": True,
        "id": job_id,
        "replace_existing": True,
    }


async def run_job(context: Context) -> None:
    """A scheduled firing: run the job as of the services' clock, then wake the deliverer."""
    job = context.job
    if job is None or not isinstance(job.data, str):
        return
    services = context.services
    now = services.clock.now()
    name = JobName(job.data)
    # A firing outside its slot (a clock far from the scheduler's) is left to catch-up.
    if not services.jobs.schedules[name].in_slot(now, services.tz):
        log.warning("job %s fired at %s, outside its slot; skipped", name, now.isoformat())
        return
    result = await services.jobs.run(name, now)
    if result.queued:
        services.outbox_wake.set()


async def catch_up(context: Context) -> None:
    """At start-up: run once each occurrence missed while the bot was down."""
    services = context.services
    results = await services.jobs.catch_up(services.clock.now())
    if any(r.queued for r in results):
        services.outbox_wake.set()


def register_jobs(app: BotApplication, services: Services, settings: Settings) -> None:
    """Schedule the jobs on PTB's JobQueue (times in the Defaults' zone) and the catch-up."""
    queue = app.job_queue
    if queue is None:
        raise RuntimeError("python-telegram-bot[job-queue] is needed for the scheduled jobs")
    for name, schedule in services.jobs.schedules.items():
        days = _EVERY_DAY if schedule.weekday is None else (ptb_day(schedule.weekday),)
        queue.run_daily(
            run_job,
            time=schedule.at.replace(tzinfo=None),  # the Defaults zone (settings.tz) applies
            days=days,
            name=name.value,
            data=name.value,
            job_kwargs=_job_kwargs(name.value),
        )
    # Fires as soon as the scheduler starts (the grace covers a slow start).
    queue.run_once(catch_up, when=timedelta(0), name=CATCH_UP, job_kwargs=_job_kwargs(CATCH_UP))
