"""A unit's one-stop report for a period: the desk's table, the seed article's lines, the QĐ 766
indicators, and for an area its units ranked — as chat content (texts keys with raw values, each
channel renders and escapes them) and as the outcomes of asking for it.

Pure: the figures come in (`bot.domain.indicators`), the content goes out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache

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
from bot.domain.kinds import kind_text
from bot.domain.messages import Choice, Content, Lines, Reply, Text, Value
from bot.domain.models import Unit
from bot.domain.periods import FORMAT, Period, PeriodKind
from bot.domain.texts import t
from bot.domain.ward_choices import WardQuestion, question_reply, question_text
from bot.domain.wards import fold

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

    def content(self, lang: str) -> Lines:
        """The report as one chat message in `lang`, short enough for a phone: its sections
        apart by a blank line."""
        sections = [
            _header(self, lang),
            _seed_lines(self.figures, self.task_year, lang),
            _indicator_lines(self, lang),
        ]
        if self.is_area:
            sections += [
                _ranking_lines(self, "on_time", lang),
                _ranking_lines(self, "online", lang),
            ]
        sections.append(_field_lines(self.figures, lang))
        return Lines(tuple(Lines(tuple(s)) for s in sections if s), "\n\n")


def task_year(period: Period) -> int:
    """Which year's CCHC tasks a period reports on: the year it ends in."""
    return period.end.year


def field_name(name: str, lang: str) -> str:
    """A field (lĩnh vực) as shown; dossiers without one are grouped under a label."""
    return name or t(lang, "report.field_none")


def _counts(
    key: str, lang: str, other: Mapping[str, Value] | None = None, /, **counts: int
) -> Text:
    """A sentence of counts, each written the language's way ("4.545", "4,545"), with its
    `other` values."""
    written = {name: fmt.number(value, lang) for name, value in counts.items()}
    return Text(key, {**(other or {}), **written})


def as_of_line(window: Window, lang: str) -> Text:
    """'to the end of 15/09/2022' for a finished period, else 'as of 27/11/2026 10:00'."""
    if window.finished:
        return Text("report.as_of_end", {"day": fmt.day(window.period_end.date(), lang)})
    return Text("report.as_of", {"as_of": fmt.moment(window.end, None, lang)})


def _header(report: UnitReport, lang: str) -> list[Content]:
    lines: list[Content] = [
        Text("report.title", {"unit": report.unit.name}),
        Text("report.period", {"period": report.period.label(lang)}),
        as_of_line(report.window, lang),
    ]
    if report.includes:
        lines.append(Text("report.includes", {"names": ", ".join(report.includes)}))
    if report.is_area:
        lines.append(_counts("report.area_members", lang, count=len(report.members)))
    return lines


def _seed_lines(figures: Figures, year: int, lang: str) -> list[Content]:
    """The lines every one-stop report prints (the seed article's), from the desk's counts."""
    d = figures.dossiers
    lines: list[Content] = [Text("report.empty")] if d.received == 0 else []
    lines += [
        _counts("report.received", lang, received=d.received, carried=d.carried_over, new=d.new),
        _counts("report.resolved", lang, resolved=d.resolved),
        _counts("report.resolved_early", lang, value=d.early),
        _counts("report.resolved_on_day", lang, value=d.on_day),
        _counts("report.resolved_late", lang, value=d.late),
        _counts("report.pending", lang, pending=d.in_progress),
        _counts("report.pending_in_time", lang, value=d.in_time),
        _counts("report.pending_overdue", lang, value=d.overdue),
    ]
    # Paused, ended without a result, refused: only when there are some.
    if d.paused:
        paused = {"paused": d.paused, "supplement": d.supplement, "financial": d.financial}
        lines.append(_counts("report.paused", lang, **paused))
    if d.cancelled:
        ended = {"cancelled": d.cancelled, "withdrawn": d.withdrawn, "stopped": d.stopped}
        lines.append(_counts("report.cancelled", lang, **ended))
    if d.refused:
        lines.append(_counts("report.refused", lang, refused=d.refused))
    lines += [
        _counts("report.overdue_total", lang, value=d.overdue_total),
        _counts(
            "report.online", lang, {"share": fmt.percent(d.online, d.new, lang)}, value=d.online
        ),
    ]
    tasks = figures.tasks
    if tasks.total:
        other: dict[str, Value] = {
            "year": year,
            "share": fmt.percent(tasks.done, tasks.total, lang),
        }
        lines.append(_counts("report.tasks", lang, other, done=tasks.done, total=tasks.total))
    else:
        lines.append(Text("report.tasks_none", {"year": year}))
    return lines


