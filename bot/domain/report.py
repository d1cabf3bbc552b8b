"""A unit's one-stop report for a period: the desk's table, the seed article's lines, the QĐ 766
indicators, and for an area its units ranked — in chat (Telegram HTML) and as the outcomes of
asking for it.

Pure: the figures come in (`bot.domain.indicators`), the text goes out.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from bot.domain import fmt
from bot.domain.choices import StatsFile
from bot.domain.indicators import (
    INDICATORS,
    Figures,
    ProcessingTime,
    Ranked,
    Ratio,
    Window,
    best_and_worst,
    change,
    ranking,
)
from bot.domain.messages import Choice, Lines, Reply
from bot.domain.models import Unit
from bot.domain.periods import FORMAT, Period, PeriodKind
from bot.domain.texts import t
from bot.domain.ward_choices import WardQuestion, question_reply, question_text
from bot.domain.wards import fold, kind_word

MAX_SUGGESTIONS = 3
CHAT_FIELDS = 5  # fields listed in chat (the largest); the file has all of them
CHOICES_SHOWN = 12  # units listed when someone who oversees many asks without naming one


@dataclass(frozen=True, slots=True)
class UnitReport:
    """One unit's figures for one period (with every unit under it), and what to compare with.

    `members` are the units under an area with their own figures (empty for a ward);
    `processing` is 2.2 per procedure (filled for the file only).
    """

    unit: Unit
    period: Period
    window: Window
    figures: Figures
    task_year: int
    previous_period: Period | None = None
    previous: Figures | None = None
    members: tuple[tuple[Unit, Figures], ...] = ()
    processing: Mapping[str, ProcessingTime] = field(default_factory=dict)
    includes: tuple[str, ...] = ()  # names of the former units whose dossiers are counted too

    @property
    def is_area(self) -> bool:
        """Whether the unit has units under it (its figures are their sum)."""
        return bool(self.members)

    def ranking(self, key: str) -> list[Ranked]:
        """The members ranked by 2.1 ('on_time') or by the online share ('online')."""
        pick = (lambda f: f.on_time) if key == "on_time" else (lambda f: f.online)
        return ranking(self.members, pick)

    def render(self, lang: str) -> str:
        """The report as a Telegram-HTML message in `lang`, short enough for a phone."""
        lines = _header(self, lang)
        lines += ["", *_seed_lines(self.figures, self.task_year, lang)]
        lines += ["", *_indicator_lines(self, lang)]
        if self.is_area:
            lines += ["", *_ranking_lines(self, "on_time", lang)]
            lines += ["", *_ranking_lines(self, "online", lang)]
        fields_ = _field_lines(self.figures, lang)
        if fields_:
            lines += ["", *fields_]
        return "\n".join(lines)


def task_year(period: Period) -> int:
    """Which year's CCHC tasks a period reports on: the year it ends in."""
    return period.end.year


def field_name(name: str, lang: str) -> str:
    """A field (lĩnh vực) as shown; dossiers without one are grouped under a label."""
    return name or t(lang, "report.field_none")


def _n(value: int, lang: str) -> str:
    return fmt.number(value, lang)


def as_of_line(window: Window, lang: str) -> str:
    """'to the end of 15/09/2022' for a finished period, else 'as of 27/11/2026 10:00'."""
    if window.finished:
        return t(lang, "report.as_of_end", day=fmt.day(window.period_end.date(), lang))
    return t(lang, "report.as_of", as_of=fmt.moment(window.end, None, lang))


def _header(report: UnitReport, lang: str) -> list[str]:
    lines = [
        t(lang, "report.title", unit=html.escape(report.unit.name)),
        t(lang, "report.period", period=report.period.label(lang)),
        as_of_line(report.window, lang),
    ]
    if report.includes:
        names = ", ".join(html.escape(name) for name in report.includes)
        lines.append(t(lang, "report.includes", names=names))
    if report.is_area:
        lines.append(t(lang, "report.area_members", count=_n(len(report.members), lang)))
    return lines


