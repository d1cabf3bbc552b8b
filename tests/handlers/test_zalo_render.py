"""The Zalo renderer: plain text, 2.000-character parts, buttons or numbered choices."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.choices import Pick
from bot.domain.feedback import Attachment
from bot.domain.messages import Choice, Reply
from bot.render.plain import to_plain
from handlers.zalo.render import (
    MAX_TEXT,
    ZaloButtons,
    ZaloText,
    pick,
    render,
    render_reply,
    split_text,
)


def test_html_is_stripped_and_unescaped() -> None:
    assert to_plain("<b>Mã</b> &lt;PA&gt; &amp; <code>/tracuu</code>") == "Mã <PA> & /tracuu"


def test_short_text_is_one_part() -> None:
    assert split_text("xin chào") == ["xin chào"]


def test_split_prefers_lines_then_sentences() -> None:
    line = "a" * 1500
    parts = split_text(f"{line}\n{line}")
    assert parts == [line, line]
    sentence = "Câu này khá dài. " * 200  # one 3.400-character line
    parts = split_text(sentence.strip())
    assert len(parts) == 2
    assert all(len(p) <= MAX_TEXT for p in parts)
    assert parts[0].endswith(".")


def test_a_word_longer_than_the_limit_is_cut() -> None:
    parts = split_text("x" * 4500)
    assert [len(p) for p in parts] == [2000, 2000, 500]


@given(st.text(alphabet=st.sampled_from("ab .\n"), max_size=6000))
def test_split_keeps_every_word_and_the_limit(text: str) -> None:
    parts = split_text(text, 100)
    assert all(len(p) <= 100 for p in parts)
    assert "".join(" ".join(parts).split()) == "".join(text.split())


def test_up_to_five_choices_are_one_button_template() -> None:
    parts = render("<b>Chọn</b>", [("Có", "agree"), ("Không", "disagree")], "vi")
    assert parts == [ZaloButtons("Chọn", (("Có", "agree"), ("Không", "disagree")))]


def test_more_than_five_choices_are_numbered_text() -> None:
    choices = [(f"Mục {n}", f"c:{n}") for n in range(1, 8)]
    [part] = render("Chọn loại", choices, "vi")
    assert isinstance(part, ZaloText)
    assert "1. Mục 1\n2. Mục 2" in part.text and "7. Mục 7" in part.text
    assert "số thứ tự" in part.text


def test_buttons_go_with_the_last_part_of_a_long_text() -> None:
    parts = render("a" * 2500, [("Xong", "done")], "vi")
    assert isinstance(parts[0], ZaloText) and isinstance(parts[1], ZaloButtons)


def test_a_reply_asks_for_location_and_phone_in_words() -> None:
    reply = Reply(
        "intake.contact",
        request_contact=True,
        choices=(Choice(Pick.ANONYMOUS, "intake.choice.anonymous"),),
    )
    [part] = render_reply(reply, "vi")
    assert isinstance(part, ZaloButtons)
    assert "gõ số điện thoại" in part.text
    assert part.buttons == (("Gửi ẩn danh", "anon"),)


def test_numbered_choices_run_on_from_the_given_number() -> None:
    choices = [(f"Việc {n}", f"p{n}") for n in range(1, 7)]
    (part,) = render("Chọn:", choices, "vi", first=7)
    assert isinstance(part, ZaloText)
    assert "\n7. Việc 1\n" in part.text and "\n12. Việc 6\n" in part.text
    assert "\n1. Việc" not in part.text
    assert "ví dụ 7" in part.text


OFFERED = [("Trả lời", "s:answer:1"), ("Đóng", "s:close:1"), ("Phường Gia Viên", "s:to:1:4")]


@pytest.mark.parametrize(
    ("typed", "payload"),
    [
        ("1", "s:answer:1"),
        (" 2. ", "s:close:1"),  # as written in the list
        ("3", "s:to:1:4"),
        ("4", None),  # past the list
        ("0", None),
        ("đóng", "s:close:1"),  # the label, any case
        ("phuong gia vien", "s:to:1:4"),  # without diacritics
        ("Phường Gia", None),  # part of a label is not a choice
        ("", None),
        ("١", None),  # only ASCII digits are numbers
    ],
)
def test_a_typed_number_or_label_picks_a_numbered_choice(typed: str, payload: str | None) -> None:
    assert pick(typed, OFFERED) == payload


def test_nothing_is_picked_when_nothing_was_offered_or_two_labels_match() -> None:
    assert pick("1", []) is None
    assert pick("đóng", [("Đóng", "a"), ("ĐÓNG", "b")]) is None


def test_a_file_kept_by_another_channel_is_named_not_dropped() -> None:
    reply = Reply("staff.file", {"caption": "PA-AAAA-BBBB"}, attachment=Attachment("photo", "AgAC"))
    (part,) = render_reply(reply, "vi")
    assert part.text.startswith("PA-AAAA-BBBB\n\n(Ảnh này người dân gửi qua Telegram")
    assert "AgAC" not in part.text  # another channel's file id means nothing here
