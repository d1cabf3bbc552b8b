"""The weekly indicator digest: a ward's (or an area's) week in figures, and its wording.

Pure: the figures come in, the content goes out (texts keys with raw values: each channel
renders and escapes them). What is counted is exactly what
`/stats` counts for the same ward and week — the week is a reporting window of
`bot.domain.indicators` (Monday 00:00 to Sunday 23:59:59 local), and every rate (2.1, 3.3,
5.2, 5.3, 5.4) is read off the same `Figures`.

Rates compare with the previous week in percentage points; counts by their difference. Wards
rank by 2.1, then 5.4, then dossiers received (more first), then name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from babel.numbers import format_decimal

from bot.domain import fmt
from bot.domain.indicators import Figures, Ratio, Window
from bot.domain.messages import Content, Lines, Text, Value
from bot.domain.models import Unit
from bot.domain.periods import Period, PeriodKind

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


def rate_change(now: Ratio, before: Ratio, lang: str) -> Value:
    """' (↑ 1,25 điểm phần trăm)' against last week; '' when either week has no value."""
    if now.value is None or before.value is None:
        return ""
    diff = now.value - before.value
    if diff == 0:
        return Text("digest.same")
    arrow = "↑" if diff > 0 else "↓"
    return Text("digest.points", {"arrow": arrow, "value": fmt.points(diff, lang)})


def count_change(now: int, before: int, lang: str) -> Text:
    """' (↑ 12)' against last week; ' (=)' when equal."""
    diff = now - before
    if diff == 0:
        return Text("digest.same")
    arrow = "↑" if diff > 0 else "↓"
    return Text("digest.count_change", {"arrow": arrow, "value": fmt.number(abs(diff), lang)})


def _average(value: Fraction | None, lang: str) -> Value:
    if value is None:
        return Text("report.not_applicable")
    stars = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.1"), ROUND_HALF_UP
    )
    return str(format_decimal(stars, "0.0", locale=fmt.locale_of(lang)))


def _rate(key: str, now: Ratio, before: Ratio, lang: str, **counts: int) -> Text:
    """A rate's line: this week's value, its change since last week, and its counts."""
    values: dict[str, Value] = {"value": rate(now, lang), "change": rate_change(now, before, lang)}
    return Text(key, values | {name: fmt.number(n, lang) for name, n in counts.items()})


def _figure_lines(now: WeekFigures, before: WeekFigures, lang: str) -> Lines:
    d, p = now.dossiers, before.dossiers
    f = now.feedback

    def n(value: int) -> str:
        return fmt.number(value, lang)

    dossiers: dict[str, Value] = {
        "new": n(d.new),
        "new_change": count_change(d.new, p.new, lang),
        "carried": n(d.carried_over),
        "resolved": n(d.resolved),
        "resolved_change": count_change(d.resolved, p.resolved, lang),
        "overdue": n(d.overdue_total),
        "overdue_change": count_change(d.overdue_total, p.overdue_total, lang),
    }
    feedback: dict[str, Value] = {
        "received": n(f.received),
        "in_time": n(f.progress_in_time),
        "cases": n(f.progress_cases),
        "rating": _average(f.average_rating, lang),
        "rated": n(f.rated),
    }
    return Lines(
        (
            Text("digest.dossiers", dossiers),
            _rate(
                "digest.on_time",
                now.on_time,
                before.on_time,
                lang,
                on_time=d.on_time,
                population=d.received,
            ),
            _rate(
                "digest.online", now.online, before.online, lang, online=d.online, received=d.new
            ),
            Text("digest.feedback", feedback),
            _rate("digest.progress", now.feedback_progress, before.feedback_progress, lang),
            _rate(
                "digest.feedback_satisfaction",
                now.feedback_satisfaction,
                before.feedback_satisfaction,
                lang,
            ),
            _rate("digest.satisfaction", now.satisfaction, before.satisfaction, lang),
        )
    )


def _oldest_lines(
    oldest: Sequence[OverdueDossier], names: dict[int, str] | None, tz: tzinfo, lang: str
) -> Lines:
    if not oldest:
        return Lines((Text("digest.oldest_none"),))
    lines: list[Content] = [Text("digest.oldest")]
    for d in oldest:
        ward: Value = Text("digest.oldest_ward", {"ward": names[d.unit_id]}) if names else ""
        values: dict[str, Value] = {
            "code": d.code,
            "procedure": d.procedure or "—",
            "due": fmt.day(d.due_at.astimezone(tz).date(), lang),
            "days": fmt.number(d.days_late, lang),
            "ward": ward,
        }
        lines.append(Text("digest.oldest_item", values))
    return Lines(tuple(lines))


def ward_content(
    digest: WardDigest, week: Week, tz: tzinfo, lang: str, area: Unit | None = None
) -> Lines:
    """A ward's digest: its title, its figures, its oldest overdue dossiers."""
    head: list[Content] = [
        Text("digest.title", {"week": week.label(lang)}),
        Text("digest.ward", {"name": digest.unit.name}),
    ]
    if digest.rank is not None and digest.ranked_among > 1 and area is not None:
        ranked: dict[str, Value] = {
            "rank": digest.rank,
            "total": digest.ranked_among,
            "area": area.name,
        }
        head.append(Text("digest.rank", ranked))
    return Lines(
        (
            Lines(tuple(head)),
            _figure_lines(digest.current, digest.previous, lang),
            _oldest_lines(digest.oldest, None, tz, lang),
        ),
        "\n\n",
    )


def area_content(digest: AreaDigest, week: Week, tz: tzinfo, lang: str) -> Lines:
    """An area's digest (a supervisor's wards): its figures, its wards ranked, the oldest
    overdue dossiers across it."""
    area = {"name": digest.area.name, "wards": fmt.number(len(digest.wards), lang)}
    head = Lines((Text("digest.title", {"week": week.label(lang)}), Text("digest.area", area)))
    ranking: list[Content] = [Text("digest.ranking")]
    shown: list[WardDigest | None] = list(digest.wards)
    if len(shown) > RANKING_SHOWN:
        shown = [*digest.wards[: RANKING_SHOWN - 5], None, *digest.wards[-5:]]
    for ward in shown:
        if ward is None:
            hidden = len(digest.wards) - RANKING_SHOWN + 1
            ranking.append(Text("digest.ranking_more", {"count": fmt.number(hidden, lang)}))
            continue
        now, before = ward.current, ward.previous
        values: dict[str, Value] = {
            "rank": ward.rank or 0,
            "name": ward.unit.name,
            "on_time": rate(now.on_time, lang),
            "change": rate_change(now.on_time, before.on_time, lang),
            "online": rate(now.online, lang),
            "satisfaction": rate(now.satisfaction, lang),
        }
        ranking.append(Text("digest.ranking_item", values))
    names = {w.unit.id: w.unit.name for w in digest.wards}
    return Lines(
        (
            head,
            _figure_lines(digest.current, digest.previous, lang),
            Lines(tuple(ranking)),
            _oldest_lines(digest.oldest, names, tz, lang),
        ),
        "\n\n",
    )