def _seed_lines(figures: Figures, year: int, lang: str) -> list[str]:
    """The lines every one-stop report prints (the seed article's), from the desk's counts."""
    d = figures.dossiers
    lines: list[str] = []
    if d.received == 0:
        lines.append(t(lang, "report.empty"))
    lines += [
        t(
            lang,
            "report.received",
            received=_n(d.received, lang),
            carried=_n(d.carried_over, lang),
            new=_n(d.new, lang),
        ),
        t(lang, "report.resolved", resolved=_n(d.resolved, lang)),
        t(lang, "report.resolved_early", value=_n(d.early, lang)),
        t(lang, "report.resolved_on_day", value=_n(d.on_day, lang)),
        t(lang, "report.resolved_late", value=_n(d.late, lang)),
        t(lang, "report.pending", pending=_n(d.in_progress, lang)),
        t(lang, "report.pending_in_time", value=_n(d.in_time, lang)),
        t(lang, "report.pending_overdue", value=_n(d.overdue, lang)),
    ]
    if d.paused:
        lines.append(
            t(
                lang,
                "report.paused",
                paused=_n(d.paused, lang),
                supplement=_n(d.supplement, lang),
                financial=_n(d.financial, lang),
            )
        )
    if d.cancelled:
        lines.append(
            t(
                lang,
                "report.cancelled",
                cancelled=_n(d.cancelled, lang),
                withdrawn=_n(d.withdrawn, lang),
                stopped=_n(d.stopped, lang),
            )
        )
    if d.refused:
        lines.append(t(lang, "report.refused", refused=_n(d.refused, lang)))
    lines += [
        t(lang, "report.overdue_total", value=_n(d.overdue_total, lang)),
        t(
            lang,
            "report.online",
            value=_n(d.online, lang),
            share=fmt.percent(d.online, d.new, lang),
        ),
    ]
    tasks = figures.tasks
    if tasks.total:
        lines.append(
            t(
                lang,
                "report.tasks",
                year=year,
                done=_n(tasks.done, lang),
                total=_n(tasks.total, lang),
                share=fmt.percent(tasks.done, tasks.total, lang),
            )
        )
    else:
        lines.append(t(lang, "report.tasks_none", year=year))
    return lines


def ratio_text(ratio: Ratio, lang: str) -> str:
    """'62,50%', or '—' for a zero denominator."""
    return fmt.percent(ratio.numerator, ratio.denominator, lang)


def threshold_text(threshold: Fraction | None, lang: str) -> str:
    """' — đạt điểm tối đa từ 90%', or '' when no threshold is published."""
    if threshold is None:
        return ""
    return t(lang, "ind.threshold", threshold=fmt.whole_percent(threshold, lang))


def change_text(value: Fraction | None, lang: str) -> str:
    """'↑ 1,25 điểm phần trăm', 'không đổi', or '' when there is nothing to compare."""
    if value is None:
        return ""
    if value == 0:
        return t(lang, "change.same")
    key = "change.up" if value > 0 else "change.down"
    return t(lang, key, value=fmt.points(value, lang))


def _indicator_lines(report: UnitReport, lang: str) -> list[str]:
    figures = report.figures
    d = figures.dossiers
    lines = [t(lang, "report.indicators")]
    for indicator in INDICATORS:
        ratio = indicator.ratio(figures)
        detail = ""
        if ratio.denominator:
            detail = t(
                lang,
                "ind.detail",
                numerator=_n(ratio.numerator, lang),
                denominator=_n(ratio.denominator, lang),
            )
        lines.append(
            t(
                lang,
                "ind.line",
                id=indicator.id,
                name=t(lang, f"ind.{indicator.key}"),
                value=ratio_text(ratio, lang),
                detail=detail,
                threshold=threshold_text(indicator.threshold, lang),
            )
        )
        if indicator.key == "online" and d.new:
            lines.append(
                t(
                    lang,
                    "ind.channels",
                    direct=ratio_text(figures.direct, lang),
                    postal=ratio_text(figures.postal, lang),
                )
            )
            if figures.has_levels:
                lines.append(
                    t(
                        lang,
                        "ind.levels",
                        full=_n(d.online_full, lang),
                        full_share=ratio_text(figures.online_full, lang),
                        partial=_n(d.online_partial, lang),
                        partial_share=ratio_text(figures.online_partial, lang),
                    )
                )
    if d.assumed:
        lines.append(t(lang, "report.assumed", count=_n(d.assumed, lang)))
    comparison = comparison_line(report, lang)
    if comparison:
        lines.append(comparison)
    return lines


