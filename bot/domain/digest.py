"""The weekly indicator digest: a ward's (or an area's) week in figures, and its wording.

Pure: the figures come in, the Telegram-HTML text goes out. What is counted is exactly what
`/stats` counts for the same ward and week — the week is a reporting window of
`bot.domain.indicators` (Monday 00:00 to Sunday 23:59:59 local), and every rate (2.1, 3.3,
5.2, 5.3, 5.4) is read off the same `Figures`.

Rates compare with the previous week in percentage points; counts by their difference. Wards
rank by 2.1, then 5.4, then dossiers received (more first), then name.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from babel.numbers import format_decimal

from bot.domain import fmt
from bot.domain.indicators import Figures, Ratio, Window
from bot.domain.models import Unit
from bot.domain.periods import Period, PeriodKind
from bot.domain.texts import t

OLDEST_SHOWN = 5
RANKING_SHOWN = 15  # an area with more wards lists the top and the bottom


@dataclass(frozen=True, slots=True)
class Week:
    """An ISO week of local dates (Monday to Sunday)."""

    year: int
    number: int

    @classmethod
    def of(cls, day: date) -> Week:
        """The ISO week that contains `day`."""
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @classmethod
    def last_full_before(cls, moment: datetime, tz: tzinfo) -> Week:
        """The latest week that ended by `moment` (a Monday digest reports the week before)."""
        return cls.of(moment.astimezone(tz).date() - timedelta(days=7))

    @property
    def key(self) -> str:
        """'2026-W48': the occurrence key of the digest."""
        return f"{self.year}-W{self.number:02d}"

    @property
    def monday(self) -> date:
        """The first day of the week."""
        return date.fromisocalendar(self.year, self.number, 1)

    @property
    def sunday(self) -> date:
        """The last day of the week."""
        return self.monday + timedelta(days=6)

    def previous(self) -> Week:
        """The week before."""
        return Week.of(self.monday - timedelta(days=7))

    def bounds(self, tz: tzinfo) -> tuple[datetime, datetime]:
        """[start, end) of the week as aware local midnights."""
        start = datetime.combine(self.monday, time(0), tzinfo=tz)
        return start, datetime.combine(self.monday + timedelta(days=7), time(0), tzinfo=tz)

    @property
    def period(self) -> Period:
        """The week as a reporting period."""
        return Period(self.monday, self.sunday, PeriodKind.WEEK, self.year, self.number)

    def window(self, now: datetime, tz: tzinfo) -> Window:
        """The week's reporting window (the same /stats uses for this week)."""
        return Window.of(self.period, now, tz)

    def label(self, lang: str) -> str:
        """'tuần 48/2026 (23/11/2026 – 29/11/2026)'."""
        return self.period.label(lang)


# A ward's (or an area's summed) week: the indicators' figures of the week's window.
WeekFigures = Figures


@dataclass(frozen=True, slots=True)
class OverdueDossier:
    """An open dossier past its due date, without personal data."""

    code: str
    unit_id: int
    procedure: str
    due_at: datetime
    days_late: int  # working days since the due date


@dataclass(frozen=True, slots=True)
class WardDigest:
    """A ward's week against the week before, its rank, and its oldest overdue dossiers."""

    unit: Unit
    current: WeekFigures
    previous: WeekFigures
    rank: int | None = None
    ranked_among: int = 0
    oldest: tuple[OverdueDossier, ...] = ()


def rank_key(unit: Unit, figures: WeekFigures) -> tuple[object, ...]:
    """Sort key of the ranking: 2.1 desc, 5.4 desc, received desc, name (missing rates last)."""
    on_time = figures.on_time.value
    satisfaction = figures.satisfaction.value
    return (
        on_time is None,
        -(on_time or 0),
        satisfaction is None,
        -(satisfaction or 0),
        -figures.dossiers.received,
        unit.name,
    )


def rank(items: Iterable[tuple[Unit, WeekFigures]]) -> dict[int, int]:
    """Unit id → 1-based rank (ties share nothing: the key orders them fully)."""
    ordered = sorted(items, key=lambda uf: rank_key(uf[0], uf[1]))
    return {unit.id: i for i, (unit, _) in enumerate(ordered, start=1)}


