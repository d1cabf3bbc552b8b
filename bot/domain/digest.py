"""The weekly indicator digest: a ward's (or an area's) week in figures, and its wording.

Pure: the counts come in (one grouped query over all wards), the Telegram-HTML text goes out.

What is counted, for the local week [Monday 00:00, next Monday 00:00):

* **received** — dossiers received during the week;
* **resolved** — dossiers resolved during the week (whenever received); **on time** when
  resolved no later than their due moment, else **resolved late**;
* **pending overdue** — dossiers received before the week's end, not resolved by then, and past
  their due moment at the week's end (QĐ 766: an open dossier is measured to the period's end);
* **overdue** = resolved late + pending overdue; **decided** = resolved + pending overdue;
* **2.1 on-time rate** = resolved on time ÷ decided;
* **3.3 online rate** = dossiers received online ÷ received (the national sync factor is 1 here);
* **feedback received** — cases filed during the week; **due** — cases (not refused) whose answer
  deadline falls in the week; **answered in time** — of those, answered on or before the deadline;
* **average rating** — the stars of the cases rated during the week;
* **5.2 feedback progress** = answered in time ÷ due;
* **complained dossiers** — distinct dossiers named by a case filed during the week, plus the
  cases rated low (≤ `LOW_RATING` stars) during the week (by their dossier when they name one);
* **5.4 satisfaction** = 100% − (overdue ÷ decided + complained dossiers ÷ received), each part
  counted as 0 when its denominator is 0, floored at 0%; "—" when both denominators are 0.

Rates compare with the previous week in percentage points; counts by their difference. Wards
rank by 2.1, then 5.4, then dossiers received (more first), then name.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from fractions import Fraction

from babel.numbers import format_decimal

from bot.domain import fmt
from bot.domain.models import Unit
from bot.domain.periods import Period, PeriodKind
from bot.domain.texts import t

LOW_RATING = 2  # stars at or below this count as "dislike" for 5.4
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

    def label(self, lang: str) -> str:
        """'tuần 48/2026 (23/11/2026 – 29/11/2026)'."""
        return Period(self.monday, self.sunday, PeriodKind.WEEK, self.year, self.number).label(lang)


@dataclass(frozen=True, slots=True)
class DossierWeek:
    """A ward's dossier counts for one week (see the module docstring)."""

    received: int = 0
    resolved: int = 0
    resolved_on_time: int = 0
    pending_overdue: int = 0
    online: int = 0

    @property
    def resolved_late(self) -> int:
        """Resolved during the week after their due moment."""
        return self.resolved - self.resolved_on_time

    @property
    def overdue(self) -> int:
        """Resolved late plus still open past due at the week's end."""
        return self.resolved_late + self.pending_overdue

    @property
    def decided(self) -> int:
        """Dossiers whose timeliness the week settled (2.1's denominator)."""
        return self.resolved + self.pending_overdue


@dataclass(frozen=True, slots=True)
class FeedbackWeek:
    """A ward's feedback counts for one week (see the module docstring)."""

    received: int = 0
    due: int = 0
    answered_in_time: int = 0
    rated: int = 0
    rating_sum: int = 0
    complained_dossiers: int = 0

    @property
    def average_rating(self) -> Fraction | None:
        """Mean stars of the ratings given during the week."""
        return Fraction(self.rating_sum, self.rated) if self.rated else None