def comparison_line(report: UnitReport, lang: str) -> str:
    """'So với kỳ trước (tháng 08/2022): 2.1 ↑ 1,20 điểm phần trăm; …', or '' with nothing
    before."""
    before, period = report.previous, report.previous_period
    if before is None or period is None or before.dossiers.received == 0:
        return ""
    now = report.figures
    parts = []
    compared: tuple[tuple[str, Callable[[Figures], Ratio]], ...] = (
        ("2.1", lambda f: f.on_time),
        ("3.3", lambda f: f.online),
        ("5.4", lambda f: f.satisfaction),
    )
    for key, pick in compared:
        text = change_text(change(pick(now), pick(before)), lang)
        if text:
            parts.append(t(lang, "report.compare_rate", id=key, change=text))
    received = now.dossiers.new - before.dossiers.new
    parts.append(t(lang, "report.compare_received", change=count_change(received, lang)))
    return t(lang, "report.compare", period=period.label(lang), changes="; ".join(parts))


def count_change(diff: int, lang: str) -> str:
    """'↑ 12', '↓ 3' or 'không đổi'."""
    if diff == 0:
        return t(lang, "change.same")
    key = "change.count_up" if diff > 0 else "change.count_down"
    return t(lang, key, value=_n(abs(diff), lang))


def _ranking_lines(report: UnitReport, key: str, lang: str) -> list[str]:
    ranked = report.ranking(key)
    lines = [t(lang, f"report.ranking_{key}", count=_n(len(ranked), lang))]
    if not ranked:
        return [*lines, t(lang, "report.ranking_none")]
    best, worst = best_and_worst(ranked)
    for i, item in enumerate(best + worst):
        if i == len(best) and worst and worst[0].rank > best[-1].rank + 1:
            lines.append(t(lang, "report.ranking_gap"))
        lines.append(
            t(
                lang,
                "report.ranking_item",
                rank=item.rank,
                name=html.escape(item.unit.name),
                value=ratio_text(item.ratio, lang),
            )
        )
    return lines


def _field_lines(figures: Figures, lang: str) -> list[str]:
    items = [(name, d) for name, d in figures.fields_by_size() if d.received]
    if len(items) <= 1:
        return []  # one field: the totals above say it all
    lines = [t(lang, "report.fields")]
    for name, d in items[:CHAT_FIELDS]:
        lines.append(
            t(
                lang,
                "report.field_line",
                name=html.escape(field_name(name, lang)),
                received=_n(d.received, lang),
                resolved=_n(d.resolved, lang),
                late=_n(d.late, lang),
                on_time=fmt.percent(d.on_time, d.received, lang),
            )
        )
    if len(items) > CHAT_FIELDS:
        lines.append(t(lang, "report.fields_more", count=_n(len(items) - CHAT_FIELDS, lang)))
    return lines


# --- the report button (under /stats): one encoding, one decoding ---------------------------------

_KINDS = {
    PeriodKind.YEAR: "y",
    PeriodKind.MONTH: "m",
    PeriodKind.QUARTER: "q",
    PeriodKind.WEEK: "w",
    PeriodKind.RANGE: "r",
    PeriodKind.YTD: "t",
}
_KIND_OF = {v: k for k, v in _KINDS.items()}


def file_button(unit_id: int, period: Period) -> StatsFile:
    """The button under a report that sends its table as a file ('rpt:…', bot.domain.choices)."""
    return StatsFile(unit_id, period.start, period.end, _KINDS[period.kind])