def build_ward_digests(
    wards: Sequence[Unit],
    current: Mapping[int, WeekFigures],
    previous: Mapping[int, WeekFigures],
    oldest: Mapping[int, Sequence[OverdueDossier]],
) -> list[WardDigest]:
    """A digest per ward, ranked among the wards given (one area's wards)."""
    empty = WeekFigures()
    ranks = rank((w, current.get(w.id, empty)) for w in wards)
    digests = [
        WardDigest(
            unit=w,
            current=current.get(w.id, empty),
            previous=previous.get(w.id, empty),
            rank=ranks[w.id],
            ranked_among=len(wards),
            oldest=tuple(oldest.get(w.id, ())[:OLDEST_SHOWN]),
        )
        for w in wards
    ]
    return sorted(digests, key=lambda d: d.rank or 0)


@dataclass(frozen=True, slots=True)
class AreaDigest:
    """A supervisor's view: the wards of an area, ranked, with the area's totals."""

    area: Unit
    wards: tuple[WardDigest, ...]
    # The area's week with every unit under it (merged wards and its own desk included), as
    # /stats counts it; None: the sum of the wards listed.
    totals: tuple[WeekFigures, WeekFigures] | None = None

    @property
    def current(self) -> WeekFigures:
        """The area's week."""
        if self.totals is not None:
            return self.totals[0]
        return sum((w.current for w in self.wards), WeekFigures())

    @property
    def previous(self) -> WeekFigures:
        """The area's week before."""
        if self.totals is not None:
            return self.totals[1]
        return sum((w.previous for w in self.wards), WeekFigures())

    @property
    def oldest(self) -> tuple[OverdueDossier, ...]:
        """The oldest overdue dossiers across the area."""
        every = [d for w in self.wards for d in w.oldest]
        return tuple(sorted(every, key=lambda d: (d.due_at, d.code))[:OLDEST_SHOWN])


# --- wording -----------------------------------------------------------------------------------


def rate(value: Ratio | Fraction | None, lang: str) -> str:
    """A rate as a percentage with two decimals, or '—'."""
    return fmt.rate(value.value if isinstance(value, Ratio) else value, lang)


def rate_change(now: Ratio, before: Ratio, lang: str) -> str:
    """' (↑ 1,25 điểm phần trăm)' against last week; '' when either week has no value."""
    if now.value is None or before.value is None:
        return ""
    diff = now.value - before.value
    if diff == 0:
        return t(lang, "digest.same")
    arrow = "↑" if diff > 0 else "↓"
    return t(lang, "digest.points", arrow=arrow, value=fmt.points(diff, lang))


def count_change(now: int, before: int, lang: str) -> str:
    """' (↑ 12)' against last week; ' (=)' when equal."""
    diff = now - before
    if diff == 0:
        return t(lang, "digest.same")
    arrow = "↑" if diff > 0 else "↓"
    return t(lang, "digest.count_change", arrow=arrow, value=fmt.number(abs(diff), lang))


def _average(value: Fraction | None, lang: str) -> str:
    if value is None:
        return t(lang, "report.not_applicable")
    stars = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.1"), ROUND_HALF_UP
    )
    return str(format_decimal(stars, "0.0", locale=fmt.locale_of(lang)))


