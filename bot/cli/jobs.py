"""`cchc-bot jobs list|run`: the scheduled jobs; run one as of a moment; deliver its messages."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Any

from bot.cli.base import CommandGroup, Handler
from bot.clock import SystemClock
from bot.domain import fmt
from bot.domain.jobs import JobName
from bot.domain.texts import t
from bot.services.jobs import JobResult, local_moment

_LANG = "vi"


class JobsCommands(CommandGroup):
    """The `jobs` actions."""

    name = "jobs"

    @classmethod
    def add_parser(cls, subparsers: Any) -> None:
        """`jobs list` and `jobs run NAME [--at] [--dry-run] [--deliver]`."""
        jobs = subparsers.add_parser("jobs", help="việc chạy theo lịch").add_subparsers(
            dest="action", required=True
        )
        jobs.add_parser("list", help="các việc, lịch chạy và lần chạy gần nhất")
        run = jobs.add_parser("run", help="chạy một việc như thể đồng hồ đang chỉ --at")
        run.add_argument("name", metavar="NAME", help=", ".join(j.value for j in JobName))
        run.add_argument("--at", help='thời điểm theo giờ địa phương, "YYYY-MM-DD HH:MM"')
        run.add_argument("--dry-run", action="store_true", help="chỉ in các tin, không ghi gì")
        run.add_argument(
            "--deliver",
            action="store_true",
            help="gửi ngay các tin trong hàng đợi (chỉ khi bot không chạy)",
        )

    def actions(self) -> Mapping[str | None, Handler]:
        return {"list": self.list, "run": self.run}

    async def list(self, args: argparse.Namespace) -> int:
        """`jobs list`: each job, its schedule in local time, its last run."""
        from bot.app.wiring import build_services

        async with self.database(create=False) as db:
            services = build_services(self.settings, db, self.clock)
            last = await services.jobs.last_runs()
            plan = services.jobs.schedules
        tz = self.settings.tz
        self.say("cli.jobs_header", tz=self.settings.timezone)
        for name, schedule in plan.items():
            at = schedule.at.strftime("%H:%M")
            when = (
                t(_LANG, "cli.jobs_daily", time=at)
                if schedule.weekday is None
                else t(
                    _LANG,
                    "cli.jobs_weekly",
                    weekday=t(_LANG, f"weekday.{schedule.weekday}"),
                    time=at,
                )
            )
            run = last.get(name.value)
            done = (
                t(
                    _LANG,
                    "cli.jobs_last",
                    occurrence=run.occurrence,
                    at=fmt.moment(run.finished_at, tz, _LANG),
                    queued=fmt.number(run.queued, _LANG),
                )
                if run is not None
                else t(_LANG, "cli.jobs_never")
            )
            what = t(_LANG, f"job.{name.value}")
            self.line(f"{name.value}\t{what}\t{when}\t{done}")
        return 0

    async def run(self, args: argparse.Namespace) -> int:
        """`jobs run NAME`: run as of --at (default now) via the outbox, or print (--dry-run)."""
        from bot.app.wiring import build_services

        names = [j.value for j in JobName]
        if args.name not in names:
            return self.fail("cli.jobs_unknown", name=args.name, names=", ".join(names))
        tz = self.settings.tz
        if args.at:
            try:
                at = local_moment(args.at, tz)
            except ValueError:
                return self.fail("cli.jobs_bad_at", value=args.at)
        else:
            at = self.clock.now().astimezone(tz)
        if args.deliver and self.settings.bot_token is None:
            return self.fail("cli.no_token")
        async with self.database() as db:
            services = build_services(self.settings, db, self.clock)
            result = await services.jobs.run(args.name, at, dry_run=args.dry_run)
            self._report(result)
            if args.deliver and not args.dry_run:
                await self._deliver(services.outbox)
        return 0

    def _report(self, result: JobResult) -> None:
        from bot.render.plain import render_plain

        tz = self.settings.tz
        if result.skipped:
            self.say("cli.jobs_skipped", job=result.job, at=fmt.moment(result.at, tz, _LANG))
            return
        if result.already_ran:
            self.say("cli.jobs_already", job=result.job, occurrence=result.occurrence)
            return
        if result.dry_run:
            for key, message in result.messages:
                self.say("cli.jobs_message", recipient=message.recipient, outbox_key=key)
                print(render_plain(message.text, message.lang), file=self.out)
                for choice in message.choices:
                    print(f"  [{choice.label}] → {choice.button.encode()}", file=self.out)
                if message.document_name and message.document_bytes is not None:
                    self.say(
                        "cli.jobs_attachment",
                        name=message.document_name,
                        size=fmt.number(len(message.document_bytes), _LANG),
                    )
            self.say(
                "cli.jobs_dry",
                job=result.job,
                occurrence=result.occurrence,
                count=len(result.messages),
            )
            return
        self.say(
            "cli.jobs_ran",
            job=result.job,
            occurrence=result.occurrence,
            queued=fmt.number(result.queued, _LANG),
        )

    async def _deliver(self, outbox: Any) -> None:
        """Send what is due now through a real PTB Bot (no bot process must be running)."""
        from telegram import Bot

        from bot.services.outbox import Deliverer
        from handlers.telegram.sender import TelegramSender

        token = self.settings.bot_token
        assert token is not None
        bot = Bot(
            token.get_secret_value(),
            base_url=self.settings.telegram_api_base_url,
            base_file_url=self.settings.telegram_api_file_url,
        )
        async with bot:
            # The real clock: rows are due by wall time, whatever --at said.
            deliverer = Deliverer(outbox, {"telegram": TelegramSender(bot)}, SystemClock())
            report = await deliverer.deliver_due()
        self.say("cli.jobs_delivered", sent=report.sent, retried=report.retried, dead=report.dead)
