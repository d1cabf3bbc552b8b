"""Rendering channel-free content: values are escaped by the channel that needs it (Telegram
HTML), never by the core; plain channels show values as they are and drop the markup."""

from __future__ import annotations

import pytest

from bot.domain.messages import (
    ContentError,
    Excerpt,
    Lines,
    Text,
    TrackLink,
    content_from_json,
    content_to_json,
)
from bot.render.plain import render_plain, to_plain
from handlers.telegram.render import to_html

HOSTILE = 'Phường <A&B> "số 1"'


def test_telegram_escapes_the_values_and_keeps_the_sentence_markup() -> None:
    text = Text("track.not_found", {"code": HOSTILE})
    assert to_html(text, "vi") == (
        "Không tìm thấy phản ánh nào có mã Phường &lt;A&amp;B&gt; &quot;số 1&quot;."
    )
    nested = Text("role.unit", {"unit": HOSTILE})
    greeting = Text("start.staff", {"name": "<i>x</i>", "role": Text("role.admin"), "unit": nested})
    html = to_html(greeting, "vi")
    assert "<b>quản trị</b>" in html  # the sentence's own markup
    assert "&lt;i&gt;x&lt;/i&gt;" in html and "&lt;A&amp;B&gt;" in html


def test_plain_text_keeps_values_as_they_are_and_drops_the_markup() -> None:
    greeting = Text("start.staff", {"name": "a < b & c", "role": Text("role.admin"), "unit": ""})
    plain = render_plain(greeting, "vi")
    assert plain.startswith("Xin chào a < b & c! Bạn đang dùng bot với vai trò quản trị.")
    assert "<b>" not in plain


def test_a_link_keeps_its_address_in_plain_text() -> None:
    link = Text("staff.file_link", {"caption": "PA-1 — a&b.pdf", "url": "https://x/1?a=1&b=2"})
    assert render_plain(link, "vi") == "PA-1 — a&b.pdf: mở tệp (https://x/1?a=1&b=2)"
    assert to_html(link, "vi") == (
        'PA-1 — a&amp;b.pdf: <a href="https://x/1?a=1&amp;b=2">mở tệp</a>'
    )


def test_deep_links_are_telegrams_and_only_with_the_bots_name() -> None:
    filed = Text(
        "feedback.filed",
        {
            "code": "PA-4AMY-9FPA",
            "link": TrackLink("PA-4AMY-9FPA"),
            "accept_due": "01/12/2026",
            "answer_due": "17/12/2026",
            "anonymous": "",
            "unit": "Phường Ngô Quyền",
            "kind": "phường",
        },
    )
    assert "https://t.me/cchc_bot?start=PA4AMY9FPA" in to_html(filed, "vi", "cchc_bot")
    assert "t.me" not in to_html(filed, "vi") and "t.me" not in render_plain(filed, "vi")


def test_lines_and_excerpts() -> None:
    lines = Lines((Text("data.no_cases"), Text("data.draft")), "\n")
    assert render_plain(lines, "vi").count("\n") == 1
    quoted = Excerpt(Text("info.prompt", {"code": "<&>" + "x" * 50}), 40)
    alert = Text("track.not_found", {"code": quoted})
    cut = "Hãy gõ nội dung bổ sung cho phản ánh <&…"
    assert len(cut) == 40
    assert render_plain(alert, "vi") == f"Không tìm thấy phản ánh nào có mã {cut}."
    assert to_html(alert, "vi") == "Không tìm thấy phản ánh nào có mã " + (
        "Hãy gõ nội dung bổ sung cho phản ánh &lt;&amp;…."
    )


def test_markup_made_elsewhere_passes_through_telegram_and_is_stripped_for_plain() -> None:
    made = "<b>Phường A&amp;B</b>"
    assert to_html(made, "vi") == made
    assert render_plain(made, "vi") == to_plain(made) == "Phường A&B"


def test_english_comes_from_the_english_table() -> None:
    assert render_plain(Text("erase.kept"), "en") != render_plain(Text("erase.kept"), "vi")


@pytest.mark.parametrize(
    "content",
    [
        Text("erase.kept"),
        "<b>markup</b>",
        Text("dossier.view", {"code": "A<1>", "status": Text("dossier.pending"), "n": 3}),
        Lines((Text("data.no_cases"), Text("track.rating", {"stars": "★"})), "\n\n"),
        Text("x", {"link": TrackLink("PA-4AMY-9FPA"), "q": Excerpt(Text("y", {"v": 1.5}), 9)}),
    ],
)
def test_content_survives_json(content: object) -> None:
    assert content_from_json(content_to_json(content)) == content  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "data", [[], "x", {"t": 3}, {"l": "x"}, {"t": "k", "v": {"a": True}}, {"x": {}}, None]
)
def test_garbage_is_no_content(data: object) -> None:
    with pytest.raises(ContentError):
        content_from_json(data)