def ratio_text(ratio: Ratio, lang: str) -> str:
    """'62,50%', or '—' for a zero denominator."""
    return fmt.percent(ratio.numerator, ratio.denominator, lang)


@lru_cache(maxsize=64)  # a handful of thresholds, in every report
def threshold_text(threshold: Fraction | None, lang: str) -> Value:
    """' — đạt điểm tối đa từ 90%', or '' when no threshold is published."""
    if threshold is None:
        return ""
    return Text("ind.threshold", {"threshold": fmt.whole_percent(threshold, lang)})


def change_text(value: Fraction | None, lang: str) -> Text | None:
    """'↑ 1,25 điểm phần trăm', 'không đổi', or None when there is nothing to compare."""
    if value is None:
        return None
    if value == 0:
        return Text("change.same")
    key = "change.up" if value > 0 else "change.down"
    return Text(key, {"value": fmt.points(value, lang)})


def _indicator_lines(report: UnitReport, lang: str) -> list[Content]:
    figures = report.figures
    d = figures.dossiers
    lines: list[Content] = [Text("report.indicators")]
    for indicator in INDICATORS:
        ratio = indicator.ratio(figures)
        detail: Value = ""
        if ratio.denominator:
            detail = _counts(
                "ind.detail", lang, numerator=ratio.numerator, denominator=ratio.denominator
            )
        values: dict[str, Value] = {
            "id": indicator.id,
            "name": Text(f"ind.{indicator.key}"),
            "value": ratio_text(ratio, lang),
            "detail": detail,
            "threshold": threshold_text(indicator.threshold, lang),
        }
        lines.append(Text("ind.line", values))
        if indicator.key == "online" and d.new:
            lines += _channel_lines(figures, lang)
    if d.assumed:
        lines.append(_counts("report.assumed", lang, count=d.assumed))
    comparison = comparison_line(report, lang)
    if comparison is not None:
        lines.append(comparison)
    return lines


def _channel_lines(figures: Figures, lang: str) -> list[Content]:
    """Under 3.3: how the other dossiers came in, and how much of online was end to end."""
    d = figures.dossiers
    shares = {"direct": figures.direct, "postal": figures.postal}
    lines: list[Content] = [
        Text("ind.channels", {k: ratio_text(v, lang) for k, v in shares.items()})
    ]
    if figures.has_levels:
        levels = {
            "full_share": ratio_text(figures.online_full, lang),
            "partial_share": ratio_text(figures.online_partial, lang),
        }
        full, partial = d.online_full, d.online_partial
        lines.append(_counts("ind.levels", lang, levels, full=full, partial=partial))
    return lines


def comparison_line(report: UnitReport, lang: str) -> Text | None:
    """'So với kỳ trước (tháng 08/2022): 2.1 ↑ 1,20 điểm phần trăm; …', or None with nothing
    before."""
    before, period = report.previous, report.previous_period
    if before is None or period is None or before.dossiers.received == 0:
        return None
    now = report.figures
    parts: list[Content] = []
    compared: tuple[tuple[str, Callable[[Figures], Ratio]], ...] = (
        ("2.1", lambda f: f.on_time),
        ("3.3", lambda f: f.online),
        ("5.4", lambda f: f.satisfaction),
    )
    for key, pick in compared:
        text = change_text(change(pick(now), pick(before)), lang)
        if text is not None:
            parts.append(Text("report.compare_rate", {"id": key, "change": text}))
    received = now.dossiers.new - before.dossiers.new
    parts.append(Text("report.compare_received", {"change": count_change(received, lang)}))
    changes = Lines(tuple(parts), "; ")
    return Text("report.compare", {"period": period.label(lang), "changes": changes})