@dataclass(frozen=True, slots=True)
class WeekFigures:
    """One ward's (or an area's summed) week, with the QĐ 766 indicators derived from it."""

    dossiers: DossierWeek = field(default_factory=DossierWeek)
    feedback: FeedbackWeek = field(default_factory=FeedbackWeek)

    @property
    def on_time(self) -> Fraction | None:
        """QĐ 766 2.1: resolved on time ÷ decided."""
        d = self.dossiers
        return Fraction(d.resolved_on_time, d.decided) if d.decided else None

    @property
    def online(self) -> Fraction | None:
        """QĐ 766 3.3: received online ÷ received."""
        d = self.dossiers
        return Fraction(d.online, d.received) if d.received else None

    @property
    def feedback_progress(self) -> Fraction | None:
        """QĐ 766 5.2: answered in time ÷ due in the week."""
        f = self.feedback
        return Fraction(f.answered_in_time, f.due) if f.due else None

    @property
    def satisfaction(self) -> Fraction | None:
        """QĐ 766 5.4: 1 − (overdue rate + complained share), floored at 0."""
        d, f = self.dossiers, self.feedback
        if not d.decided and not d.received:
            return None
        overdue_rate = Fraction(d.overdue, d.decided) if d.decided else Fraction(0)
        complained = Fraction(f.complained_dossiers, d.received) if d.received else Fraction(0)
        return max(Fraction(1) - overdue_rate - complained, Fraction(0))

    def __add__(self, other: WeekFigures) -> WeekFigures:
        a, b = self, other
        return WeekFigures(
            DossierWeek(
                *(x + y for x, y in zip(_dossier_tuple(a), _dossier_tuple(b), strict=True))
            ),
            FeedbackWeek(
                *(x + y for x, y in zip(_feedback_tuple(a), _feedback_tuple(b), strict=True))
            ),
        )


def _dossier_tuple(w: WeekFigures) -> tuple[int, ...]:
    d = w.dossiers
    return (d.received, d.resolved, d.resolved_on_time, d.pending_overdue, d.online)


def _feedback_tuple(w: WeekFigures) -> tuple[int, ...]:
    f = w.feedback
    return (f.received, f.due, f.answered_in_time, f.rated, f.rating_sum, f.complained_dossiers)


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
    on_time = figures.on_time
    satisfaction = figures.satisfaction
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

    @property
    def current(self) -> WeekFigures:
        """The area's summed week."""
        return sum((w.current for w in self.wards), WeekFigures())

    @property
    def previous(self) -> WeekFigures:
        """The area's summed week before."""
        return sum((w.previous for w in self.wards), WeekFigures())

    @property
    def oldest(self) -> tuple[OverdueDossier, ...]:
        """The oldest overdue dossiers across the area."""
        every = [d for w in self.wards for d in w.oldest]
        return tuple(sorted(every, key=lambda d: (d.due_at, d.code))[:OLDEST_SHOWN])


# --- wording -----------------------------------------------------------------------------------


def _points(value: Fraction, lang: str) -> str:
    """A difference of two rates in percentage points, two decimals, locale-formatted."""
    points = Decimal(value.numerator * 100) / Decimal(value.denominator)
    return str(format_decimal(abs(points), "#,##0.00", locale=fmt.locale_of(lang)))


def rate(value: Fraction | None, lang: str) -> str:
    """A rate as a percentage with two decimals, or '—'."""
    if value is None:
        return t(lang, "report.not_applicable")
    return fmt.percent(value.numerator, value.denominator, lang)


def rate_change(now: Fraction | None, before: Fraction | None, lang: str) -> str:
    """' (↑ 1,25 điểm phần trăm)' against last week; '' when either week has no value."""
    if now is None or before is None:
        return ""
    diff = now - before
    if diff == 0:
        return t(lang, "digest.same")
    arrow = "↑" if diff > 0 else "↓"
    return t(lang, "digest.points", arrow=arrow, value=_points(diff, lang))


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
    stars = Decimal(value.numerator) / Decimal(value.denominator)
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
            received=n(d.received),
            received_change=count_change(d.received, p.received, lang),
            resolved=n(d.resolved),
            resolved_change=count_change(d.resolved, p.resolved, lang),
            overdue=n(d.overdue),
            overdue_change=count_change(d.overdue, p.overdue, lang),
        ),
        t(
            lang,
            "digest.on_time",
            value=rate(now.on_time, lang),
            change=rate_change(now.on_time, before.on_time, lang),
            on_time=n(d.resolved_on_time),
            decided=n(d.decided),
        ),
        t(
            lang,
            "digest.online",
            value=rate(now.online, lang),
            change=rate_change(now.online, before.online, lang),
            online=n(d.online),
            received=n(d.received),
        ),
        t(
            lang,
            "digest.feedback",
            received=n(f.received),
            in_time=n(f.answered_in_time),
            due=n(f.due),
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
