"""The texts tables: both languages have the same keys and the same placeholders."""

from __future__ import annotations

import re
import string
from pathlib import Path

from bot.domain.texts import LANGUAGES, language_of, t


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_languages_have_the_same_keys_and_placeholders() -> None:
    vi, en = LANGUAGES["vi"], LANGUAGES["en"]
    assert set(vi) == set(en)
    # Quarters are Roman in Vietnamese (quý III/2022) and Arabic in English (Q3/2022).
    differ_by_design = {"period.quarter"}
    for key in set(vi) - differ_by_design:
        assert placeholders(vi[key]) == placeholders(en[key]), key


def test_vietnamese_first_english_second() -> None:
    assert language_of("en-US") == "en"
    assert language_of("vi") == "vi"
    assert language_of(None) == "vi"
    assert language_of("fr") == "vi"
    assert t("fr", "cmd.help") == t("vi", "cmd.help") == "Hướng dẫn sử dụng"


def test_every_text_is_used() -> None:
    """A key no code names (literally, or under an f-string prefix such as "case.state.") is
    dead text: reviewers would translate and check it for nothing."""
    root = Path(__file__).resolve().parents[2]
    sources = [
        p
        for package in ("bot", "handlers", "storage")
        for p in (root / package).rglob("*.py")
        if "texts" not in p.parts
    ]
    code = "\n".join(p.read_text(encoding="utf-8") for p in sources)
    prefixes = set(re.findall(r"f[\"']([a-z_.]+)\{", code))
    unused = [
        key
        for key in LANGUAGES["vi"]
        if f'"{key}"' not in code
        and f"'{key}'" not in code
        and not any(key.startswith(p) for p in prefixes)
    ]
    assert unused == []