def count_change(diff: int, lang: str) -> Text:
    """'↑ 12', '↓ 3' or 'không đổi'."""
    if diff == 0:
        return Text("change.same")
    key = "change.count_up" if diff > 0 else "change.count_down"
    return _counts(key, lang, value=abs(diff))


def _ranking_lines(report: UnitReport, key: str, lang: str) -> list[Content]:
    ranked = report.ranking(key)
    lines: list[Content] = [_counts(f"report.ranking_{key}", lang, count=len(ranked))]
    if not ranked:
        return [*lines, Text("report.ranking_none")]
    best, worst = best_and_worst(ranked)
    for i, item in enumerate(best + worst):
        if i == len(best) and worst and worst[0].rank > best[-1].rank + 1:
            lines.append(Text("report.ranking_gap"))
        values: dict[str, Value] = {
            "rank": item.rank,
            "name": item.unit.name,
            "value": ratio_text(item.ratio, lang),
        }
        lines.append(Text("report.ranking_item", values))
    return lines


def _field_lines(figures: Figures, lang: str) -> list[Content]:
    items = [(name, d) for name, d in figures.fields_by_size() if d.received]
    if len(items) <= 1:
        return []  # one field: the totals above say it all
    lines: list[Content] = [Text("report.fields")]
    for name, d in items[:CHAT_FIELDS]:
        other: dict[str, Value] = {
            "name": name or Text("report.field_none"),
            "on_time": fmt.percent(d.on_time, d.received, lang),
        }
        counts = {"received": d.received, "resolved": d.resolved, "late": d.late}
        lines.append(_counts("report.field_line", lang, other, **counts))
    if len(items) > CHAT_FIELDS:
        lines.append(_counts("report.fields_more", lang, count=len(items) - CHAT_FIELDS))
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


def outcome_content(outcome: ReportOutcome, lang: str, command: str = "stats") -> Text | Lines:
    """What to say for any outcome of a report request (raw values: each channel escapes)."""
    match outcome:
        case ReportReady(report=report):
            return report.content(lang)
        case UnknownWard(query=query, suggestions=suggestions):
            parts: list[Content] = [Text("stats.unknown_ward", {"query": query})]
            if suggestions:
                names = ", ".join(u.name for u in suggestions[:MAX_SUGGESTIONS])
                parts.append(Text("stats.suggest", {"names": names}))
            example = suggestions[0].slug if suggestions else "cautre"
            hint = {"command": command, "example": example}
            return Lines((*parts, Text("stats.unknown_ward_hint", hint)), "")
        case BadPeriod(query=query, reason=reason):
            why: Value = "" if reason == FORMAT else Text(f"period.reason.{reason}")
            return Text("stats.bad_period", {"query": query, "reason": why})
        case WardQuestion() as question:
            return question_text(question, lang)
        case Forbidden(unit=None):
            return Text("stats.forbidden_citizen")
        case Forbidden(unit=Unit() as unit):
            return Text("stats.forbidden", {"unit": unit.name, "kind": kind_text(unit)})
        case ChooseUnit(units=units, period_text=period_text):
            shown = units[:CHOICES_SHOWN]
            named = (Text("stats.choose_unit", {"name": u.name, "slug": u.slug}) for u in shown)
            listed: list[Content] = [Lines(tuple(named), ", ")]
            if len(units) > len(shown):
                listed.append(_counts("stats.choose_more", lang, count=len(units) - len(shown)))
            example = " ".join(p for p in (shown[0].slug if shown else "", period_text) if p)
            units_text = Lines(tuple(listed), "")
            return Text(
                "stats.choose", {"units": units_text, "command": command, "example": example}
            )
        case _:
            return Text("stats.usage", {"command": command})


def reply_for(
    outcome: ReportOutcome,
    lang: str,
    command: str = "stats",
    *,
    with_file: bool = True,
    file_kind: str = "xlsx",
) -> Reply:
    """The reply to /stats, channel-free: the outcome's content — a ready report as
    "report.ready", with the button that sends its file (`with_file`), any other outcome as
    "report.body" — or a question with one button per unit to choose from."""
    if isinstance(outcome, WardQuestion):
        return question_reply(outcome, lang)
    body: dict[str, Value] = {"body": outcome_content(outcome, lang, command=command)}
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
