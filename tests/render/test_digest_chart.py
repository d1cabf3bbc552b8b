"""The digest chart's labels: Vietnamese decimal commas, and "—" where there is no figure."""

from __future__ import annotations

from fractions import Fraction

import pytest

from bot.domain.digest import WardDigest, Week, WeekFigures
from bot.domain.fmt import share_label
from bot.domain.models import Unit
from bot.render.digest_chart import MatplotlibCharts, ward_figure


@pytest.mark.parametrize(
    ("value", "lang", "label"),
    [
        (Fraction(756, 1000), "vi", "75,6"),
        (Fraction(582, 1000), "en", "58.2"),
        (Fraction(1, 3), "vi", "33,3"),
        (Fraction(1), "vi", "100,0"),
        (Fraction(0), "vi", "0,0"),
        (None, "vi", "—"),
    ],
)
def test_share_label(value: Fraction | None, lang: str, label: str) -> None:
    assert share_label(value, lang) == label


def test_a_week_without_data_is_labelled_as_such_not_as_zero() -> None:
    digest = WardDigest(Unit(1, "ngoquyen", "Phường Ngô Quyền"), WeekFigures(), WeekFigures())
    figure = ward_figure(digest, Week(2026, 48), "vi")
    labels = [text.get_text() for ax in figure.axes for text in ax.texts]
    assert labels == ["—", "—", "—", "—"]
    png = MatplotlibCharts().ward(digest, Week(2026, 48), "vi")
    assert png.startswith(b"\x89PNG")
