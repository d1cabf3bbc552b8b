"""Numbers, shares, dates and moments as Vietnamese (or English) readers expect them, via Babel."""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

from bot.domain.texts import t

_LOCALES = {"vi": "vi_VN", "en": "en_GB"}
_PERCENT = "#,##0.00%"


@lru_cache(maxsize=16)
def locale_of(lang: str) -> Locale:
    """The Babel locale for a bot language (Vietnamese when unknown), parsed once."""
    return Locale.parse(_LOCALES.get(lang, _LOCALES["vi"]))


@lru_cache(maxsize=8192)  # reports repeat the same small numbers; Babel formatting is slow
def number(n: int, lang: str) -> str:
    """A whole number with the language's grouping: 4.545 (vi), 4,545 (en)."""
    return str(format_decimal(n, locale=locale_of(lang)))


@lru_cache(maxsize=8192)
def percent(numerator: int, denominator: int, lang: str) -> str:
    """numerator/denominator as a percentage with two decimals; '—' when the denominator is 0."""
    if denominator == 0:
        return t(lang, "report.not_applicable")
    # Decimal keeps the rounding exact (no binary-float surprises at the half).
    share = Decimal(numerator) / Decimal(denominator)
    return str(format_percent(share, _PERCENT, locale=locale_of(lang)))


def share_label(value: Fraction | None, lang: str) -> str:
    """A share as a chart label, in percent with one decimal and no sign: 75,6 (vi), 75.6 (en);
    '—' when there is no figure."""
    if value is None:
        return t(lang, "report.not_applicable")
    percent_value = Decimal(value.numerator * 100) / Decimal(value.denominator)
    return str(format_decimal(percent_value, "#,##0.0", locale=locale_of(lang)))


def day(d: date, lang: str) -> str:
    """A date as dd/mm/yyyy."""
    return str(format_date(d, "dd/MM/yyyy", locale=locale_of(lang)))


def moment(dt: datetime, tz: tzinfo | None, lang: str) -> str:
    """An aware moment as dd/mm/yyyy HH:mm in `tz` (None: in its own zone)."""
    if dt.tzinfo is None:
        raise ValueError("moment() needs an aware datetime")
    local = dt.astimezone(tz) if tz is not None else dt
    return str(format_datetime(local, "dd/MM/yyyy HH:mm", locale=locale_of(lang)))
