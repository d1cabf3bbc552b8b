"""The texts tables: both languages have the same keys and the same placeholders."""

from __future__ import annotations

import re
import string
import unicodedata

import pytest

from bot.domain.texts import LANGUAGES, language_of, t


def placeholders(template: str) -> set[str]:
    # {Kind} (capitalised, a sentence's start in Vietnamese) and {kind} are filled together.
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    return {"kind" if name == "Kind" else name for name in names}


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


# One spelling across every text (the tone mark on the main vowel: hủy, xóa, hóa, thủy; tỷ
# with y), and one name per concept.
OLD_SPELLINGS = re.compile(r"(?i)\b\w*(o[áàảãạ]|o[éèẻẽẹ]|(?<!q)u[ýỳỷỹỵ])(?![\wà-ỹ])|\btỉ lệ\b")


@pytest.mark.parametrize("lang", ["vi"])
def test_one_spelling_and_one_term_per_concept(lang: str) -> None:
    for key, text in LANGUAGES[lang].items():
        text = unicodedata.normalize("NFC", text)
        assert not OLD_SPELLINGS.search(text), (key, OLD_SPELLINGS.search(text))
        # The receipt is the Giấy tiếp nhận hồ sơ và hẹn trả kết quả; the feedback's code is
        # its mã theo dõi.
        for other in ("biên nhận", "giấy hẹn", "phiếu hẹn", "mã tra cứu", "mã phản ánh"):
            assert other not in text.lower(), (key, other)
        assert "điểm %" not in text, key
    receipt = [k for k, v in LANGUAGES[lang].items() if "Giấy tiếp nhận hồ sơ và hẹn trả" in v]
    assert len(receipt) >= 5
    english = [v.lower() for v in LANGUAGES["en"].values()]
    assert not any("tracking number" in v or "reference code" in v for v in english)
