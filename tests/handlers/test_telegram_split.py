"""Over-long texts are split for Telegram, tags balanced, nothing lost."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.telegram.split import MAX_TEXT, split_html, utf16_len

_TAGS = re.compile(r"<[^>]+>")


def words(text: str) -> list[str]:
    return _TAGS.sub(" ", text).split()


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("ngắn", 1),
        ("a" * MAX_TEXT, 1),
        ("dòng\n" * 1000, 2),  # 5.000 characters, cut at line breaks
        ("<b>" + "chữ đậm " * 700 + "</b>", 2),  # a tag open across the cut
        ("x" * 9000, 3),  # no break anywhere: hard cuts
        ("😀" * 3000, 2),  # 6.000 UTF-16 units
    ],
)
def test_parts_fit_and_keep_every_word(text: str, parts: int) -> None:
    out = split_html(text)
    assert len(out) == parts
    assert all(utf16_len(p) <= MAX_TEXT for p in out)
    assert "".join(words("".join(out))) == "".join(words(text))


def test_tags_are_closed_and_reopened_at_a_cut() -> None:
    first, second = split_html("<b>" + "đậm " * 1500 + "</b> thường")
    assert first.startswith("<b>") and first.endswith("</b>")
    assert second.startswith("<b>") and second.endswith("thường")


def test_an_entity_is_never_cut() -> None:
    for part in split_html("&amp;" * 2000):
        assert re.fullmatch(r"(&amp;)+", part), part[-10:]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(alphabet=st.characters(blacklist_characters="<>&"), max_size=300),
            st.sampled_from(["<b>", "</b>", "<i>", "</i>", "\n", "&lt;", " "]),
        ),
        max_size=80,
    ),
    st.integers(min_value=300, max_value=MAX_TEXT),
)
def test_any_text_splits_into_parts_that_fit(pieces: list[str], limit: int) -> None:
    text = "".join(pieces) * 3
    out = split_html(text, limit)
    assert all(utf16_len(p) <= limit for p in out)
    assert "".join(words("".join(out))) == "".join(words(text))
