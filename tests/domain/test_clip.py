"""Cutting a text for a card or a notice: at a word where one is near, always with "…"."""

from __future__ import annotations

import pytest

from bot.domain.fmt import clip


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("ngắn", 10, "ngắn"),
        ("đúng mười!", 10, "đúng mười!"),
        ("Hồ sơ khai sinh quá hạn", 12, "Hồ sơ khai…"),  # at the word, not "Hồ sơ khai s…"
        ("Hồ sơ, khai sinh", 8, "Hồ sơ…"),  # no dangling comma
        ("xxxxxxxxxxxxxxxxxxxx", 10, "xxxxxxxxx…"),  # one long word: cut inside it
    ],
)
def test_clip(text: str, limit: int, expected: str) -> None:
    assert clip(text, limit) == expected
    assert len(clip(text, limit)) <= limit
