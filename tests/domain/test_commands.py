"""Commands as people type them: one table for Telegram's command names and Zalo's words."""

from __future__ import annotations

import re

import pytest

from bot.domain.commands import (
    WORDS,
    Command,
    CommandName,
    asks_for_help,
    command_names,
    parse_typed,
    split_ward_and_period,
)
from bot.domain.wards import fold

C = CommandName


@pytest.mark.parametrize(
    ("text", "in_conversation", "expected"),
    [
        ("/tracuu PA-AAAA-AAAA", True, Command(C.TRACK, "PA-AAAA-AAAA")),
        ("Tra cứu PA-AAAA-AAAA", False, Command(C.TRACK, "PA-AAAA-AAAA")),
        ("phản ánh", False, Command(C.FEEDBACK)),
        ("Huỷ", True, Command(C.CANCEL)),
        ("thống kê cautre Q3/2022", False, Command(C.STATS, "cautre Q3/2022")),
        ("Hộp thư", False, Command(C.INBOX)),
        # The desk's report typed without "/", as Zalo's officials write it.
        ("báo cáo cautre 2022", False, Command(C.REPORT, "cautre 2022")),
        ("Báo cáo", False, Command(C.REPORT)),
        ("Báo cáo của tôi về thủ tục", True, None),  # a description in a conversation
        ("/xinloi NQ-2026-006521", False, Command(C.APOLOGY, "NQ-2026-006521")),
        ("/stats@cchc_bot cautre", False, Command(C.STATS, "cautre")),
        # Inside a conversation a description that starts like a command stays a description.
        ("Hồ sơ của tôi bị trễ hạn", True, None),
        ("xin chào", False, None),
        ("/khongco", False, None),
        # Ordinary words are commands only with "/": "chán", "nháp", "xin lỗi…".
        ("chán", False, None),
        ("nhap", False, None),
        ("xin lỗi cho tôi hỏi", False, None),
        ("/chan 1005", False, Command(C.BLOCK, "1005")),
        ("Giúp", False, Command(C.HELP)),
        ("Trợ giúp!", True, Command(C.HELP)),  # punctuation around a whole word
        ("hủy.", True, Command(C.CANCEL)),
    ],
)
def test_typed_commands(text: str, in_conversation: bool, expected: Command | None) -> None:
    assert parse_typed(text, in_conversation=in_conversation) == expected


def test_every_command_has_a_name_and_the_names_are_valid_telegram_commands() -> None:
    assert set(WORDS.values()) == set(CommandName)
    names = command_names()
    assert all(re.fullmatch(r"[a-z0-9_]{1,32}", n) for n in names)
    assert {WORDS[n] for n in names} == set(CommandName)  # each reachable as /name
    assert all(fold(w) == w for w in WORDS)  # keys are stored folded


@pytest.mark.parametrize(
    ("text", "ward", "period"),
    [
        ("cautre", "cautre", None),
        ("cau tre 2022", "cau tre", "2022"),
        ("cautre Q3/2022", "cautre", "Q3/2022"),
        ("", "", None),
    ],
)
def test_ward_and_period_are_split(text: str, ward: str, period: str | None) -> None:
    known = {"cautre", "cau tre"}
    assert split_ward_and_period(text, lambda w: w in known) == (ward, period)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("help", True),
        ("HELP?", True),
        ("tro giup", True),
        ("Trợ giúp", True),
        ("giúp", True),
        ("giúp đỡ", True),
        ("Hướng dẫn!", True),
        ("giúp tôi với, hồ sơ bị trễ", False),  # a question: the conversation's to read
        ("hủy", False),  # other words are plain text where a command menu exists
        ("", False),
    ],
)
def test_the_words_for_help(text: str, expected: bool) -> None:
    assert asks_for_help(text) is expected
