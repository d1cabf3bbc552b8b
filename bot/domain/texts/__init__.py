"""Every user-facing sentence, one module per language: Vietnamese first, English second."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache

from babel import Locale

from bot.domain.texts import (
    en,
    en_apology,
    en_cases,
    en_cli,
    en_demo,
    en_feedback,
    en_import,
    en_jobs,
    en_plural,
    en_report,
    en_wards,
    en_zalo,
    vi,
    vi_apology,
    vi_cases,
    vi_cli,
    vi_demo,
    vi_feedback,
    vi_import,
    vi_jobs,
    vi_report,
    vi_wards,
    vi_zalo,
)

LANGUAGES: dict[str, Mapping[str, str]] = {
    "vi": {
        **vi.TEXTS,
        **vi_report.TEXTS,
        **vi_import.TEXTS,
        **vi_cli.TEXTS,
        **vi_feedback.TEXTS,
        **vi_cases.TEXTS,
        **vi_apology.TEXTS,
        **vi_jobs.TEXTS,
        **vi_zalo.TEXTS,
        **vi_demo.TEXTS,
        **vi_wards.TEXTS,
    },
    "en": {
        **en.TEXTS,
        **en_report.TEXTS,
        **en_import.TEXTS,
        **en_cli.TEXTS,
        **en_feedback.TEXTS,
        **en_cases.TEXTS,
        **en_apology.TEXTS,
        **en_jobs.TEXTS,
        **en_zalo.TEXTS,
        **en_demo.TEXTS,
        **en_plural.TEXTS,
        **en_wards.TEXTS,
    },
}


def language_of(code: str | None) -> str:
    """Pick the bot's language from a client's language code: English for 'en*', else Vietnamese."""
    return "en" if code and code.lower().startswith("en") else "vi"


_LOCALES = {"vi": "vi_VN", "en": "en_GB"}


@lru_cache(maxsize=8)
def _plural_rule(lang: str) -> Callable[[int], str]:
    """The language's CLDR plural rule (Babel): Vietnamese has one form, English two."""
    rule: Callable[[int], str] = Locale.parse(_LOCALES.get(lang, _LOCALES["vi"])).plural_form
    return rule


def template(lang: str, key: str, count: int | None = None) -> str:
    """The sentence `key` in `lang` (falling back to Vietnamese), its placeholders unfilled.

    Where a count is shown, a language may word each plural form apart: `key#one` beside `key`
    (CLDR's "other", via Babel's plural rules); a language with one form (Vietnamese) has `key`.
    """
    table = LANGUAGES.get(lang, LANGUAGES["vi"])
    if count is not None:
        form = table.get(f"{key}#{_plural_rule(lang)(abs(count))}")
        if form is not None:
            return form
    return table.get(key) or LANGUAGES["vi"][key]


def count_of(value: object) -> int | None:
    """The number a `count` value shows: an int, or a number already formatted ("4.545")."""
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        digits = "".join(ch for ch in value if ch in "0123456789")  # ASCII: int() takes them
        return int(digits) if digits and len(digits) <= 18 else None
    return None


def t(lang: str, key: str, /, **values: object) -> str:
    """The sentence `key` in `lang` (falling back to Vietnamese), with `values` filled in;
    a `count` picks the plural form."""
    text = template(lang, key, count_of(values.get("count")))
    return text.format(**values) if values else text
