"""A ward's one-stop report for a period: its figures, the QĐ 766 shares, and its wording.

Pure: the counts come in, the Telegram-HTML text goes out; "now" is a parameter.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, tzinfo

from bot.domain import fmt
from bot.domain.models import DossierCounts, TaskCounts, Unit
from bot.domain.periods import FORMAT, Period
from bot.domain.texts import t
from bot.domain.ward_choices import WardQuestion, question_text
from bot.domain.wards import kind_word

MAX_SUGGESTIONS = 3


@dataclass(frozen=True, slots=True)
class WardReport:
    """One ward's figures for one period, counted as of `as_of` (aware)."""

    unit_name: str
    period: Period
    as_of: datetime
    dossiers: DossierCounts
    tasks: TaskCounts
    task_year: int
    includes: tuple[str, ...] = ()  # names of the former units whose dossiers are counted too

    def __post_init__(self) -> None:
        if self.as_of.tzinfo is None:
            raise ValueError("WardReport.as_of must be aware")

    @property
    def resolved(self) -> int:
        """Dossiers resolved, on time or late."""
        return self.dossiers.resolved_on_time + self.dossiers.resolved_late

    @property
    def pending(self) -> int:
        """Dossiers still being worked on."""
        return self.dossiers.pending_in_time + self.dossiers.pending_overdue

    @property
    def overdue_total(self) -> int:
        """Dossiers past their due date: resolved late plus pending overdue."""
        return self.dossiers.resolved_late + self.dossiers.pending_overdue

    @property
    def on_time_rate(self) -> tuple[int, int]:
        """QĐ 766 indicator 2.1 as (resolved on time, resolved)."""
        return self.dossiers.resolved_on_time, self.resolved

    @property
    def online_share(self) -> tuple[int, int]:
        """Online dossiers among those received, as (online, received)."""
        return self.dossiers.online, self.dossiers.received

    @property
    def task_share(self) -> tuple[int, int]:
        """The year's CCHC tasks as (done, total)."""
        return self.tasks.done, self.tasks.total

    def _as_of_line(self, lang: str) -> str:
        """'as of 27/11/2026 10:00', or 'to the end of 15/09/2022' for a finished period."""
        if self.as_of.time() == time(0):
            last_day = (self.as_of - timedelta(days=1)).date()
            return t(lang, "report.as_of_end", day=fmt.day(last_day, lang))
        return t(lang, "report.as_of", as_of=fmt.moment(self.as_of, None, lang))

    def render(self, lang: str) -> str:
        """The report as a Telegram-HTML message in `lang`."""

        def n(value: int) -> str:
            return fmt.number(value, lang)

        counts = self.dossiers
        lines = [
            t(lang, "report.title", unit=html.escape(self.unit_name)),
            t(lang, "report.period", period=self.period.label(lang)),
            self._as_of_line(lang),
        ]
        if self.includes:
            names = ", ".join(html.escape(name) for name in self.includes)
            lines.append(t(lang, "report.includes", names=names))
        lines.append("")
        if counts.received == 0:
            lines.append(t(lang, "report.empty"))
        lines += [
            t(lang, "report.received", received=n(counts.received)),
            t(lang, "report.resolved", resolved=n(self.resolved)),
            t(lang, "report.resolved_on_time", value=n(counts.resolved_on_time)),
            t(lang, "report.resolved_late", value=n(counts.resolved_late)),
            t(lang, "report.pending", pending=n(self.pending)),
            t(lang, "report.pending_in_time", value=n(counts.pending_in_time)),
            t(lang, "report.pending_overdue", value=n(counts.pending_overdue)),
            t(lang, "report.overdue_total", value=n(self.overdue_total)),
            t(
                lang,
                "report.online",
                value=n(counts.online),
                share=fmt.percent(*self.online_share, lang),
            ),
            t(lang, "report.on_time_rate", value=fmt.percent(*self.on_time_rate, lang)),
        ]
        if self.tasks.total:
            lines.append(
                t(
                    lang,
                    "report.tasks",
                    year=self.task_year,
                    done=n(self.tasks.done),
                    total=n(self.tasks.total),
                    share=fmt.percent(*self.task_share, lang),
                )
            )
        else:
            lines.append(t(lang, "report.tasks_none", year=self.task_year))
        return "\n".join(lines)


def report_window(period: Period, now: datetime, tz: tzinfo) -> tuple[datetime, datetime, datetime]:
    """(received_from, received_to, as_of): the period's local days, aware; as_of <= now."""
    if now.tzinfo is None:
        raise ValueError("report_window() needs an aware `now`")
    received_from = datetime.combine(period.start, time(0), tzinfo=tz)
    received_to = datetime.combine(period.end + timedelta(days=1), time(0), tzinfo=tz)
    as_of = min(received_to, now.astimezone(tz))
    return received_from, received_to, as_of


def task_year(period: Period) -> int:
    """Which year's CCHC tasks a period reports on: the year it ends in."""
    return period.end.year


# --- outcomes of asking for a report, and their wording ------------------------------------


@dataclass(frozen=True, slots=True)
class ReportReady:
    """The report, for a user allowed to see it."""

    report: WardReport


@dataclass(frozen=True, slots=True)
class UnknownWard:
    """No unit answers to the query; the closest names, if any."""

    query: str
    suggestions: list[Unit] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class BadPeriod:
    """The period text is not a period; `reason` is a periods reason code."""

    query: str
    reason: str


@dataclass(frozen=True, slots=True)
class Forbidden:
    """The user may not see this unit's figures; `unit` None = the user is not staff at all."""

    unit: Unit | None


@dataclass(frozen=True, slots=True)
class MissingWard:
    """No ward was named."""


ReportOutcome = ReportReady | UnknownWard | BadPeriod | Forbidden | MissingWard | WardQuestion


def render_outcome(outcome: ReportOutcome, lang: str) -> str:
    """The reply (Telegram HTML) for any outcome of a report request."""
    match outcome:
        case ReportReady(report=report):
            return report.render(lang)
        case UnknownWard(query=query, suggestions=suggestions):
            text = t(lang, "stats.unknown_ward", query=html.escape(query))
            if suggestions:
                names = ", ".join(html.escape(u.name) for u in suggestions[:MAX_SUGGESTIONS])
                text += t(lang, "stats.suggest", names=names)
            return text + t(lang, "stats.unknown_ward_hint")
        case BadPeriod(query=query, reason=reason):
            reason_text = "" if reason == FORMAT else t(lang, f"period.reason.{reason}")
            return t(lang, "stats.bad_period", query=html.escape(query), reason=reason_text)
        case WardQuestion() as question:
            return question_text(question, lang)
        case Forbidden(unit=None):
            return t(lang, "stats.forbidden_citizen")
        case Forbidden(unit=Unit() as unit):
            return t(
                lang, "stats.forbidden", unit=html.escape(unit.name), kind=kind_word(unit, lang)
            )
        case _:
            return t(lang, "stats.usage")
