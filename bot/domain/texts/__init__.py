"""Every user-facing sentence, one module per language: Vietnamese first, English second."""

from __future__ import annotations

from collections.abc import Mapping

from bot.domain.texts import (
    en,
    en_apology,
    en_cases,
    en_cli,
    en_demo,
    en_feedback,
    en_import,
    en_jobs,
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
    vi_wards,
    vi_zalo,
)

LANGUAGES: dict[str, Mapping[str, str]] = {
    "vi": {
        **vi.TEXTS,
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
        **en_import.TEXTS,
        **en_cli.TEXTS,
        **en_feedback.TEXTS,
        **en_cases.TEXTS,
        **en_apology.TEXTS,
        **en_jobs.TEXTS,
        **en_zalo.TEXTS,
        **en_demo.TEXTS,
        **en_wards.TEXTS,
    },
}


def language_of(code: str | None) -> str:
    """Pick the bot's language from a client's language code: English for 'en*', else Vietnamese."""
    return "en" if code and code.lower().startswith("en") else "vi"


def t(lang: str, key: str, /, **values: object) -> str:
    """The sentence `key` in `lang` (falling back to Vietnamese), with `values` filled in."""
    table = LANGUAGES.get(lang, LANGUAGES["vi"])
    template = table.get(key) or LANGUAGES["vi"][key]
    return template.format(**values) if values else template