def _figure_lines(now: WeekFigures, before: WeekFigures, lang: str) -> list[str]:
    d, p = now.dossiers, before.dossiers
    f = now.feedback

    def n(value: int) -> str:
        return fmt.number(value, lang)

    return [
        t(
            lang,
            "digest.dossiers",
            new=n(d.new),
            new_change=count_change(d.new, p.new, lang),
            carried=n(d.carried_over),
            resolved=n(d.resolved),
            resolved_change=count_change(d.resolved, p.resolved, lang),
            overdue=n(d.overdue_total),
            overdue_change=count_change(d.overdue_total, p.overdue_total, lang),
        ),
        t(
            lang,
            "digest.on_time",
            value=rate(now.on_time, lang),
            change=rate_change(now.on_time, before.on_time, lang),
            on_time=n(d.on_time),
            population=n(d.received),
        ),
        t(
            lang,
            "digest.online",
            value=rate(now.online, lang),
            change=rate_change(now.online, before.online, lang),
            online=n(d.online),
            received=n(d.new),
        ),
        t(
            lang,
            "digest.feedback",
            received=n(f.received),
            in_time=n(f.progress_in_time),
            cases=n(f.progress_cases),
            rating=_average(f.average_rating, lang),
            rated=n(f.rated),
        ),
        t(
            lang,
            "digest.progress",
            value=rate(now.feedback_progress, lang),
            change=rate_change(now.feedback_progress, before.feedback_progress, lang),
        ),
        t(
            lang,
            "digest.feedback_satisfaction",
            value=rate(now.feedback_satisfaction, lang),
            change=rate_change(now.feedback_satisfaction, before.feedback_satisfaction, lang),
        ),
        t(
            lang,
            "digest.satisfaction",
            value=rate(now.satisfaction, lang),
            change=rate_change(now.satisfaction, before.satisfaction, lang),
        ),
    ]


def _oldest_lines(
    oldest: Sequence[OverdueDossier], names: dict[int, str] | None, tz: tzinfo, lang: str
) -> list[str]:
    if not oldest:
        return [t(lang, "digest.oldest_none")]
    lines = [t(lang, "digest.oldest")]
    for d in oldest:
        ward = t(lang, "digest.oldest_ward", ward=html.escape(names[d.unit_id])) if names else ""
        lines.append(
            t(
                lang,
                "digest.oldest_item",
                code=html.escape(d.code),
                procedure=html.escape(d.procedure or "—"),
                due=fmt.day(d.due_at.astimezone(tz).date(), lang),
                days=fmt.number(d.days_late, lang),
                ward=ward,
            )
        )
    return lines


def render_ward(
    digest: WardDigest, week: Week, tz: tzinfo, lang: str, area: Unit | None = None
) -> str:
    """A ward's digest as Telegram HTML."""
    lines = [
        t(lang, "digest.title", week=week.label(lang)),
        t(lang, "digest.ward", name=html.escape(digest.unit.name)),
    ]
    if digest.rank is not None and digest.ranked_among > 1 and area is not None:
        lines.append(
            t(
                lang,
                "digest.rank",
                rank=digest.rank,
                total=digest.ranked_among,
                area=html.escape(area.name),
            )
        )
    lines.append("")
    lines += _figure_lines(digest.current, digest.previous, lang)
    lines.append("")
    lines += _oldest_lines(digest.oldest, None, tz, lang)
    return "\n".join(lines)


def render_area(digest: AreaDigest, week: Week, tz: tzinfo, lang: str) -> str:
    """An area's digest (a supervisor's wards) as Telegram HTML."""
    now, before = digest.current, digest.previous
    lines = [
        t(lang, "digest.title", week=week.label(lang)),
        t(
            lang,
            "digest.area",
            name=html.escape(digest.area.name),
            wards=fmt.number(len(digest.wards), lang),
        ),
        "",
    ]
    lines += _figure_lines(now, before, lang)
    lines += ["", t(lang, "digest.ranking")]
    shown: list[WardDigest | None] = list(digest.wards)
    if len(shown) > RANKING_SHOWN:
        shown = [*digest.wards[: RANKING_SHOWN - 5], None, *digest.wards[-5:]]
    for ward in shown:
        if ward is None:
            hidden = len(digest.wards) - RANKING_SHOWN + 1
            lines.append(t(lang, "digest.ranking_more", count=fmt.number(hidden, lang)))
            continue
        lines.append(
            t(
                lang,
                "digest.ranking_item",
                rank=ward.rank or 0,
                name=html.escape(ward.unit.name),
                on_time=rate(ward.current.on_time, lang),
                change=rate_change(ward.current.on_time, ward.previous.on_time, lang),
                online=rate(ward.current.online, lang),
                satisfaction=rate(ward.current.satisfaction, lang),
            )
        )
    lines.append("")
    names = {w.unit.id: w.unit.name for w in digest.wards}
    lines += _oldest_lines(digest.oldest, names, tz, lang)
    return "\n".join(lines)