def period_of(button: StatsFile) -> Period:
    """The period a file button names, as the report it was under had it."""
    start, kind = button.start, _KIND_OF[button.kind]
    number = {
        PeriodKind.MONTH: start.month,
        PeriodKind.QUARTER: (start.month + 2) // 3,
        PeriodKind.WEEK: start.isocalendar().week,
    }.get(kind)
    year = start.isocalendar().year if kind is PeriodKind.WEEK else start.year
    return Period(start, button.end, kind, year if kind is not PeriodKind.RANGE else None, number)


# --- outcomes of asking for a report, and their wording ------------------------------------------


@dataclass(frozen=True, slots=True)
class ReportReady:
    """The report, for a user allowed to see it."""

    report: UnitReport


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
    """No ward was named (and the asker has no ward of their own)."""


@dataclass(frozen=True, slots=True)
class ChooseUnit:
    """No unit was named by someone who oversees several: the units they may ask about."""

    units: tuple[Unit, ...]
    period_text: str = ""


ReportOutcome = (
    ReportReady | UnknownWard | BadPeriod | Forbidden | MissingWard | ChooseUnit | WardQuestion
)


def render_outcome(outcome: ReportOutcome, lang: str, command: str = "stats") -> str:
    """The reply (Telegram HTML) for any outcome of a report request."""
    match outcome:
        case ReportReady(report=report):
            return report.render(lang)
        case UnknownWard(query=query, suggestions=suggestions):
            text = t(lang, "stats.unknown_ward", query=html.escape(query))
            if suggestions:
                names = ", ".join(html.escape(u.name) for u in suggestions[:MAX_SUGGESTIONS])
                text += t(lang, "stats.suggest", names=names)
            example = suggestions[0].slug if suggestions else "cautre"
            return text + t(lang, "stats.unknown_ward_hint", command=command, example=example)
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
        case ChooseUnit(units=units, period_text=period_text):
            shown = units[:CHOICES_SHOWN]
            names = ", ".join(f"{html.escape(u.name)} (<code>{u.slug}</code>)" for u in shown)
            if len(units) > len(shown):
                names += t(lang, "stats.choose_more", count=_n(len(units) - len(shown), lang))
            example = " ".join(p for p in (shown[0].slug if shown else "", period_text) if p)
            return t(lang, "stats.choose", units=names, command=command, example=example)
        case _:
            return t(lang, "stats.usage", command=command)


def reply_for(
    outcome: ReportOutcome,
    lang: str,
    command: str = "stats",
    *,
    with_file: bool = True,
    file_kind: str = "xlsx",
) -> Reply:
    """The reply to /stats, channel-free: the text (already Telegram-style markup with its
    values escaped, carried as one `Lines` part) — a ready report as "report.ready", with the
    button that sends its file (`with_file`; labelled with the file's kind, "xlsx" or "pdf"),
    any other outcome as "report.body" — or a question with one button per unit to choose
    from."""
    if isinstance(outcome, WardQuestion):
        return question_reply(outcome, lang)
    body = {"body": Lines((render_outcome(outcome, lang, command=command),))}
    if not isinstance(outcome, ReportReady):
        return Reply("report.body", body)
    report = outcome.report
    if not with_file:
        return Reply("report.ready", body)
    button = file_button(report.unit.id, report.period)
    return Reply("report.ready", body, (Choice(button, f"report.button_{file_kind}"),))


def report_file_name(report: UnitReport, suffix: str = "xlsx") -> str:
    """'baocao-cautre-20220101-20220915.xlsx' (or .pdf)."""
    p = report.period
    return f"baocao-{report.unit.slug}-{p.start:%Y%m%d}-{p.end:%Y%m%d}.{suffix}"


def members_in_order(members: Sequence[tuple[Unit, Figures]]) -> list[tuple[Unit, Figures]]:
    """An area's units for the file: by name (Vietnamese letters folded)."""
    return sorted(members, key=lambda m: fold(m[0].name))
