"""The weekly digest's chart as PNG bytes (matplotlib, Agg, DejaVu Sans for the diacritics).

Rendering, not rules: the figures come from `bot.domain.digest`, the labels from the texts.
Uses matplotlib's object API (no pyplot state), so charts can be drawn in worker threads.
matplotlib is imported when the first chart is drawn, not when the bot starts (it costs ~0,5 s).
"""

from __future__ import annotations

import io
from fractions import Fraction
from typing import TYPE_CHECKING

from bot.domain.digest import AreaDigest, WardDigest, Week, WeekFigures
from bot.domain.fmt import share_label
from bot.domain.indicators import Ratio
from bot.domain.texts import t

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FONT = "DejaVu Sans"  # ships with matplotlib; has every Vietnamese diacritic
AREA_BARS = 20  # wards shown in an area's chart (the top of the ranking)
_THIS, _LAST = "#1f6fb2", "#a9c7e3"


def _pct(ratio: Ratio) -> float:
    """A bar's height; no figure draws no bar (its label says "—", never "0,0")."""
    value: Fraction | None = ratio.value
    return float(value * 100) if value is not None else 0.0


def _indicators(figures: WeekFigures) -> list[Ratio]:
    return [
        figures.on_time,
        figures.online,
        figures.feedback_progress,
        figures.satisfaction,
    ]


def _png(figure: Figure) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=100)
    return out.getvalue()


class MatplotlibCharts:
    """`DigestCharts` drawn with matplotlib."""

    def ward(self, digest: WardDigest, week: Week, lang: str) -> bytes:
        """This week's QĐ 766 indicators beside last week's, as grouped bars."""
        return _png(ward_figure(digest, week, lang))

    def area(self, digest: AreaDigest, week: Week, lang: str) -> bytes:
        """Each ward's on-time rate (2.1), best first, as horizontal bars."""
        return _png(area_figure(digest, week, lang))


def ward_figure(digest: WardDigest, week: Week, lang: str) -> Figure:
    """The ward chart as a matplotlib Figure (labels in the language's number format)."""
    labels = [
        t(lang, "chart.on_time"),
        t(lang, "chart.online"),
        t(lang, "chart.progress"),
        t(lang, "chart.satisfaction"),
    ]
    current = _indicators(digest.current)
    now = [_pct(v) for v in current]
    before = [_pct(v) for v in _indicators(digest.previous)]
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 4.5))
    ax = figure.add_subplot()
    xs = range(len(labels))
    width = 0.38
    ax.bar(
        [x - width / 2 for x in xs],
        before,
        width,
        color=_LAST,
        label=t(lang, "chart.last_week"),
    )
    bars = ax.bar(
        [x + width / 2 for x in xs], now, width, color=_THIS, label=t(lang, "chart.this_week")
    )
    ax.bar_label(
        bars, labels=[share_label(v.value, lang) for v in current], fontsize=8, fontfamily=FONT
    )
    ax.set_xticks(list(xs), labels, fontfamily=FONT, fontsize=9)
    ax.set_ylim(0, 110)
    ax.set_ylabel(t(lang, "chart.percent"), fontfamily=FONT)
    ax.set_title(
        t(lang, "chart.title_ward", name=digest.unit.name, week=week.label(lang)),
        fontfamily=FONT,
        fontsize=11,
    )
    ax.legend(prop={"family": FONT, "size": 9}, loc="lower right")
    ax.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return figure


def area_figure(digest: AreaDigest, week: Week, lang: str) -> Figure:
    """The area chart as a matplotlib Figure."""
    wards = list(digest.wards[:AREA_BARS])
    names = [w.unit.name for w in wards]
    values = [_pct(w.current.on_time) for w in wards]
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, max(2.5, 0.35 * len(wards) + 1.2)))
    ax = figure.add_subplot()
    ys = list(range(len(wards)))
    bars = ax.barh(ys, values, color=_THIS)
    ax.bar_label(
        bars,
        labels=[share_label(w.current.on_time.value, lang) for w in wards],
        fontsize=8,
        fontfamily=FONT,
        padding=2,
    )
    ax.set_yticks(ys, names, fontfamily=FONT, fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, 110)
    ax.set_xlabel(t(lang, "chart.percent"), fontfamily=FONT)
    ax.set_title(
        t(lang, "chart.title_area", name=digest.area.name, week=week.label(lang)),
        fontfamily=FONT,
        fontsize=11,
    )
    ax.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return figure
